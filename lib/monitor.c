/* monitor: enumerate, sample, decide and report stalled workers; see monitor.h
 * and doc/detection.md. */
#define _GNU_SOURCE
#include "monitor.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgfile.h"
#include "proc.h"
#include "syscall.h"
#include "procparse.h"
#include "taskset.h"
#include "tracker.h"

#include "monitor-int.h"

/* Task path: enumerate a worker's tasks every ENUM_EVERY ticks, and on any
 * tick where a worker stall would otherwise fire (so a task that appeared and
 * works is never missed by the verdict). A new task can only be created by a
 * known one, which progressed doing so, and a task that ends makes its kept
 * fd fail, so in between the known set is sampled alone. The period bounds
 * how late a new task's own starvation can be seen (ENUM_EVERY - 1 ticks). */
#define ENUM_EVERY (STALL_WINDOW - 1)
/* Fast path: read the leader's cgroup every ESCAPE_EVERY ticks in which its
 * cgroup moved (a leader that moves itself out runs doing so). */
#define ESCAPE_EVERY 8
/* Fast path: a worker of at most SMALL_TASKS tasks costs as much sampled task
 * by task as through its cgroup's cpu.stat and cpu.pressure, without a gate:
 * when the run's cgroup moved, it is sampled on the task path. */
#define SMALL_TASKS 2
/* Passes that read nothing of a live worker before it is called unreadable. */
#define BLIND_PASSES 2
/* A whole-tick wait for a CPU makes cpu.pressure "some" grow by (nearly) the
 * tick: the gate opens at WAIT_GATE_NUM/WAIT_GATE_DEN of it. */
#define WAIT_GATE_NUM 3
#define WAIT_GATE_DEN 4
/* Fast path: a worker of at most EXACT_TASKS tasks has its tasks read on any
 * wait for a CPU, not only a whole-tick one, so that a starvation is seen
 * from the tick it began: within W x interval, exactly as on the task path.
 * A larger worker waits for a whole-tick wait (a starvation is then seen up
 * to one interval later): reading thousands of tasks whenever one waits
 * briefly would cost the floor (doc/detection.md). */
#define EXACT_TASKS 64
#define NS_PER_US 1000
/* After a hold, a worker with a runnable task is left unsampled until none
 * is (the threads a report's ptrace interrupt woke are back in their waits),
 * for at most the larger of SETTLE_MIN_NS and its stall span. */
#define SETTLE_MIN_NS 2000000000ULL
/* cpu.stat is ~100 bytes without the cpu controller, ~300 with it;
 * cpu.pressure ~110: records, read whole into this much. */
#define CG_FILE_BUF 1024

static const char *const scope_names[MONITOR_SCOPE_COUNT] = {
	[SCOPE_TREE] = "tree",
	[SCOPE_PROCESS] = "process",
	[SCOPE_LEADER] = "leader",
};

