/* bench/stallworker: the worker the stall benchmarks run under stallsup.
 *
 * Usage (STALLSUP_WORKER gives the index; BENCH_FIFO, if set, is a FIFO the
 * harness reads; each message is one line, written in one write):
 *   stallworker progress WAKE_MS       sleep WAKE_MS at a time, forever
 *   stallworker idle                   block forever (every sample is flat)
 *   stallworker threads N WAKE_MS      N tasks (main + N-1 threads), each as
 *                                      `progress WAKE_MS` with its first wake
 *                                      staggered (task i after i x WAKE_MS / N),
 *                                      or `idle` if 0
 *   stallworker stall MIN_MS MAX_MS WAKE_MS
 *                                      progress for a random time in
 *                                      [MIN_MS, MAX_MS], then write
 *                                      "onset INDEX REALTIME_NS" and block
 *   stallworker floor INTERVAL_MS FILE not a worker: the floor of a sampler
 *                                      of the tasks listed in FILE ("PID TID"
 *                                      lines): waking on a timerfd every
 *                                      INTERVAL_MS to pread each one's kept
 *                                      schedstat fd once
 * SIGUSR1 makes every task of `progress` and `threads` block for good (a
 * stall the harness causes on purpose). Every mode writes "ready INDEX" once
 * all its tasks run. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define THREAD_STACK (64 * 1024)

/* Return the clock in ns. */
static int64_t clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Our worker index from STALLSUP_WORKER (0 when unset). */
static unsigned worker_index(void)
{
	const char *s = getenv("STALLSUP_WORKER");

	return s ? (unsigned)strtoul(s, NULL, 10) : 0;
}

/* Write one line to $BENCH_FIFO (ignored when unset or on error). */
static void tell(const char *line)
{
	const char *path = getenv("BENCH_FIFO");
	int fd;

	if (!path)
		return;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (write(fd, line, strlen(line)) < 0)
		perror("stallworker: write");
	close(fd);
}

/* Sleep ms milliseconds (restarted on EINTR). */
static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Block forever without ever running again. */
static void block_forever(void)
{
	for (;;)
		pause();
}

static volatile sig_atomic_t stop_waking; /* set by SIGUSR1 */

/* SIGUSR1: every waking task blocks for good at its next wake-up. */
static void on_usr1(int sig)
{
	(void)sig;
	stop_waking = 1;
}

/* Wake every wake_ms (the first time after first_ms) until SIGUSR1, then
 * block; block at once when wake_ms is 0. */
static void run_loop(unsigned wake_ms, unsigned first_ms)
{
	if (wake_ms == 0)
		block_forever();
	sleep_ms(first_ms);
	while (!stop_waking)
		sleep_ms(wake_ms);
	block_forever();
}

/* A thread's period and its first sleep. */
struct thread_arg {
	unsigned wake_ms, first_ms;
};

/* Thread body: run_loop with the period and phase in arg. */
static void *thread_main(void *arg)
{
	struct thread_arg *a = arg;

	run_loop(a->wake_ms, a->first_ms);
	return NULL;
}

/* Start n-1 threads running run_loop(wake_ms), thread i first waking after
 * i x wake_ms / n (staggered phases); returns 0 or an errno. */
static int start_threads(unsigned n, unsigned wake_ms)
{
	struct thread_arg *args = calloc(n, sizeof(*args));
	pthread_attr_t attr;
	pthread_t t;
	int r = args ? 0 : ENOMEM;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, THREAD_STACK);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (unsigned i = 1; i < n && r == 0; i++) {
		args[i].wake_ms = wake_ms;
		args[i].first_ms = (unsigned)((unsigned long long)i * wake_ms / n);
		r = pthread_create(&t, &attr, thread_main, &args[i]);
	}
	pthread_attr_destroy(&attr);
	return r;
}

/* Say "ready INDEX". */
static void tell_ready(unsigned index)
{
	char line[64];

	snprintf(line, sizeof(line), "ready %u\n", index);
	tell(line);
}

/* Progress for a random span in [min_ms, max_ms], then stall: record the
 * onset and block. */
