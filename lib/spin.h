/* spin: the spinning trigger's decision for one task, pure (--spin-after).
 *
 * A task spins when, for a whole span of at least spin_ns:
 *   busy       it never left the CPU of its own accord: its run time, plus
 *              its wait for a CPU where the sample source gives it
 *              (schedstat's run_delay), grew by at least SPIN_BUSY_PERMILLE
 *              of the wall time over the span, and at its first and last
 *              ticks; and its run time grew (a task that never ran is
 *              starved, not spinning);
 *   no sleep   its voluntary context switches did not change (a task that
 *              blocks in any system call, even briefly, switches voluntarily);
 *   user mode  it is runnable at the end (/proc/<tid>/syscall says
 *              "running"), and at most SPIN_SYSTEM_PERMILLE of its CPU time
 *              over the span was system time (stat's utime and stime).
 * The wait for a CPU counts as busy so that a loop on a loaded machine,
 * which waits for its turn, is still seen; a CPU-bound task that makes
 * system calls that sleep (I/O, a lock, a timer) switches voluntarily, and
 * one whose system calls never sleep shows their cost as system time.
 *
 * The caller samples the task at every tick anyway (the counters the monitor
 * already reads) and reads the costlier facts (voluntary switches, CPU
 * ticks, the syscall file) only when spin_observe asks: at the start of a
 * span (the task already ran all of a tick) and once at its end.
 *
 * A tick that is not busy in a span (a dip) does not end it: the kernel
 * adds a wait for a CPU to run_delay only when the wait ends, so on a loaded
 * machine a tick spent waiting shows neither run time nor wait, and the
 * next one shows both. The span as a whole must still be busy, and a sleep
 * in it is a voluntary switch, which the end check sees. A spin fires once:
 * the task is then quiet until it has slept (a voluntary switch, checked
 * when it is busy again after a dip), and a new span may open. */
#ifndef STALLSUP_SPIN_H
#define STALLSUP_SPIN_H

#include <stdbool.h>
#include <stdint.h>

#include "sample.h"

#define SPIN_BUSY_PERMILLE 900    /* run time (plus wait for a CPU) of the wall time */
#define SPIN_SYSTEM_PERMILLE 100  /* system time of the CPU time, at most */

/* The facts read for a candidate (status, stat and syscall files). */
struct spin_facts {
	uint64_t voluntary;       /* voluntary_ctxt_switches */
	uint64_t utime, stime;    /* clock ticks */
	bool running;             /* the syscall file says "running" */
};

/* One task's state, kept beside its sample handle. */
struct spin_task {
	bool open;                /* a span is open */
	bool fired;               /* reported; quiet until the task has slept */
	bool dipped;              /* a tick since the last busy one was not busy */
	struct sample start;      /* the sample at the span's start */
	struct spin_facts facts;  /* the facts at its start (fired: at the fire) */
};

/* What spin_observe asks the caller to do. */
enum spin_step {
	SPIN_NONE,                /* nothing to read */
	SPIN_START,               /* read the facts and call spin_start */
	SPIN_CHECK,               /* read the facts and call spin_judge */
	SPIN_RESUME,              /* fired, busy again after a dip: read the
				     facts and call spin_resume */
};

/* A fired spin's evidence: the span judged. */
struct spin_verdict {
	uint64_t span_ns, run_ns, wait_ns;
	bool has_wait;
	uint64_t voluntary;       /* voluntary switches over the span (0) */
	uint64_t user_ticks, system_ticks;
};

/* Forget t's span (the task was not sampled at the previous tick: held for
 * a report, whose ptrace stops are voluntary switches of stallsup's making,
 * so a fired spin stays fired). */
void spin_reset(struct spin_task *t);
/* The task's sample went from prev to s over one tick: busy or not (a
 * dip), and what to read. */
enum spin_step spin_observe(struct spin_task *t, const struct sample *prev,
			    const struct sample *s, uint64_t spin_ns);
/* Open a span at sample s with the facts f read then. */
void spin_start(struct spin_task *t, const struct sample *s, const struct spin_facts *f);
/* The span reached spin_ns at sample s, with the facts f read now: true
 * when the task spun (t is then fired, *out filled); false when it slept or
 * ran in the kernel (a new span opens at s). */
bool spin_judge(struct spin_task *t, const struct sample *s, const struct spin_facts *f,
		struct spin_verdict *out);
/* A fired spin's task is busy again at sample s, after a dip, with the
 * facts f read now: it stays fired unless it switched voluntarily since it
 * fired (it slept: the spin ended), in which case a new span opens at s. */
void spin_resume(struct spin_task *t, const struct sample *s, const struct spin_facts *f);
/* The task was held for a report (ptrace stops: voluntary switches of our
 * making); f are its facts after: a fired spin takes them as its base, so
 * that only a sleep after the report re-arms it. */
void spin_rebase(struct spin_task *t, const struct spin_facts *f);

#endif