static const char *const notice_texts[MONITOR_NOTICE_KINDS] = {
	[MONITOR_NOTICE_FD_BUDGET] = "the descriptor budget is used up: reading the rest "
				     "by open+read+close (slower, same verdicts)",
	[MONITOR_NOTICE_FD_LIMIT] = "out of file descriptors: released kept ones and "
				    "lowered the budget",
	[MONITOR_NOTICE_UNREADABLE] = "cannot read its tasks under /proc: it is not observed "
				      "and no stall of it can be reported",
	[MONITOR_NOTICE_ESCAPED] = "its leader moved out of its cgroup: now followed through "
				   "its children and what is left in the cgroup",
	[MONITOR_NOTICE_LIST_FAILED] = "cannot list its tasks: judged on the tasks already known",
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

const char *monitor_notice_text(enum monitor_notice_kind kind)
{
	return (unsigned)kind < MONITOR_NOTICE_KINDS ? notice_texts[kind] : "unknown notice";
}

/* Return CLOCK_MONOTONIC in ns. */
static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* ---- notices ---------------------------------------------------------- */

/* True for the notice kinds said once per monitor (not per worker). */
static bool notice_per_monitor(enum monitor_notice_kind kind)
{
	return kind == MONITOR_NOTICE_FD_BUDGET || kind == MONITOR_NOTICE_FD_LIMIT;
}

/* Queue notice kind for worker index (w, or NULL for a per-monitor kind),
 * unless it was queued before. A notice that cannot be queued (no memory) is
 * dropped. */
static void notice(struct monitor *m, struct mon_worker *w, unsigned index,
		   enum monitor_notice_kind kind, int err)
{
	unsigned *once = notice_per_monitor(kind) || !w ? &m->noticed : &w->noticed;
	struct monitor_notice *p;

	if (*once & (1u << kind))
		return;
	*once |= 1u << kind;
	if (m->nnotices == m->ncap) {
		size_t ncap = m->ncap ? 2 * m->ncap : 8;

		p = realloc(m->notices, ncap * sizeof(*p));
		if (!p)
			return;
		m->notices = p;
		m->ncap = ncap;
	}
	m->notices[m->nnotices++] = (struct monitor_notice){ index, kind, err };
}

size_t monitor_take_notices(struct monitor *m, struct monitor_notice *out, size_t max)
{
	size_t n = m->nnotices < max ? m->nnotices : max;

	if (n == 0)
		return 0; /* m->notices may still be NULL */
	memcpy(out, m->notices, n * sizeof(*out));
	memmove(m->notices, m->notices + n, (m->nnotices - n) * sizeof(*out));
	m->nnotices -= n;
	return n;
}

/* Mark worker index blind (true) or observed. */
static void set_blind(struct monitor *m, unsigned index, bool blind)
{
	if (index < m->nblind)
		m->blind[index] = blind;
}

bool monitor_worker_observed(const struct monitor *m, unsigned index)
{
	return index >= m->nblind || !m->blind[index];
}

/* ---- file descriptors ------------------------------------------------- */

/* True for the errors of an open that mean "the task (or cgroup) is gone". */
static bool gone_err(int err)
{
	return err == -ENOENT || err == -ESRCH;
}

/* True for the errors of an open that mean "out of file descriptors". */
static bool fd_limit_err(int err)
{
	return err == -EMFILE || err == -ENFILE;
}

/* Close kept fd *fd (if any), keeping m's count. */
static void drop_fd(struct monitor *m, int *fd)
{
	if (*fd < 0)
		return;
	close(*fd);
	*fd = -1;
	m->nfds--;
}

/* Close task t's kept sample fds: it is read by path from now on. */
static void drop_sample_fds(struct monitor *m, struct mon_task *t)
{
	drop_fd(m, &t->h.fd);
	drop_fd(m, &t->h.fd_stat);
}

/* Close kept fds until at most target remain: stat fds first, then tasks'
 * sample fds, then the workers' cgroup files (all are read by path after). */
static void release_fds(struct monitor *m, size_t target)
{
	for (int pass = 0; pass < 3 && m->nfds > target; pass++) {
		for (size_t i = 0; i < m->nw && m->nfds > target; i++) {
			struct mon_worker *w = &m->w[i];

			for (size_t k = 0; k < w->ntasks && m->nfds > target && pass < 2; k++) {
				if (pass == 0)
					drop_fd(m, &w->tasks[k].state_fd);
				else
					drop_sample_fds(m, &w->tasks[k]);
			}
			if (pass == 2) {
				drop_fd(m, &w->threads_fd);
				drop_fd(m, &w->cg.stat_fd);
				drop_fd(m, &w->cg.pressure_fd);
			}
		}
	}
}

/* err came from an open: when it is EMFILE or ENFILE, say so once, release a
 * quarter of the kept fds and lower the budget to what remains. Returns
 * true when fds were released, so the caller retries the open once. */
static bool fd_exhausted(struct monitor *m, unsigned index, int err)
{
	size_t target;

	if (!fd_limit_err(err))
		return false;
	notice(m, NULL, index, MONITOR_NOTICE_FD_LIMIT, err);
	if (m->nfds == 0)
		return false;
	target = m->nfds - (m->nfds + 3) / 4;
	if (m->max_fds > target)
		m->max_fds = target;
	release_fds(m, target);
	return true;
}

/* True when n more fds may be kept; otherwise say once that the budget is
 * used up (quiet: the caller only wanted an optional fd). */
static bool budget_allows(struct monitor *m, unsigned index, size_t n, bool quiet)
{
	if (m->nfds + n <= m->max_fds)
		return true;
	if (!quiet)
		notice(m, NULL, index, MONITOR_NOTICE_FD_BUDGET, 0);
	return false;
}

/* Open relpath under dirfd to keep it, within the budget (retrying once after
 * EMFILE released fds). Returns the fd, -ENOSPC past the budget, or -errno. */
static int keep_open(struct monitor *m, unsigned index, int dirfd, const char *relpath,
		     bool quiet)
{
	int fd;

	if (!budget_allows(m, index, 1, quiet))
		return -ENOSPC;
	fd = proc_open(dirfd, relpath);
	if (fd < 0 && fd_exhausted(m, index, fd))
		fd = proc_open(dirfd, relpath);
	if (fd >= 0)
		m->nfds++;
	return fd;
}

/* proc_read, retried once after EMFILE released fds. */
static ssize_t read_path(struct monitor *m, unsigned index, int dirfd, const char *relpath,
			 char *buf, size_t size)
{
	ssize_t n = proc_read(dirfd, relpath, buf, size);

	if (n < 0 && fd_exhausted(m, index, (int)n))
		n = proc_read(dirfd, relpath, buf, size);
	return n;
}

/* Read a record through kept fd *fd, or by path when it is -1; a kept fd
 * that fails is closed (the next read goes by path). Returns the length or
 * -errno. */
static ssize_t read_kept(struct monitor *m, unsigned index, int *fd, int dirfd,
			 const char *relpath, char *buf, size_t size)
{
	ssize_t n;

	if (*fd >= 0) {
		n = proc_pread(*fd, buf, size);
		if (n >= 0)
			return n;
		drop_fd(m, fd);
	}
	return read_path(m, index, dirfd, relpath, buf, size);
}

/* ---- cgroup probes (fast path) ---------------------------------------- */

/* Make p a probe of cgroup directory dirfd, keeping its files open within the
 * budget; returns 0, or -errno when cpu.stat cannot be read (no fast path). */
static int probe_init(struct monitor *m, unsigned index, struct cg_probe *p, int dirfd)
{
	char text[CG_FILE_BUF];
	ssize_t n;
	uint64_t v;

	memset(p, 0, sizeof(*p));
	p->dirfd = dirfd;
	p->stat_fd = p->pressure_fd = -1;
	n = read_path(m, index, dirfd, "cpu.stat", text, sizeof(text));
	if (n < 0)
		return (int)n;
	if (cgfile_cpu_usage(text, (size_t)n, &v) < 0)
		return -EINVAL;
	n = read_path(m, index, dirfd, "cpu.pressure", text, sizeof(text));
	p->no_pressure = n < 0 || cgfile_pressure_some(text, (size_t)n, &v) < 0;
	p->stat_fd = keep_open(m, index, dirfd, "cpu.stat", false);
	if (!p->no_pressure)
		p->pressure_fd = keep_open(m, index, dirfd, "cpu.pressure", false);
	p->stat_fd = p->stat_fd < 0 ? -1 : p->stat_fd;
	p->pressure_fd = p->pressure_fd < 0 ? -1 : p->pressure_fd;
	return 0;
}

/* Close p's kept files. */
static void probe_release(struct monitor *m, struct cg_probe *p)
{
	drop_fd(m, &p->stat_fd);
	drop_fd(m, &p->pressure_fd);
}

/* Read p's usage: 1 when it moved since the last read (or is read for the
 * first time), 0 when not, -errno when cpu.stat cannot be read. */
static int probe_moved(struct monitor *m, unsigned index, struct cg_probe *p)
{
	char text[CG_FILE_BUF];
	ssize_t n = read_kept(m, index, &p->stat_fd, p->dirfd, "cpu.stat", text, sizeof(text));
	uint64_t usage;
	bool moved;

	if (n < 0)
		return (int)n;
	if (cgfile_cpu_usage(text, (size_t)n, &usage) < 0)
		return -EINVAL;
	moved = !p->have_usage || usage != p->usage;
	p->usage_grew = p->have_usage && usage > p->usage ? usage - p->usage : 0;
	p->usage = usage;
	p->have_usage = true;
	return moved;
}

/* Read p's CPU pressure: how long some task of it may have waited for a CPU
 * in the last tick (tick_ns): WAITED_TICK when "some" grew by most of it
 * since the last read (a longer span only makes it easier to pass),
 * WAITED_SOME when it grew at all. Without a readable cpu.pressure, or at
 * the first read, any tick may have hidden a wait: WAITED_TICK. */
static enum mon_waited probe_waited(struct monitor *m, unsigned index, struct cg_probe *p,
				    uint64_t tick_ns)
{
	char text[CG_FILE_BUF];
	ssize_t n;
	uint64_t some, grew_ns;
	bool had = p->have_some;

	if (p->no_pressure)
		return WAITED_TICK;
	n = read_kept(m, index, &p->pressure_fd, p->dirfd, "cpu.pressure", text, sizeof(text));
	if (n < 0 || cgfile_pressure_some(text, (size_t)n, &some) < 0) {
		p->no_pressure = true;
		return WAITED_TICK;
	}
	grew_ns = (some - p->some) * NS_PER_US;
	p->some = some;
	p->have_some = true;
	p->some_grew_ns = had ? grew_ns : 0;
	p->some_tick = m->ticks;
	if (!had || grew_ns * WAIT_GATE_DEN >= tick_ns * WAIT_GATE_NUM)
		return WAITED_TICK;
	return grew_ns > 0 ? WAITED_SOME : WAITED_NONE;
}

/* The wait that makes w's tasks worth reading (see EXACT_TASKS). */
static enum mon_waited wait_needed(const struct mon_worker *w)
{
	return w->ntasks <= EXACT_TASKS ? WAITED_SOME : WAITED_TICK;
}

/* Fast path: whether w's tasks are to be read for a wait: the run's cgroup
 * is read first (none below it waited enough: no read of w's own). */
static bool worker_waited(struct monitor *m, struct mon_worker *w)
{
	enum mon_waited need = wait_needed(w);

	if (w->under_run && m->run_known && m->run_waited < need)
		return false;
	return probe_waited(m, w->index, &w->cg, m->tick_ns) >= need;
}

/* --spin-after, fast path: how long some task of w waited for a CPU in
 * this tick (ns), from the cpu.pressure read this tick or read now; 0 when
 * the run's cgroup says no task below it waited, or when unknown. */
static uint64_t some_grew(struct monitor *m, struct mon_worker *w)
{
	if (w->under_run && m->run_known && m->run_waited == WAITED_NONE)
		return 0;
	if (w->cg.some_tick != m->ticks)
		probe_waited(m, w->index, &w->cg, m->tick_ns);
	return w->cg.some_tick == m->ticks ? w->cg.some_grew_ns : 0;
}

/* --spin-after, fast path: whether w's tasks are to be read for a spin: a
 * task that stayed on a CPU (running, or waiting for one) through the tick
 * makes w's cgroup usage plus its "some" wait grow by at least
 * SPIN_BUSY_PERMILLE of the tick, and a tick without usage holds no spin. */
static bool spin_gate(struct monitor *m, struct mon_worker *w)
{
	uint64_t busy = w->cg.usage_grew * NS_PER_US, need;

	if (m->cfg.spin_ns == 0 || m->tick_ns == 0 || busy == 0)
		return false;
	need = m->tick_ns / 1000 * SPIN_BUSY_PERMILLE;
	if (busy < need)
		busy += some_grew(m, w);
	return busy >= need;
}

/* Make m->run the probe of the cgroup holding cgroup_fd, once: the run's
 * cgroup, whose cpu.stat and cpu.pressure cover every worker below it. */
static void run_probe_init(struct monitor *m, unsigned index, int cgroup_fd)
{
	struct stat st;
	int fd;

	if (m->run.dirfd >= 0 || fstatat(cgroup_fd, "..", &st, 0) < 0)
		return;
	fd = keep_open(m, index, cgroup_fd, "..", false);
	if (fd < 0)
		return;
	if (probe_init(m, index, &m->run, fd) < 0) {
		drop_fd(m, &fd);
		m->run.dirfd = -1;
		return;
	}
	m->run_dev = st.st_dev;
	m->run_ino = st.st_ino;
}

/* True when cgroup_fd is a child of the run's cgroup (m->run). */
static bool under_run(const struct monitor *m, int cgroup_fd)
{
	struct stat st;

	return m->run.dirfd >= 0 && fstatat(cgroup_fd, "..", &st, 0) == 0 &&
	       st.st_dev == m->run_dev && st.st_ino == m->run_ino;
}

/* Read the run's probe once per tick: whether any worker below it ran, and
 * whether a task of any may have waited for a CPU through the whole tick. */
static void run_probe_tick(struct monitor *m)
{
	int moved;

	m->run_known = false;
	if (m->run.dirfd < 0)
		return;
	moved = probe_moved(m, 0, &m->run);
	if (moved < 0)
		return;
	m->run_moved = moved;
	m->run_waited = probe_waited(m, 0, &m->run, m->tick_ns);
	m->run_known = true;
}

/* ---- the monitor and its workers ---------------------------------------- */

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
	m->max_fds = cfg->max_fds;
	m->run.dirfd = m->run.stat_fd = m->run.pressure_fd = -1;
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

/* Make room for one more worker and for the observed flag of index. */
static int reserve_worker(struct monitor *m, unsigned index)
{
	void *p;

	if (m->nw == m->wcap) {
		size_t ncap = m->wcap ? 2 * m->wcap : 16;

		if (!(p = realloc(m->w, ncap * sizeof(*m->w))))
			return -ENOMEM;
		m->w = p;
		m->wcap = ncap;
	}
	if (index >= m->nblind) {
		size_t n = (size_t)index + 1 > 2 * m->nblind ? (size_t)index + 1 : 2 * m->nblind;

		if (!(p = realloc(m->blind, n)))
			return -ENOMEM;
		m->blind = p;
		memset(m->blind + m->nblind, 0, n - m->nblind);
		m->nblind = n;
	}
	return 0;
}

/* True when process pid is listed in the cgroup.procs of cgroup_fd. */
static bool cgroup_lists(struct monitor *m, int cgroup_fd, pid_t pid)
{
	char *p, *end;

	if (proc_read_all(cgroup_fd, "cgroup.procs", &m->ts.text) < 0)
		return false;
	for (p = m->ts.text.buf; *p; p = end) {
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		if (v == pid)
			return true;
	}
	return false;
}

/* Record where w's leader is at start, for the escape check: its cgroup path
 * when cgroup.procs confirms it is in its cgroup. A leader that is not there
 * has left already; one that cannot be read leaves the check off. */
static void leader_cgroup_init(struct monitor *m, struct mon_worker *w)
{
	char path[4096];

	if (taskset_cgroup_path(m->cfg.proc_dirfd, w->pid, path, sizeof(path)) < 0)
		return;
	if (!cgroup_lists(m, w->cgroup_fd, w->pid)) {
		w->escaped = true;
		notice(m, w, w->index, MONITOR_NOTICE_ESCAPED, 0);
		return;
	}
	w->cgpath = strdup(path);
}

/* Set up w's cgroup files: the threads list, the escape check and, under
 * SCOPE_TREE, the fast path when its cpu.stat reads. */
static void worker_cgroup_init(struct monitor *m, struct mon_worker *w)
{
	w->threads_fd = keep_open(m, w->index, w->cgroup_fd, "cgroup.threads", false);
	if (w->threads_fd < 0)
		w->threads_fd = -1; /* enumerate by open+read+close instead */
	if (m->cfg.scope != SCOPE_TREE)
		return;
	leader_cgroup_init(m, w);
	if (w->escaped || m->cfg.no_fast_path || m->cfg.untimed_only ||
	    probe_init(m, w->index, &w->cg, w->cgroup_fd) < 0)
		return;
	w->fast = true;
	run_probe_init(m, w->index, w->cgroup_fd);
	w->under_run = under_run(m, w->cgroup_fd);
}

int monitor_add_worker(struct monitor *m, unsigned index, pid_t pid, int pidfd,
		       int cgroup_fd)
{
	struct mon_worker *w;
	int r;

	if (pid <= 0)
		return -EINVAL;
	if (find_worker(m, index) < m->nw)
		return -EEXIST;
	if ((r = reserve_worker(m, index)) < 0)
		return r;
	w = &m->w[m->nw++];
	memset(w, 0, sizeof(*w));
	w->index = index;
	w->pid = pid;
	w->pidfd = pidfd;
	w->cgroup_fd = cgroup_fd;
	w->threads_fd = -1;
	w->cg.dirfd = w->cg.stat_fd = w->cg.pressure_fd = -1;
	tracker_init(&w->tr);
	tracker_set_need(&w->tr, m->cfg.stall_ticks);
	tracker_set_housekeeping(&w->tr, m->cfg.untimed_only);
	if (cgroup_fd >= 0)
		worker_cgroup_init(m, w);
	return 0;
}

/* Close every fd of task t, keeping m's count of kept fds. */
static void task_release(struct monitor *m, struct mon_task *t)
{
	drop_sample_fds(m, t);
	drop_fd(m, &t->state_fd);
}

/* Close the fds of every task of w and free its arrays. */
static void worker_release(struct monitor *m, struct mon_worker *w)
{
	for (size_t i = 0; i < w->ntasks; i++)
		task_release(m, &w->tasks[i]);
	drop_fd(m, &w->threads_fd);
	probe_release(m, &w->cg);
	free(w->tasks);
	free(w->spare);
	free(w->ids);
	free(w->cgpath);
	w->cgpath = NULL;
	w->ntasks = w->nids = w->cap = 0;
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
	probe_release(m, &m->run);
	drop_fd(m, &m->run.dirfd);
	free(m->w);
	free(m->notices);
	free(m->blind);
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

/* ---- enumeration and identity ------------------------------------------ */

/* True when w's pidfd says its thread group has exited. */
bool mon_worker_gone(const struct mon_worker *w)
{
	struct pollfd p = { .fd = w->pidfd, .events = POLLIN };

	if (w->pidfd < 0)
		return false;
	return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR));
}

