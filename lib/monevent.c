/* monevent: turn what the tracker fired into stall events with their
 * evidence, diagnostics and signal targets; see monitor-int.h. */
#define _GNU_SOURCE
#include "monitor-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proc.h"

/* Describe the tasks of w for the diagnostics: state, comm and wchan of the
 * first DIAG_MAX_THREADS (the array has room for all, as diag_capture counts
 * them, but it only keeps those). */
static struct stall_thread *list_threads(int dirfd, const struct mon_worker *w)
{
	struct stall_thread *th = calloc(w->ntasks ? w->ntasks : 1, sizeof(*th));

	for (size_t i = 0; th && i < w->ntasks && i < DIAG_MAX_THREADS; i++) {
		const struct task_id *id = &w->tasks[i].id;
		struct taskstat_info st;
		char rel[64];

		th[i].pid = id->pid;
		th[i].tid = id->tid;
		th[i].state = '?';
		if (mon_read_stat(dirfd, id, &st) == 0) {
			th[i].state = st.state;
			memcpy(th[i].comm, st.comm, sizeof(th[i].comm));
		}
		snprintf(rel, sizeof(rel), "%d/task/%d/wchan", (int)id->pid, (int)id->tid);
		if (proc_read(dirfd, rel, th[i].wchan, sizeof(th[i].wchan)) < 0)
			th[i].wchan[0] = '\0';
		th[i].wchan[strcspn(th[i].wchan, "\n")] = '\0';
	}
	return th;
}

/* A signal target: a process and its start time. */
struct proc_id {
	pid_t pid;
	uint64_t start;
};

/* Compare two proc_ids by pid for qsort. */
static int cmp_proc(const void *a, const void *b)
{
	pid_t x = ((const struct proc_id *)a)->pid, y = ((const struct proc_id *)b)->pid;

	return (x > y) - (x < y);
}

/* Fill ev->procs and ev->proc_starts with the distinct processes among
 * p[0..n) (sorted in place); returns 0 or -ENOMEM. */
static int set_procs(struct stall_event *ev, struct proc_id *p, size_t n)
{
	size_t out = 0;

	ev->procs = malloc((n ? n : 1) * sizeof(*ev->procs));
	ev->proc_starts = malloc((n ? n : 1) * sizeof(*ev->proc_starts));
	if (!ev->procs || !ev->proc_starts)
		return -ENOMEM;
	qsort(p, n, sizeof(*p), cmp_proc);
	for (size_t i = 0; i < n; i++) {
		if (out > 0 && ev->procs[out - 1] == p[i].pid)
			continue;
		ev->procs[out] = p[i].pid;
		ev->proc_starts[out++] = p[i].start;
	}
	ev->nprocs = out;
	return 0;
}

/* The stalled tasks of an event, the named one first: every live task of a
 * worker stall, or the named task alone. Fills tids and their processes
 * (n entries each, caller frees). */
static int stalled_tasks(const struct mon_worker *w, bool whole, size_t named,
			 struct proc_id **procs, pid_t **tids, size_t *n)
{
	size_t k = 0;

	*procs = malloc((w->ntasks ? w->ntasks : 1) * sizeof(**procs));
	*tids = malloc((w->ntasks ? w->ntasks : 1) * sizeof(pid_t));
	if (!*procs || !*tids)
		return -ENOMEM;
	for (size_t i = 0; i < w->ntasks; i++) {
		size_t at = i == 0 ? named : (i <= named ? i - 1 : i);
		const struct mon_task *t = &w->tasks[at];

		if (k > 0 && (!whole || t->tt.dead))
			continue;
		(*procs)[k] = (struct proc_id){ t->id.pid, t->pstart };
		(*tids)[k++] = t->id.tid;
	}
	*n = k;
	return 0;
}

/* Capture the diagnostics of ev: the stalled tasks (procs/tids, n of them)
 * and w's thread list. Returns 0 or -ENOMEM. */
static int capture(struct monitor *m, const struct mon_worker *w, const struct proc_id *procs,
		   const pid_t *tids, size_t n, struct stall_event *ev)
{
	struct stall_thread *th = list_threads(m->cfg.proc_dirfd, w);
	pid_t *pids = malloc((n ? n : 1) * sizeof(*pids));
	int r = -ENOMEM;

	if (th && pids) {
		for (size_t i = 0; i < n; i++)
			pids[i] = procs[i].pid;
		r = diag_capture(m->cfg.proc_dirfd, pids, tids, n, th, w->ntasks, m->cfg.can_stack,
				 &ev->diag);
	}
	free(pids);
	free(th);
	return r;
}

