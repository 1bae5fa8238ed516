/* stallwatch: wire the stall monitor (lib/monitor.c) into the supervisor.
 *
 * At every tick the monitor samples the workers; each event it returns is
 * reported (human report on stderr, JSON line in --report, both written
 * before any signal is sent) and then acted on through the policy table,
 * using only the supervisor's race-free signalling functions. */
#ifndef STALLSUP_STALLWATCH_H
#define STALLSUP_STALLWATCH_H

#include <stdbool.h>

#include "strbuf.h"
#include "supervisor.h"

/* Open the proc root, choose the sample source, check CAP_SYS_ADMIN, make the
 * monitor and arm the tick. Returns 0, or -errno with a one-line reason in err. */
int stallwatch_init(struct supervisor *sv, struct strbuf *err);
/* Start watching w, which was just spawned. */
void stallwatch_worker_started(struct supervisor *sv, struct worker *w);
/* Stop watching w, whose leader has exited: it is never reported again. */
void stallwatch_worker_exited(struct supervisor *sv, struct worker *w);
/* False when w's tasks could not be read at all (hidepid, a non-dumpable
 * worker for an unprivileged stallsup): no stall of it could be reported,
 * and the summary should say "not observed" rather than count it healthy.
 * True otherwise (also without a monitor). */
bool stallwatch_worker_observed(const struct supervisor *sv, const struct worker *w);
/* Stop judging worker index while a stall of it is unwound and acted on
 * (monitor_hold), and start again (monitor_release; settle: no signal of
 * ours follows, so the worker settles first). */
void stallwatch_hold(struct supervisor *sv, unsigned index);
void stallwatch_release(struct supervisor *sv, unsigned index, bool settle);
/* Release the monitor and the proc root. */
void stallwatch_free(struct supervisor *sv);
/* A trigger (src/notify.c) fired class cls for worker index: capture its
 * diagnostics now and report and act on it as on a stall, with evidence t
 * (no program counter samples) and stalled_ns for the headline. Nothing
 * when the class is off or the worker has no live task. */
void stallwatch_trigger(struct supervisor *sv, unsigned index, enum stall_class cls,
			const struct stall_trigger *t, uint64_t stalled_ns);

#endif
