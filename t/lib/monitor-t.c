/* Tests for lib/monitor.c: fixture workers of every class and live workers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "basic.h"
#include "procfix.h"
#include "monitor.h"
#include "proc.h"

/* Events of the last ticks. */
struct evs {
	struct stall_event *ev;
	size_t n;
};

/* Free every event held and empty e. */
static void evs_clear(struct evs *e)
{
	for (size_t i = 0; i < e->n; i++)
		stall_event_free(&e->ev[i]);
	free(e->ev);
	e->ev = NULL;
	e->n = 0;
}

/* A monitor over dirfd with scope, reporting every class. */
static struct monitor *new_monitor(int dirfd, enum sample_source src, enum monitor_scope scope,
				   unsigned mask)
{
	struct monitor_config cfg = {
		.proc_dirfd = dirfd, .source = src, .scope = scope, .class_mask = mask,
		.policy = POLICY_LOG, .can_stack = false, .start_ns = 1, .max_fds = 4096,
	};
	struct monitor *m;
	int r = monitor_new(&cfg, &m);

	if (r < 0)
		bail("monitor_new: %s", strerror(-r));
	return m;
}

/* Whether this test runs under valgrind (make check-valgrind). */
static bool under_valgrind(void)
{
	const char *preload = getenv("LD_PRELOAD");

	return preload != NULL && strstr(preload, "vgpreload") != NULL;
}

/* Tick m n times (sleeping ms between ticks), collecting events into e. */
static void ticks(struct monitor *m, unsigned n, unsigned ms, struct evs *e)
{
	for (unsigned i = 0; i < n; i++) {
		int r = monitor_tick(m, &e->ev, &e->n);

		if (r < 0)
			diag("monitor_tick: %s", strerror(-r));
		if (ms)
			usleep(ms * 1000);
	}
}

/* Tick m until an event arrives or max ticks pass; returns the ticks done. */
static unsigned tick_until_event(struct monitor *m, unsigned max, struct evs *e)
{
	unsigned i;

	for (i = 1; i <= max; i++) {
		monitor_tick(m, &e->ev, &e->n);
		if (e->n)
			break;
		usleep(20000);
	}
	return i;
}

/* A flat fixture worker fires at sample W with class cls naming tid. */
static void test_fixture_class(const char *name, enum monitor_scope scope,
			       enum stall_class cls, pid_t tid)
{
	char rel[64];
	struct evs e = { 0 };
	struct monitor *m;
	int dirfd;

	snprintf(rel, sizeof(rel), "proc/mon-%s", name);
	dirfd = procfix_root(rel);
	m = new_monitor(dirfd, SOURCE_SCHEDSTAT, scope, STALL_CLASS_ALL);
	is_int(0, monitor_add_worker(m, 3, 4242, -1, -1), "%s: add worker", name);
	ticks(m, STALL_WINDOW - 1, 0, &e);
	is_int(0, (long long)e.n, "%s/%s: W-1 samples do not fire", name, monitor_scope_name(scope));
	ticks(m, 1, 0, &e);
	if (!ok(e.n == 1, "%s/%s: sample W fires one event", name, monitor_scope_name(scope))) {
		skip(9, "no event");
	} else {
		struct stall_event *ev = &e.ev[0];

		is_str(stall_class_name(cls), stall_class_name(ev->cls), "%s: class", name);
		is_int(tid, ev->tid, "%s: names task %d", name, (int)tid);
		is_int(4242, ev->pid, "%s: pid", name);
		is_int(3, ev->worker, "%s: worker index", name);
		ok(ev->whole_worker, "%s: whole worker", name);
		is_str("bench", ev->comm, "%s: comm", name);
		ok(ev->nprocs == 1 && ev->procs[0].pid == 4242, "%s: procs = the worker", name);
		is_int(STALL_WINDOW, ev->nwindow, "%s: window of W samples", name);
		ok(ev->action && strcmp(ev->action->name, "log") == 0, "%s: action log", name);
	}
	evs_clear(&e);
	ticks(m, STALL_WINDOW + 20, 0, &e);
	is_int(0, (long long)e.n, "%s: fires once", name);
	evs_clear(&e);
	monitor_free(m);
	close(dirfd);
}

/* Diagnostics and masks over the sleeping fixture. */
static void test_fixture_details(void)
{
	int dirfd = procfix_root("proc/mon-sleeping");
	struct monitor *m = new_monitor(dirfd, SOURCE_SCHEDSTAT, SCOPE_TREE, STALL_CLASS_ALL);
	struct evs e = { 0 };

	monitor_add_worker(m, 0, 4242, -1, -1);
	is_int(-EEXIST, monitor_add_worker(m, 0, 4242, -1, -1), "worker index added twice");
	ticks(m, STALL_WINDOW, 0, &e);
	if (ok(e.n == 1, "sleeping fixture fires under the tree scope")) {
		const struct diag *d = &e.ev[0].diag;

		is_int(2, (long long)d->nthreads, "diag lists both threads");
		ok(d->nthreads == 2 && d->threads[0].tid == 4242 && d->threads[1].tid == 4243,
		   "threads in tid order");
		is_str("__do_sys_pause", d->nthreads ? d->threads[0].wchan : "", "wchan read");
		ok(d->nthreads == 2 && d->threads[1].state == 'S', "thread state read");
		is_int(2, (long long)d->ntasks, "both tasks are stalled tasks in the diagnostics");
	} else {
		skip(5, "no event");
	}
	evs_clear(&e);
	monitor_worker_exited(m, 0);
	is_int(0, (long long)monitor_nworkers(m), "worker_exited stops watching");
	monitor_worker_exited(m, 0);
	monitor_free(m);

	m = new_monitor(dirfd, SOURCE_SCHEDSTAT, SCOPE_TREE, 1u << STALL_STARVED);
	monitor_add_worker(m, 0, 4242, -1, -1);
	ticks(m, STALL_WINDOW + 5, 0, &e);
	is_int(0, (long long)e.n, "a class outside --stall-on is consumed silently");
	monitor_free(m);
	close(dirfd);
}

