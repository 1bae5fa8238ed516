/* Tests for lib/taskset.c: fixture trees and a live process tree. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic.h"
#include "procfix.h"
#include "proc.h"
#include "taskset.h"

/* Format ts as "tid:pid tid:pid ..." into a static buffer. */
static const char *fmt(const struct taskset *ts)
{
	static char buf[1024];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ts->n && len < sizeof(buf) - 32; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%d:%d", i ? " " : "",
					(int)ts->ids[i].tid, (int)ts->ids[i].pid);
	return buf;
}

/* Enumeration over the mon-tree fixture and the cgroup fixture. */
static void test_fixtures(void)
{
	int dirfd = procfix_root("proc/mon-tree");
	int cgfd = procfix_root("cgroup/mon-tree");
	struct taskset ts;
	struct task_id known[] = { { 101, 100 }, { 201, 777 } };

	taskset_init(&ts);
	is_int(0, taskset_leader(&ts, 4242), "leader");
	is_str("4242:4242", fmt(&ts), "leader is the worker's main thread alone");
	is_int(0, taskset_process(&ts, dirfd, 100), "process");
	is_str("100:100 101:100 102:100", fmt(&ts), "process: the threads of task/");
	is_int(0, taskset_tree(&ts, dirfd, 100), "tree");
	is_str("100:100 101:100 102:100 200:200 201:200 203:200 300:300 400:400 500:500 501:500",
	       fmt(&ts), "tree: every thread of every descendant, sorted, vanished 700 skipped");
	is_int(0, taskset_tree(&ts, dirfd, 200), "subtree");
	is_str("200:200 201:200 203:200 400:400", fmt(&ts), "subtree of 200");
	is_int(0, taskset_process(&ts, dirfd, 999), "missing process is not an error");
	is_int(0, (long long)ts.n, "missing process has no tasks");
	is_int(0, taskset_tree(&ts, dirfd, 999), "missing tree root is not an error");
	is_int(0, (long long)ts.n, "missing tree root has no tasks");
	is_int(0, taskset_cgroup(&ts, cgfd, dirfd, NULL, 0), "cgroup");
	is_str("100:100 101:100 200:200 201:200 400:400", fmt(&ts),
	       "cgroup.threads mapped through <tid>/status, vanished 999 skipped");
	is_int(0, taskset_cgroup(&ts, cgfd, dirfd, known, 2), "cgroup with known tids");
	is_str("100:100 101:100 200:200 201:777 400:400", fmt(&ts), "known tids are not looked up");
	is_int(2, (long long)taskset_find(ts.ids, ts.n, 200), "find present");
	is_int(5, (long long)taskset_find(ts.ids, ts.n, 150), "find absent returns n");
	is_int(0, taskset_cgroup(&ts, dirfd, dirfd, NULL, 0), "cgroup without cgroup.threads is empty");
	is_int(0, (long long)ts.n, "gone cgroup has no tasks");
	taskset_free(&ts);
	close(cgfd);
	close(dirfd);
}

/* A cgroup with sub-cgroups: cgroup.stat counts them, every level is read. */
static void test_fixture_nested(void)
{
	int dirfd = procfix_root("proc/mon-tree");
	int cgfd = procfix_root("cgroup/mon-nested");
	int flat = procfix_root("cgroup/mon-tree");
	struct taskset ts;

	taskset_init(&ts);
	is_int(0, taskset_cgroup(&ts, cgfd, dirfd, NULL, 0), "nested cgroup");
	is_str("100:100 101:100 200:200 201:200 400:400", fmt(&ts),
	       "nested: the threads of every cgroup below, files are not cgroups");
	taskset_clear(&ts);
	is_int(0, taskset_add_tree(&ts, dirfd, 200), "union: children walk");
	is_int(0, taskset_add_cgroup(&ts, flat, -1, dirfd, NULL, 0), "union: and a cgroup");
	taskset_finish(&ts);
	is_str("100:100 101:100 200:200 201:200 203:200 400:400", fmt(&ts),
	       "union: sorted, each tid once");
	taskset_free(&ts);
	close(flat);
	close(cgfd);
	close(dirfd);
}

/* Thread of the live child: wait forever. */
static void *idle_thread(void *arg)
{
	int *tid = arg;

	*tid = (int)syscall(SYS_gettid);
	for (;;)
		pause();
	return NULL;
}

/* The live child: start a thread and a grandchild, report their ids on fd, wait. */
static void live_child(int fd)
{
	pthread_t t;
	int ids[2] = { 0, 0 };
	pid_t g = fork();

	if (g == 0) {
		for (;;)
			pause();
	}
	pthread_create(&t, NULL, idle_thread, &ids[0]);
	while (!__atomic_load_n(&ids[0], __ATOMIC_SEQ_CST))
		usleep(1000);
	ids[1] = (int)g;
	if (write(fd, ids, sizeof(ids)) != (ssize_t)sizeof(ids))
		_exit(1);
	for (;;)
		pause();
}

