/* tracker: the pure decision logic of stall detection for one worker.
 *
 * The monitor samples every task of a worker once per tick and feeds the
 * tracker what it saw; the tracker decides, without any I/O, when a worker
 * stall or a task starvation fires and when each re-arms. Over W =
 * STALL_WINDOW samples (W-1 ticks):
 *   worker stall  no live task progressed for W-1 consecutive ticks, where
 *                 progress is any task's counters changing or any task
 *                 appearing, vanishing or dying;
 *   starvation    one task's window is flat and its state read R at each of
 *                 its W-1 flat samples, whatever its siblings do.
 * Each fires once and re-arms only after progress. Tasks read in state Z or X
 * are dead: they stop counting, once (their death is progress), and are
 * ignored afterwards. A worker with no live task never fires. */
#ifndef STALLSUP_TRACKER_H
#define STALLSUP_TRACKER_H

#include <stdbool.h>
#include <stddef.h>

#include "sample.h"
#include "syscall.h"
#include "window.h"

/* Per-task state, kept by the caller beside its handle. */
struct tracker_task {
	struct window win;    /* the task's last W samples */
	unsigned r_run;       /* consecutive flat samples read in state R */
	char state;           /* state letter last read, '\0' before any */
	bool dead;            /* read in Z or X: excluded from now on */
	bool starve_fired;    /* starvation reported since the last progress */
	bool starve_now;      /* starvation fired at the last tracker_tick */
	/* housekeeping (tracker_set_housekeeping) */
	unsigned since_move;  /* samples since its counters last moved (capped) */
	unsigned hk_run;      /* samples since it was last read blocked in a wait
				 that does not return by itself (capped) */
	bool hk_timed;        /* read in a timed wait in that run */
	bool hk_woke;         /* its counters moved in that run after a sample read in
				 a timed wait (it woke from one) */
	bool hk_was_timed;    /* its last sample was read in a timed wait */
	unsigned hk_age;      /* samples since hk_new was taken */
	struct sample hk_old, hk_new; /* CPU references: hk_old is between need+1
				 and 2(need+1) samples old (or the run's start) */
};

/* Per-worker state. */
struct tracker {
	unsigned flat_ticks;  /* consecutive ticks without progress */
	bool fired;           /* worker stall reported since the last progress */
	unsigned need;        /* ticks without progress before a stall fires (>= W-1) */
	bool housekeeping;    /* set housekeeping tasks aside (tracker_set_housekeeping) */
	unsigned since_change; /* ticks since a task appeared, vanished or died
				  (housekeeping mode) */
};

/* What one task showed this tick. */
struct tracker_obs {
	bool flat;       /* counters unchanged since its previous sample (false when new) */
	char state;      /* state letter read this tick, '\0' when not read */
	enum wait_kind wait; /* its wait read this tick (syscall.h; housekeeping
				mode only): WAIT_NONE when running or not read */
};

/* What one tick decided (also the running tally while a tick is fed). */
struct tracker_verdict {
	bool progress;        /* something progressed, appeared, vanished or died */
	bool worker_stall;    /* the worker stall fired */
	size_t nstarved;      /* tasks whose starvation fired (their starve_now is set) */
	size_t nlive;         /* live tasks this tick */
	unsigned need;        /* the tracker's need, copied by tracker_tick_begin */
	bool housekeeping;    /* ... and its housekeeping switch */
	unsigned min_move;    /* housekeeping mode: least since_move of the live
				 tasks that are not housekeeping (UINT_MAX if none) */
};

/* Make t a fresh task with an empty window. */
void tracker_task_init(struct tracker_task *t);
/* Make tr a fresh, armed worker tracker: a stall fires after W-1 ticks
 * without progress, housekeeping tasks count as progress. */
void tracker_init(struct tracker *tr);
/* Make tr's stalls (and starvations) need ticks ticks without progress
 * (--stall-after; at least W-1: fewer are raised to W-1). */
void tracker_set_need(struct tracker *tr, unsigned ticks);
/* With on (--stall-on=untimed), a task is housekeeping when, through a whole
 * stall span (its last need+1 samples at least), it was never read blocked in
 * a wait that does not return by itself, was read in a timed wait at least
 * once, woke from a timed wait (its counters moved after a sample read in
 * one) in that run, and used less than
 * TRACKER_HK_PERMILLE of a CPU over the last need+1 to 2(need+1) samples.
 * Its counters moving is not progress: a JVM's service threads, and the
 * timed re-checks of threads blocked on a monitor, wake on timers and must
 * not hide a deadlock. Samples read running are allowed in the run (a timer
 * thread is sometimes caught awake); a task asleep in one timed wait that
 * never wakes (sleep 30) is not housekeeping. In this mode the worker's ticks
 * without progress are counted back from the last move of a task that is
 * not housekeeping now, so progress a task made before it was recognised as
 * housekeeping does not delay the stall. */
void tracker_set_housekeeping(struct tracker *tr, bool on);
/* Re-arm tr's worker stall: it fires again at the next tick without
 * progress (a verdict withheld until its wait is known). */
void tracker_rearm(struct tracker *tr);
/* True when task t was set aside as housekeeping at the last tick of tr. */
bool tracker_task_housekeeping(const struct tracker *tr, const struct tracker_task *t);
/* Push sample s into t's window; returns true when it is flat against the
 * previous sample (false for the first). */
bool tracker_task_push(struct tracker_task *t, const struct sample *s);
/* True when a state letter means the task is dead (Z or X). */
bool tracker_state_dead(char state);
/* A housekeeping task uses less than this many thousandths of a CPU over
 * its window (10 ms per second): a JVM's timer threads use about 0.5 each,
 * a thread that does real work a large share. */
#define TRACKER_HK_PERMILLE 10

/* Feeding one tick task by task (for callers whose tasks are not in one
 * array): tracker_tick_begin, tracker_tick_task for every task, then
 * tracker_tick_end. changed says whether a task appeared or vanished since
 * the last tick. */
void tracker_tick_begin(const struct tracker *tr, struct tracker_verdict *v, bool changed);
/* Account what task t showed (*o): marks it dead when o->state is Z or X,
 * updates its starvation run and sets t->starve_now when starvation fires. */
void tracker_tick_task(struct tracker_verdict *v, struct tracker_task *t,
		       const struct tracker_obs *o);
/* Close the tick: decide the worker stall into v->worker_stall. */
void tracker_tick_end(struct tracker *tr, struct tracker_verdict *v);
/* The whole tick at once: obs[i] is what tasks[i] showed. */
void tracker_tick(struct tracker *tr, struct tracker_task *tasks,
		  const struct tracker_obs *obs, size_t n, bool changed,
		  struct tracker_verdict *v);

#endif