/* True when w's leader is alive outside the cgroup it started in. */
static bool leader_escaped(struct monitor *m, struct mon_worker *w)
{
	char path[4096];

	if (!w->cgpath || mon_worker_gone(w) ||
	    taskset_cgroup_path(m->cfg.proc_dirfd, w->pid, path, sizeof(path)) < 0)
		return false;
	return !cgfile_path_within(path, w->cgpath);
}

/* When w's leader left its cgroup, say so once and follow it on the task
 * path from now on; returns true then. */
static bool check_escape(struct monitor *m, struct mon_worker *w)
{
	if (w->escaped || !leader_escaped(m, w))
		return false;
	w->escaped = true;
	w->fast = false;
	notice(m, w, w->index, MONITOR_NOTICE_ESCAPED, 0);
	return true;
}

/* Fill m->ts with the tasks of w in the configured scope (sorted). */
static int list_tasks(struct monitor *m, struct mon_worker *w)
{
	int dirfd = m->cfg.proc_dirfd, r = 0;

	taskset_clear(&m->ts);
	if (m->cfg.scope == SCOPE_LEADER)
		r = taskset_add_leader(&m->ts, w->pid);
	else if (m->cfg.scope == SCOPE_PROCESS)
		r = taskset_add_process(&m->ts, dirfd, w->pid);
	else if (w->cgroup_fd < 0 || w->escaped)
		r = taskset_add_tree(&m->ts, dirfd, w->pid);
	if (r == 0 && m->cfg.scope == SCOPE_TREE && w->cgroup_fd >= 0)
		r = taskset_add_cgroup(&m->ts, w->cgroup_fd, w->threads_fd, dirfd, w->ids, w->nids);
	taskset_finish(&m->ts);
	return r;
}

