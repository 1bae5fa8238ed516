/* tracker: pure worker-stall and starvation decisions; see tracker.h. */
#include "tracker.h"

#include <string.h>

void tracker_task_init(struct tracker_task *t)
{
	memset(t, 0, sizeof(*t));
	window_init(&t->win);
}

void tracker_init(struct tracker *tr)
{
	tr->flat_ticks = 0;
	tr->fired = false;
	tr->need = STALL_WINDOW - 1;
	tr->housekeeping = false;
}

void tracker_set_need(struct tracker *tr, unsigned ticks)
{
	tr->need = ticks < STALL_WINDOW - 1 ? STALL_WINDOW - 1 : ticks;
}

void tracker_set_housekeeping(struct tracker *tr, bool on)
{
	tr->housekeeping = on;
}

bool tracker_task_housekeeping(const struct tracker *tr, const struct tracker_task *t)
{
	return tr->housekeeping && t->hk_run >= tr->need;
}

/* True when t's last sample shows housekeeping: a timed wait (o) after less
 * than TRACKER_HK_PERMILLE of a CPU since the sample before. */
static bool hk_sample(const struct tracker_task *t, const struct tracker_obs *o)
{
	struct sample s[STALL_WINDOW];
	unsigned n = window_get(&t->win, s);
	uint64_t ran, span;

	if (!o->timed_wait || n < 2)
		return false;
	ran = s[n - 1].runtime_ns - s[n - 2].runtime_ns;
	span = s[n - 1].t_ns - s[n - 2].t_ns;
	return ran <= span / 1000 * TRACKER_HK_PERMILLE;
}

bool tracker_task_push(struct tracker_task *t, const struct sample *s)
{
	struct sample last;
	bool had = t->win.count > 0;

	if (had)
		last = t->win.s[(t->win.head + t->win.count - 1) % STALL_WINDOW];
	window_push(&t->win, s);
	return had && sample_flat(&last, s);
}

bool tracker_state_dead(char state)
{
	return state == 'Z' || state == 'X';
}

/* Update one live task's starvation run; returns true when it fires now. */
static bool task_observe(struct tracker_task *t, const struct tracker_obs *o, unsigned need)
{
	if (o->state)
		t->state = o->state;
	if (!o->flat) {
		t->r_run = 0;
		t->starve_fired = false;
		return false;
	}
	if (o->state != 'R') {
		t->r_run = 0;
		return false;
	}
	if (t->r_run < need)
		t->r_run++;
	if (t->r_run < need || t->starve_fired)
		return false;
	t->starve_fired = true;
	return true;
}

/* Count a tick with or without progress; returns true when the worker stall fires. */
static bool worker_observe(struct tracker *tr, bool progress, size_t nlive)
{
	if (progress) {
		tr->flat_ticks = 0;
		tr->fired = false;
		return false;
	}
	if (tr->flat_ticks < tr->need)
		tr->flat_ticks++;
	if (tr->flat_ticks < tr->need || tr->fired || nlive == 0)
		return false;
	tr->fired = true;
	return true;
}

void tracker_tick_begin(const struct tracker *tr, struct tracker_verdict *v, bool changed)
{
	memset(v, 0, sizeof(*v));
	v->progress = changed;
	v->need = tr->need;
	v->housekeeping = tr->housekeeping;
}

void tracker_tick_task(struct tracker_verdict *v, struct tracker_task *t,
		       const struct tracker_obs *o)
{
	t->starve_now = false;
	if (t->dead)
		return;
	if (tracker_state_dead(o->state)) {
		t->dead = true;
		t->state = o->state;
		v->progress = true;
		return;
	}
	v->nlive++;
	if (v->housekeeping)
		t->hk_run = !(hk_sample(t, o) || (o->flat && o->timed_wait)) ? 0
			    : t->hk_run < v->need ? t->hk_run + 1 : t->hk_run;
	if (!o->flat && !(v->housekeeping && t->hk_run >= v->need))
		v->progress = true;
	if (task_observe(t, o, v->need)) {
		t->starve_now = true;
		v->nstarved++;
	}
}

void tracker_tick_end(struct tracker *tr, struct tracker_verdict *v)
{
	v->worker_stall = worker_observe(tr, v->progress, v->nlive);
}

void tracker_tick(struct tracker *tr, struct tracker_task *tasks,
		  const struct tracker_obs *obs, size_t n, bool changed,
		  struct tracker_verdict *v)
{
	tracker_tick_begin(tr, v, changed);
	for (size_t i = 0; i < n; i++)
		tracker_tick_task(v, &tasks[i], &obs[i]);
	tracker_tick_end(tr, v);
}
