/* stallsup-demo: a small workload for trying stallsup.
 *
 * Run as N workers (STALLSUP_WORKER = 0..N-1). Every worker computes in two
 * threads for about four seconds and exits 0, except worker 1: after about a
 * second its two threads take two locks in opposite orders and deadlock, so
 * it stops making progress while the others carry on. stallsup reports it as
 * a "sleeping" stall with both threads in a futex wait (wchan futex_do_wait
 * or futex_wait_queue, depending on the kernel). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static int stuck;  /* this worker deadlocks */

/* Seconds since an arbitrary start, from CLOCK_MONOTONIC. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Burn CPU for about secs seconds; returns a value so the work is not elided. */
static uint64_t compute(double secs)
{
	double end = now() + secs;
	uint64_t x = 88172645463325252ULL;

	while (now() < end)
		for (int i = 0; i < 100000; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
		}
	return x;
}

/* Take first, then (after a pause that lets the other thread take second) second. */
static void take_both(pthread_mutex_t *first, pthread_mutex_t *second)
{
	pthread_mutex_lock(first);
	usleep(100000);
	pthread_mutex_lock(second);
	pthread_mutex_unlock(second);
	pthread_mutex_unlock(first);
}

/* Thread body: compute, then in the stuck worker deadlock on the locks. */
static void *work(void *arg)
{
	int second_thread = arg != NULL;
	uint64_t x;

	x = compute(stuck ? 1.0 : 4.0);
	if (stuck) {
		if (second_thread)
			take_both(&lock_b, &lock_a);
		else
			take_both(&lock_a, &lock_b);
	}
	return (void *)(uintptr_t)x;
}

int main(void)
{
	const char *w = getenv("STALLSUP_WORKER");
	pthread_t t;

	stuck = w && atoi(w) == 1;
	if (pthread_create(&t, NULL, work, (void *)1) != 0) {
		perror("stallsup-demo: pthread_create");
		return 1;
	}
	work(NULL);
	pthread_join(t, NULL);
	printf("stallsup-demo: worker %s done\n", w ? w : "?");
	return 0;
}
