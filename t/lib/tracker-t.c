/* Tests for lib/tracker.c: worker stall, starvation, fire once, re-arm, zombies. */
#include <stdint.h>
#include <string.h>

#include "basic.h"
#include "tracker.h"
#include "window.h"

#define MAXT 8

/* A simulated worker: tracker state plus each task's counters. */
struct sim {
	struct tracker tr;
	struct tracker_task t[MAXT];
	uint64_t runtime[MAXT];
	size_t n;
	uint64_t now;
};

/* Start a worker of n tasks, none sampled yet. */
static void sim_init(struct sim *s, size_t n)
{
	memset(s, 0, sizeof(*s));
	tracker_init(&s->tr);
	for (size_t i = 0; i < n; i++)
		tracker_task_init(&s->t[i]);
	s->n = n;
}

/* One tick. spec has one letter per task: '+' the task progressed, else the
 * state letter it shows with flat counters. changed: a task appeared or vanished. */
static struct tracker_verdict sim_tick(struct sim *s, const char *spec, bool changed)
{
	struct tracker_obs obs[MAXT];
	struct tracker_verdict v;

	memset(obs, 0, sizeof(obs));
	s->now += 20000000;
	for (size_t i = 0; i < s->n; i++) {
		struct sample smp = { .t_ns = s->now, .source = SOURCE_SCHEDSTAT };

		if (spec[i] == '+')
			s->runtime[i] += 1000;
		smp.runtime_ns = s->runtime[i];
		smp.switches = s->runtime[i] / 1000;
		obs[i].flat = s->t[i].dead ? false : tracker_task_push(&s->t[i], &smp);
		obs[i].state = obs[i].flat ? spec[i] : '\0';
	}
	tracker_tick(&s->tr, s->t, obs, s->n, changed, &v);
	return v;
}

/* Run ticks ticks of spec (the first with changed) and count fires. */
static void count_fires(struct sim *s, const char *spec, unsigned ticks, bool first_changed,
			unsigned *stalls, unsigned *starves)
{
	*stalls = *starves = 0;
	for (unsigned i = 0; i < ticks; i++) {
		struct tracker_verdict v = sim_tick(s, spec, i == 0 && first_changed);

		*stalls += v.worker_stall;
		*starves += (unsigned)v.nstarved;
	}
}

/* Tick of the first worker-stall fire of spec from a fresh start, or 0. */
static unsigned first_stall(size_t n, const char *spec, unsigned max)
{
	struct sim s;

	sim_init(&s, n);
	for (unsigned i = 1; i <= max; i++)
		if (sim_tick(&s, spec, i == 1).worker_stall)
			return i;
	return 0;
}

/* Single-threaded worker: compare with the reference predicate (window_push)
 * over a pseudo-random sequence of progress and flat ticks. */
static void test_reference(void)
{
	struct sim s;
	struct window ref;
	uint32_t seed = 12345;
	unsigned mismatches = 0, fires = 0;

	sim_init(&s, 1);
	window_init(&ref);
	for (unsigned i = 0; i < 5000; i++) {
		bool progress = (seed = seed * 1103515245u + 12345u) >> 29 == 0;
		struct tracker_verdict v = sim_tick(&s, progress ? "+" : "S", i == 0);
		struct sample last;

		last = s.t[0].win.s[(s.t[0].win.head + s.t[0].win.count - 1) % STALL_WINDOW];
		if (window_push(&ref, &last) != v.worker_stall)
			mismatches++;
		fires += v.worker_stall;
	}
	is_int(0, mismatches, "single task: worker stall == reference predicate over 5000 ticks");
	ok(fires > 10, "the random sequence fired %u times", fires);
}

/* One tick in housekeeping mode (every 100 ms). spec has two letters per
 * task: how it moved ('.' flat, '+' 50 us of CPU, '*' 20 ms of CPU) and the
 * wait it was read in ('t' timed, 'u' untimed, 'r' running). */
static struct tracker_verdict hk_tick(struct sim *s, const char *spec)
{
	struct tracker_obs obs[MAXT];
	struct tracker_verdict v;

	memset(obs, 0, sizeof(obs));
	s->now += 100000000;
	for (size_t i = 0; i < s->n; i++) {
		struct sample smp = { .t_ns = s->now, .source = SOURCE_SCHEDSTAT };
		char mv = spec[2 * i], wt = spec[2 * i + 1];

		s->runtime[i] += mv == '+' ? 50000 : mv == '*' ? 20000000 : 0;
		smp.runtime_ns = s->runtime[i];
		smp.switches = s->runtime[i] / 1000;
		obs[i].flat = tracker_task_push(&s->t[i], &smp);
		obs[i].state = obs[i].flat ? (wt == 'r' ? 'R' : 'S') : '\0';
		obs[i].wait = wt == 't' ? WAIT_TIMED : wt == 'u' ? WAIT_UNTIMED : WAIT_NONE;
	}
	tracker_tick(&s->tr, s->t, obs, s->n, false, &v);
	return v;
}