/* Wait until child pid has exited, leaving it a zombie (not reaped). */
static void wait_zombie(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) != 0)
		sysbail("waitid");
}

/* A fixture worker whose pidfd says it exited is never reported. */
static void test_fixture_pidfd(void)
{
	int dirfd = procfix_root("proc/mon-sleeping");
	struct monitor *m = new_monitor(dirfd, SOURCE_SCHEDSTAT, SCOPE_TREE, STALL_CLASS_ALL);
	struct evs e = { 0 };
	pid_t child = fork();
	int pidfd;

	if (child == 0)
		_exit(0);
	pidfd = (int)syscall(SYS_pidfd_open, child, 0);
	wait_zombie(child);
	if (pidfd < 0) {
		skip(1, "no pidfd_open");
	} else {
		monitor_add_worker(m, 0, 4242, pidfd, -1);
		ticks(m, STALL_WINDOW + 5, 0, &e);
		is_int(0, (long long)e.n, "readable pidfd suppresses the event");
		close(pidfd);
	}
	waitpid(child, NULL, 0);
	monitor_free(m);
	close(dirfd);
}

/* Config and scope names. */
static void test_config(void)
{
	struct monitor_config cfg = { .proc_dirfd = -1 };
	enum monitor_scope s;
	struct monitor *m = NULL;

	is_int(-EINVAL, monitor_new(&cfg, &m), "monitor_new rejects a bad proc root");
	is_int(0, monitor_scope_parse("tree", &s), "parse tree");
	is_int(SCOPE_TREE, s, "tree");
	is_int(0, monitor_scope_parse("process", &s), "parse process");
	is_int(SCOPE_PROCESS, s, "process");
	is_int(0, monitor_scope_parse("leader", &s), "parse leader");
	is_int(SCOPE_LEADER, s, "leader");
	is_int(-EINVAL, monitor_scope_parse("Tree", &s), "reject Tree");
	is_int(-EINVAL, monitor_scope_parse("", &s), "reject empty");
	is_str("leader", monitor_scope_name(SCOPE_LEADER), "name leader");
	monitor_free(NULL);
}

/* Fork a child running fn; returns its pid. */
static pid_t spawn(void (*fn)(void))
{
	pid_t pid = fork();

	if (pid < 0)
		sysbail("fork");
	if (pid == 0) {
		fn();
		_exit(0);
	}
	return pid;
}

/* Child bodies. */
static void body_spin(void)
{
	for (volatile unsigned long i = 0;; i++)
		;
}

/* Busy without hogging a CPU: wake every 2 ms, for good. */
static void body_wake(void)
{
	for (;;)
		usleep(2000);
}

static void body_pause(void)
{
	for (;;)
		pause();
}

/* Thread of body_many: sleep for good. */
static void *pause_thread(void *arg)
{
	(void)arg;
	body_pause();
	return NULL;
}

#define MANY_THREADS (DIAG_MAX_THREADS + 36)

/* MANY_THREADS tasks in all, every one asleep. */
static void body_many(void)
{
	pthread_t t;

	for (int i = 1; i < MANY_THREADS; i++)
		pthread_create(&t, NULL, pause_thread, NULL);
	body_pause();
}

static void body_exit(void)
{
	_exit(0);
}

/* Thread of body_join: spin. */
static void *spin_thread(void *arg)
{
	(void)arg;
	body_spin();
	return NULL;
}

static void body_join(void)
{
	pthread_t t;

	pthread_create(&t, NULL, spin_thread, NULL);
	pthread_join(t, NULL);
}

/* State letter of pid from /proc, or '?'. */
static char state_of(int dirfd, pid_t pid)
{
	char rel[32], buf[512], *p;

	snprintf(rel, sizeof(rel), "%d/stat", (int)pid);
	if (proc_read(dirfd, rel, buf, sizeof(buf)) < 0 || !(p = strrchr(buf, ')')))
		return '?';
	return p[2];
}

/* Wait (up to 5 s) until pid shows state c. */
static void wait_state(int dirfd, pid_t pid, char c)
{
	for (int i = 0; i < 500 && state_of(dirfd, pid) != c; i++)
		usleep(10000);
}

/* End a live child by pid and reap it. */
static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* One live worker under one scope: expect a class, or no event (cls < 0). */
static void live_case(const char *what, int dirfd, enum sample_source src, pid_t pid,
		      enum monitor_scope scope, int cls, unsigned max)
{
	struct monitor *m = new_monitor(dirfd, src, scope, STALL_CLASS_ALL);
	struct evs e = { 0 };

	monitor_add_worker(m, 0, pid, -1, -1);
	if (cls < 0) {
		ticks(m, max, 100, &e); /* a loaded machine may starve a spinner 60 ms */
		is_int(0, (long long)e.n, "%s/%s: not reported over %u ticks", what,
		       monitor_scope_name(scope), max);
	} else {
		unsigned n = tick_until_event(m, max, &e);

		if (ok(e.n == 1, "%s/%s: reported (after %u ticks)", what, monitor_scope_name(scope), n)) {
			is_str(stall_class_name((enum stall_class)cls), stall_class_name(e.ev[0].cls),
			       "%s: class", what);
			is_int(pid, e.ev[0].tid, "%s: names the main thread", what);
			ok(n >= STALL_WINDOW, "%s: not before W samples", what);
		} else {
			skip(3, "no event");
		}
	}
	evs_clear(&e);
	monitor_free(m);
}

