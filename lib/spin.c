/* spin: the spinning trigger's decision; see spin.h. */
#include <config.h>

#include "spin.h"

#include <string.h>

void spin_reset(struct spin_task *t)
{
	t->open = false;
}

/* True when from a to b the task was busy: run time (plus the wait for a
 * CPU when both samples have it) at least SPIN_BUSY_PERMILLE of the wall
 * time, and some run time. */
static bool busy(const struct sample *a, const struct sample *b)
{
	uint64_t wall, run, wait = 0;

	if (b->t_ns <= a->t_ns || b->runtime_ns <= a->runtime_ns)
		return false;
	wall = b->t_ns - a->t_ns;
	run = b->runtime_ns - a->runtime_ns;
	if (a->has_run_delay && b->has_run_delay && b->run_delay_ns > a->run_delay_ns)
		wait = b->run_delay_ns - a->run_delay_ns;
	return (run + wait) * 1000 >= wall * SPIN_BUSY_PERMILLE;
}

enum spin_step spin_observe(struct spin_task *t, const struct sample *prev,
			    const struct sample *s, uint64_t spin_ns)
{
	if (spin_ns == 0)
		return SPIN_NONE;
	if (!busy(prev, s)) {
		t->dipped = t->open || t->fired; /* a wait shows only when it ends */
		return SPIN_NONE;
	}
	if (t->fired) {
		if (!t->dipped)
			return SPIN_NONE;
		t->dipped = false;
		return SPIN_RESUME;
	}
	t->dipped = false;
	if (!t->open || !busy(&t->start, s)) {
		t->open = false;
		return SPIN_START;
	}
	return s->t_ns - t->start.t_ns >= spin_ns ? SPIN_CHECK : SPIN_NONE;
}

void spin_start(struct spin_task *t, const struct sample *s, const struct spin_facts *f)
{
	t->open = true;
	t->dipped = false;
	t->start = *s;
	t->facts = *f;
}

/* True when f, against the span's start, shows user mode: runnable now, and
 * at most SPIN_SYSTEM_PERMILLE of the CPU ticks were system time (no tick at
 * all: nothing says otherwise). */
static bool user_mode(const struct spin_task *t, const struct spin_facts *f)
{
	uint64_t u = f->utime - t->facts.utime, s = f->stime - t->facts.stime;

	if (!f->running || f->utime < t->facts.utime || f->stime < t->facts.stime)
		return false;
	return s * 1000 <= (u + s) * SPIN_SYSTEM_PERMILLE;
}

bool spin_judge(struct spin_task *t, const struct sample *s, const struct spin_facts *f,
		struct spin_verdict *out)
{
	const struct sample *a = &t->start;

	if (!t->open || f->voluntary != t->facts.voluntary || !user_mode(t, f)) {
		spin_start(t, s, f);
		return false;
	}
	memset(out, 0, sizeof(*out));
	out->span_ns = s->t_ns - a->t_ns;
	out->run_ns = s->runtime_ns - a->runtime_ns;
	out->has_wait = a->has_run_delay && s->has_run_delay;
	if (out->has_wait && s->run_delay_ns > a->run_delay_ns)
		out->wait_ns = s->run_delay_ns - a->run_delay_ns;
	out->user_ticks = f->utime - t->facts.utime;
	out->system_ticks = f->stime - t->facts.stime;
	t->open = false;
	t->fired = true;
	t->facts = *f;
	return true;
}

void spin_resume(struct spin_task *t, const struct sample *s, const struct spin_facts *f)
{
	if (f->voluntary == t->facts.voluntary)
		return; /* no sleep since it fired: the same spin */
	t->fired = false;
	spin_start(t, s, f);
}

void spin_rebase(struct spin_task *t, const struct spin_facts *f)
{
	if (t->fired)
		t->facts = *f;
}
