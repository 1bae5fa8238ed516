/* bt-stuck: threads that sit in known functions, for the backtrace tests.
 *
 *   bt-stuck sleep N   N threads block in stuck_a, the main thread in main_wait
 *   bt-stuck two N [M] N threads in stuck_a, M (default N) in stuck_b, main
 *                      in main_wait
 *   bt-stuck spin N    N threads spin in spin_here, the main thread in main_wait
 *   bt-stuck stop N    as sleep, then the process stops itself (SIGSTOP)
 *   bt-stuck vfork N   as sleep, but the main thread vforks a child that
 *                      sleeps forever: the main thread waits in D state
 *
 * Once every thread is in place it prints "ready LINE_A LINE_B LINE_MAIN" (the
 * source lines of the blocking calls) on stdout and closes it. Built with -g;
 * the functions are noinline and do something after their call, so neither
 * inlining nor a tail call hides them whatever the optimisation level. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* noclone keeps gcc from renaming them (stuck_a.constprop.0); clang has no
 * such clones, nor the attribute. */
#ifdef __clang__
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE __attribute__((noinline, noclone))
#endif

static int line_a, line_b, line_main;
static volatile int arrived;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned long spins;

/* Count one thread as in place. */
static void arrive(void)
{
	pthread_mutex_lock(&lock);
	arrived++;
	pthread_mutex_unlock(&lock);
}

/* Block forever, in stuck_a (an endless loop around the call: no tail call). */
static NOINLINE void stuck_a(void)
{
	line_a = __LINE__ + 3; /* the line of pause() */
	arrive();
	for (;;)
		pause();
}

/* Block forever, in stuck_b. */
static NOINLINE void stuck_b(void)
{
	line_b = __LINE__ + 3; /* the line of pause() */
	arrive();
	for (;;)
		pause();
}

/* Spin forever, in spin_here. */
static NOINLINE void spin_here(void)
{
	arrive();
	for (;;)
		spins++;
}

static void *run_a(void *arg)
{
	(void)arg;
	stuck_a();
	return NULL;
}
static void *run_b(void *arg)
{
	(void)arg;
	stuck_b();
	return NULL;
}
static void *run_spin(void *arg)
{
	(void)arg;
	spin_here();
	return NULL;
}

/* The main thread's wait, after announcing readiness: stopped first with
 * "stop", in D under a vfork with "vfork". */
static NOINLINE void main_wait(const char *mode)
{
	line_main = __LINE__ + 9; /* the line of pause() */
	printf("ready %d %d %d\n", line_a, line_b, line_main);
	fclose(stdout);
	if (strcmp(mode, "stop") == 0)
		raise(SIGSTOP);
	if (strcmp(mode, "vfork") == 0 && vfork() == 0)
		for (;;)
			pause(); /* the child: the parent waits in D until it ends */
	for (;;)
		pause();
}

/* Start n threads running fn. */
static void start(int n, void *(*fn)(void *))
{
	pthread_attr_t attr;
	pthread_t t;
	int i;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (i = 0; i < n; i++)
		if (pthread_create(&t, &attr, fn, NULL) != 0)
			exit(1);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "sleep";
	int n = argc > 2 ? atoi(argv[2]) : 1, want = n;
	int m = argc > 3 ? atoi(argv[3]) : n;

	if (strcmp(mode, "spin") == 0)
		start(n, run_spin);
	else
		start(n, run_a);
	if (strcmp(mode, "two") == 0) {
		start(m, run_b);
		want = n + m;
	}
	while (arrived < want)
		usleep(1000);
	usleep(50000); /* let the last arrivals reach their call */
	main_wait(mode);
	return 0;
}