/* Live workers: spinning, stopped, sleeping, joining, exited. */
static void test_live(void)
{
	int dirfd = proc_root_open(NULL);
	enum sample_source src;
	struct evs e = { 0 };
	pid_t pid;
	int pidfd;

	if (sample_source_choose(dirfd, "thread-self", &src) < 0) {
		skip(1, "no usable sample source");
		return;
	}
	diag("live source: %s", sample_source_name(src));
	pid = spawn(body_spin);
	live_case("spinning", dirfd, src, pid, SCOPE_TREE, -1, 10);
	reap(pid);

	pid = spawn(body_pause);
	kill(pid, SIGSTOP);
	waitpid(pid, NULL, WUNTRACED);
	live_case("stopped", dirfd, src, pid, SCOPE_TREE, STALL_STOPPED, 250);
	reap(pid);

	pid = spawn(body_pause);
	wait_state(dirfd, pid, 'S');
	{
		struct monitor *m = new_monitor(dirfd, src, SCOPE_TREE, STALL_CLASS_ALL);

		monitor_add_worker(m, 0, pid, -1, -1);
		tick_until_event(m, 60, &e);
		if (ok(e.n == 1 && e.ev[0].cls == STALL_SLEEPING, "pause(): reported sleeping")) {
			const struct diag *d = &e.ev[0].diag;

			ok(d->nthreads == 1 && d->threads[0].wchan[0] != '\0',
			   "pause(): wchan \"%s\"", d->nthreads ? d->threads[0].wchan : "");
		} else {
			skip(1, "no event");
		}
		evs_clear(&e);
		monitor_free(m);
	}
	reap(pid);

	pid = spawn(body_many);
	usleep(200000);
	if (under_valgrind()) {
		/* its 100 threads, run one at a time by valgrind, did not settle
		 * within 20 s in CI */
		skip(6, "under valgrind");
	} else {
		struct monitor *m = new_monitor(dirfd, src, SCOPE_TREE, STALL_CLASS_ALL);

		monitor_add_worker(m, 0, pid, -1, -1);
		tick_until_event(m, 250, &e);
		if (ok(e.n == 1, "many threads: reported")) {
			const struct diag *d = &e.ev[0].diag;

			is_int(DIAG_MAX_THREADS, d->nthreads, "many threads: thread list capped");
			is_int(MANY_THREADS, d->nthreads_total, "many threads: total counted");
			is_int(DIAG_MAX_TASKS, d->ntasks, "many threads: full diagnostics capped");
			is_int(MANY_THREADS, d->ntasks_total, "many threads: stalled tasks counted");
			is_int(pid, d->tasks[0].tid, "many threads: the named task comes first");
		} else {
			skip(5, "no event");
		}
		evs_clear(&e);
		monitor_free(m);
	}
	reap(pid);

	pid = spawn(body_join);
	usleep(50000);
	live_case("join", dirfd, src, pid, SCOPE_TREE, -1, 10);
	live_case("join", dirfd, src, pid, SCOPE_PROCESS, -1, 10);
	live_case("join", dirfd, src, pid, SCOPE_LEADER, STALL_SLEEPING, 250);
	reap(pid);

	pid = spawn(body_exit);
	wait_zombie(pid);
	live_case("zombie without pidfd", dirfd, src, pid, SCOPE_TREE, -1, 10);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd >= 0) {
		struct monitor *m = new_monitor(dirfd, src, SCOPE_LEADER, STALL_CLASS_ALL);

		monitor_add_worker(m, 0, pid, pidfd, -1);
		ticks(m, 10, 20, &e);
		is_int(0, (long long)e.n, "zombie with pidfd: never reported");
		monitor_free(m);
		close(pidfd);
	} else {
		skip(1, "no pidfd_open");
	}
	waitpid(pid, NULL, 0);
	close(dirfd);
}

/* Write text to dir/rel, replacing it (mkdir -p of its directory first). */
static void put_file(const char *dir, const char *rel, const char *text)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		sysbail("write %s", path);
}

/* Write task tid of process 100 in scratch tree dir: schedstat with runtime
 * ns, and a stat in state state (files rewritten in place: kept fds see
 * the new text). */
static void put_task_state(const char *dir, int tid, unsigned long long ns, char state)
{
	char rel[64], text[128];

	snprintf(rel, sizeof(rel), "100/task/%d/schedstat", tid);
	snprintf(text, sizeof(text), "%llu 0 %llu\n", ns, ns / 1000 + 1);
	put_file(dir, rel, text);
	snprintf(rel, sizeof(rel), "100/task/%d/stat", tid);
	snprintf(text, sizeof(text),
		 "%d (w) %c 1 100 100 0 -1 0 0 0 0 0 0 0 0 0 20 0 2 0 100\n", tid, state);
	put_file(dir, rel, text);
}

/* put_task_state in state S. */
static void put_task(const char *dir, int tid, unsigned long long ns)
{
	put_task_state(dir, tid, ns, 'S');
}

/* A task listed but not openable at first (a tombstone) that later opens
 * and works is sampled: the worker must not be reported while it works.
 * (Tombstones used to stay dead for as long as their tid was listed, which
 * also hid a task that reused a gone task's tid.) */