/* True when ts holds tid with thread group pid. */
static int holds(const struct taskset *ts, pid_t tid, pid_t pid)
{
	size_t i = taskset_find(ts->ids, ts->n, tid);

	return i < ts->n && ts->ids[i].pid == pid;
}

/* A live child with a thread and a grandchild, started once the caller
 * wrote a byte to its go pipe (so it can be moved into a cgroup first). */
struct live {
	pid_t child;
	int ids[2];      /* the thread's tid, the grandchild's pid */
	int go;          /* write end of the go pipe */
	int report;      /* read end of the report pipe */
};

/* Fork the live child; it waits for live_go. */
static void live_start(struct live *l)
{
	int go[2], rep[2];

	if (pipe(go) != 0 || pipe(rep) != 0)
		sysbail("pipe");
	l->child = fork();
	if (l->child < 0)
		sysbail("fork");
	if (l->child == 0) {
		char c;

		close(go[1]);
		close(rep[0]);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		live_child(rep[1]);
	}
	close(go[0]);
	close(rep[1]);
	l->go = go[1];
	l->report = rep[0];
}

/* Let the live child start its thread and grandchild and wait for their ids. */
static void live_go(struct live *l)
{
	if (write(l->go, "g", 1) != 1)
		sysbail("write");
	if (read(l->report, l->ids, sizeof(l->ids)) != (ssize_t)sizeof(l->ids))
		bail("live child did not report");
	close(l->go);
	close(l->report);
}

/* Kill and reap the live child and its grandchild (we are a subreaper). */
static void live_end(struct live *l)
{
	kill(l->ids[1], SIGKILL);
	kill(l->child, SIGKILL);
	waitpid(l->child, NULL, 0);
	waitpid(l->ids[1], NULL, 0);
}

/* The tree of the live child holds all three tasks. */
static void check_tree(const struct taskset *ts, const struct live *l, const char *how)
{
	ok(holds(ts, l->child, l->child), "%s holds the child", how);
	ok(holds(ts, l->ids[0], l->child), "%s holds the child's thread", how);
	ok(holds(ts, l->ids[1], l->ids[1]), "%s holds the grandchild", how);
	is_int(3, (long long)ts->n, "%s holds exactly those three", how);
}

#define MANY 1000  /* more tids than one page of a list holds */

/* Number of tasks of the worker pid: its threads, or with procs the
 * processes of its tree. */
static size_t count_tasks(int dirfd, pid_t pid, bool threads)
{
	struct taskset ts;
	size_t n;

	taskset_init(&ts);
	if ((threads ? taskset_process(&ts, dirfd, pid) : taskset_tree(&ts, dirfd, pid)) < 0)
		ts.n = 0;
	n = ts.n;
	taskset_free(&ts);
	return n;
}

/* Start t/workers/many-tasks in its own process group with MANY tasks in
 * all (threads, or child processes), and wait until they all exist. (A
 * program of its own: valgrind, under which the C tests may run, cannot
 * host a thousand threads.) */
static pid_t start_many(int dirfd, bool threads)
{
	char path[4096], idle[16];
	const char *build = getenv("BUILD");
	pid_t child;

	snprintf(path, sizeof(path), "%s/t/workers/many-tasks", build ? build : ".");
	snprintf(idle, sizeof(idle), "%d", MANY - 1);
	child = fork();
	if (child < 0)
		sysbail("fork");
	if (child == 0) {
		setpgid(0, 0);
		execl(path, "many-tasks", threads ? "threads" : "procs", idle, "0", "50",
		      (char *)NULL);
		_exit(127);
	}
	setpgid(child, child);
	for (int i = 0; i < 3000 && count_tasks(dirfd, child, threads) < MANY; i++)
		usleep(10000);
	return child;
}