/* Enumerate w's tasks into m->ts; a failure (after a retry when it was out
 * of fds) is said once and leaves m->ts unusable (returns -errno). A leader
 * missing from its cgroup's list is checked for an escape, which switches w
 * to the children walk, listed again at once. */
static int enumerate(struct monitor *m, struct mon_worker *w)
{
	int r = list_tasks(m, w);

	if (r < 0 && fd_exhausted(m, w->index, r))
		r = list_tasks(m, w);
	if (r == 0 && w->cgroup_fd >= 0 && m->cfg.scope == SCOPE_TREE && !w->escaped &&
	    taskset_find(m->ts.ids, m->ts.n, w->pid) == m->ts.n && check_escape(m, w))
		r = list_tasks(m, w);
	if (r < 0 && r != -ENOMEM)
		notice(m, w, w->index, MONITOR_NOTICE_LIST_FAILED, r);
	return r;
}

/* Read the start time of task (pid, tid) into *start (the leader's, the
 * process's start, when tid is 0). Returns 0 or -errno. */
static int read_start(struct monitor *m, unsigned index, pid_t pid, pid_t tid, uint64_t *start)
{
	char rel[64];
	int r;

	if (tid)
		snprintf(rel, sizeof(rel), "%d/task/%d/stat", (int)pid, (int)tid);
	else
		snprintf(rel, sizeof(rel), "%d/stat", (int)pid);
	r = proc_read_start(m->cfg.proc_dirfd, rel, start);
	if (r < 0 && fd_exhausted(m, index, r))
		r = proc_read_start(m->cfg.proc_dirfd, rel, start);
	return r;
}