static void test_tombstone_reopened(void)
{
	char *dir = test_tmpdir(), rel[64];
	struct monitor *m;
	struct evs e = { 0 };
	int dirfd;

	put_task(dir, 100, 1000);
	snprintf(rel, sizeof(rel), "%s/100/task/101", dir);
	mkdir(rel, 0755); /* listed, but no files: cannot be opened */
	dirfd = procfix_root_abs(dir);
	m = new_monitor(dirfd, SOURCE_SCHEDSTAT, SCOPE_PROCESS, STALL_CLASS_ALL);
	monitor_add_worker(m, 0, 100, -1, -1);
	ticks(m, 1, 0, &e);
	for (unsigned long long i = 1; i <= 12; i++) {
		put_task(dir, 101, i * 1000000); /* now there, and working */
		ticks(m, 1, 0, &e);
	}
	is_int(0, (long long)e.n, "a tombstone listed again and working is sampled: no stall");
	evs_clear(&e);
	monitor_free(m);
	close(dirfd);
	test_tmpdir_free(dir);
}

/* A report's ptrace interrupt wakes the stalled threads, which run to go
 * back into their waits; on a loaded machine that run may come after the
 * hold ended. The worker settles: its base is taken once no task of it is
 * runnable, so that run is not progress and the stall is not reported
 * again. Progress after it still re-arms, and a task that stays runnable
 * is sampled again after the bound (2 s without an interval). */
static void test_settle(void)
{
	char *dir = test_tmpdir();
	struct monitor *m;
	struct evs e = { 0 };
	int dirfd;

	put_task(dir, 100, 1000000);
	put_task(dir, 101, 2000000);
	dirfd = procfix_root_abs(dir);
	m = new_monitor(dirfd, SOURCE_SCHEDSTAT, SCOPE_PROCESS, STALL_CLASS_ALL);
	monitor_add_worker(m, 0, 100, -1, -1);
	ticks(m, STALL_WINDOW, 0, &e);
	is_int(1, (long long)e.n, "settle: the sleeping worker's stall");
	evs_clear(&e);
	monitor_hold(m, 0);
	put_task_state(dir, 101, 2000000, 'R'); /* interrupted, waiting for a CPU */
	monitor_release(m, 0, true);
	ticks(m, 3, 0, &e);
	put_task(dir, 101, 2100000); /* ran, and is back in its wait */
	ticks(m, 2 * STALL_WINDOW + 2, 0, &e);
	is_int(0, (long long)e.n, "settle: a thread back in its wait only after the hold "
				  "ended: no second report");
	evs_clear(&e);
	put_task(dir, 101, 3000000);
	ticks(m, STALL_WINDOW + 1, 0, &e);
	is_int(1, (long long)e.n, "settle: progress after it re-arms the stall");
	evs_clear(&e);
	monitor_hold(m, 0);
	put_task_state(dir, 101, 3000000, 'R');
	monitor_release(m, 0, true);
	ticks(m, 2, 0, &e);
	put_task_state(dir, 101, 4000000, 'R'); /* moved while settling: not seen */
	usleep(2100000);
	ticks(m, 1, 0, &e); /* the bound passed: based here */
	put_task_state(dir, 101, 5000000, 'R'); /* progress */
	ticks(m, STALL_WINDOW + 1, 0, &e);
	is_int(1, (long long)e.n, "settle: a task runnable for good is sampled after the bound");
	evs_clear(&e);
	monitor_free(m);
	close(dirfd);
	test_tmpdir_free(dir);
}

/* ---- notices, budgets, identity ----------------------------------------- */

/* Take every queued notice of m; returns how many were of kind (and the
 * worker and error of the last one in *worker, *err). */
static size_t notices_of(struct monitor *m, enum monitor_notice_kind kind, unsigned *worker,
			 int *err)
{
	struct monitor_notice nt[4];
	size_t n, count = 0;

	while ((n = monitor_take_notices(m, nt, 4)) > 0)
		for (size_t i = 0; i < n; i++)
			if (nt[i].kind == kind) {
				count++;
				if (worker)
					*worker = nt[i].worker;
				if (err)
					*err = nt[i].err;
			}
	return count;
}

/* A monitor like new_monitor with a given fd budget. */
static struct monitor *budget_monitor(int dirfd, enum sample_source src, size_t max_fds)
{
	struct monitor_config cfg = {
		.proc_dirfd = dirfd, .source = src, .scope = SCOPE_TREE,
		.class_mask = STALL_CLASS_ALL, .policy = POLICY_LOG, .start_ns = 1,
		.max_fds = max_fds,
	};
	struct monitor *m;
	int r = monitor_new(&cfg, &m);

	if (r < 0)
		bail("monitor_new: %s", strerror(-r));
	return m;
}

/* Thread of body_threads_one_busy: wake every 20 ms, for good. */
static void *waking_thread(void *arg)
{
	(void)arg;
	for (;;)
		usleep(20000);
	return NULL;
}

#define IDLE_THREADS 60

/* IDLE_THREADS asleep for good, then one that keeps waking up. */
static void body_one_busy(void)
{
	pthread_t t;

	for (int i = 0; i < IDLE_THREADS; i++)
		pthread_create(&t, NULL, pause_thread, NULL);
	pthread_create(&t, NULL, waking_thread, NULL);
	body_pause();
}

/* The same without the busy thread: a real stall. */
static void body_all_idle(void)
{
	pthread_t t;

	for (int i = 0; i < IDLE_THREADS; i++)
		pthread_create(&t, NULL, pause_thread, NULL);
	body_pause();
}

/* With no kept fd at all (budget 0) every task is still read: one busy
 * thread among idle ones is progress, and all idle is a stall; the budget
 * notice is queued once. */
