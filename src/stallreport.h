/* stallreport: from a fired stall to its report and its policy.
 *
 * A stall event (lib/stall.h) first waits for the user-space backtraces of
 * the processes it names (src/unwinder.h: a helper process unwinds them,
 * the loop keeps its timers meanwhile), at most --backtrace-timeout plus a
 * grace (a spinning thread's event then waits ~50 ms more for a second
 * sample of its program counter); then it is written (the human report through the standard error
 * sink, the JSON line through the --report sink), before any signal; then,
 * for the abort and kill policies with --dump-signal, the runtime's own dump
 * signal is sent and --dump-wait given to it; then the hold on the worker's
 * sampling ends and the policy acts. Each
 * step's wait is a timer of the loop, never a blocking call. Events of
 * several workers go through it side by side. */
#ifndef STALLSUP_STALLREPORT_H
#define STALLSUP_STALLREPORT_H

#include <stdint.h>

#include "stall.h"
#include "supervisor.h"

/* Take over ev (moved: the caller's copy must not be freed) and start its
 * way to the report. Returns 0, or -ENOMEM (ev is then freed, unreported). */
int stallreport_begin(struct supervisor *sv, struct stall_event *ev);
/* The backtrace helper's socket is readable: take its answers. */
void stallreport_backtraces(struct supervisor *sv);
/* The timer of pending report id fired at when (TIMER_REPORT). */
void stallreport_timer(struct supervisor *sv, uint32_t id, uint64_t when);
/* Record in the --report file the SIGKILL of w's tree that an abort
 * scheduled after --kill-after, now sent with result r (0 or -errno). */
void stallreport_tree_killed(struct supervisor *sv, struct worker *w, int r);
/* True while a stall waits to be reported or acted on (the run goes on). */
bool stallreport_pending(const struct supervisor *sv);
/* Release every pending report (the run is over: reported unacted). */
void stallreport_free(struct supervisor *sv);

#endif
