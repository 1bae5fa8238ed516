/* reuse-tid: a thread that exits, then a child process that takes its tid.
 *
 * Usage: reuse-tid FILE WAIT_MS
 * Starts a thread, waits WAIT_MS (so a monitor learns the thread), lets the
 * thread exit, then creates a child process with the thread's tid (clone3
 * set_tid: needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE) that wakes every
 * 2 ms for good, while the main thread sleeps for good. Writes "TID CHILD" to FILE
 * (CHILD is -errno when clone3 failed: then it exits 3). */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile pid_t thread_tid;
static volatile int thread_go;

/* The thread: publish its tid, wait for the go, exit. */
static void *thread_main(void *arg)
{
	(void)arg;
	thread_tid = (pid_t)syscall(SYS_gettid);
	while (!thread_go)
		usleep(1000);
	return NULL;
}

/* Work for good without hogging a CPU: wake every 2 ms. */
static void work(void)
{
	for (;;)
		usleep(2000);
}

/* clone3 a working child with pid want; returns its pid or -errno. The
 * tid of a joined thread is freed a little after the join: retry a while. */
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
			work();
		if (r > 0 || errno != EEXIST)
			break;
		usleep(5000);
	}
	return r > 0 ? (pid_t)r : -errno;
}

int main(int argc, char **argv)
{
	pthread_t t;
	pid_t tid, child;
	FILE *f;

	if (argc < 3 || pthread_create(&t, NULL, thread_main, NULL) != 0)
		return 2;
	while (!(tid = thread_tid))
		usleep(1000);
	usleep((useconds_t)atoi(argv[2]) * 1000);
	thread_go = 1;
	pthread_join(t, NULL);
	child = clone_with_pid(tid);
	f = fopen(argv[1], "w");
	if (!f || fprintf(f, "%d %d\n", (int)tid, (int)child) < 0 || fclose(f) != 0)
		return 2;
	if (child < 0)
		return 3;
	for (;;)
		pause();
}
