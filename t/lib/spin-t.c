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
		case SPIN_RESUME: /* only after a fire, which ends the drive */
			(*reads)++;
			spin_resume(&t, &s, &now);
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
	struct sample c2 = at(2100, 2000, 0), c3 = at(2200, 2200, 0), c4 = at(2300, 2300, 0);
	struct sample c5 = at(2400, 2300, 0), c6 = at(2500, 2500, 0), c7 = at(2600, 2500, 0);
	struct sample c8 = at(2700, 2700, 0);
	struct spin_facts f2;

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
	is_int(SPIN_NONE, spin_observe(&t, &c, &c2, 1000 * MS), "not busy for a tick: quiet");
	ok(t.fired && t.dipped, "... still fired, a dip seen");
	is_int(SPIN_RESUME, spin_observe(&t, &c2, &c3, 1000 * MS),
	       "busy again after the dip: the facts are to be read");
	spin_resume(&t, &c3, &f1);
	ok(t.fired && !t.open, "no voluntary switch since it fired: the same spin, still fired");
	is_int(SPIN_NONE, spin_observe(&t, &c3, &c4, 1000 * MS), "... and quiet while busy");
	is_int(SPIN_NONE, spin_observe(&t, &c4, &c5, 1000 * MS), "another dip");
	is_int(SPIN_RESUME, spin_observe(&t, &c5, &c6, 1000 * MS), "... busy again");
	f2 = f1;
	f2.voluntary++;
	spin_resume(&t, &c6, &f2);
	ok(!t.fired && t.open && t.start.t_ns == c6.t_ns,
	   "it slept since it fired: re-armed, a new span opens there");
	spin_judge(&t, &c6, &f2, &v); /* no: a new span; make it fire again */
	t.fired = true;
	t.facts = f2;
	f2.voluntary += 2; /* the report's ptrace stops */
	spin_rebase(&t, &f2);
	is_int(SPIN_NONE, spin_observe(&t, &c6, &c7, 1000 * MS), "fired, reported: a dip");
	is_int(SPIN_RESUME, spin_observe(&t, &c7, &c8, 1000 * MS), "... busy again");
	spin_resume(&t, &c8, &f2);
	ok(t.fired, "the switches of the report's ptrace stops (spin_rebase) do not re-arm it");
	spin_reset(&t);
	ok(!t.open, "spin_reset closes the span");
	spin_start(&t, &a, &f0);
	f1 = f0;
	f1.running = false;
	ok(!spin_judge(&t, &b, &f1, &v), "not runnable at the end: no spin");
	spin_start(&t, &a, &f0);
	f1 = f0;
	ok(spin_judge(&t, &b, &f1, &v), "no tick of CPU time at all: nothing says otherwise");
}

/* A tick without run time, or a dip in the span, does not close it: the
 * span as a whole is judged. */
static void test_dips(void)
{
	struct spin_facts f = { .running = true };
	struct spin_task t = { 0 };
	struct sample s0 = at(0, 0, 0), s1 = at(100, 100, 0), s2 = at(200, 100, 100);
	struct sample s3 = at(300, 120, 150), s4 = at(400, 210, 150);

	is_int(SPIN_START, spin_observe(&t, &s0, &s1, 1000 * MS), "a busy tick opens a span");
	spin_start(&t, &s1, &f);
	is_int(SPIN_NONE, spin_observe(&t, &s1, &s2, 1000 * MS),
	       "a tick spent waiting for a CPU without running: not busy");
	ok(t.open && t.dipped, "... the span stays open (a wait shows when it ends)");
	is_int(SPIN_NONE, spin_observe(&t, &s2, &s3, 1000 * MS),
	       "70%% of a tick (run and wait): not busy");
	ok(t.open, "... still open");
	is_int(SPIN_START, spin_observe(&t, &s3, &s4, 1000 * MS),
	       "busy again, but the span as a whole was not (87%%): a new span");
	spin_start(&t, &s4, &f);
	ok(t.open && !t.dipped && t.start.t_ns == s4.t_ns, "... opened there");
	is_int(SPIN_NONE, spin_observe(&t, &s1, &s2, 0), "spin_ns 0: off");
	spin_start(&t, &s1, &f);
	spin_reset(&t);
	ok(!t.open, "spin_reset closes the span");
	is_int(SPIN_NONE, spin_observe(&t, &s1, &s1, 1000 * MS), "no time passed: not busy");
}

/* A spinner on a loaded machine: half its time on a CPU, half waiting for
 * one, 100 ms ticks; every `every`-th tick it waits throughout, and its
 * sample shows no progress at all (run_delay grows only when the wait
 * ends), the next one both ticks' worth. At tick sleep_at (0: never) it
 * sleeps through the tick instead (a voluntary switch, nothing to catch
 * up). Returns the fires in n ticks, spin 1 s; *first gets the first's tick. */
static unsigned drive_loaded(unsigned every, unsigned sleep_at, unsigned n, unsigned *first)
{
	struct spin_facts now = { .voluntary = 3, .running = true };
	struct spin_task t = { 0 };
	struct spin_verdict v;
	struct sample prev = at(0, 0, 0), s;
	uint64_t run = 0, wait = 0;
	unsigned fires = 0;

	*first = 0;
	for (unsigned i = 1; i <= n; i++) {
		if (i == sleep_at) {
			now.voluntary++;
		} else {
			run += 50;
			wait += 50;
			now.utime += 5;
		}
		s = at(i * 100, run, (long long)wait);
		if (every && i % every == 0)
			s = at(i * 100, prev.runtime_ns / MS, (long long)(prev.run_delay_ns / MS));
		switch (spin_observe(&t, &prev, &s, 1000 * MS)) {
		case SPIN_START:
			spin_start(&t, &s, &now);
			break;
		case SPIN_CHECK:
			if (spin_judge(&t, &s, &now, &v) && fires++ == 0)
				*first = i;
			break;
		case SPIN_RESUME:
			spin_resume(&t, &s, &now);
			break;
		case SPIN_NONE:
			break;
		}
		prev = s;
	}
	return fires;
}

/* Dips on a loaded machine neither delay a spin nor report it twice; a
 * real sleep ends it, and a new spin is reported again. */
static void test_loaded(void)
{
	unsigned first;

	is_int(1, drive_loaded(0, 0, 60, &first), "a steady spinner: one report in 6 s");
	is_int(11, first, "... after its 1 s span");
	is_int(1, drive_loaded(15, 0, 60, &first),
	       "a tick in 15 shows no progress (waiting): still one report");
	is_int(1, drive_loaded(4, 0, 60, &first), "a tick in 4 shows no progress: one report");
	ok(first >= 11 && first <= 13, "... not delayed by the dips (tick %u)", first);
	is_int(2, drive_loaded(0, 30, 60, &first),
	       "it sleeps through a tick at 3 s: the spin after it is a new one");
}

int main(void)
{
	plan_lazy();
	test_fires();
	test_judge();
	test_dips();
	test_loaded();
	return 0;
}
