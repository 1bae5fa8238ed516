/* cores: where a worker's core dump went, and whether one can be written.
 *
 * The pattern is resolved by lib/corepat.h from the files the kernel reads
 * (core_pattern, core_uses_pid). A dumped core's file name depends on facts
 * of the dumping process that are gone once it has exited (its working
 * directory, its executable), so they are remembered when --on-stall=abort
 * is about to send SIGABRT; for a worker that crashed on its own, stallsup's
 * working directory stands in (a worker that changed directory is then
 * found under the wrong one, and the report says so). */
#ifndef STALLSUP_CORES_H
#define STALLSUP_CORES_H

#include "json.h"
#include "strbuf.h"
#include "supervisor.h"

/* With an abort policy: say once at start when no core can be written (a
 * hard RLIMIT_CORE of 0, a core_pattern that discards) or when the cores of
 * several workers would overwrite one file. */
void cores_check_at_start(struct supervisor *sv);
/* Remember what w's core file name will depend on (its leader's working
 * directory, executable and comm), before SIGABRT is sent. */
void cores_remember(struct supervisor *sv, struct worker *w);
/* Add "core":{...} (path or handler, and a hint) to the exit event of w,
 * whose leader dumped core. */
void cores_json(const struct supervisor *sv, const struct worker *w, struct json *j);
/* Append "stallsup: worker N dumped core: WHERE\n" for w to out. */
void cores_human(const struct supervisor *sv, const struct worker *w, struct strbuf *out);
/* Where the core of live process pid would go if it dumped now ("/path/core.123",
 * "systemd-coredump: coredumpctl debug 123"), as a new string, or NULL. */
char *cores_hint(pid_t pid);
/* Release what cores_remember kept for w. */
void cores_forget(struct worker *w);

#endif