/* Open task t's sample fds to keep them, within the budget; past it (or out
 * of fds) t is read by path. Returns 0 or -errno (gone, unreadable). */
static int open_sample(struct monitor *m, struct mon_worker *w, struct mon_task *t)
{
	size_t need = m->cfg.source == SOURCE_STATUS ? 2 : 1;
	int r;

	if (!budget_allows(m, w->index, need, false))
		return 0;
	r = task_open(m->cfg.proc_dirfd, t->id.pid, t->id.tid, m->cfg.source, &t->h);
	if (r < 0 && fd_exhausted(m, w->index, r))
		r = task_open(m->cfg.proc_dirfd, t->id.pid, t->id.tid, m->cfg.source, &t->h);
	if (r == 0)
		m->nfds += need;
	else
		t->h.fd = t->h.fd_stat = -1;
	return fd_limit_err(r) ? 0 : r;
}

/* Start tracking a task that was just listed: keep its sample fds, then read
 * its start time (after the open, so a kept fd and the start time are of the
 * same task: if the tid was reused in between, the fd reads as gone). One
 * that cannot be read is kept as a dead tombstone, so it is not "new" at every
 * tick; a reason other than being gone is remembered in w->last_err. */
static void task_start(struct monitor *m, struct mon_worker *w, struct mon_task *t,
		       const struct task_id *id)
{
	int r;

	memset(t, 0, sizeof(*t));
	t->id = *id;
	t->state_fd = -1;
	t->h = (struct task_handle){ id->pid, id->tid, m->cfg.source, -1, -1 };
	tracker_task_init(&t->tt);
	r = open_sample(m, w, t);
	if (r == 0)
		r = read_start(m, w->index, id->pid, id->tid, &t->start);
	if (r < 0) {
		task_release(m, t);
		t->tt.dead = true;
		if (!gone_err(r))
			w->last_err = r;
		return;
	}
	if (id->tid == id->pid)
		t->pstart = t->start;
}

/* Stop tracking a task that left the set; returns true when that is
 * progress (it was live). */
static bool task_stop(struct monitor *m, struct mon_task *t)
{
	task_release(m, t);
	return !t->tt.dead;
}

/* Known task t is listed again: keep it, unless it is a tombstone (its fd
 * failed, it could not be read, or it was read dead), whose tid may now be
 * another task's: then it is started afresh into out, and the same zombie
 * (the same start time) stays a quiet tombstone. Returns true when that is
 * a new live task. */
static bool relist(struct monitor *m, struct mon_worker *w, struct mon_task *t,
		   const struct task_id *id, struct mon_task *out)
{
	struct mon_task old;

	if (!t->tt.dead) {
		*out = *t;
		return false;
	}
	old = *t;
	task_release(m, t);
	task_start(m, w, out, id);
	if (out->tt.dead || !tracker_state_dead(old.tt.state) || out->start != old.start)
		return !out->tt.dead;
	task_release(m, out);
	*out = old; /* the same zombie, still listed */
	out->h.fd = out->h.fd_stat = out->state_fd = -1;
	return false;
}

/* Index of the task of w with thread id tid, or w->ntasks. */
static size_t find_task(const struct mon_worker *w, pid_t tid)
{
	size_t lo = 0, hi = w->ntasks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->tasks[mid].id.tid == tid)
			return mid;
		if (w->tasks[mid].id.tid < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return w->ntasks;
}

/* Fill the start time of the thread group of w's new threads (those that
 * are not their group's leader): from the leader's entry when it is listed
 * and was read, else from "<pid>/stat". */
static void fill_pstarts(struct monitor *m, struct mon_worker *w)
{
	for (size_t i = 0; i < w->ntasks; i++) {
		struct mon_task *t = &w->tasks[i];
		size_t l;

		if (t->pstart || t->tt.dead)
			continue;
		l = find_task(w, t->id.pid);
		if (l < w->ntasks && w->tasks[l].start)
			t->pstart = w->tasks[l].start;
		else if (read_start(m, w->index, t->id.pid, 0, &t->pstart) < 0)
			t->pstart = 0;
	}
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
		if (i < w->ntasks && w->tasks[i].id.tid == nw[j].tid) {
			*changed |= relist(m, w, &w->tasks[i++], &nw[j], &w->spare[out]);
		} else {
			task_start(m, w, &w->spare[out], &nw[j]);
			*changed = true;
		}
		out++;
		j++;
	}
	tmp = w->tasks;
	w->tasks = w->spare;
	w->spare = tmp;
	w->ntasks = out;
	fill_pstarts(m, w);
	return 0;
}

/* Make w->ids the ids of w's live tasks: the set the cgroup list may map
 * tids through (a dead task's tid may be another process's now). */
static void known_ids(struct mon_worker *w)
{
	w->nids = 0;
	for (size_t k = 0; k < w->ntasks; k++)
		if (!w->tasks[k].tt.dead)
			w->ids[w->nids++] = w->tasks[k].id;
}

/* Enumerate w's tasks and merge them in; on a listing error w keeps the
 * tasks it knows. Call it after the known tasks were sampled this tick, so
 * those that ended are known dead. Returns 0 or -ENOMEM. */
static int refresh(struct monitor *m, struct mon_worker *w, bool *changed)
{
	int r;

	known_ids(w);
	r = enumerate(m, w);
	w->since_enum = 0;
	if (r == -ENOMEM)
		return r;
	return r < 0 ? 0 : merge(m, w, changed);
}

/* ---- sampling ---------------------------------------------------------- */

/* Put the path of task id's stat file, relative to the proc root, in rel. */
static void stat_path(const struct task_id *id, char *rel, size_t size)
{
	snprintf(rel, size, "%d/task/%d/stat", (int)id->pid, (int)id->tid);
}

/* The kind of wait task id is in, from its syscall file (WAIT_UNKNOWN when
 * unreadable). */
enum wait_kind mon_task_wait(int dirfd, const struct task_id *id, bool *reaping, pid_t *joins)
{
	struct syscall_info si;
	char rel[64], text[256];
	ssize_t n;