static void run_stall(unsigned index, unsigned min_ms, unsigned max_ms, unsigned wake_ms)
{
	int64_t start = clock_ns(CLOCK_MONOTONIC), span;
	char line[96];

	srand((unsigned)(start ^ (index * 2654435761u) ^ (unsigned)getpid()));
	span = (int64_t)(min_ms + (unsigned)rand() % (max_ms - min_ms + 1)) * 1000000LL;
	tell_ready(index);
	while (clock_ns(CLOCK_MONOTONIC) - start < span)
		sleep_ms(wake_ms);
	snprintf(line, sizeof(line), "onset %u %lld\n", index,
		 (long long)clock_ns(CLOCK_REALTIME));
	tell(line);
	block_forever();
}

/* Open the schedstat of every "PID TID" line of path into *fds; returns
 * how many, or -1 on error. */
static long open_listed(const char *path, int **fds)
{
	FILE *f = fopen(path, "r");
	char rel[64];
	long n = 0, cap = 1024;
	int pid, tid;

	*fds = malloc((size_t)cap * sizeof(int));
	if (!f || !*fds)
		return -1;
	while (fscanf(f, "%d %d", &pid, &tid) == 2) {
		if (n == cap && !(*fds = realloc(*fds, (size_t)(cap *= 2) * sizeof(int))))
			return -1;
		snprintf(rel, sizeof(rel), "/proc/%d/task/%d/schedstat", pid, tid);
		if (((*fds)[n] = open(rel, O_RDONLY | O_CLOEXEC)) >= 0)
			n++;
	}
	fclose(f);
	return n;
}

/* The floor of a sampler of the tasks listed in path: every interval_ms,
 * read a timerfd and pread each task's kept schedstat fd once; never
 * returns (0 on a setup error: usage). */
static int run_floor(unsigned index, unsigned interval_ms, const char *path)
{
	struct itimerspec its = { { 0, 0 }, { 0, 0 } };
	int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC), *fds;
	long n = open_listed(path, &fds);
	char buf[128];
	uint64_t ticks;

	if (tfd < 0 || n < 0 || interval_ms == 0)
		return 0;
	its.it_interval.tv_sec = interval_ms / 1000;
	its.it_interval.tv_nsec = (long)(interval_ms % 1000) * 1000000L;
	its.it_value = its.it_interval;
	timerfd_settime(tfd, 0, &its, NULL);
	tell_ready(index);
	for (;;) {
		if (read(tfd, &ticks, sizeof(ticks)) < 0 && errno != EINTR)
			return 0;
		for (long i = 0; i < n; i++)
			if (pread(fds[i], buf, sizeof(buf), 0) < 0)
				continue; /* a task that ended */
	}
}

/* Print the usage on stderr and return 2. */
static int usage(void)
{
	fputs("usage: stallworker progress WAKE_MS | idle | threads N WAKE_MS |"
	      " stall MIN_MS MAX_MS WAKE_MS | floor INTERVAL_MS FILE\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	unsigned index = worker_index(), n;
	int r;

	signal(SIGUSR1, on_usr1);
	if (argc == 3 && strcmp(argv[1], "progress") == 0) {
		tell_ready(index);
		run_loop((unsigned)atoi(argv[2]) ? (unsigned)atoi(argv[2]) : 1, 0);
	} else if (argc == 2 && strcmp(argv[1], "idle") == 0) {
		tell_ready(index);
		block_forever();
	} else if (argc == 4 && strcmp(argv[1], "threads") == 0) {
		n = (unsigned)atoi(argv[2]);
		if ((r = start_threads(n, (unsigned)atoi(argv[3]))) != 0) {
			fprintf(stderr, "stallworker: pthread_create: %s\n", strerror(r));
			return 1;
		}
		tell_ready(index);
		run_loop((unsigned)atoi(argv[3]), 0);
	} else if (argc == 4 && strcmp(argv[1], "floor") == 0) {
		run_floor(index, (unsigned)atoi(argv[2]), argv[3]);
	} else if (argc == 5 && strcmp(argv[1], "stall") == 0) {
		unsigned lo = (unsigned)atoi(argv[2]), hi = (unsigned)atoi(argv[3]);

		if (hi < lo)
			return usage();
		run_stall(index, lo, hi, (unsigned)atoi(argv[4]) ? (unsigned)atoi(argv[4]) : 1);
	}
	return usage();
}
