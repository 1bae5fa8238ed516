/* monitor: enumerate, sample, decide and report stalled workers; see monitor.h. */
#define _GNU_SOURCE
#include "monitor.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "procparse.h"
#include "taskset.h"
#include "tracker.h"

/* One task of a worker: its ids, its kept fds and its tracker state. */
struct mon_task {
	struct task_id id;
	struct task_handle h;     /* fds are -1 once the task is dead */
	int state_fd;             /* kept task/<tid>/stat, or -1 */
	struct tracker_task tt;
	struct tracker_obs obs;   /* what this tick's sample showed */
	unsigned observed;        /* the worker tick obs is from (0: none yet) */
};

/* Enumerate a worker's tasks every ENUM_EVERY ticks, and on any tick where
 * a worker stall would otherwise fire (so a task that appeared and works is
 * never missed by the verdict). A new task can only be created by a known
 * one, which progressed doing so, and a task that ends makes its kept fd
 * fail, so in between the known set is sampled alone. The period bounds how
 * late a new task's own starvation can be seen (ENUM_EVERY - 1 ticks). */
#define ENUM_EVERY (STALL_WINDOW - 1)

struct mon_worker {
	unsigned index;
	pid_t pid;
	int pidfd, cgroup_fd;     /* borrowed, may be -1 */
	int threads_fd;           /* our cgroup.threads of cgroup_fd, or -1 */
	struct tracker tr;
	unsigned since_enum;      /* ticks since the last enumeration */
	unsigned ticks;           /* ticks sampled, to stagger state reads */
	struct mon_task *tasks;   /* sorted by tid, dead ones kept as tombstones */
	struct mon_task *spare;   /* the next tick's array, swapped with tasks */
	struct task_id *ids;      /* tasks' ids, for the cgroup tgid lookup */
	size_t ntasks, cap;       /* all three arrays hold cap elements */
};

struct monitor {
	struct monitor_config cfg;
	struct mon_worker *w;
	size_t nw, wcap;
	struct taskset ts;        /* enumeration scratch, shared by all workers */
	size_t nfds;              /* fds the monitor keeps open */
	size_t max_fds;           /* ... at most, for the optional stat fds */
};

static const char *const scope_names[MONITOR_SCOPE_COUNT] = {
	[SCOPE_TREE] = "tree",
	[SCOPE_PROCESS] = "process",
	[SCOPE_LEADER] = "leader",
};

const char *monitor_scope_name(enum monitor_scope s)
{
	return (unsigned)s < MONITOR_SCOPE_COUNT ? scope_names[s] : "unknown";
}

int monitor_scope_parse(const char *name, enum monitor_scope *out)
{
	for (unsigned s = 0; s < MONITOR_SCOPE_COUNT; s++) {
		if (name && strcmp(name, scope_names[s]) == 0) {
			*out = (enum monitor_scope)s;
			return 0;
		}
	}
	return -EINVAL;
}

/* Half the soft RLIMIT_NOFILE: the other half stays for the supervisor and
 * the sample fds of tasks that appear later. */
static size_t default_max_fds(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
		return 1024;
	return (size_t)rl.rlim_cur / 2;
}

int monitor_new(const struct monitor_config *cfg, struct monitor **out)
{
	struct monitor *m;

	if (cfg->proc_dirfd < 0 || (unsigned)cfg->scope >= MONITOR_SCOPE_COUNT ||
	    (unsigned)cfg->source > SOURCE_STATUS || (unsigned)cfg->policy >= STALL_POLICY_COUNT)
		return -EINVAL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->cfg = *cfg;
	m->max_fds = cfg->max_fds ? cfg->max_fds : default_max_fds();
	taskset_init(&m->ts);
	*out = m;
	return 0;
}

/* Index in m->w of worker number index, or m->nw when not watched. */
static size_t find_worker(const struct monitor *m, unsigned index)
{
	size_t i;

	for (i = 0; i < m->nw; i++)
		if (m->w[i].index == index)
			break;
	return i;
}