static void test_no_budget(int dirfd, enum sample_source src)
{
	struct evs e = { 0 };
	struct monitor *m = budget_monitor(dirfd, src, 0);
	pid_t pid = spawn(body_one_busy);

	usleep(200000);
	monitor_add_worker(m, 0, pid, -1, -1);
	ticks(m, 12, 50, &e);
	is_int(0, (long long)e.n, "budget 0: one waking thread among %d idle is progress",
	       IDLE_THREADS);
	is_int(1, (long long)notices_of(m, MONITOR_NOTICE_FD_BUDGET, NULL, NULL),
	       "budget 0: the budget notice, once");
	monitor_free(m);
	reap(pid);

	m = budget_monitor(dirfd, src, 5);
	pid = spawn(body_all_idle);
	usleep(200000);
	monitor_add_worker(m, 0, pid, -1, -1);
	tick_until_event(m, 250, &e);
	ok(e.n == 1 && e.ev[0].cls == STALL_SLEEPING, "budget 5: an idle worker of %d is reported",
	   IDLE_THREADS + 1);
	if (e.n == 1)
		is_int(IDLE_THREADS + 1, (long long)e.ev[0].diag.nthreads_total,
		       "budget 5: every thread seen");
	else
		skip(1, "no event");
	evs_clear(&e);
	monitor_free(m);
	reap(pid);
}

/* Out of fds (a soft RLIMIT_NOFILE far below the budget the caller claimed):
 * the monitor releases fds, says so once, and still gives its verdict. */
static void test_emfile(int dirfd, enum sample_source src)
{
	struct rlimit old, low;
	struct evs e = { 0 };
	struct monitor *m;
	pid_t pid = spawn(body_all_idle);
	int err = 0;

	usleep(200000);
	getrlimit(RLIMIT_NOFILE, &old);
	low = old;
	low.rlim_cur = 40;
	if (setrlimit(RLIMIT_NOFILE, &low) != 0) {
		skip(3, "cannot lower RLIMIT_NOFILE");
		reap(pid);
		return;
	}
	m = budget_monitor(dirfd, src, 10000);
	monitor_add_worker(m, 0, pid, -1, -1);
	tick_until_event(m, 250, &e);
	ok(e.n == 1, "out of fds: the stall is still reported");
	ok(notices_of(m, MONITOR_NOTICE_FD_LIMIT, NULL, &err) == 1, "out of fds: said once");
	is_int(-EMFILE, err, "out of fds: EMFILE");
	evs_clear(&e);
	monitor_free(m);
	setrlimit(RLIMIT_NOFILE, &old);
	reap(pid);
}

/* A live worker whose task files cannot be read (listed, none readable: a
 * fixture root with an empty task directory, watched through a live pidfd)
 * is said unreadable once and is not observed; an exited one is. */
static void test_unreadable(void)
{
	char *dir = test_tmpdir(), rel[128];
	struct evs e = { 0 };
	struct monitor *m;
	pid_t child = spawn(body_pause);
	int dirfd, pidfd = (int)syscall(SYS_pidfd_open, child, 0), err = 0;
	unsigned worker = 99;

	snprintf(rel, sizeof(rel), "%s/100/task/100", dir);
	mkdir(rel, 0755);
	snprintf(rel, sizeof(rel), "%s/100/task", dir);
	mkdir(rel, 0755);
	dirfd = procfix_root_abs(dir);
	if (pidfd < 0) {
		skip(5, "no pidfd_open");
	} else {
		m = new_monitor(dirfd, SOURCE_SCHEDSTAT, SCOPE_PROCESS, STALL_CLASS_ALL);
		monitor_add_worker(m, 7, 100, pidfd, -1);
		ok(monitor_worker_observed(m, 7), "observed before any tick");
		ticks(m, 12, 0, &e);
		is_int(1, (long long)notices_of(m, MONITOR_NOTICE_UNREADABLE, &worker, &err),
		       "unreadable: said once");
		is_int(7, worker, "unreadable: names the worker");
		ok(!monitor_worker_observed(m, 7) && monitor_worker_observed(m, 6),
		   "unreadable: not observed, others are");
		monitor_worker_exited(m, 7);
		ok(!monitor_worker_observed(m, 7), "still not observed after its exit");
		monitor_free(m);
		close(pidfd);
	}
	reap(child);
	close(dirfd);
	test_tmpdir_free(dir);
}

/* Read the start time of process pid from /proc. */
static uint64_t start_of(int dirfd, pid_t pid)
{
	char rel[32];
	uint64_t start = 0;

	snprintf(rel, sizeof(rel), "%d/stat", (int)pid);
	proc_read_start(dirfd, rel, &start);
	return start;
}

/* An event's signal targets carry the start time of each process. */
static void test_identity(int dirfd, enum sample_source src)
{
	struct evs e = { 0 };
	struct monitor *m = new_monitor(dirfd, src, SCOPE_TREE, STALL_CLASS_ALL);
	pid_t pid = spawn(body_pause);

	wait_state(dirfd, pid, 'S');
	monitor_add_worker(m, 0, pid, -1, -1);
	tick_until_event(m, 250, &e);
	if (ok(e.n == 1 && e.ev[0].nprocs == 1, "identity: one process stalled")) {
		is_int(pid, e.ev[0].procs[0].pid, "identity: its pid");
		ok(e.ev[0].procs[0].start != 0 && e.ev[0].procs[0].start == start_of(dirfd, pid),
		   "identity: its start time");
	} else {
		skip(2, "no event");
	}
	evs_clear(&e);
	monitor_free(m);
	reap(pid);
}

/* ---- live cgroups: the fast path, sub-cgroups, escapes, reused tids ---- */

/* A run's cgroup and one worker cgroup below it, as stallsup makes them. */
struct cgrun {
	char run[256];   /* the run's cgroup */
	char w0[300];    /* the worker's cgroup */
	int fd;          /* directory fd of w0 */
};

