/* busy-syscalls: a CPU-bound worker that makes system calls, as a benchmark
 * doing I/O does: it computes for about 20 ms of CPU time, then sleeps
 * 200 us in nanosleep, for argv[1] seconds of wall time (default 3), then
 * exits 0. It must never be reported as spinning. */
#include <stdlib.h>
#include <time.h>

/* CLOCK_MONOTONIC or CLOCK_THREAD_CPUTIME_ID in ns. */
static long long now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long long end = now_ns(CLOCK_MONOTONIC) + (argc > 1 ? atoll(argv[1]) : 3) * 1000000000LL;
	struct timespec nap = { 0, 200000 };
	volatile unsigned long n = 0;

	while (now_ns(CLOCK_MONOTONIC) < end) {
		long long cpu = now_ns(CLOCK_THREAD_CPUTIME_ID) + 20000000LL;

		while (now_ns(CLOCK_THREAD_CPUTIME_ID) < cpu)
			for (int i = 0; i < 10000; i++)
				n++;
		nanosleep(&nap, NULL);
	}
	return 0;
}