int monitor_add_worker(struct monitor *m, unsigned index, pid_t pid, int pidfd,
		       int cgroup_fd)
{
	struct mon_worker *w;

	if (pid <= 0)
		return -EINVAL;
	if (find_worker(m, index) < m->nw)
		return -EEXIST;
	if (m->nw == m->wcap) {
		size_t ncap = m->wcap ? 2 * m->wcap : 16;
		void *p = realloc(m->w, ncap * sizeof(*m->w));

		if (!p)
			return -ENOMEM;
		m->w = p;
		m->wcap = ncap;
	}
	w = &m->w[m->nw++];
	memset(w, 0, sizeof(*w));
	w->index = index;
	w->pid = pid;
	w->pidfd = pidfd;
	w->cgroup_fd = cgroup_fd;
	w->threads_fd = cgroup_fd >= 0 ? proc_open(cgroup_fd, "cgroup.threads") : -1;
	if (w->threads_fd >= 0)
		m->nfds++;
	else
		w->threads_fd = -1; /* enumerate by open+read+close instead */
	tracker_init(&w->tr);
	return 0;
}

/* Close every fd of task t, keeping m's count of kept fds. */
static void task_release(struct monitor *m, struct mon_task *t)
{
	m->nfds -= (t->h.fd >= 0) + (t->h.fd_stat >= 0) + (t->state_fd >= 0);
	task_close(&t->h);
	if (t->state_fd >= 0)
		close(t->state_fd);
	t->state_fd = -1;
}

/* Close the fds of every task of w and free its arrays. */
static void worker_release(struct monitor *m, struct mon_worker *w)
{
	for (size_t i = 0; i < w->ntasks; i++)
		task_release(m, &w->tasks[i]);
	if (w->threads_fd >= 0) {
		close(w->threads_fd);
		m->nfds--;
	}
	w->threads_fd = -1;
	free(w->tasks);
	free(w->spare);
	free(w->ids);
	w->ntasks = w->cap = 0;
}

void monitor_worker_exited(struct monitor *m, unsigned index)
{
	size_t i = find_worker(m, index);

	if (i == m->nw)
		return;
	worker_release(m, &m->w[i]);
	memmove(&m->w[i], &m->w[i + 1], (m->nw - i - 1) * sizeof(*m->w));
	m->nw--;
}

size_t monitor_nworkers(const struct monitor *m)
{
	return m->nw;
}

void monitor_free(struct monitor *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nw; i++)
		worker_release(m, &m->w[i]);
	free(m->w);
	taskset_free(&m->ts);
	free(m);
}

/* Grow one of w's arrays to ncap elements of size sz. */
static int grow_array(void **arr, size_t ncap, size_t sz)
{
	void *p = realloc(*arr, ncap * sz);

	if (!p)
		return -ENOMEM;
	*arr = p;
	return 0;
}

/* Make w's arrays hold at least want elements (allocates only when growing). */
static int worker_reserve(struct mon_worker *w, size_t want)
{
	size_t ncap = w->cap ? w->cap : 8;

	if (want <= w->cap)
		return 0;
	while (ncap < want)
		ncap *= 2;
	if (grow_array((void **)&w->tasks, ncap, sizeof(*w->tasks)) < 0 ||
	    grow_array((void **)&w->spare, ncap, sizeof(*w->spare)) < 0 ||
	    grow_array((void **)&w->ids, ncap, sizeof(*w->ids)) < 0)
		return -ENOMEM;
	w->cap = ncap;
	return 0;
}

/* Fill m->ts with the tasks of w in the configured scope. */
static int enumerate(struct monitor *m, struct mon_worker *w)
{
	int dirfd = m->cfg.proc_dirfd;

	switch (m->cfg.scope) {
	case SCOPE_LEADER:
		return taskset_leader(&m->ts, w->pid);
	case SCOPE_PROCESS:
		return taskset_process(&m->ts, dirfd, w->pid);
	case SCOPE_TREE:
	default:
		if (w->threads_fd >= 0)
			return taskset_cgroup_fd(&m->ts, w->cgroup_fd, w->threads_fd, dirfd, w->ids, w->ntasks);
		if (w->cgroup_fd >= 0)
			return taskset_cgroup(&m->ts, w->cgroup_fd, dirfd, w->ids, w->ntasks);
		return taskset_tree(&m->ts, dirfd, w->pid);
	}
}