/* Make the run and worker cgroups for test tag; returns 0 or -errno. */
static int cgrun_make(struct cgrun *c, const char *tag)
{
	char name[96];
	int r;

	snprintf(name, sizeof(name), "stallsup-monitor-t.%d.%s", (int)getpid(), tag);
	if ((r = procfix_cgroup2_make(name, c->run, sizeof(c->run))) < 0)
		return r;
	snprintf(c->w0, sizeof(c->w0), "%s/w0", c->run);
	if (mkdir(c->w0, 0755) != 0 ||
	    (c->fd = open(c->w0, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		r = -errno;
		rmdir(c->run);
		return r;
	}
	return 0;
}

/* Fork fn into c's worker cgroup, moved there before fn runs; returns its pid. */
static pid_t cgrun_spawn(struct cgrun *c, void (*fn)(void))
{
	int p[2];
	pid_t pid;
	char go = 'g';

	if (pipe(p) != 0)
		sysbail("pipe");
	pid = fork();
	if (pid < 0)
		sysbail("fork");
	if (pid == 0) {
		close(p[1]);
		if (read(p[0], &go, 1) != 1)
			_exit(1);
		close(p[0]);
		fn();
		_exit(0);
	}
	close(p[0]);
	if (procfix_cgroup2_move(c->w0, pid) < 0)
		diag("cannot move %d into %s", (int)pid, c->w0);
	if (write(p[1], &go, 1) != 1)
		sysbail("write");
	close(p[1]);
	return pid;
}

/* Write "1" to dir/cgroup.kill (everything in it and below dies). */
static void cgroup_kill_all(const char *dir)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/cgroup.kill", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "1", 1) != 1)
			diag("cgroup.kill %s: %s", dir, strerror(errno));
		close(fd);
	}
}

/* Remove cgroup dir, retrying while its last tasks finish exiting. */
static void cgroup_remove(const char *dir)
{
	for (int i = 0; i < 500 && rmdir(dir) != 0 && errno == EBUSY; i++)
		usleep(10000);
}

/* End everything in c, reap it (we are a subreaper), remove the cgroups. */
static void cgrun_end(struct cgrun *c)
{
	char sub[320];

	cgroup_kill_all(c->run);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	close(c->fd);
	snprintf(sub, sizeof(sub), "%s/sub", c->w0);
	cgroup_remove(sub);
	cgroup_remove(c->w0);
	cgroup_remove(c->run);
}

/* The fast path (a worker with its own cgroup): an idle worker is reported
 * at its W-th sample with a flat window; a spinning one and one whose only
 * busy thread is the last of IDLE_THREADS + 2 are not. */
static void test_fast_path(int dirfd, enum sample_source src)
{
	struct cgrun c;
	struct evs e = { 0 };
	struct monitor *m;
	pid_t pid;
	unsigned n;
	int r;

	if ((r = cgrun_make(&c, "fast")) < 0) {
		skip(7, "no cgroup v2 to write (%s)", strerror(-r));
		return;
	}
	m = new_monitor(dirfd, src, SCOPE_TREE, STALL_CLASS_ALL);
	pid = cgrun_spawn(&c, body_pause);
	wait_state(dirfd, pid, 'S');
	monitor_add_worker(m, 0, pid, -1, c.fd);
	n = tick_until_event(m, 250, &e);
	if (ok(e.n == 1, "fast path: idle worker reported (after %u ticks)", n)) {
		is_str("sleeping", stall_class_name(e.ev[0].cls), "fast path: class sleeping");
		ok(n >= STALL_WINDOW, "fast path: not before W samples");
		is_int(STALL_WINDOW, e.ev[0].nwindow, "fast path: a window of W samples");
		ok(e.ev[0].window[0].runtime_ns == e.ev[0].window[STALL_WINDOW - 1].runtime_ns &&
		   e.ev[0].window[0].t_ns < e.ev[0].window[STALL_WINDOW - 1].t_ns,
		   "fast path: the window is flat and spans the ticks");
	} else {
		skip(4, "no event");
	}
	evs_clear(&e);
	monitor_free(m);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);

	m = new_monitor(dirfd, src, SCOPE_TREE, STALL_CLASS_ALL);
	pid = cgrun_spawn(&c, body_one_busy);
	usleep(200000);
	monitor_add_worker(m, 0, pid, -1, c.fd);
	ticks(m, 12, 50, &e);
	is_int(0, (long long)e.n, "fast path: the last of %d threads waking is progress",
	       IDLE_THREADS + 2);
	evs_clear(&e);
	monitor_free(m);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);

	m = new_monitor(dirfd, src, SCOPE_TREE, STALL_CLASS_ALL);
	pid = cgrun_spawn(&c, body_spin);
	monitor_add_worker(m, 0, pid, -1, c.fd);
	ticks(m, 10, 100, &e);
	is_int(0, (long long)e.n, "fast path: a spinner is not reported");
	evs_clear(&e);
	monitor_free(m);
	cgrun_end(&c);
}

static char nest_dir[320];      /* body_nest: the sub-cgroup to move a child into */
static int nest_report = -1;    /* ... and where to say the child's pid */

/* A leader that pauses while its child, moved into a sub-cgroup, works. */
static void body_nest(void)
{
	pid_t child = fork();

	if (child == 0) {
		if (procfix_cgroup2_move(nest_dir, getpid()) < 0)
			_exit(2);
		body_wake();
	}
	if (write(nest_report, &child, sizeof(child)) != (ssize_t)sizeof(child))
		_exit(1);
	body_pause();
}

/* A worker that put a busy child in a sub-cgroup of its own is watched
 * across the subtree: not reported while the child spins, reported when the
 * child stops, naming it among the stalled processes. */