/* Fill the evidence and diagnostics of ev for the task w->tasks[named]. */
static int fill_event(struct monitor *m, const struct mon_worker *w, size_t named,
		      bool whole, struct stall_event *ev)
{
	const struct mon_task *t = &w->tasks[named];
	struct taskstat_info st;
	struct proc_id *procs = NULL;
	pid_t *tids = NULL;
	struct timespec ts;
	size_t n = 0;
	int r = stalled_tasks(w, whole, named, &procs, &tids, &n);

	ev->worker = w->index;
	ev->pid = t->id.pid;
	ev->tid = t->id.tid;
	ev->state = t->tt.state;
	if (mon_read_stat(m->cfg.proc_dirfd, &t->id, &st) == 0)
		memcpy(ev->comm, st.comm, sizeof(ev->comm));
	ev->whole_worker = whole;
	ev->source = m->cfg.source;
	ev->nwindow = window_get(&t->tt.win, ev->window);
	ev->start_ns = m->cfg.start_ns;
	clock_gettime(CLOCK_REALTIME, &ts);
	ev->realtime_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	ev->action = stall_policy_action(ev->cls, m->cfg.policy);
	if (r == 0)
		r = capture(m, w, procs, tids, n, ev);
	if (r == 0)
		r = set_procs(ev, procs, n);
	free(procs);
	free(tids);
	return r;
}

/* Append one event for w naming w->tasks[named] with class cls, unless the
 * class is not reported. Returns 1 when appended, 0 when consumed, or -errno. */
static int emit(struct monitor *m, const struct mon_worker *w, size_t named, bool whole,
		enum stall_class cls, struct stall_event **evs, size_t *nevs)
{
	struct stall_event *ev, *p;
	int r;

	if (!(m->cfg.class_mask & (1u << cls)))
		return 0;
	p = realloc(*evs, (*nevs + 1) * sizeof(**evs));
	if (!p)
		return -ENOMEM;
	*evs = p;
	ev = &p[*nevs];
	memset(ev, 0, sizeof(*ev));
	ev->cls = cls;
	r = fill_event(m, w, named, whole, ev);
	if (r < 0) {
		stall_event_free(ev);
		return r;
	}
	(*nevs)++;
	return 1;
}

/* Class of a worker stall and the index of the task it names, from the
 * states of its live tasks (at least one); returns 0 or -ENOMEM. */
static int classify_worker(const struct mon_worker *w, enum stall_class *cls, size_t *named)
{
	char *states = malloc(w->ntasks);
	size_t *map = malloc(w->ntasks * sizeof(*map));
	size_t k = 0, leader = SIZE_MAX, starved = SIZE_MAX;

	if (!states || !map) {
		free(states);
		free(map);
		return -ENOMEM;
	}
	for (size_t i = 0; i < w->ntasks; i++) {
		const struct mon_task *t = &w->tasks[i];

		if (t->tt.dead)
			continue;
		if (t->tt.r_run >= STALL_WINDOW - 1 && starved == SIZE_MAX)
			starved = i;
		if (t->id.tid == w->pid)
			leader = k;
		map[k] = i;
		/* R only since a wake-up inside the window is not starvation: the
		 * task slept for the rest of it */
		states[k++] = t->tt.state == 'R' ? 'S' : t->tt.state;
	}
	*cls = starved != SIZE_MAX ? STALL_STARVED : stall_classify(states, k);
	*named = starved != SIZE_MAX ? starved
		 : map[stall_name_task(states, k, leader == SIZE_MAX ? k : leader)];
	free(states);
	free(map);
	return 0;
}

/* Turn what fired for w this tick into events (see monitor-int.h). */
int mon_worker_events(struct monitor *m, const struct mon_worker *w,
			 const struct tracker_verdict *v, struct stall_event **evs, size_t *nevs)
{
	enum stall_class cls;
	size_t named;
	int r, count = 0;

	if (!v->worker_stall && v->nstarved == 0)
		return 0;
	if (mon_worker_gone(w))
		return 0;
	if (v->worker_stall) {
		r = classify_worker(w, &cls, &named);
		return r < 0 ? r : emit(m, w, named, true, cls, evs, nevs);
	}
	for (size_t i = 0; i < w->ntasks; i++) {
		if (!w->tasks[i].tt.starve_now)
			continue;
		r = emit(m, w, i, false, STALL_STARVED, evs, nevs);
		if (r < 0)
			return r;
		count += r;
	}
	return count;
}