/* Start tracking a task that just appeared; one that cannot be opened is
 * kept as a dead tombstone so it is not "new" again next tick. */
static void task_start(struct monitor *m, struct mon_task *t, const struct task_id *id)
{
	t->id = *id;
	t->state_fd = -1;
	t->observed = 0;
	tracker_task_init(&t->tt);
	if (task_open(m->cfg.proc_dirfd, id->pid, id->tid, m->cfg.source, &t->h) < 0) {
		t->h.fd = t->h.fd_stat = -1;
		t->tt.dead = true;
		return;
	}
	m->nfds += (t->h.fd >= 0) + (t->h.fd_stat >= 0);
}

/* Stop tracking a task that left the set; returns true when that is
 * progress (it was live). */
static bool task_stop(struct monitor *m, struct mon_task *t)
{
	task_release(m, t);
	return !t->tt.dead;
}

/* True when known task t, listed again, is a new task: t went away (its fd
 * failed) or could not be opened, so its tid is now another task's (a zombie
 * stays listed and stays dead). */
static bool relisted(const struct mon_task *t)
{
	return t->tt.dead && !tracker_state_dead(t->tt.state);
}

/* Merge-diff m->ts (sorted) into w's sorted tasks; sets *changed when a
 * live task vanished or a task appeared. */
static int merge(struct monitor *m, struct mon_worker *w, bool *changed)
{
	const struct task_id *nw = m->ts.ids;
	size_t i = 0, j = 0, out = 0, nn = m->ts.n;
	struct mon_task *tmp;

	if (worker_reserve(w, nn > w->ntasks ? nn : w->ntasks) < 0)
		return -ENOMEM;
	while (i < w->ntasks || j < nn) {
		if (j == nn || (i < w->ntasks && w->tasks[i].id.tid < nw[j].tid)) {
			*changed |= task_stop(m, &w->tasks[i++]);
			continue;
		}
		if (i < w->ntasks && w->tasks[i].id.tid == nw[j].tid && !relisted(&w->tasks[i])) {
			w->spare[out] = w->tasks[i++];
		} else if (i < w->ntasks && w->tasks[i].id.tid == nw[j].tid) {
			/* a reused tid (or a retried open): progress only if it opens */
			task_release(m, &w->tasks[i++]);
			task_start(m, &w->spare[out], &nw[j]);
			*changed |= !w->spare[out].tt.dead;
		} else {
			task_start(m, &w->spare[out], &nw[j]);
			*changed = true;
		}
		w->ids[out++] = nw[j++];
	}
	tmp = w->tasks;
	w->tasks = w->spare;
	w->spare = tmp;
	w->ntasks = out;
	return 0;
}

/* Put the path of task id's stat file, relative to the proc root, in rel. */
static void stat_path(const struct task_id *id, char *rel, size_t size)
{
	snprintf(rel, size, "%d/task/%d/stat", (int)id->pid, (int)id->tid);
}

/* Read the state and comm of task id from its stat; returns 0 or -errno. */
static int read_stat(int dirfd, const struct task_id *id, struct taskstat_info *st)
{
	char rel[64], text[1024];
	ssize_t n;

	stat_path(id, rel, sizeof(rel));
	n = proc_read(dirfd, rel, text, sizeof(text));
	if (n < 0)
		return (int)n;
	return taskstat_parse(text, (size_t)n, st);
}
/* The state letter of task t ('?' when unreadable), read through a kept
 * stat fd (the sample's own for SOURCE_STATUS, else one opened now while the
 * fd budget allows), or else by open+read+close. */
static char read_state(struct monitor *m, struct mon_task *t)
{
	int fd = t->h.fd_stat >= 0 ? t->h.fd_stat : t->state_fd;
	struct taskstat_info st;
	char rel[64], text[1024];
	ssize_t n;

	if (fd < 0 && m->nfds < m->max_fds) {
		stat_path(&t->id, rel, sizeof(rel));
		if ((fd = proc_open(m->cfg.proc_dirfd, rel)) >= 0) {
			t->state_fd = fd;
			m->nfds++;
		}
	}
	if (fd < 0)
		return read_stat(m->cfg.proc_dirfd, &t->id, &st) < 0 ? '?' : st.state;
	n = proc_pread(fd, text, sizeof(text));
	if (n < 0 || taskstat_parse(text, (size_t)n, &st) < 0)
		return '?';
	return st.state;
}

