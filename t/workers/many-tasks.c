/* many-tasks: a worker of many tasks where only the last-created work.
 *
 * Usage: many-tasks threads|procs IDLE BUSY WAKE_MS [LATE_MS]
 * Creates IDLE tasks (threads, or child processes) that sleep for good, then
 * BUSY more that wake every WAKE_MS, for good; with LATE_MS, one more idle
 * task LATE_MS after that. The main thread then sleeps for good. Exits 1
 * when a task cannot be created. Child processes share our memory
 * (clone(CLONE_VM), each on its own stack, as vfork children do): copying
 * page tables makes thousands of forks take many seconds on some VMs, and
 * the monitor cares only that they are processes. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define STACK_SIZE (64 * 1024)

/* Sleep for good. */
static void idle(void)
{
	for (;;)
		pause();
}

/* Wake every ms milliseconds, for good. */
static void wake_every(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	for (;;)
		nanosleep(&ts, NULL);
}

/* Thread body: wake every (uintptr_t)arg ms, or sleep for good when 0. */
static void *task_main(void *arg)
{
	unsigned ms = (unsigned)(uintptr_t)arg;

	if (ms)
		wake_every(ms);
	idle();
	return NULL;
}

/* Child process body: task_main, which never returns. */
static int proc_main(void *arg)
{
	task_main(arg);
	return 0;
}

/* Create one task running task_main(ms): a thread or a child process.
 * Returns 0 or -1. */
static int create(int procs, unsigned ms)
{
	pthread_attr_t attr;
	pthread_t t;
	char *stack;
	int r;

	if (procs) {
		stack = malloc(STACK_SIZE);
		return stack && clone(proc_main, stack + STACK_SIZE, CLONE_VM | SIGCHLD,
				      (void *)(uintptr_t)ms) > 0 ? 0 : -1;
	}
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, STACK_SIZE);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	r = pthread_create(&t, &attr, task_main, (void *)(uintptr_t)ms);
	pthread_attr_destroy(&attr);
	return r == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	int procs = argc > 1 && strcmp(argv[1], "procs") == 0;
	long nidle = argc > 2 ? atol(argv[2]) : 0, nbusy = argc > 3 ? atol(argv[3]) : 0;
	unsigned wake = argc > 4 ? (unsigned)atoi(argv[4]) : 50;
	unsigned late = argc > 5 ? (unsigned)atoi(argv[5]) : 0;

	if (argc < 5 || (!procs && strcmp(argv[1], "threads") != 0))
		return 2;
	for (long i = 0; i < nidle; i++)
		if (create(procs, 0) < 0)
			return 1;
	for (long i = 0; i < nbusy; i++)
		if (create(procs, wake) < 0)
			return 1;
	if (late) {
		usleep(late * 1000);
		if (create(procs, 0) < 0)
			return 1;
	}
	idle();
}