	*reaping = false;
	*joins = 0;
	snprintf(rel, sizeof(rel), "%d/task/%d/syscall", (int)id->pid, (int)id->tid);
	n = proc_read(dirfd, rel, text, sizeof(text));
	if (n < 0 || syscall_parse(text, (size_t)n, &si) < 0)
		return WAIT_UNKNOWN;
	*reaping = syscall_reaps(&si);
	*joins = syscall_joins(&si);
	return syscall_wait_kind(&si);
}

/* Read the state and comm of task id from its stat; returns 0 or -errno. */
int mon_read_stat(int dirfd, const struct task_id *id, struct taskstat_info *st)
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
 * stat fd (the sample's own for SOURCE_STATUS, else one opened now while
 * three quarters of the fd budget allow: the rest stays for the sample fds of
 * tasks that appear later), or else by path: then a start time that is not
 * t's says its tid is another task's now, and t reads as gone ('X'). */
static char read_state(struct monitor *m, struct mon_worker *w, struct mon_task *t)
{
	int *fd = t->h.fd_stat >= 0 ? &t->h.fd_stat : &t->state_fd;
	struct taskstat_info st;
	char rel[64], text[1024];
	ssize_t n;

	stat_path(&t->id, rel, sizeof(rel));
	if (*fd < 0 && m->nfds < m->max_fds - m->max_fds / 4)
		t->state_fd = keep_open(m, w->index, m->cfg.proc_dirfd, rel, true);
	if (t->state_fd < 0)
		t->state_fd = -1;
	fd = t->h.fd_stat >= 0 ? &t->h.fd_stat : &t->state_fd;
	if (*fd >= 0)
		n = proc_pread(*fd, text, sizeof(text));
	else
		n = read_path(m, w->index, m->cfg.proc_dirfd, rel, text, sizeof(text));
	if (n < 0 || taskstat_parse(text, (size_t)n, &st) < 0)
		return '?';
	if (*fd < 0 && t->start && st.starttime != t->start)
		return 'X';
	return st.state;
}

/* Whether to read the state of flat task t of w this tick. A task seen
 * runnable stays so while flat (it cannot leave R without running, which
 * would move its counters): no read. On the task path, in a worker whose
 * stall has already fired and that stays flat (a long idle wait), a task last
 * seen asleep or stopped is read every ENUM_EVERY ticks (staggered by tid)
 * instead of every tick: a wake-up without a run is then seen up to
 * ENUM_EVERY - 1 ticks late, and nothing else depends on it. (The fast path
 * reads tasks only when its gates say a verdict may need them.) */
static bool state_due(const struct mon_worker *w, const struct mon_task *t)
{
	if (t->tt.r_run > 0)
		return false;
	if (!w->task_tick || !w->tr.fired || t->tt.state == '\0')
		return true;
	return (w->ticks + (unsigned)t->id.tid) % ENUM_EVERY == 0;
}

/* Read one sample of t: through its kept fd, or by path; -errno on failure. */
static int sample_task(struct monitor *m, struct mon_worker *w, struct mon_task *t,
		       struct sample *s)
{
	int r;

	if (t->h.fd >= 0)
		return task_sample(&t->h, s);
	r = task_sample_at(m->cfg.proc_dirfd, t->id.pid, t->id.tid, m->cfg.source, s);
	if (r < 0 && fd_exhausted(m, w->index, r))
		r = task_sample_at(m->cfg.proc_dirfd, t->id.pid, t->id.tid, m->cfg.source, s);
	return r;
}

/* A sample of t failed with err. A task that is gone or unreadable (the
 * reason kept in w->last_err) becomes dead: that is progress (it vanished),
 * unless quiet (fast path, after a gap: not news of this tick). Out of fds,
 * its progress is unknown this tick: counted as progress, so that what cannot
 * be seen never makes a verdict. Returns whether it is progress. */
static bool sample_failed(struct monitor *m, struct mon_worker *w, struct mon_task *t, int err,
			  bool quiet)
{
	if (fd_limit_err(err))
		return true;
	task_release(m, t);
	t->tt.dead = true;
	if (!gone_err(err))
		w->last_err = err;
	return !quiet;
}

/* Put into t's window, before its sample s, the sample it had at its
 * worker's previous tick (prev_ns): the same counters, since the worker's
 * cgroup did not run in between (doc/detection.md, "Back-dated samples"). */
static void push_backdated(struct mon_task *t, const struct sample *s, uint64_t prev_ns)
{
	struct sample b = *s;

	if (!prev_ns)
		return;
	b.t_ns = prev_ns;
	window_push(&t->tt.win, &b);
}

/* --spin-after: advance t's spin with sample s, against its last sample
 * when it was sampled at the previous tick (no gap). */
static void spin_sample(struct monitor *m, struct mon_task *t, bool gap, const struct sample *s)
{
	const struct window *win = &t->tt.win;
	const struct sample *prev = win->count ? &win->s[(win->head + win->count - 1) % STALL_WINDOW]
					       : NULL;

	mon_spin_step(m, t, !gap && prev != NULL, prev, s);
}

/* Sample task t of w once into t->obs; returns true when that is progress:
 * its counters moved, or it is gone (it becomes dead). The state is read
 * only for flat counters, when state_due says so. backdate: w's cgroup did
 * not run since its previous tick, so a task not sampled then is back-dated
 * to it. On the fast path a task not sampled at the previous tick (a gap)
 * restarts its run of runnable samples, and its end is not news. */
static bool observe(struct monitor *m, struct mon_worker *w, struct mon_task *t, bool backdate)
{
	struct tracker_obs *o = &t->obs;
	bool gap = t->observed == 0 || t->observed + 1 != w->ticks, quiet = w->fast && gap;
	struct sample s;
	int r;

	t->observed = w->ticks;
	o->flat = false;
	o->state = '\0';
	o->wait = WAIT_NONE;
	t->reaping = false;
	t->joins = 0;
	if (t->tt.dead)
		return false;
	if (gap)
		t->tt.r_run = 0;
	if ((r = sample_task(m, w, t, &s)) < 0)
		return sample_failed(m, w, t, r, quiet);
	if (m->cfg.spin_ns) {
		spin_sample(m, t, gap, &s);
		w->spin_pending |= t->spin_now;
	}
	if (backdate && gap)
		push_backdated(t, &s, w->prev_ns);
	o->flat = tracker_task_push(&t->tt, &s);
	if (o->flat && t->tt.r_run > 0)
		o->state = 'R';
	else if (o->flat && state_due(w, t))
		o->state = read_state(m, w, t);
	if (w->tr.housekeeping)
		o->wait = mon_task_wait(m->cfg.proc_dirfd, &t->id, &t->reaping, &t->joins);
	if (quiet && tracker_state_dead(o->state)) {
		task_release(m, t);
		t->tt.dead = true;
		t->tt.state = o->state;
	}
	/* with housekeeping set aside, whether a move is progress is the
	 * tracker's to say (tracker_tick_task) */
	return !o->flat && !w->tr.housekeeping;
}

