/* Tests for lib/taskset.c: fixture trees and a live process tree. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic.h"
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

/* Open a directory under t/data as a dirfd. */
static int open_fixture(const char *rel)
{
	char *path = test_file_path(rel);
	int fd = proc_root_open(path);

	if (fd < 0)
		bail("open %s: %s", path, strerror(-fd));
	free(path);
	return fd;
}

/* Enumeration over the mon-tree fixture and the cgroup fixture. */
static void test_fixtures(void)
{
	int dirfd = open_fixture("proc/mon-tree");
	int cgfd = open_fixture("cgroup/mon-tree");
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

/* A live tree: a child with a thread and a grandchild. */
static void test_live(void)
{
	int p[2], ids[2], dirfd = proc_root_open(NULL);
	struct taskset ts;
	pid_t child;

	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
		sysbail("subreaper");
	if (pipe(p) != 0)
		sysbail("pipe");
	child = fork();
	if (child < 0)
		sysbail("fork");
	if (child == 0) {
		close(p[0]);
		live_child(p[1]);
	}
	close(p[1]);
	if (read(p[0], ids, sizeof(ids)) != (ssize_t)sizeof(ids))
		bail("live child did not report");
	close(p[0]);
	taskset_init(&ts);
	is_int(0, taskset_tree(&ts, dirfd, child), "live tree");
	ok(holds(&ts, child, child), "tree holds the child");
	ok(holds(&ts, ids[0], child), "tree holds the child's thread");
	ok(holds(&ts, ids[1], ids[1]), "tree holds the grandchild");
	is_int(3, (long long)ts.n, "tree holds exactly those three");
	is_int(0, taskset_process(&ts, dirfd, child), "live process");
	ok(ts.n == 2 && holds(&ts, child, child) && holds(&ts, ids[0], child),
	   "process holds the child and its thread only");
	taskset_free(&ts);
	kill(ids[1], SIGKILL);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	waitpid(ids[1], NULL, 0);  /* reparented to us, the subreaper */
	close(dirfd);
}

int main(void)
{
	plan_lazy();
	test_fixtures();
	test_live();
	return 0;
}