/* Kill process group pgid (we are a subreaper) and reap everything. */
static void end_group(pid_t pgid)
{
	kill(-pgid, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
}

/* A live tree of MANY processes: the children list is read to its end. */
static void test_many_children(int dirfd)
{
	pid_t child = start_many(dirfd, false);
	struct taskset ts;

	taskset_init(&ts);
	is_int(0, taskset_tree(&ts, dirfd, child), "tree of %d processes", MANY);
	is_int(MANY, (long long)ts.n, "every process of the tree, past the first page");
	is_int(0, taskset_process(&ts, dirfd, child), "its process alone");
	is_int(1, (long long)ts.n, "one thread");
	taskset_clear(&ts);
	is_int(0, taskset_add_children(&ts, dirfd, child), "its children");
	taskset_finish(&ts);
	ok(ts.n == MANY - 1 && ts.ids[0].tid == ts.ids[0].pid && !holds(&ts, child, child),
	   "every child, past the first page, itself not among them");
	taskset_free(&ts);
	end_group(child);
}

/* A live tree: a child with a thread and a grandchild. */
static void test_live(int dirfd)
{
	struct taskset ts;
	struct live l;

	live_start(&l);
	live_go(&l);
	taskset_init(&ts);
	is_int(0, taskset_tree(&ts, dirfd, l.child), "live tree");
	check_tree(&ts, &l, "children walk");
	is_int(0, taskset_process(&ts, dirfd, l.child), "live process");
	ok(ts.n == 2 && holds(&ts, l.child, l.child) && holds(&ts, l.ids[0], l.child),
	   "process holds the child and its thread only");
	taskset_free(&ts);
	live_end(&l);
}

/* The same live tree in a cgroup v2 directory, read from cgroup.threads. */
static void test_live_cgroup(int dirfd)
{
	char path[128], procs[160], pid[32];
	struct taskset ts;
	struct live l;
	int cgfd, fd;

	snprintf(path, sizeof(path), "/sys/fs/cgroup/unified/stallsup-taskset-t.%d", (int)getpid());
	if (geteuid() != 0 || mkdir(path, 0755) != 0) {
		skip(5, "cannot make a cgroup v2 directory (%s)", strerror(errno));
		return;
	}
	cgfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	live_start(&l);
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", path);
	snprintf(pid, sizeof(pid), "%d\n", (int)l.child);
	fd = open(procs, O_WRONLY | O_CLOEXEC);
	if (cgfd < 0 || fd < 0 || write(fd, pid, strlen(pid)) < 0) {
		skip(5, "cannot move a process into a cgroup (%s)", strerror(errno));
		live_go(&l);
	} else {
		live_go(&l);
		taskset_init(&ts);
		is_int(0, taskset_cgroup(&ts, cgfd, dirfd, NULL, 0), "live cgroup");
		check_tree(&ts, &l, "cgroup.threads");
		taskset_free(&ts);
	}
	if (fd >= 0)
		close(fd);
	live_end(&l);
	if (cgfd >= 0)
		close(cgfd);
	if (rmdir(path) != 0)
		diag("rmdir %s: %s", path, strerror(errno));
}

/* MANY threads in a cgroup v2 directory, one process moved one level
 * below: cgroup.threads is read to its end and the sub-cgroup is walked. */
static void test_live_cgroup_many(int dirfd)
{
	char path[256], sub[300], name[64];
	struct taskset ts;
	pid_t child, single;
	int cgfd, r;

	snprintf(name, sizeof(name), "stallsup-taskset-many.%d", (int)getpid());
	if ((r = procfix_cgroup2_make(name, path, sizeof(path))) < 0) {
		skip(4, "cannot make a cgroup v2 directory (%s)", strerror(-r));
		return;
	}
	snprintf(sub, sizeof(sub), "%s/sub", path);
	mkdir(sub, 0755);
	cgfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	child = start_many(dirfd, true);
	single = fork();
	if (single == 0) {
		setpgid(0, child);
		for (;;)
			pause();
	}
	if (cgfd < 0 || procfix_cgroup2_move(path, child) < 0 ||
	    procfix_cgroup2_move(sub, single) < 0) {
		skip(4, "cannot move processes into a cgroup");
	} else {
		taskset_init(&ts);
		is_int(0, taskset_cgroup(&ts, cgfd, dirfd, NULL, 0), "cgroup of %d threads", MANY);
		is_int(MANY + 1, (long long)ts.n, "every thread, and the process below");
		ok(holds(&ts, single, single), "the process in the sub-cgroup is found");
		ok(holds(&ts, child, child), "the leader of the many threads is found");
		taskset_free(&ts);
	}
	kill(single, SIGKILL);
	end_group(child);
	if (cgfd >= 0)
		close(cgfd);
	for (int i = 0; i < 500 && (rmdir(sub) != 0 && errno == EBUSY); i++)
		usleep(10000);
	for (int i = 0; i < 500 && (rmdir(path) != 0 && errno == EBUSY); i++)
		usleep(10000);
}

int main(void)
{
	plan_lazy();
	int dirfd = proc_root_open(NULL);

	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
		sysbail("subreaper");
	test_fixtures();
	test_fixture_nested();
	test_live(dirfd);
	test_live_cgroup(dirfd);
	test_many_children(dirfd);
	test_live_cgroup_many(dirfd);
	close(dirfd);
	return 0;
}