/* Sample the tasks of w not yet observed this tick; returns true when one
 * progressed. */
static bool observe_all(struct monitor *m, struct mon_worker *w, bool backdate)
{
	bool progress = false;

	for (size_t i = 0; i < w->ntasks; i++)
		if (w->tasks[i].observed != w->ticks)
			progress |= observe(m, w, &w->tasks[i], backdate);
	return progress;
}

/* After w's tasks were read: a live worker with none readable, BLIND_PASSES
 * times in a row, is unreadable (said once with the reason; not observed
 * until one of its tasks is read). */
static void check_readable(struct monitor *m, struct mon_worker *w)
{
	for (size_t i = 0; i < w->ntasks; i++) {
		if (!w->tasks[i].tt.dead) {
			w->blind_passes = 0;
			set_blind(m, w->index, false);
			return;
		}
	}
	if (w->pidfd < 0 || mon_worker_gone(w) || ++w->blind_passes < BLIND_PASSES)
		return;
	notice(m, w, w->index, MONITOR_NOTICE_UNREADABLE, w->last_err ? w->last_err : -ENOENT);
	set_blind(m, w->index, true);
}

/* Feed the tracker one tick of w: progress, and each task's observation when
 * fed (its tasks were read this tick). Dead tasks' fds are released. */
static void decide(struct mon_worker *w, bool progress, bool fed, struct tracker_verdict *v)
{
	tracker_tick_begin(&w->tr, v, progress);
	for (size_t i = 0; fed && i < w->ntasks; i++)
		tracker_tick_task(v, &w->tasks[i].tt, &w->tasks[i].obs);
	tracker_tick_end(&w->tr, v);
}

/* Release the fds of w's tasks that died this tick. */
static void release_dead(struct monitor *m, struct mon_worker *w)
{
	for (size_t i = 0; i < w->ntasks; i++)
		if (w->tasks[i].tt.dead)
			task_release(m, &w->tasks[i]);
}

/* Whether w's tasks are listed again this tick on the task path: every
 * ENUM_EVERY ticks. For a small worker of the fast path, only when a task it
 * gained since (unseen until listed) may have waited for a CPU through a
 * whole tick, as the run's and then its own cpu.pressure say: a new task's
 * starvation is all such a listing could add (its progress is found by the
 * listing that precedes every verdict), and one pressure read costs half of
 * a listing (a list read to its end takes two). */
static bool list_due(struct monitor *m, struct mon_worker *w)
{
	if (++w->since_enum < ENUM_EVERY)
		return false;
	if (!w->fast)
		return true;
	w->since_enum = 0;
	return worker_waited(m, w);
}

/* Whether a flat tick of w now would fire its worker stall. */
static bool stall_due(const struct mon_worker *w)
{
	return !w->tr.fired && w->tr.flat_ticks + 1 >= w->tr.need;
}

/* The task path: sample every task of w once and decide. */
static int task_path_tick(struct monitor *m, struct mon_worker *w, struct tracker_verdict *v)
{
	bool changed = false, progress, verdict_due;
	int r;

	w->task_tick = true;
	w->passed = false;
	progress = observe_all(m, w, false);
	verdict_due = !progress && stall_due(w);
	if (w->ntasks == 0 || verdict_due || list_due(m, w)) {
		if ((r = refresh(m, w, &changed)) < 0) {
			w->task_tick = false;
			return r;
		}
		progress |= observe_all(m, w, false); /* the tasks that appeared */
		check_readable(m, w);
	}
	decide(w, changed || progress, true, v);
	release_dead(m, w);
	w->task_tick = false;
	return 0;
}

/* Fast path: true when this flat tick is one of the last W-1 before w's
 * stall would fire (its tasks then need reading: back-dating fills the
 * window from the first of them, doc/detection.md), and it has not fired. */
static bool verdict_near(const struct mon_worker *w)
{
	return !w->tr.fired && w->tr.flat_ticks + 1 + (STALL_WINDOW - 2) >= w->tr.need;
}

/* Fast path: true when the run's cgroup did not move this tick, so neither
 * did w's (it is below it): nothing needs to be read to know it. */
static bool run_still(const struct monitor *m, const struct mon_worker *w)
{
	return w->under_run && m->run_known && !m->run_moved;
}

/* The fast path (doc/detection.md): w's progress is its cgroup's usage; its
 * tasks are read only when a verdict may come (no move, not fired) or when
 * a task may have waited for a CPU through the whole tick (starvation). A
 * worker of at most SMALL_TASKS tasks is sampled task by task whenever the
 * run moved (as cheap as its cgroup's files, and no gate needed). Falls back
 * to the task path for good when cpu.stat stops reading or the leader left
 * the cgroup. */
static int fast_tick(struct monitor *m, struct mon_worker *w, struct tracker_verdict *v)
{
	bool still = run_still(m, w), changed = false, progress = false, pass, list;
	int moved, r;

	if (!still && w->ntasks > 0 && w->ntasks <= SMALL_TASKS) {
		w->cg_stale = true; /* its usage is read no more: the last read is old */
		return task_path_tick(m, w, v);
	}
	moved = still && w->cg.have_usage ? 0 : probe_moved(m, w->index, &w->cg);
	if (moved > 0 && ++w->since_escape >= ESCAPE_EVERY) {
		w->since_escape = 0;
		check_escape(m, w);
	}
	if (moved < 0 || !w->fast)
		w->fast = false;
	if (moved < 0 || !w->fast || (w->cg_stale && !still)) {
		w->cg_stale = false; /* a usage just read moved against an old one */
		return task_path_tick(m, w, v);
	}
	pass = worker_waited(m, w) || (!moved && verdict_near(w)) || (moved && spin_gate(m, w));
	/* listed at the first pass, and at the tick where a stall would fire,
	 * so that its report names every task (as on the task path) */
	list = pass && (!w->passed || w->ntasks == 0 || (!moved && stall_due(w)) ||
			(moved && ++w->since_enum >= ENUM_EVERY));
	if (pass) {
		progress = observe_all(m, w, !moved); /* the known tasks, ended ones die */
		if (list && (r = refresh(m, w, &changed)) < 0)
			return r;
		progress |= observe_all(m, w, !moved); /* the tasks that appeared */
		check_readable(m, w);
	}
	w->passed = pass;
	decide(w, moved || progress, pass, v); /* appearing needs running: moved */
	release_dead(m, w);
	return 0;
}

