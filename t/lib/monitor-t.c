/* Tests for lib/monitor.c: fixture workers of every class and live workers. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
		.policy = POLICY_LOG, .can_stack = false, .start_ns = 1,
	};
	struct monitor *m;
	int r = monitor_new(&cfg, &m);

	if (r < 0)
		bail("monitor_new: %s", strerror(-r));
	return m;
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
		ok(ev->nprocs == 1 && ev->procs[0] == 4242, "%s: procs = the worker", name);
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
		ticks(m, max, 20, &e);
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
	{
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
 * ns, and a stat in state S. */
static void put_task(const char *dir, int tid, unsigned long long ns)
{
	char rel[64], text[128];

	snprintf(rel, sizeof(rel), "100/task/%d/schedstat", tid);
	snprintf(text, sizeof(text), "%llu 0 %llu\n", ns, ns / 1000 + 1);
	put_file(dir, rel, text);
	snprintf(rel, sizeof(rel), "100/task/%d/stat", tid);
	snprintf(text, sizeof(text),
		 "%d (w) S 1 100 100 0 -1 0 0 0 0 0 0 0 0 0 20 0 2 0 100\n", tid);
	put_file(dir, rel, text);
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

int main(void)
{
	plan_lazy();
	test_config();
	test_fixture_class("starved", SCOPE_PROCESS, STALL_STARVED, 4243);
	test_fixture_class("uninterruptible", SCOPE_PROCESS, STALL_UNINTERRUPTIBLE, 4243);
	test_fixture_class("stopped", SCOPE_TREE, STALL_STOPPED, 4242);
	test_fixture_class("sleeping", SCOPE_TREE, STALL_SLEEPING, 4242);
	test_fixture_class("starved", SCOPE_LEADER, STALL_SLEEPING, 4242);
	test_fixture_details();
	test_fixture_pidfd();
	test_tombstone_reopened();
	test_live();
	return 0;
}
