/* timers: every deadline of the loop on one timerfd.
 *
 * A deadline is (when, kind, id) in a min-heap (lib/timerq.h). Its owner
 * keeps the authoritative time in its own state (the run's deadline, a
 * worker's abort SIGKILL, ...); an entry that no longer matches is stale
 * and skipped. So no deadline ever overwrites or postpones another: each
 * kind has its own, and when several are due the earliest fires first. */
#ifndef STALLSUP_TIMERS_H
#define STALLSUP_TIMERS_H

#include <stdbool.h>
#include <stdint.h>

#include "timerq.h"

enum timer_kind {
	TIMER_DEADLINE,       /* --timeout: the first signal to every worker */
	TIMER_DEADLINE_KILL,  /* --kill-after the deadline: SIGKILL */
	TIMER_TREE_KILL,      /* id's leader exited, its leftovers were sent TERM: SIGKILL */
	TIMER_ABORT_KILL,     /* --on-stall=abort sent SIGABRT to worker id: SIGKILL its tree */
	TIMER_STRAY_KILL,     /* leftover children of ours after the last worker: SIGKILL */
	TIMER_SINK_RETRY,     /* reopen a --report FIFO that had no reader */
	TIMER_DRAIN,          /* the run is over: give up on readers that stopped reading */
	TIMER_REPORT,         /* a stall report's wait (backtraces, dump) ends: id is its slot */
	TIMER_HEARTBEAT,      /* --heartbeat: worker id's heartbeat deadline (src/notify.c) */
	TIMER_SILENCE,        /* --silence-after: worker id's output deadline (src/silence.c) */
};

struct timers {
	int fd;               /* the timerfd (CLOCK_MONOTONIC), or -1 */
	struct timerq q;
	uint64_t armed;       /* the time the timerfd is armed for, 0 = disarmed */
};

/* Create the timerfd. Returns 0 or -errno. */
int timers_init(struct timers *t);
/* Schedule (kind, id) at when (DURATION_NEVER: never, nothing is queued).
 * Returns 0 or -ENOMEM. */
int timers_at(struct timers *t, uint64_t when, enum timer_kind kind, uint32_t id);
/* Consume the timerfd's expiry count (call when it is readable). */
void timers_ack(struct timers *t);
/* Pop the earliest entry due at now into *e; false when none is due. The
 * caller checks it against the owner's state (stale entries are skipped). */
bool timers_next_due(struct timers *t, uint64_t now, struct timerq_entry *e);
/* Arm the timerfd for the earliest queued entry (or disarm it). */
void timers_rearm(struct timers *t);
/* Close the timerfd and free the queue. */
void timers_free(struct timers *t);

#endif
