/* deadlock: programs that hang the way CI jobs do, and their look-alikes
 * that do not hang, for the untimed-mode and report tests.
 *
 *   deadlock locks [N]      two threads take two mutexes in opposite orders
 *                           and deadlock; N more threads block on the first
 *                           mutex; the main thread joins the first thread
 *   deadlock timer [N]      as locks, plus a timer thread that wakes every
 *                           20 ms (nanosleep) on a sliver of CPU
 *   deadlock condsleep S    the main thread waits on a condition that a
 *                           thread signals after sleeping S seconds; exits 0
 *   deadlock poll S         the main thread polls a flag with 20 ms sleeps
 *                           while two threads compute, for S seconds; exits 0
 *
 * Once the deadlock is in place it prints "deadlocked" on stdout. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold;
static volatile int stop;

/* Sleep ms milliseconds. */
static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Take a then b (first thread) or b then a, once both hold their first. */
static void *take_two(void *arg)
{
	int first = arg != NULL;

	pthread_mutex_lock(first ? &lock_a : &lock_b);
	pthread_barrier_wait(&both_hold);
	pthread_mutex_lock(first ? &lock_b : &lock_a);
	return NULL;
}

/* Block on lock_a forever (it is held by a deadlocked thread). */
static void *block_on_a(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock_a);
	return NULL;
}

/* Wake every 20 ms and do almost nothing. */
static void *timer(void *arg)
{
	(void)arg;
	for (;;)
		sleep_ms(20);
	return NULL;
}

/* What compute computes (kept, so the loop is not optimized away). */
static volatile unsigned long computed;

/* Compute until stop is set. */
static void *compute(void *arg)
{
	(void)arg;
	while (!stop)
		for (int i = 0; i < 100000; i++)
			computed += (unsigned long)i * 31;
	return NULL;
}

/* Start a detached-or-joinable thread running fn(arg); exit 1 on failure. */
static pthread_t start(void *(*fn)(void *), void *arg)
{
	pthread_t t;

	if (pthread_create(&t, NULL, fn, arg) != 0) {
		perror("pthread_create");
		exit(1);
	}
	return t;
}

/* The two-lock deadlock with extra waiters and maybe a timer thread. */
static int deadlock(int extra, int with_timer)
{
	pthread_t first;

	pthread_barrier_init(&both_hold, NULL, 3);
	first = start(take_two, &lock_a);
	start(take_two, NULL);
	pthread_barrier_wait(&both_hold);
	for (int i = 0; i < extra; i++)
		start(block_on_a, NULL);
	if (with_timer)
		start(timer, NULL);
	sleep_ms(50); /* let both reach their second lock */
	printf("deadlocked\n");
	fflush(stdout);
	pthread_join(first, NULL);
	return 1;
}

static pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int signalled;
static long sleep_s;

/* Sleep sleep_s seconds, then signal the condition. */
static void *sleep_then_signal(void *arg)
{
	(void)arg;
	sleep_ms(sleep_s * 1000);
	pthread_mutex_lock(&cm);
	signalled = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&cm);
	return NULL;
}

/* Wait on a condition signalled after a sleep. */
static int condsleep(long s)
{
	pthread_t t;

	sleep_s = s;
	t = start(sleep_then_signal, NULL);
	pthread_mutex_lock(&cm);
	while (!signalled)
		pthread_cond_wait(&cv, &cm);
	pthread_mutex_unlock(&cm);
	pthread_join(t, NULL);
	return 0;
}

/* Poll with short sleeps while two threads compute, for s seconds. */
static int poll_while_computing(long s)
{
	pthread_t a = start(compute, NULL), b = start(compute, NULL);

	for (long i = 0; i < s * 50; i++)
		sleep_ms(20);
	stop = 1;
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 0;

	if (argc < 2) {
		fprintf(stderr, "usage: deadlock locks|timer [N] | condsleep S | poll S\n");
		return 2;
	}
	if (strcmp(argv[1], "locks") == 0)
		return deadlock((int)n, 0);
	if (strcmp(argv[1], "timer") == 0)
		return deadlock((int)n, 1);
	if (strcmp(argv[1], "condsleep") == 0)
		return condsleep(n);
	if (strcmp(argv[1], "poll") == 0)
		return poll_while_computing(n);
	fprintf(stderr, "deadlock: unknown mode %s\n", argv[1]);
	return 2;
}
