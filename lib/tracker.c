/* tracker: pure worker-stall and starvation decisions; see tracker.h. */
#include "tracker.h"

#include <limits.h>
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
	tr->since_change = 0;
}

void tracker_set_need(struct tracker *tr, unsigned ticks)
{
	tr->need = ticks < STALL_WINDOW - 1 ? STALL_WINDOW - 1 : ticks;
}

void tracker_set_housekeeping(struct tracker *tr, bool on)
{
	tr->housekeeping = on;
}

/* t's last sample (its window holds at least one). */
static const struct sample *last_sample(const struct tracker_task *t)
{
	return &t->win.s[(t->win.head + t->win.count - 1) % STALL_WINDOW];
}

/* True when t used less than TRACKER_HK_PERMILLE of a CPU since hk_old. */
static bool hk_sliver(const struct tracker_task *t)
{
	const struct sample *now = last_sample(t);
	uint64_t span = now->t_ns - t->hk_old.t_ns, ran = now->runtime_ns - t->hk_old.runtime_ns;

	return now->t_ns > t->hk_old.t_ns && now->runtime_ns >= t->hk_old.runtime_ns &&
	       ran <= span / 1000 * TRACKER_HK_PERMILLE;
}

/* Housekeeping (see tracker_set_housekeeping), over need ticks. */
static bool task_housekeeping(const struct tracker_task *t, unsigned need)
{
	return t->win.count > 0 && t->hk_run > need && t->hk_timed && t->hk_woke && hk_sliver(t);
}

void tracker_rearm(struct tracker *tr)
{
	tr->fired = false;
}

bool tracker_task_housekeeping(const struct tracker *tr, const struct tracker_task *t)
{
	return tr->housekeeping && !t->dead && task_housekeeping(t, tr->need);
}

/* Add one to a capped counter. */
static unsigned bump(unsigned n)
{
	return n < UINT_MAX / 2 ? n + 1 : n;
}

/* Update t's housekeeping run and moves after its last sample, seen as o,
 * for a stall span of need ticks. */
static void count_housekeeping(struct tracker_task *t, const struct tracker_obs *o, unsigned need)
{
	t->since_move = o->flat ? bump(t->since_move) : 0;
	if (t->win.count == 0)
		return;
	if (o->wait == WAIT_UNTIMED || o->wait == WAIT_UNKNOWN || t->hk_run == 0) {
		/* a new run starts at this sample */
		t->hk_run = o->wait == WAIT_UNTIMED || o->wait == WAIT_UNKNOWN ? 0 : 1;
		t->hk_timed = o->wait == WAIT_TIMED;
		t->hk_woke = false;
		t->hk_was_timed = t->hk_timed;
		t->hk_old = t->hk_new = *last_sample(t);
		t->hk_age = 0;
		return;
	}
	t->hk_run = bump(t->hk_run);
	t->hk_woke |= !o->flat && t->hk_was_timed; /* woke from a timed wait */
	t->hk_timed |= o->wait == WAIT_TIMED;
	t->hk_was_timed = o->wait == WAIT_TIMED;
	if (++t->hk_age >= need + 1) {
		t->hk_old = t->hk_new;
		t->hk_new = *last_sample(t);
		t->hk_age = 0;
	}
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
	v->min_move = UINT_MAX;
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
	if (v->housekeeping) {
		count_housekeeping(t, o, v->need);
		if (!task_housekeeping(t, v->need) && t->since_move < v->min_move)
			v->min_move = t->since_move;
	} else if (!o->flat) {
		v->progress = true;
	}
	if (task_observe(t, o, v->need)) {
		t->starve_now = true;
		v->nstarved++;
	}
}

void tracker_tick_end(struct tracker *tr, struct tracker_verdict *v)
{
	unsigned flat;

	if (tr->housekeeping) {
		/* ticks without progress counted back from the last move of a
		 * task that is not housekeeping now */
		tr->since_change = v->progress ? 0 : bump(tr->since_change);
		flat = tr->since_change < v->min_move ? tr->since_change : v->min_move;
		v->progress = flat == 0;
		tr->flat_ticks = flat > 0 ? flat - 1 : 0;
	}
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