/* Whether w's worker stall, due by its ticks, comes before its flat span
 * has lasted need intervals by the clock (less half of one): ticks that ran
 * late and then close together (a loaded machine) are fewer than they count. */
static bool stall_too_soon(const struct monitor *m, const struct mon_worker *w)
{
	uint64_t span = m->cfg.interval_ns * w->tr.need, flat = m->now_ns - w->progress_ns;

	return m->cfg.interval_ns && m->now_ns > w->progress_ns && flat + m->cfg.interval_ns / 2 < span;
}

static void settle(struct monitor *m, struct mon_worker *w, uint64_t now);

/* One tick of w: the fast path or the task path. A held or settling worker
 * is not sampled (see monitor_hold, settle). */
static int worker_tick(struct monitor *m, struct mon_worker *w, struct tracker_verdict *v)
{
	bool settling = w->settle_until != 0;
	int r;

	if (settling && !w->held)
		settle(m, w, m->now_ns); /* sampled from the tick after it ends */
	if (w->held || settling) {
		memset(v, 0, sizeof(*v));
		return 0;
	}
	if (++w->ticks == 0)
		w->ticks = 1; /* 0 means "never observed" */
	r = w->fast ? fast_tick(m, w, v) : task_path_tick(m, w, v);
	w->prev_ns = m->now_ns;
	if (r == 0 && (v->progress || w->progress_ns == 0))
		w->progress_ns = m->now_ns;
	else if (r == 0 && w->tr.housekeeping && w->tr.flat_ticks * m->tick_ns < m->now_ns)
		/* counted back: housekeeping's moves were not progress */
		w->progress_ns = m->now_ns - w->tr.flat_ticks * m->tick_ns;
	if (r == 0 && v->worker_stall && stall_too_soon(m, w)) {
		v->worker_stall = false; /* judged again at the next tick */
		tracker_rearm(&w->tr);
	}
	return r;
}

void monitor_hold(struct monitor *m, unsigned index)
{
	size_t i = find_worker(m, index);

	if (i < m->nw)
		m->w[i].held++;
}

/* Make the current counters of w's tasks the base of their windows (the
 * last sample is replaced, not followed: no flatness is judged against it),
 * their facts the base of a fired spin, and its cgroup's usage the base of
 * the fast path. */
static void rebase(struct monitor *m, struct mon_worker *w)
{
	struct sample s;

	for (size_t k = 0; k < w->ntasks; k++) {
		struct mon_task *t = &w->tasks[k];
		struct window *win = &t->tt.win;

		if (t->tt.dead || win->count == 0 || sample_task(m, w, t, &s) < 0)
			continue;
		win->s[(win->head + win->count - 1) % STALL_WINDOW] = s;
		if (m->cfg.spin_ns)
			mon_spin_rebase(m, t);
	}
	if (w->fast)
		probe_moved(m, w->index, &w->cg);
}

/* True when a live task of w is runnable (state R), reading their stat
 * files up to the first one; an unreadable one does not count. */
static bool any_runnable(const struct monitor *m, const struct mon_worker *w)
{
	struct taskstat_info st;

	for (size_t k = 0; k < w->ntasks; k++)
		if (!w->tasks[k].tt.dead &&
		    mon_read_stat(m->cfg.proc_dirfd, &w->tasks[k].id, &st) == 0 && st.state == 'R')
			return true;
	return false;
}

/* After its hold (at now): rebase w once none of its tasks is runnable, or
 * once its settle bound passed; until then w->settle_until is set and w is
 * not sampled. A thread that a report's ptrace interrupt woke from its wait
 * runs to re-enter it, which is not progress; on a loaded machine it may
 * wait for a CPU long after the report (seconds), and a rebase taken before
 * it ran would count that run as progress and report the stall again. */
static void settle(struct monitor *m, struct mon_worker *w, uint64_t now)
{
	uint64_t span = m->cfg.interval_ns * STALL_WINDOW;

	if (w->settle_until == 0)
		w->settle_until = now + (span > SETTLE_MIN_NS ? span : SETTLE_MIN_NS);
	if (now < w->settle_until && any_runnable(m, w))
		return;
	w->settle_until = 0;
	rebase(m, w);
}

int mon_relist(struct monitor *m, struct mon_worker *w)
{
	bool changed = false;

	return refresh(m, w, &changed);
}

int monitor_capture(struct monitor *m, unsigned index, enum stall_class cls,
		    struct stall_event *ev)
{
	size_t i = find_worker(m, index);
	int r;

	memset(ev, 0, sizeof(*ev));
	if (i == m->nw)
		return -ENOENT;
	if ((r = mon_relist(m, &m->w[i])) < 0)
		return r;
	return mon_capture_event(m, &m->w[i], cls, ev);
}

void monitor_release(struct monitor *m, unsigned index, bool settle_first)
{
	size_t i = find_worker(m, index);

	if (i == m->nw || m->w[i].held == 0 || --m->w[i].held > 0)
		return;
	m->w[i].settle_until = 0;
	if (settle_first)
		settle(m, &m->w[i], monotonic_ns());
	else
		rebase(m, &m->w[i]);
}

int monitor_tick(struct monitor *m, struct stall_event **evs, size_t *nevs)
{
	uint64_t now = monotonic_ns();
	int total = 0, err = 0;

	m->tick_ns = m->now_ns ? now - m->now_ns : 0;
	m->now_ns = now;
	if (++m->ticks == 0)
		m->ticks = 1; /* 0 means "never" in cg_probe.some_tick */
	run_probe_tick(m);
	for (size_t i = 0; i < m->nw; i++) {
		struct tracker_verdict v;
		int r = worker_tick(m, &m->w[i], &v);

		if (r == 0)
			r = mon_worker_events(m, &m->w[i], &v, evs, nevs);
		if (r > 0)
			total += r;
		else if (r < 0 && !err)
			err = r;
	}
	return err == -ENOMEM ? err : total;
}