static void test_nested(int dirfd, enum sample_source src)
{
	struct cgrun c;
	struct evs e = { 0 };
	struct monitor *m;
	pid_t pid, child = 0;
	int p[2], r;

	if ((r = cgrun_make(&c, "nest")) < 0) {
		skip(3, "no cgroup v2 to write (%s)", strerror(-r));
		return;
	}
	snprintf(nest_dir, sizeof(nest_dir), "%s/sub", c.w0);
	if (mkdir(nest_dir, 0755) != 0 || pipe(p) != 0)
		sysbail("mkdir %s", nest_dir);
	nest_report = p[1];
	pid = cgrun_spawn(&c, body_nest);
	close(p[1]);
	if (read(p[0], &child, sizeof(child)) != (ssize_t)sizeof(child))
		bail("the nesting worker did not report");
	close(p[0]);
	usleep(100000);
	m = new_monitor(dirfd, src, SCOPE_TREE, STALL_CLASS_ALL);
	monitor_add_worker(m, 0, pid, -1, c.fd);
	ticks(m, 10, 50, &e);
	is_int(0, (long long)e.n, "sub-cgroup: a child working below the worker's cgroup is progress");
	kill(child, SIGSTOP);
	tick_until_event(m, 250, &e);
	if (ok(e.n == 1, "sub-cgroup: the stall of the subtree is reported")) {
		bool has = false;

		for (size_t i = 0; i < e.ev[0].nprocs; i++)
			has |= e.ev[0].procs[i].pid == child;
		ok(has, "sub-cgroup: the child below is among the stalled processes");
	} else {
		skip(1, "no event");
	}
	evs_clear(&e);
	monitor_free(m);
	kill(child, SIGCONT);
	cgrun_end(&c);
}

static char escape_to[256];     /* body_escape: where the leader moves itself */

/* A leader that moves itself out of its cgroup, then pauses. */
static void body_escape(void)
{
	if (procfix_cgroup2_move(escape_to, getpid()) < 0)
		_exit(2);
	body_pause();
}

/* A leader that left its cgroup is noticed once and its stall still reported. */
static void test_escape(int dirfd, enum sample_source src)
{
	struct cgrun c;
	struct evs e = { 0 };
	struct monitor *m;
	pid_t pid;
	int r;

	if ((r = cgrun_make(&c, "escape")) < 0) {
		skip(3, "no cgroup v2 to write (%s)", strerror(-r));
		return;
	}
	snprintf(escape_to, sizeof(escape_to), "%s", c.run);
	m = new_monitor(dirfd, src, SCOPE_TREE, STALL_CLASS_ALL);
	pid = cgrun_spawn(&c, body_spin);
	monitor_add_worker(m, 0, pid, -1, c.fd);
	ticks(m, 2, 20, &e);
	procfix_cgroup2_move(c.run, pid);  /* what body_escape does, from outside */
	kill(pid, SIGSTOP);
	tick_until_event(m, 250, &e);
	is_int(1, (long long)notices_of(m, MONITOR_NOTICE_ESCAPED, NULL, NULL),
	       "escape: noticed once");
	ok(e.n == 1 && e.ev[0].cls == STALL_STOPPED, "escape: its stall is still reported");
	evs_clear(&e);
	monitor_free(m);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);

	m = new_monitor(dirfd, src, SCOPE_TREE, STALL_CLASS_ALL);
	pid = cgrun_spawn(&c, body_escape);
	wait_state(dirfd, pid, 'S');
	monitor_add_worker(m, 0, pid, -1, c.fd);
	tick_until_event(m, 250, &e);
	ok(e.n == 1 && notices_of(m, MONITOR_NOTICE_ESCAPED, NULL, NULL) == 1,
	   "escaped before it was watched: noticed, and its stall reported");
	evs_clear(&e);
	monitor_free(m);
	cgrun_end(&c);
}

static int reuse_report[2], reuse_go[2];

static volatile pid_t reuse_tid;  /* body_reuse: the thread's tid, once it runs */

/* Thread of body_reuse: publish its tid, wait for the go, exit. */
static void *reuse_thread(void *arg)
{
	char c;

	(void)arg;
	reuse_tid = (pid_t)syscall(SYS_gettid);
	if (read(reuse_go[0], &c, 1) != 1)
		_exit(1);
	return NULL;
}

/* clone3 a busy child with pid want (which must be free); its pid, or -errno. */
static pid_t clone_with_pid(pid_t want)
{
	struct clone_args a;
	long r = -1;

	for (int i = 0; i < 200; i++) {
		memset(&a, 0, sizeof(a));
		a.exit_signal = SIGCHLD;
		a.set_tid = (uint64_t)(uintptr_t)&want;
		a.set_tid_size = 1;
		r = syscall(SYS_clone3, &a, sizeof(a));
		if (r == 0)
			body_wake();
		if (r > 0 || errno != EEXIST)
			break;
		usleep(5000); /* the thread's tid is freed a little after the join */
	}
	return r > 0 ? (pid_t)r : -errno;
}

/* A thread that exits, then a busy child process that takes its tid
 * (clone3 set_tid), while the leader pauses. */
static void body_reuse(void)
{
	pthread_t t;
	pid_t tid, child;

	pthread_create(&t, NULL, reuse_thread, NULL);
	while (!(tid = reuse_tid))
		usleep(1000);
	if (write(reuse_report[1], &tid, sizeof(tid)) != (ssize_t)sizeof(tid))
		_exit(1);
	pthread_join(t, NULL);
	child = clone_with_pid(tid);
	if (write(reuse_report[1], &child, sizeof(child)) != (ssize_t)sizeof(child))
		_exit(1);
	body_pause();
}