/* Start a housekeeping-mode worker of n tasks, stalls after need ticks. */
static void hk_init(struct sim *s, size_t n, unsigned need)
{
	sim_init(s, n);
	tracker_set_need(&s->tr, need);
	tracker_set_housekeeping(&s->tr, true);
}

/* Tick of the first worker-stall fire of spec in housekeeping mode, or 0. */
static unsigned hk_first_stall(size_t n, unsigned need, const char *spec, unsigned max)
{
	struct sim s;

	hk_init(&s, n, need);
	for (unsigned i = 1; i <= max; i++)
		if (hk_tick(&s, spec).worker_stall)
			return i;
	return 0;
}

/* Housekeeping: timer threads that wake on a sliver of CPU are not progress. */
static void test_housekeeping(void)
{
	struct sim s;
	struct tracker_verdict v;
	unsigned fired = 0;

	/* a thread blocked untimed beside a timer thread waking every tick:
	 * the timer thread is housekeeping once its run covers a stall span
	 * (need+1 samples), and the stall is counted back from the blocked
	 * thread's last move, so it fires at sample need+1 as without the
	 * timer thread, not need ticks later */
	is_int(4, hk_first_stall(2, 3, ".u+t", 50), "timer thread set aside: stall at sample W");
	is_int(7, hk_first_stall(2, 6, ".u+t", 50), "need 6: at sample 7");
	hk_init(&s, 2, 3);
	for (int i = 0; i < 5; i++)
		hk_tick(&s, ".u+t");
	ok(tracker_task_housekeeping(&s.tr, &s.t[1]), "the timer thread is housekeeping");
	ok(!tracker_task_housekeeping(&s.tr, &s.t[0]), "the blocked thread is not");
	tracker_rearm(&s.tr);
	v = hk_tick(&s, ".u+t");
	ok(v.worker_stall, "re-armed: fires again at the next tick without progress");

	is_int(0, hk_first_stall(2, 3, ".u*t", 50), "a thread using 20%% of a CPU in timed waits is progress");
	is_int(0, hk_first_stall(2, 3, ".u+u", 50), "a thread woken from untimed waits is progress");
	is_int(0, hk_first_stall(2, 3, ".u+r", 50), "a thread never read in a wait is progress");
	ok(hk_first_stall(1, 3, "+t", 50) > 0, "a lone timer thread: a stall (whether it is reported is for its wait)");

	/* sleep 30: a timed wait that never wakes is not housekeeping */
	hk_init(&s, 2, 3);
	hk_tick(&s, "+u+r");
	for (int i = 0; i < 10; i++)
		fired += hk_tick(&s, ".u.t").worker_stall;
	is_int(1, fired, "two flat threads fire once");
	ok(!tracker_task_housekeeping(&s.tr, &s.t[1]), "a sleeper that never woke is not housekeeping");

	/* one sample caught in an untimed wait restarts the run */
	hk_init(&s, 2, 3);
	for (int i = 0; i < 5; i++)
		hk_tick(&s, ".u+t");
	ok(tracker_task_housekeeping(&s.tr, &s.t[1]), "housekeeping before the untimed sample");
	hk_tick(&s, ".u+u");
	ok(!tracker_task_housekeeping(&s.tr, &s.t[1]), "not after it");
	for (int i = 0; i < 3; i++)
		hk_tick(&s, ".u+t");
	ok(!tracker_task_housekeeping(&s.tr, &s.t[1]), "not until its new run covers a span");
	hk_tick(&s, ".u+t");
	ok(tracker_task_housekeeping(&s.tr, &s.t[1]), "again once it does");

	/* a timer thread sometimes caught running stays housekeeping */
	hk_init(&s, 2, 3);
	fired = 0;
	for (int i = 0; i < 30; i++)
		fired += hk_tick(&s, i % 3 ? ".u+t" : ".u+r").worker_stall;
	is_int(1, fired, "timer thread caught running at some samples: still set aside");

	/* a thread that starts working after a long idle run is progress at once */
	hk_init(&s, 2, 3);
	for (int i = 0; i < 20; i++)
		hk_tick(&s, "+u+t");
	fired = 0;
	for (int i = 0; i < 30; i++)
		fired += hk_tick(&s, ".u*t").worker_stall;
	is_int(0, fired, "a timer thread that starts using a CPU is progress at once");
	ok(!tracker_task_housekeeping(&s.tr, &s.t[1]), "and is no longer housekeeping");
}

