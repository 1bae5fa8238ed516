/* monevent: turn what the tracker fired into stall events with their
 * evidence, diagnostics and signal targets; see monitor-int.h.
 *
 * Everything here runs once per stall (it fires once), so it may read what
 * the tick never reads: every thread's state, wchan, system call and kernel
 * stack (grouped by the report), and each stalled process's command line
 * and parent (the headline names the stuck processes, leaves first). */
#define _GNU_SOURCE
#include "monitor-int.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmdline.h"
#include "proc.h"

#define STACK_READ_MAX 4096  /* bytes of a kernel stack kept per thread */
#define CMDLINE_READ_MAX 4096

/* Read the one-line file rel under dirfd into buf (size bytes), without its
 * newline; "" when unreadable. */
static void read_line(int dirfd, const char *rel, char *buf, size_t size)
{
	if (proc_read(dirfd, rel, buf, size) < 0)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

/* Fill the wait fields of th from its system call file under dirfd. */
static void read_wait(int dirfd, struct stall_thread *th)
{
	struct syscall_info si;
	char rel[64];

	snprintf(rel, sizeof(rel), "%d/task/%d/syscall", (int)th->pid, (int)th->tid);
	read_line(dirfd, rel, th->syscall, sizeof(th->syscall));
	th->wait = syscall_parse(th->syscall, strlen(th->syscall), &si) == 0
		   ? syscall_wait_kind(&si) : WAIT_UNKNOWN;
}

/* Read th's kernel stack (with CAP_SYS_ADMIN) into a new string, or NULL. */
static char *read_stack(int dirfd, const struct stall_thread *th)
{
	char rel[64], *buf = malloc(STACK_READ_MAX);

	snprintf(rel, sizeof(rel), "%d/task/%d/stack", (int)th->pid, (int)th->tid);
	if (buf != NULL && proc_read(dirfd, rel, buf, STACK_READ_MAX) <= 0) {
		free(buf);
		buf = NULL;
	}
	return buf;
}

/* Describe task t of w for the diagnostics into th. */
static void describe_task(struct monitor *m, const struct mon_worker *w,
			  const struct mon_task *t, struct stall_thread *th)
{
	struct taskstat_info st;
	char rel[64];

	memset(th, 0, sizeof(*th));
	th->pid = t->id.pid;
	th->tid = t->id.tid;
	th->state = '?';
	if (mon_read_stat(m->cfg.proc_dirfd, &t->id, &st) == 0) {
		th->state = st.state;
		memcpy(th->comm, st.comm, sizeof(th->comm));
	}
	snprintf(rel, sizeof(rel), "%d/task/%d/wchan", (int)t->id.pid, (int)t->id.tid);
	read_line(m->cfg.proc_dirfd, rel, th->wchan, sizeof(th->wchan));
	read_wait(m->cfg.proc_dirfd, th);
	if (m->cfg.can_stack)
		th->stack = read_stack(m->cfg.proc_dirfd, th);
	th->housekeeping = tracker_task_housekeeping(&w->tr, &t->tt);
	th->still_ticks = t->tt.since_move;
}

/* List w's live tasks (the first DIAG_MAX_THREADS) into *out with their
 * state, wchan, wait and stack; *total gets the number of live tasks.
 * Returns 0 or -ENOMEM. */
static int list_threads(struct monitor *m, const struct mon_worker *w,
			struct stall_thread **out, size_t *n, size_t *total)
{
	struct stall_thread *th = calloc(w->ntasks ? w->ntasks : 1, sizeof(*th));
	size_t k = 0, live = 0;

	if (th == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < w->ntasks; i++) {
		if (w->tasks[i].tt.dead)
			continue;
		if (live++ < DIAG_MAX_THREADS)
			describe_task(m, w, &w->tasks[i], &th[k++]);
	}
	*out = th;
	*n = k;
	*total = live;
	return 0;
}

/* Free a thread list's stacks (those diag did not take over) and the list. */
static void free_threads(struct stall_thread *th, size_t n)
{
	for (size_t i = 0; th && i < n; i++)
		free(th[i].stack);
	free(th);
}

/* The stalled tasks of an event, the named one first: for a worker stall
 * every live task that is not housekeeping, for a starvation the named task
 * alone. Fills tids and their processes' pids and start times (n entries,
 * caller frees). */
static int stalled_tasks(const struct mon_worker *w, bool whole, size_t named,
			 struct stall_proc **procs, pid_t **tids, size_t *n)
{
	size_t k = 0;

	*procs = calloc(w->ntasks ? w->ntasks : 1, sizeof(**procs));
	*tids = malloc((w->ntasks ? w->ntasks : 1) * sizeof(pid_t));
	if (!*procs || !*tids)
		return -ENOMEM;
	for (size_t i = 0; i < w->ntasks; i++) {
		size_t at = i == 0 ? named : (i <= named ? i - 1 : i);
		const struct mon_task *t = &w->tasks[at];

		if (k > 0 && (!whole || t->tt.dead || tracker_task_housekeeping(&w->tr, &t->tt)))
			continue;
		(*procs)[k].pid = t->id.pid;
		(*procs)[k].start = t->pstart;
		(*tids)[k++] = t->id.tid;
	}
	*n = k;
	return 0;
}

/* Compare two stall_procs by pid for qsort and bsearch. */
static int cmp_proc(const void *a, const void *b)
{
	pid_t x = ((const struct stall_proc *)a)->pid, y = ((const struct stall_proc *)b)->pid;

	return (x > y) - (x < y);
}

/* Fill p's parent, comm and command line from /proc. */
static void describe_proc(int dirfd, struct stall_proc *p)
{
	struct strbuf raw = STRBUF_INIT, fmt = STRBUF_INIT;
	struct taskstat_info st;
	struct task_id id = { .tid = p->pid, .pid = p->pid };
	char rel[48];

	if (mon_read_stat(dirfd, &id, &st) == 0) {
		p->ppid = st.ppid;
		memcpy(p->comm, st.comm, sizeof(p->comm));
	}
	snprintf(rel, sizeof(rel), "%d/cmdline", (int)p->pid);
	if (proc_read_all(dirfd, rel, &raw) > 0 &&
	    cmdline_format(&fmt, raw.buf, raw.len, CMDLINE_HEADLINE_MAX) == 0 && fmt.len > 0) {
		p->cmdline = strdup(fmt.buf);
	}
	sb_free(&raw);
	sb_free(&fmt);
}

/* The depth of the process at index i of the pid-sorted p[0..n) within the
 * set: 0 when its parent is not in it, else its parent's depth + 1 (memo in
 * depth, -1 unknown; a cycle, impossible in /proc, stops at n). */
static int proc_depth(const struct stall_proc *p, size_t n, size_t i, int *depth)
{
	struct stall_proc key = { .pid = p[i].ppid };
	const struct stall_proc *parent;
	int d = 0;

	if (depth[i] >= 0)
		return depth[i];
	depth[i] = (int)n; /* in progress */
	parent = p[i].ppid > 0 ? bsearch(&key, p, n, sizeof(*p), cmp_proc) : NULL;
	if (parent != NULL && parent != &p[i])
		d = proc_depth(p, n, (size_t)(parent - p), depth) + 1;
	depth[i] = d;
	return d;
}

/* Order p[0..n) (pid-sorted) leaves first: deepest in the set first, then
 * by pid. Returns 0 or -ENOMEM. */
static int order_leaves_first(struct stall_proc *p, size_t n)
{
	int *depth = malloc((n ? n : 1) * sizeof(*depth));
	struct { int depth; struct stall_proc p; } *tmp = malloc((n ? n : 1) * sizeof(*tmp));

	if (!depth || !tmp) {
		free(depth);
		free(tmp);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		depth[i] = -1;
	for (size_t i = 0; i < n; i++)
		tmp[i].depth = proc_depth(p, n, i, depth);
	for (size_t i = 0; i < n; i++)
		tmp[i].p = p[i];
	for (size_t i = 1; i < n; i++) { /* stable insertion by depth, descending */
		__typeof__(*tmp) x = tmp[i];
		size_t j = i;

		for (; j > 0 && tmp[j - 1].depth < x.depth; j--)
			tmp[j] = tmp[j - 1];
		tmp[j] = x;
	}
	for (size_t i = 0; i < n; i++)
		p[i] = tmp[i].p;
	free(depth);
	free(tmp);
	return 0;
}

/* Fill ev->procs with the distinct processes among p[0..n) (sorted in
 * place), described and ordered leaves first; returns 0 or -ENOMEM. */
static int set_procs(struct monitor *m, struct stall_event *ev, struct stall_proc *p, size_t n)
{
	size_t out = 0;

	qsort(p, n, sizeof(*p), cmp_proc);
	for (size_t i = 0; i < n; i++) {
		if (out > 0 && p[out - 1].pid == p[i].pid) {
			p[out - 1].ntasks++;
			continue;
		}
		p[out] = p[i];
		p[out++].ntasks = 1;
	}
	for (size_t i = 0; i < out; i++)
		describe_proc(m->cfg.proc_dirfd, &p[i]);
	ev->procs = malloc((out ? out : 1) * sizeof(*ev->procs));
	if (!ev->procs)
		return -ENOMEM;
	memcpy(ev->procs, p, out * sizeof(*p));
	for (size_t i = 0; i < out; i++)
		p[i].cmdline = NULL; /* ev owns them now */
	ev->nprocs = out;
	return order_leaves_first(ev->procs, out);
}

/* The wait of a sleeping worker from its listed threads th[0..n), by
 * stall_wait_of; WAIT_UNKNOWN when memory runs out. */
static enum wait_kind worker_wait(const struct stall_thread *th, size_t n)
{
	struct stall_sleeper *s = calloc(n ? n : 1, sizeof(*s));
	struct syscall_info si;
	enum wait_kind kind;

	if (s == NULL)
		return WAIT_UNKNOWN;
	for (size_t i = 0; i < n; i++) {
		s[i].pid = th[i].pid;
		s[i].tid = th[i].tid;
		s[i].wait = th[i].state == 'S' || th[i].state == 'D' ? th[i].wait : WAIT_NONE;
		s[i].still = th[i].still_ticks;
		s[i].housekeeping = th[i].housekeeping;
		s[i].service = stall_service_thread(th[i].comm);
		if (syscall_parse(th[i].syscall, strlen(th[i].syscall), &si) == 0) {
			s[i].reaping = syscall_reaps(&si);
			s[i].joins = syscall_joins(&si);
		}
	}
	kind = stall_wait_of(s, n);
	free(s);
	return kind;
}

/* Capture the diagnostics of ev: the stalled tasks (procs/tids, n of them)
 * and w's thread list. Returns 0 or -ENOMEM. */
static int capture(struct monitor *m, const struct mon_worker *w, const struct stall_proc *procs,
		   const pid_t *tids, size_t n, struct stall_event *ev)
{
	struct stall_thread *th = NULL;
	pid_t *pids = malloc((n ? n : 1) * sizeof(*pids));
	size_t nth = 0, total = 0;
	int r = pids ? list_threads(m, w, &th, &nth, &total) : -ENOMEM;

	if (r == 0) {
		for (size_t i = 0; i < n; i++)
			pids[i] = procs[i].pid;
		for (size_t i = 0; i < nth; i++)
			ev->nhousekeeping += th[i].housekeeping;
		ev->wait = worker_wait(th, nth);
		r = diag_capture(m->cfg.proc_dirfd, pids, tids, n, th, total, m->cfg.can_stack,
				 &ev->diag);
	}
	free(pids);
	free_threads(th, nth);
	return r;
}

/* How long w has not progressed (a starved task: its window's span). */
static uint64_t stalled_for(const struct monitor *m, const struct mon_worker *w,
			    const struct stall_event *ev)
{
	if (ev->whole_worker && w->progress_ns && m->now_ns > w->progress_ns)
		return m->now_ns - w->progress_ns;
	if (ev->nwindow > 1)
		return ev->window[ev->nwindow - 1].t_ns - ev->window[0].t_ns;
	return 0;
}

/* Fill the evidence and diagnostics of ev for the task w->tasks[named]. */
static int fill_event(struct monitor *m, const struct mon_worker *w, size_t named,
		      bool whole, struct stall_event *ev)
{
	const struct mon_task *t = &w->tasks[named];
	struct taskstat_info st;
	struct stall_proc *procs = NULL;
	pid_t *tids = NULL;
	struct timespec ts;
	size_t n = 0;
	int r = stalled_tasks(w, whole, named, &procs, &tids, &n);

	ev->worker = w->index;
	ev->pid = t->id.pid;
	ev->tid = t->id.tid;
	ev->state = t->tt.state;
	if (mon_read_stat(m->cfg.proc_dirfd, &t->id, &st) == 0) {
		memcpy(ev->comm, st.comm, sizeof(ev->comm));
		if (ev->state == '\0' || ev->cls >= STALL_HEARTBEAT)
			ev->state = st.state; /* a trigger: its state now */
	}
	ev->whole_worker = whole;
	ev->source = m->cfg.source;
	ev->nwindow = window_get(&t->tt.win, ev->window);
	ev->start_ns = m->cfg.start_ns;
	ev->interval_ns = m->tick_ns;
	ev->stalled_ns = stalled_for(m, w, ev);
	clock_gettime(CLOCK_REALTIME, &ts);
	ev->realtime_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	ev->action = stall_policy_action(ev->cls, m->cfg.policy);
	if (r == 0)
		r = capture(m, w, procs, tids, n, ev);
	if (r == 0)
		r = set_procs(m, ev, procs, n);
	free(procs);
	free(tids);
	return r;
}

/* True when an event of class cls and wait kind wait is reported under the
 * configured class mask: sleeping stalls under --stall-on=untimed only when
 * the wait is untimed (a deadlock, not a sleep that ends by itself). */
static bool reported(const struct monitor *m, enum stall_class cls, enum wait_kind wait)
{
	if (m->cfg.class_mask & (1u << cls))
		return true;
	return cls == STALL_SLEEPING && m->cfg.untimed_only && wait == WAIT_UNTIMED;
}

/* Append one event for w naming w->tasks[named] with class cls, unless the
 * class is not reported. Returns 1 when appended, 0 when consumed, or -errno. */
static int emit(struct monitor *m, const struct mon_worker *w, size_t named, bool whole,
		enum stall_class cls, struct stall_event **evs, size_t *nevs)
{
	struct stall_event *ev, *p;
	int r;

	if (!(m->cfg.class_mask & (1u << cls)) && !(cls == STALL_SLEEPING && m->cfg.untimed_only))
		return 0;
	p = realloc(*evs, (*nevs + 1) * sizeof(**evs));
	if (!p)
		return -ENOMEM;
	*evs = p;
	ev = &p[*nevs];
	memset(ev, 0, sizeof(*ev));
	ev->cls = cls;
	r = fill_event(m, w, named, whole, ev);
	if (r < 0 || !reported(m, cls, ev->wait)) {
		stall_event_free(ev);
		return r < 0 ? r : 0;
	}
	(*nevs)++;
	return 1;
}

/* Index in w of the live task with thread id tid in thread group pid, or
 * SIZE_MAX. */
static size_t task_index(const struct mon_worker *w, pid_t pid, pid_t tid)
{
	for (size_t i = 0; i < w->ntasks; i++)
		if (!w->tasks[i].tt.dead && w->tasks[i].id.tid == tid && w->tasks[i].id.pid == pid)
			return i;
	return SIZE_MAX;
}

/* For a sleeping worker stall naming task named: the task the worker waits
 * on instead, when named waits for it: through pthread_join to the joined
 * thread, and from a wait for children to the last listed main thread of
 * another process that does not wait for its own. At most 8 hops. */
static size_t waited_on(struct monitor *m, const struct mon_worker *w, size_t named)
{
	for (int hops = 0; hops < 8; hops++) {
		const struct mon_task *t = &w->tasks[named];
		bool reaping;
		pid_t joins;
		size_t next = SIZE_MAX;

		mon_task_wait(m->cfg.proc_dirfd, &t->id, &reaping, &joins);
		if (joins > 0 && joins != t->id.tid)
			next = task_index(w, t->id.pid, joins);
		for (size_t i = 0; reaping && i < w->ntasks; i++) {
			const struct mon_task *c = &w->tasks[i];
			bool c_reaping;
			pid_t c_joins;

			if (c->tt.dead || c->id.pid == t->id.pid || c->id.tid != c->id.pid ||
			    tracker_task_housekeeping(&w->tr, &c->tt))
				continue;
			mon_task_wait(m->cfg.proc_dirfd, &c->id, &c_reaping, &c_joins);
			if (!c_reaping)
				next = i;
		}
		if (next == SIZE_MAX || next == named)
			break;
		named = next;
	}
	return named;
}

/* Class of a worker stall and the index of the task it names, from the
 * states of its live tasks that are not housekeeping (at least one live);
 * returns 0 or -ENOMEM. */
static int classify_worker(const struct mon_worker *w, enum stall_class *cls, size_t *named)
{
	char *states = malloc(w->ntasks ? w->ntasks : 1);
	size_t *map = malloc((w->ntasks ? w->ntasks : 1) * sizeof(*map));
	size_t k = 0, leader = SIZE_MAX, starved = SIZE_MAX, first = SIZE_MAX;

	if (!states || !map) {
		free(states);
		free(map);
		return -ENOMEM;
	}
	for (size_t i = 0; i < w->ntasks; i++) {
		const struct mon_task *t = &w->tasks[i];

		if (t->tt.dead)
			continue;
		if (first == SIZE_MAX)
			first = i;
		if (tracker_task_housekeeping(&w->tr, &t->tt))
			continue;
		if (t->tt.r_run >= w->tr.need && starved == SIZE_MAX)
			starved = i;
		if (t->id.tid == w->pid)
			leader = k;
		map[k] = i;
		/* R only since a wake-up inside the window is not starvation: the
		 * task slept for the rest of it */
		states[k++] = t->tt.state == 'R' ? 'S' : t->tt.state;
	}
	*cls = starved != SIZE_MAX ? STALL_STARVED : stall_classify(states, k);
	if (starved != SIZE_MAX)
		*named = starved;
	else if (k > 0)
		*named = map[stall_name_task(states, k, leader == SIZE_MAX ? k : leader)];
	else
		*named = first; /* only housekeeping left: name the first live task */
	free(states);
	free(map);
	return 0;
}

/* True when task t's comm names a runtime's service thread. */
static bool service_task(struct monitor *m, const struct mon_task *t)
{
	struct taskstat_info st;

	return mon_read_stat(m->cfg.proc_dirfd, &t->id, &st) == 0 && stall_service_thread(st.comm);
}

/* The wait of w's tasks as read this tick (untimed mode), by stall_wait_of;
 * WAIT_UNKNOWN when memory runs out. */
static enum wait_kind tick_wait(struct monitor *m, const struct mon_worker *w)
{
	struct stall_sleeper *s = calloc(w->ntasks ? w->ntasks : 1, sizeof(*s));
	enum wait_kind kind;
	size_t k = 0;

	if (s == NULL)
		return WAIT_UNKNOWN;
	for (size_t i = 0; i < w->ntasks; i++) {
		const struct mon_task *t = &w->tasks[i];

		if (t->tt.dead)
			continue;
		s[k].pid = t->id.pid;
		s[k].tid = t->id.tid;
		s[k].wait = t->obs.wait;
		s[k].still = t->tt.since_move;
		s[k].housekeeping = tracker_task_housekeeping(&w->tr, &t->tt);
		s[k].reaping = t->reaping;
		s[k].joins = t->joins;
		if (t->obs.wait == WAIT_TIMED && !s[k].housekeeping)
			s[k].service = service_task(m, t);
		k++;
	}
	kind = stall_wait_of(s, k);
	free(s);
	return kind;
}

/* True when a worker stall of class cls is withheld for now: untimed mode,
 * sleeping not reported as such, and the wait this tick not untimed. */
static bool withheld(struct monitor *m, const struct mon_worker *w, enum stall_class cls)
{
	return cls == STALL_SLEEPING && m->cfg.untimed_only &&
	       !(m->cfg.class_mask & (1u << STALL_SLEEPING)) && tick_wait(m, w) != WAIT_UNTIMED;
}

/* Copy task t's spin verdict into the trigger evidence of ev. */
static void spin_evidence(const struct monitor *m, const struct mon_task *t,
			  struct stall_event *ev)
{
	const struct spin_verdict *v = &t->spin_v;

	ev->trig.period_ns = m->cfg.spin_ns;
	ev->trig.span_ns = v->span_ns;
	ev->trig.run_ns = v->run_ns;
	ev->trig.wait_ns = v->wait_ns;
	ev->trig.has_wait = v->has_wait;
	ev->trig.voluntary = v->voluntary;
	ev->trig.user_ticks = v->user_ticks;
	ev->trig.system_ticks = v->system_ticks;
	ev->stalled_ns = v->span_ns;
}

/* Append one spinning event per task of w whose spin fired this tick
 * (clearing the flags). Returns the number appended or -errno. */
static int spin_events(struct monitor *m, struct mon_worker *w, struct stall_event **evs,
		       size_t *nevs)
{
	int r, count = 0;

	for (size_t i = 0; i < w->ntasks; i++) {
		struct mon_task *t = &w->tasks[i];

		if (!t->spin_now)
			continue;
		t->spin_now = false;
		r = emit(m, w, i, false, STALL_SPINNING, evs, nevs);
		if (r < 0)
			return r;
		if (r > 0)
			spin_evidence(m, t, &(*evs)[*nevs - 1]);
		count += r;
	}
	return count;
}

/* The worker stall or the starvations of w (see mon_worker_events). */
static int stall_events(struct monitor *m, struct mon_worker *w,
			const struct tracker_verdict *v, struct stall_event **evs, size_t *nevs)
{
	enum stall_class cls;
	size_t named;
	int r, count = 0;

	if (v->worker_stall) {
		r = classify_worker(w, &cls, &named);
		if (r == 0 && cls == STALL_SLEEPING)
			named = waited_on(m, w, named);
		if (r == 0 && withheld(m, w, cls)) {
			tracker_rearm(&w->tr);
			return 0;
		}
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

/* True when a task of w has a spin that fired this tick; a worker none of
 * whose tasks fired is not scanned (a cache miss per worker and tick). */
static bool spin_fired(const struct mon_worker *w)
{
	if (!w->spin_pending)
		return false;
	for (size_t i = 0; i < w->ntasks; i++)
		if (w->tasks[i].spin_now)
			return true;
	return false;
}

/* Turn what fired for w this tick into events (see monitor-int.h). */
int mon_worker_events(struct monitor *m, struct mon_worker *w,
		      const struct tracker_verdict *v, struct stall_event **evs, size_t *nevs)
{
	bool spun = m->cfg.spin_ns && spin_fired(w);
	int r = 0, k;

	if (!spun)
		w->spin_pending = false;
	if (!v->worker_stall && v->nstarved == 0 && !spun)
		return 0;
	if (mon_worker_gone(w)) {
		w->spin_pending = false;
		for (size_t i = 0; i < w->ntasks; i++)
			w->tasks[i].spin_now = false;
		return 0;
	}
	if (v->worker_stall || v->nstarved)
		r = stall_events(m, w, v, evs, nevs);
	if (r < 0 || !spun)
		return r;
	k = spin_events(m, w, evs, nevs);
	if (k >= 0)
		w->spin_pending = false; /* each task's spin_now was taken */
	return k < 0 ? k : r + k;
}

int mon_capture_event(struct monitor *m, struct mon_worker *w, enum stall_class cls,
		      struct stall_event *ev)
{
	size_t named = w->ntasks;
	int r;

	for (size_t i = 0; i < w->ntasks; i++) {
		if (w->tasks[i].tt.dead)
			continue;
		if (named == w->ntasks || w->tasks[i].id.tid == w->pid)
			named = i;
		if (w->tasks[i].id.tid == w->pid)
			break;
	}
	if (named == w->ntasks)
		return -ENOENT;
	memset(ev, 0, sizeof(*ev));
	ev->cls = cls;
	r = fill_event(m, w, named, false, ev);
	if (r < 0)
		stall_event_free(ev);
	return r;
}
