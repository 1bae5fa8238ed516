/* Tests for lib/spin.c: the spinning trigger's decision for one task. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "basic.h"
#include "spin.h"

#define MS 1000000ULL

/* A sample at t ms with run ms of run time and wait ms of run_delay (wait
 * < 0: the source has none). */
static struct sample at(uint64_t t, uint64_t run, long long wait)
{
	struct sample s = { .t_ns = t * MS, .runtime_ns = run * MS };

	if (wait >= 0) {
		s.has_run_delay = true;
		s.run_delay_ns = (uint64_t)wait * MS;
	}
	return s;
}

/* Drive one task through samples every 100 ms of a spinner (run share
 * permille, waiting the rest), with facts f at every read; returns the tick
 * at which it fired (0: never within n ticks) and the verdict in *v. */
static unsigned drive(unsigned permille, bool wait_known, const struct spin_facts *f,
		      unsigned n, uint64_t spin_ms, struct spin_verdict *v, unsigned *reads)
{
	struct spin_task t = { 0 };
	struct sample prev = at(0, 0, wait_known ? 0 : -1), s;
	struct spin_facts now = *f;

	*reads = 0;
	for (unsigned i = 1; i <= n; i++) {
		uint64_t run = i * 100 * permille / 1000;

		s = at(i * 100, run, wait_known ? (long long)(i * 100 - run) : -1);
		now.utime += 10 * permille / 1000;
		switch (spin_observe(&t, &prev, &s, spin_ms * MS)) {
		case SPIN_START:
			(*reads)++;
			spin_start(&t, &s, &now);
			break;
		case SPIN_CHECK:
			(*reads)++;
			if (spin_judge(&t, &s, &now, v))
				return i;
			break;
		case SPIN_NONE:
			break;
		}
		prev = s;
	}
	return 0;
}

static void test_fires(void)
{
	struct spin_facts f = { .voluntary = 5, .running = true };
	struct spin_verdict v;
	unsigned reads, tick;

	tick = drive(1000, true, &f, 40, 1000, &v, &reads);
	is_int(11, tick, "a task on a CPU all the time fires once the span is 1 s");
	is_int(2, reads, "... reading the facts twice: at the span's start and end");
	is_uint64(1000 * MS, v.span_ns, "... its span");
	is_uint64(1000 * MS, v.run_ns, "... its run time");
	ok(v.has_wait && v.wait_ns == 0, "... no wait for a CPU");
	tick = drive(50, true, &f, 40, 1000, &v, &reads);
	is_int(11, tick, "5%% of a CPU, waiting for one the rest (a loaded machine): fires");
	is_uint64(50 * MS, v.run_ns, "... run time 50 ms");
	is_uint64(950 * MS, v.wait_ns, "... waited 950 ms");
	tick = drive(950, false, &f, 40, 1000, &v, &reads);
	is_int(11, tick, "95%% without run_delay (sched, status sources): fires");
	tick = drive(850, false, &f, 40, 1000, &v, &reads);
	is_int(0, tick, "85%% without run_delay: never");
	is_int(0, reads, "... and nothing is read");
}

/* A span that fails its end check starts over; a fired spin stays quiet. */
static void test_judge(void)
{
	struct spin_facts f0 = { .voluntary = 7, .utime = 100, .stime = 10, .running = true };
	struct spin_facts f1 = f0;
	struct spin_task t = { 0 };
	struct spin_verdict v;
	struct sample a = at(0, 0, 0), b = at(1000, 1000, 0), c = at(2000, 2000, 0);

	spin_start(&t, &a, &f0);
	f1.voluntary = 8;
	f1.utime = 200;
	ok(!spin_judge(&t, &b, &f1, &v), "a voluntary switch in the span: no spin");
	ok(t.open && t.start.t_ns == b.t_ns, "... a new span opens there");
	f0 = f1;
	f1.utime = 260;
	f1.stime = 50;
	ok(!spin_judge(&t, &c, &f1, &v), "40%% system time: no spin (system calls)");
	spin_start(&t, &a, &f0);
	f1 = f0;
	f1.utime += 91;
	f1.stime += 9;
	ok(spin_judge(&t, &b, &f1, &v), "9%% system time: spins");
	is_uint64(91, v.user_ticks, "... user ticks");
	is_uint64(9, v.system_ticks, "... system ticks");
	ok(t.fired && !t.open, "... fired");
	is_int(SPIN_NONE, spin_observe(&t, &b, &c, 1000 * MS), "fired: quiet while busy");
	is_int(SPIN_NONE, spin_observe(&t, &c, &c, 1000 * MS), "not busy for a tick: re-armed");
	ok(!t.fired, "... fired cleared");
	spin_start(&t, &a, &f0);
	f1 = f0;
	f1.running = false;
	ok(!spin_judge(&t, &b, &f1, &v), "not runnable at the end: no spin");
	spin_start(&t, &a, &f0);
	f1 = f0;
	ok(spin_judge(&t, &b, &f1, &v), "no tick of CPU time at all: nothing says otherwise");
}

/* A tick without run time, or a dip in the span, closes it. */
static void test_dips(void)
{
	struct spin_facts f = { .running = true };
	struct spin_task t = { 0 };
	struct sample s0 = at(0, 0, 0), s1 = at(100, 100, 0), s2 = at(200, 100, 100);
	struct sample s3 = at(300, 120, 150);

	is_int(SPIN_START, spin_observe(&t, &s0, &s1, 1000 * MS), "a busy tick opens a span");
	spin_start(&t, &s1, &f);
	is_int(SPIN_NONE, spin_observe(&t, &s1, &s2, 1000 * MS),
	       "a tick spent waiting for a CPU without running: not busy");
	ok(!t.open, "... the span is closed");
	is_int(SPIN_NONE, spin_observe(&t, &s2, &s3, 1000 * MS),
	       "70%% of a tick (run and wait): not busy");
	is_int(SPIN_NONE, spin_observe(&t, &s1, &s2, 0), "spin_ns 0: off");
	spin_start(&t, &s1, &f);
	spin_reset(&t);
	ok(!t.open, "spin_reset closes the span");
	is_int(SPIN_NONE, spin_observe(&t, &s1, &s1, 1000 * MS), "no time passed: not busy");
}

int main(void)
{
	plan_lazy();
	test_fires();
	test_judge();
	test_dips();
	return 0;
}
