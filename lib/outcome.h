/* outcome: how one worker's run went and what stallsup's exit status means,
 * in words, for the CI formats (JUnit XML, the GitHub step summary).
 *
 * A worker fails when it stalled (any stall event about it, logged or acted
 * on), was never started, could not execute its command, exited non-zero,
 * was killed by a signal, or was still running when the deadline fired.
 * Its one-line message joins, with "; ", what applies of:
 *   "stalled (sleeping), killed"       one stall: the first's class, the
 *   "stalled 3 times (first: stopped), logged"   strongest action taken
 *                                      (kill > abort > log)
 *   "deadline: SIGTERM"                the deadline's first signal
 *   "exit 3", "signal SEGV (core dumped)", "exit 127 (cannot execute: No
 *   such file or directory)"           how it ended, unless a stall's abort
 *                                      or kill or the deadline explains it
 *   "not started"
 * and is "ok" for a worker that did not fail. */
#ifndef STALLSUP_OUTCOME_H
#define STALLSUP_OUTCOME_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "exitstatus.h"
#include "strbuf.h"

struct outcome {
	unsigned index;           /* the worker's index */
	pid_t pid;                /* its leader, 0 when it was never started */
	bool exited;              /* the leader's end is known */
	int exit_code;            /* its exit code (when exited and no signal) */
	int exit_signal;          /* the signal that killed it, or 0 */
	bool core_dumped;         /* ... and it dumped core */
	int exec_errno;           /* errno of a failed execve, or 0 */
	unsigned stalls;          /* stall events about it */
	const char *stall_class;  /* the first stall's class ("sleeping"), or NULL */
	const char *stall_action; /* the strongest action taken ("log", "abort", "kill"), or NULL */
	bool deadline;            /* still running when the deadline fired */
	int deadline_signal;      /* ... which sent this signal first */
	bool observed;            /* its tasks could be read (stalls could be seen) */
	uint64_t wall_ms;         /* its wall time */
};

/* Return how strong a stall action is: kill 3, abort 2, log 1, else 0. */
int outcome_action_rank(const char *action);
/* True when the worker failed (see above). */
bool outcome_failed(const struct outcome *o);
/* Return the kind of the first reason it failed: "stall", "deadline",
 * "not-started", "exec", "signal" or "exit"; NULL when it did not fail. */
const char *outcome_kind(const struct outcome *o);
/* Append the one-line message (see above; no newline) to out. */
void outcome_message(const struct outcome *o, struct strbuf *out);
/* Append how it ended, without interpretation: "exit 3", "signal KILL",
 * "signal SEGV (core dumped)", "exit 127 (cannot execute: ...)", "not
 * started", "running". */
void outcome_end(const struct outcome *o, struct strbuf *out);
/* Append one full line (with '\n') on how the worker ended:
 * "worker 0 (pid 1234): signal KILL after 1.234s" and, when it could not be
 * observed, a second line saying so. */
void outcome_ending_line(const struct outcome *o, struct strbuf *out);
/* Append what exit status status means for the run of facts f (no newline):
 * "the deadline fired", "worker 1 exited 3 (the first to fail)", ...;
 * first_worker is the first failing worker's index, dies_by the signal
 * stallsup dies by (0 for none). */
void outcome_status_text(const struct exit_facts *f, int status, unsigned first_worker,
			 int dies_by, struct strbuf *out);
/* Append a duration of ms milliseconds as seconds: "1.234s". */
void outcome_seconds(uint64_t ms, struct strbuf *out);

#endif
