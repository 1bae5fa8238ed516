/* exit-early: burn CPU for STALLSUP_WORKER x argv[1] ms (default 20), then
 * exit 0: worker 0 exits at once, later workers a little later. */
#include <stdlib.h>
#include <time.h>

/* Return CLOCK_MONOTONIC in ms. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	const char *w = getenv("STALLSUP_WORKER");
	long step = argc > 1 ? atol(argv[1]) : 20;
	long long end = now_ms() + (w ? atol(w) : 0) * step;
	volatile unsigned long n = 0;

	while (now_ms() < end)
		n++;
	return 0;
}