/* A tid reused by a new process of the same worker is that process, not the
 * thread it was: no false verdict (on the task path too, where the cgroup
 * list maps tids to processes), and its stall names it with its own start
 * time. Needs root (clone3 set_tid). */
static void test_reuse(int dirfd, enum sample_source src, bool task_path)
{
	struct cgrun c;
	struct evs e = { 0 };
	struct monitor *m;
	struct monitor_config cfg = {
		.proc_dirfd = dirfd, .source = src, .scope = SCOPE_TREE,
		.class_mask = STALL_CLASS_ALL, .policy = POLICY_LOG, .start_ns = 1,
		.max_fds = 4096, .no_fast_path = task_path,
	};
	const char *how = task_path ? "task path" : "fast path";
	pid_t pid, tid = 0, child = 0;
	int r;

	if ((r = cgrun_make(&c, task_path ? "reuse-task" : "reuse-fast")) < 0) {
		skip(4, "no cgroup v2 to write (%s)", strerror(-r));
		return;
	}
	if (pipe(reuse_report) != 0 || pipe(reuse_go) != 0)
		sysbail("pipe");
	pid = cgrun_spawn(&c, body_reuse);
	if (read(reuse_report[0], &tid, sizeof(tid)) != (ssize_t)sizeof(tid))
		bail("no tid");
	if (monitor_new(&cfg, &m) < 0)
		bail("monitor_new");
	monitor_add_worker(m, 0, pid, -1, c.fd);
	ticks(m, 3, 20, &e); /* the thread is known */
	if (write(reuse_go[1], "g", 1) != 1 ||
	    read(reuse_report[0], &child, sizeof(child)) != (ssize_t)sizeof(child))
		bail("no child");
	if (child != tid) {
		skip(4, "%s: clone3 set_tid: %s", how, strerror(child < 0 ? -child : EINVAL));
	} else {
		ticks(m, 12, 50, &e);
		is_int(0, (long long)e.n, "%s: a process taking a gone thread's tid is seen working",
		       how);
		evs_clear(&e);
		kill(child, SIGSTOP);
		tick_until_event(m, 250, &e);
		if (ok(e.n == 1, "%s: its stall is reported", how)) {
			size_t i = 0;

			while (i < e.ev[0].nprocs && e.ev[0].procs[i].pid != child)
				i++;
			ok(i < e.ev[0].nprocs, "%s: the newcomer is a signal target", how);
			ok(i < e.ev[0].nprocs && e.ev[0].procs[i].start == start_of(dirfd, child),
			   "%s: with its own start time", how);
		} else {
			skip(2, "no event");
		}
	}
	evs_clear(&e);
	monitor_free(m);
	for (int i = 0; i < 2; i++) {
		close(reuse_report[i]);
		close(reuse_go[i]);
	}
	if (child > 0)
		kill(child, SIGCONT);
	cgrun_end(&c);
}

/* The live tests that need a proc root and a sample source. */
static void test_live_more(void)
{
	int dirfd = proc_root_open(NULL);
	enum sample_source src;

	if (sample_source_choose(dirfd, "thread-self", &src) < 0) {
		skip(1, "no usable sample source");
		close(dirfd);
		return;
	}
	test_no_budget(dirfd, src);
	test_emfile(dirfd, src);
	test_identity(dirfd, src);
	test_fast_path(dirfd, src);
	test_nested(dirfd, src);
	test_escape(dirfd, src);
	test_reuse(dirfd, src, true);
	test_reuse(dirfd, src, false);
	close(dirfd);
}

/* With an interval set, ticks that come close together (a loaded machine:
 * late ticks, then the grid again) do not make a stall of a span shorter
 * than the stall span by the clock; the stall fires once the span has
 * lasted. */
static void test_span_by_clock(void)
{
	int dirfd = procfix_root("proc/mon-sleeping");
	struct monitor_config cfg = {
		.proc_dirfd = dirfd, .source = SOURCE_SCHEDSTAT, .scope = SCOPE_TREE,
		.class_mask = STALL_CLASS_ALL, .policy = POLICY_LOG, .start_ns = 1,
		.max_fds = 4096, .interval_ns = 200000000,
	};
	struct evs e = { 0 };
	struct monitor *m;

	if (monitor_new(&cfg, &m) < 0)
		bail("monitor_new");
	monitor_add_worker(m, 0, 4242, -1, -1);
	ticks(m, STALL_WINDOW + 2, 0, &e);
	is_int(0, (long long)e.n, "span by the clock: W ticks in a few ms make no stall");
	usleep(700000);
	ticks(m, 1, 0, &e);
	is_int(1, (long long)e.n, "... the next tick after the span fires");
	if (e.n == 1)
		ok(e.ev[0].stalled_ns >= 500000000, "... with the span it lasted (%llu ms)",
		   (unsigned long long)(e.ev[0].stalled_ns / 1000000));
	evs_clear(&e);
	monitor_free(m);
	close(dirfd);
}

int main(void)
{
	plan_lazy();
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
		sysbail("subreaper");
	test_config();
	test_fixture_class("starved", SCOPE_PROCESS, STALL_STARVED, 4243);
	test_fixture_class("uninterruptible", SCOPE_PROCESS, STALL_UNINTERRUPTIBLE, 4243);
	test_fixture_class("stopped", SCOPE_TREE, STALL_STOPPED, 4242);
	test_fixture_class("sleeping", SCOPE_TREE, STALL_SLEEPING, 4242);
	test_fixture_class("starved", SCOPE_LEADER, STALL_SLEEPING, 4242);
	test_fixture_details();
	test_span_by_clock();
	test_fixture_pidfd();
	test_tombstone_reopened();
	test_settle();
	test_unreadable();
	test_live();
	test_live_more();
	return 0;
}
