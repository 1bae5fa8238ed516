/* bursts: forever, burn CPU for argv[1] ms (default 10), then sleep for
 * argv[2] ms (default 50). */
#include <stdlib.h>
#include <time.h>

/* Return CLOCK_MONOTONIC in ms. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Burn CPU until ms milliseconds of wall time have passed. */
static void burn(long ms)
{
	volatile unsigned long n = 0;
	long long end = now_ms() + ms;

	while (now_ms() < end)
		n++;
}

int main(int argc, char **argv)
{
	long work = argc > 1 ? atol(argv[1]) : 10, rest = argc > 2 ? atol(argv[2]) : 50;
	struct timespec ts = { rest / 1000, (rest % 1000) * 1000000L };

	for (;;) {
		burn(work);
		nanosleep(&ts, NULL);
	}
}