int main(void)
{
	struct sim s;
	struct tracker_verdict v;
	unsigned stalls, starves;

	plan_lazy();

	is_int(STALL_WINDOW, first_stall(1, "S", 100), "one sleeping task fires at sample W");
	is_int(STALL_WINDOW, first_stall(3, "SSD", 100), "three flat tasks fire at sample W");
	sim_init(&s, 1);
	count_fires(&s, "S", STALL_WINDOW - 1, true, &stalls, &starves);
	is_int(0, stalls, "fewer than W samples never fire");
	test_reference();

	is_int(0, first_stall(3, "S+S", 200), "one thread progressing: no worker stall");
	sim_init(&s, 3);
	count_fires(&s, "S+S", 200, true, &stalls, &starves);
	is_int(0, starves, "sleeping siblings of a progressing thread do not starve");

	sim_init(&s, 2);
	sim_tick(&s, "SS", true);
	sim_tick(&s, "SS", false);
	sim_tick(&s, "SS", false);
	v = sim_tick(&s, "SS", true);
	ok(!v.worker_stall, "a task appearing or vanishing is progress");
	sim_tick(&s, "SS", false);
	sim_tick(&s, "SS", false);
	v = sim_tick(&s, "SS", false);
	ok(v.worker_stall, "W-1 flat ticks after the change fire");

	sim_init(&s, 3);
	count_fires(&s, "+R+", STALL_WINDOW, true, &stalls, &starves);
	is_int(1, starves, "starvation fires while siblings progress");
	is_int(0, stalls, "no worker stall while siblings progress");
	ok(s.t[1].starve_now && !s.t[0].starve_now, "the starved task is marked");
	count_fires(&s, "+R+", 100, false, &stalls, &starves);
	is_int(0, starves, "starvation fires once");
	sim_tick(&s, "+++", false);
	count_fires(&s, "+R+", STALL_WINDOW - 1, false, &stalls, &starves);
	is_int(1, starves, "starvation re-arms after the task progresses");

	sim_init(&s, 2);
	sim_tick(&s, "RR", true);
	sim_tick(&s, "RR", false);
	sim_tick(&s, "RS", false);
	v = sim_tick(&s, "RR", false);
	ok(v.worker_stall, "flat tasks in R and S: worker stall");
	is_int(1, v.nstarved, "only the task R at every flat sample starves");
	ok(s.t[0].starve_now && !s.t[1].starve_now, "task 0 starved, task 1 not");

	sim_init(&s, 1);
	count_fires(&s, "R", STALL_WINDOW, true, &stalls, &starves);
	ok(stalls == 1 && starves == 1, "one R task: worker stall and starvation at the same tick");

	sim_init(&s, 2);
	count_fires(&s, "SS", STALL_WINDOW + 100, true, &stalls, &starves);
	is_int(1, stalls, "fires once over W+100 flat ticks");
	sim_tick(&s, "S+", false);
	count_fires(&s, "SS", STALL_WINDOW - 2, false, &stalls, &starves);
	is_int(0, stalls, "after progress, W-2 flat ticks do not fire");
	count_fires(&s, "SS", 1, false, &stalls, &starves);
	is_int(1, stalls, "re-armed: fires again after W-1 flat ticks");

	sim_init(&s, 2);
	sim_tick(&s, "+S", true);
	v = sim_tick(&s, "Z+", false);
	ok(s.t[0].dead, "a task read in Z is dead");
	is_int(1, (long long)v.nlive, "the dead task is not live");
	count_fires(&s, "Z+", 100, false, &stalls, &starves);
	is_int(0, stalls, "zombie leader with a running thread: no worker stall");
	sim_init(&s, 2);
	sim_tick(&s, "SS", true);
	sim_tick(&s, "ZS", false);
	count_fires(&s, "ZS", STALL_WINDOW - 2, false, &stalls, &starves);
	is_int(0, stalls, "the death is progress, once");
	count_fires(&s, "ZS", 100, false, &stalls, &starves);
	is_int(1, stalls, "zombie not flapping: the sleeping thread fires once");
	sim_init(&s, 1);
	count_fires(&s, "Z", 100, true, &stalls, &starves);
	is_int(0, stalls + starves, "a worker whose only task is a zombie never fires");
	sim_init(&s, 1);
	count_fires(&s, "X", 100, true, &stalls, &starves);
	is_int(0, stalls + starves, "state X is dead too");
	ok(tracker_state_dead('Z') && tracker_state_dead('X') && !tracker_state_dead('R'),
	   "tracker_state_dead");
	test_housekeeping();
	return 0;
}