/* Whether to read the state of flat task t of w this tick. A task seen
 * runnable stays so while flat (it cannot leave R without running, which
 * would move its counters): no read. In a worker whose stall has already
 * fired and stays flat (a long idle wait), a task last seen asleep or
 * stopped is read every ENUM_EVERY ticks (staggered by tid) instead of every
 * tick: a wake-up without a run is then seen up to ENUM_EVERY - 1 ticks
 * late, and nothing else depends on it. */
static bool state_due(const struct mon_worker *w, const struct mon_task *t)
{
	if (t->tt.r_run > 0)
		return false;
	if (!w->tr.fired || t->tt.state == '\0')
		return true;
	return (w->ticks + (unsigned)t->id.tid) % ENUM_EVERY == 0;
}

/* Sample task t of w once into t->obs; returns true when that is progress:
 * its counters moved, or it is gone (it becomes dead). The state is read
 * only for flat counters, when state_due says so. */
static bool observe(struct monitor *m, const struct mon_worker *w, struct mon_task *t)
{
	struct tracker_obs *o = &t->obs;
	struct sample s;

	t->observed = w->ticks;
	o->flat = false;
	o->state = '\0';
	if (t->tt.dead)
		return false;
	if (task_sample(&t->h, &s) < 0) {
		task_release(m, t);
		t->tt.dead = true;
		return true;
	}
	o->flat = tracker_task_push(&t->tt, &s);
	if (o->flat && t->tt.r_run > 0)
		o->state = 'R';
	else if (o->flat && state_due(w, t))
		o->state = read_state(m, t);
	return !o->flat;
}

/* Sample the tasks of w not yet observed this tick; returns true when one
 * progressed. */
static bool observe_all(struct monitor *m, struct mon_worker *w)
{
	bool progress = false;

	for (size_t i = 0; i < w->ntasks; i++)
		if (w->tasks[i].observed != w->ticks)
			progress |= observe(m, w, &w->tasks[i]);
	return progress;
}

/* True when w's pidfd says its thread group has exited. */
static bool worker_gone(const struct mon_worker *w)
{
	struct pollfd p = { .fd = w->pidfd, .events = POLLIN };

	if (w->pidfd < 0)
		return false;
	return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR));
}

/* Sample every task of w once and decide. */
static int worker_sample(struct monitor *m, struct mon_worker *w, struct tracker_verdict *v)
{
	bool changed = false, progress, verdict_due;
	int r;

	if (++w->ticks == 0)
		w->ticks = 1; /* 0 means "never observed" */
	progress = observe_all(m, w);
	verdict_due = !progress && !w->tr.fired && w->tr.flat_ticks + 1 >= STALL_WINDOW - 1;
	if (w->ntasks == 0 || verdict_due || ++w->since_enum >= ENUM_EVERY) {
		w->since_enum = 0;
		if ((r = enumerate(m, w)) < 0 || (r = merge(m, w, &changed)) < 0)
			return r;
		progress |= observe_all(m, w); /* the tasks that appeared */
	}
	tracker_tick_begin(v, changed || progress);
	for (size_t i = 0; i < w->ntasks; i++)
		tracker_tick_task(v, &w->tasks[i].tt, &w->tasks[i].obs);
	tracker_tick_end(&w->tr, v);
	for (size_t i = 0; i < w->ntasks; i++)
		if (w->tasks[i].tt.dead)
			task_release(m, &w->tasks[i]);
	return 0;
}

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
		if (read_stat(dirfd, id, &st) == 0) {
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

/* Compare two pids for qsort. */
static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* Fill ev->procs with the distinct tgids among pids[0..n); returns 0 or -ENOMEM. */
static int set_procs(struct stall_event *ev, const pid_t *pids, size_t n)
{
	size_t out = 0;

	ev->procs = malloc((n ? n : 1) * sizeof(*ev->procs));
	if (!ev->procs)
		return -ENOMEM;
	memcpy(ev->procs, pids, n * sizeof(*pids));
	qsort(ev->procs, n, sizeof(*ev->procs), cmp_pid);
	for (size_t i = 0; i < n; i++)
		if (out == 0 || ev->procs[out - 1] != ev->procs[i])
			ev->procs[out++] = ev->procs[i];
	ev->nprocs = out;
	return 0;
}

/* The stalled tasks of an event, the named one first: every live task of a
 * worker stall, or the named task alone. Fills pids/tids (n entries each,
 * caller frees). */
static int stalled_tasks(const struct mon_worker *w, bool whole, size_t named,
			 pid_t **pids, pid_t **tids, size_t *n)
{
	size_t k = 1;

	*pids = malloc((w->ntasks ? w->ntasks : 1) * sizeof(pid_t));
	*tids = malloc((w->ntasks ? w->ntasks : 1) * sizeof(pid_t));
	if (!*pids || !*tids)
		return -ENOMEM;
	(*pids)[0] = w->tasks[named].id.pid;
	(*tids)[0] = w->tasks[named].id.tid;
	for (size_t i = 0; whole && i < w->ntasks; i++) {
		if (w->tasks[i].tt.dead || i == named)
			continue;
		(*pids)[k] = w->tasks[i].id.pid;
		(*tids)[k++] = w->tasks[i].id.tid;
	}
	*n = k;
	return 0;
}

/* Fill the evidence and diagnostics of ev for the task w->tasks[named]. */
static int fill_event(struct monitor *m, const struct mon_worker *w, size_t named,
		      bool whole, struct stall_event *ev)
{
	const struct mon_task *t = &w->tasks[named];
	struct stall_thread *th = list_threads(m->cfg.proc_dirfd, w);
	struct taskstat_info st;
	pid_t *pids = NULL, *tids = NULL;
	struct timespec ts;
	size_t n = 0;
	int r = th ? stalled_tasks(w, whole, named, &pids, &tids, &n) : -ENOMEM;

	ev->worker = w->index;
	ev->pid = t->id.pid;
	ev->tid = t->id.tid;
	ev->state = t->tt.state;
	if (read_stat(m->cfg.proc_dirfd, &t->id, &st) == 0)
		memcpy(ev->comm, st.comm, sizeof(ev->comm));
	ev->whole_worker = whole;
	ev->source = m->cfg.source;
	ev->nwindow = window_get(&t->tt.win, ev->window);
	ev->start_ns = m->cfg.start_ns;
	clock_gettime(CLOCK_REALTIME, &ts);
	ev->realtime_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	ev->action = stall_policy_action(ev->cls, m->cfg.policy);
	if (r == 0)
		r = set_procs(ev, pids, n);
	if (r == 0)
		r = diag_capture(m->cfg.proc_dirfd, pids, tids, n, th, w->ntasks,
				 m->cfg.can_stack, &ev->diag);
	free(pids);
	free(tids);
	free(th);
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

/* Turn what fired for w this tick into events: one for a worker stall
 * (which absorbs any starvation of the same tick), else one per starved
 * task. Returns the number appended or -errno. */
static int worker_events(struct monitor *m, const struct mon_worker *w,
			 const struct tracker_verdict *v, struct stall_event **evs, size_t *nevs)
{
	enum stall_class cls;
	size_t named;
	int r, count = 0;

	if (!v->worker_stall && v->nstarved == 0)
		return 0;
	if (worker_gone(w))
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

int monitor_tick(struct monitor *m, struct stall_event **evs, size_t *nevs)
{
	int total = 0, err = 0;

	for (size_t i = 0; i < m->nw; i++) {
		struct tracker_verdict v;
		int r = worker_sample(m, &m->w[i], &v);

		if (r == 0)
			r = worker_events(m, &m->w[i], &v, evs, nevs);
		if (r > 0)
			total += r;
		else if (r < 0 && !err)
			err = r;
	}
	return err == -ENOMEM ? err : total;
}
