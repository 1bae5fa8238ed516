/* bench/backtrace: time from a backtrace request to the complete decoded
 * answer, against eu-stack on the same process in the same run.
 *
 * Usage: bench/backtrace [RUNS] [EU_STACK] [THREADS]
 *   (defaults 15, /usr/bin/eu-stack, and the sizes 1, 16 and 256)
 *
 * For processes of 1, 16 and 256 threads (each thread blocked in pause()
 * under a few frames of its own), RUNS rounds of, in turn:
 *   ours         unwinder_request for every thread, then poll + on_readable
 *                until the answer is decoded (helper fork, attach, unwind,
 *                symbols and file:line, encode, decode);
 *   ours-nosrc   the same with BT_FLAG_NO_SOURCE (no file:line);
 *   eu-stack     fork + exec of `eu-stack -p PID` to /dev/null, until it exits;
 *   eu-stack -s  the same with source lines.
 * Printed: the median and minimum of each in ms, the ratio of ours to
 * eu-stack, and the target (ours no slower than eu-stack at 16 and 256
 * threads) as met or MISSED. Then where the time goes: unwind_process run
 * directly in a child with struct unwind_stats (setup, stopping, walking,
 * symbols, the longest a thread was held stopped), medians in ms. */
#include <config.h>

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchutil.h"
#include "proc.h"
#include "ptstop.h"
#include "taskset.h"
#include "unwind.h"
#include "unwinder.h"

#define MAX_RUNS 101
#define NOINLINE __attribute__((noinline))

enum { OURS, OURS_NOSRC, EU, EU_SRC, NWAYS };
static const char *const way_name[NWAYS] = {"ours", "ours-nosrc", "eu-stack", "eu-stack -s"};

/* Three frames of the target's own above pause(). */
static NOINLINE void level3(void)
{
	for (;;)
		pause();
}

static NOINLINE void level2(void)
{
	level3();
	__asm__ volatile("" ::: "memory");
}

static NOINLINE void *level1(void *arg)
{
	(void)arg;
	level2();
	return NULL;
}

/* Fork the target: nthreads threads in all (the main one included); returns
 * once every thread is asleep. */
static pid_t start_target(unsigned nthreads)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		pthread_attr_t attr;
		pthread_t t;
		unsigned i;

		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, 64 * 1024);
		for (i = 1; i < nthreads; i++)
			if (pthread_create(&t, &attr, level1, NULL) != 0)
				_exit(1);
		if (write(p[1], "r", 1) != 1)
			_exit(1);
		level1(NULL);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &c, 1) != 1)
		pid = -1;
	close(p[0]);
	bench_sleep_ns(200 * 1000000LL); /* let the threads reach pause() */
	return pid;
}

/* Time one request through the helper until its answer is decoded; ns, or -1. */
static int64_t time_ours(struct unwinder *u, pid_t pid, unsigned flags, unsigned want)
{
	struct pollfd pfd = {unwinder_fd(u), POLLIN, 0};
	int64_t t0 = bench_clock_ns(CLOCK_MONOTONIC);
	struct bt_process *p = NULL;
	uint32_t id;
	int r = unwinder_request(u, pid, NULL, 0, (uint64_t)t0 + 10000000000ull, flags, &id);

	while (r == 0)
		if ((r = unwinder_on_readable(u, &p)) == 0)
			poll(&pfd, 1, 1000);
	t0 = bench_clock_ns(CLOCK_MONOTONIC) - t0;
	if (r != 1 || p->nthreads != want || p->threads[want - 1].nframes == 0)
		t0 = -1;
	bt_process_free(p);
	return t0;
}

/* Time eu-stack -p PID (with -s when src) to /dev/null; ns, or -1. */
static int64_t time_eu(const char *eu, pid_t pid, int src)
{
	char spid[16], *argv[5];
	int64_t t0 = bench_clock_ns(CLOCK_MONOTONIC);
	int n = 0, st;
	pid_t child;

	snprintf(spid, sizeof(spid), "%d", (int)pid);
	argv[n++] = (char *)eu;
	if (src)
		argv[n++] = "-s";
	argv[n++] = "-p";
	argv[n++] = spid;
	argv[n] = NULL;
	child = bench_spawn(argv, -1);
	if (child < 0)
		return -1;
	st = bench_reap(child, 30000000000LL);
	t0 = bench_clock_ns(CLOCK_MONOTONIC) - t0;
	return st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? t0 : -1;
}

/* unwind_process callback: count answers. */
static int count_cb(size_t index, const struct bt_thread *t, void *arg)
{
	(void)index;
	(void)t;
	++*(unsigned *)arg;
	return 0;
}

/* Run unwind_process on every thread of pid in a child; its stats in *st. */
static int phases(pid_t pid, bool no_source, struct unwind_stats *st)
{
	int p[2], r = -1;
	pid_t child;

	if (pipe(p) < 0)
		return -1;
	child = fork();
	if (child == 0) {
		struct unwind_opts o = {proc_root_open(NULL), ptstop_now() + 10000000000ull,
					no_source};
		pid_t tids[BT_MAX_THREADS];
		unsigned n = 0, answered = 0;
		struct taskset ts;

		taskset_init(&ts);
		if (taskset_process(&ts, o.proc_fd, pid) < 0)
			_exit(1);
		for (; n < ts.n && n < BT_MAX_THREADS; n++)
			tids[n] = ts.ids[n].tid;
		memset(st, 0, sizeof(*st));
		unwind_process(pid, tids, n, &o, count_cb, &answered, st);
		_exit(write(p[1], st, sizeof(*st)) == (ssize_t)sizeof(*st) && answered == n ? 0
											    : 1);
	}
	close(p[1]);
	if (child > 0 && read(p[0], st, sizeof(*st)) == (ssize_t)sizeof(*st))
		r = 0;
	close(p[0]);
	if (child > 0)
		bench_reap(child, 30000000000LL);
	return r;
}

/* Median of the phase times of runs runs. */
static void print_phases(pid_t pid, unsigned runs, bool no_source)
{
	static int64_t v[5][MAX_RUNS];
	static const char *const names[5] = {"setup", "stopping", "walking", "symbols", "held max"};
	struct unwind_stats st;
	size_t n = 0, k;

	for (; n < runs && phases(pid, no_source, &st) == 0; n++) {
		v[0][n] = (int64_t)st.setup_ns;
		v[1][n] = (int64_t)st.stop_ns;
		v[2][n] = (int64_t)st.walk_ns;
		v[3][n] = (int64_t)st.symbol_ns;
		v[4][n] = (int64_t)st.held_max_ns;
	}
	printf("  unwind_process%s, medians:", no_source ? " (no file:line)" : "");
	for (k = 0; k < 5 && n > 0; k++) {
		bench_sort(v[k], n);
		printf(" %s %.2f ms%s", names[k], (double)bench_percentile(v[k], n, 50) / 1e6,
		       k < 4 ? "," : "\n");
	}
	if (n == 0)
		printf(" failed\n");
}

/* Measure every way on a process of nthreads threads; print; return 1 when
 * the target is met (or not applicable), else 0. */
static int measure(struct unwinder *u, const char *eu, unsigned nthreads, unsigned runs)
{
	static int64_t v[NWAYS][MAX_RUNS];
	size_t n[NWAYS] = {0};
	int64_t med[NWAYS], t;
	pid_t pid = start_target(nthreads);
	unsigned r, w;
	int met;

	if (pid < 0)
		return 0;
	printf("%u thread%s:\n", nthreads, nthreads > 1 ? "s" : "");
	for (r = 0; r < runs; r++)
		for (w = 0; w < NWAYS; w++) {
			t = w == OURS || w == OURS_NOSRC
				    ? time_ours(u, pid, w == OURS ? 0 : BT_FLAG_NO_SOURCE, nthreads)
				    : time_eu(eu, pid, w == EU_SRC);
			if (t >= 0)
				v[w][n[w]++] = t;
		}
	for (w = 0; w < NWAYS; w++)
		med[w] = bench_print_median(way_name[w], 12, v[w], n[w]);
	print_phases(pid, runs, false);
	print_phases(pid, runs, true);
	bench_reap(pid, 0);
	if (med[OURS] < 0 || med[EU] <= 0 || med[EU_SRC] <= 0)
		return nthreads < 16;
	met = med[OURS] <= med[EU];
	printf("  ours / eu-stack = %.2f, ours-nosrc / eu-stack = %.2f, ours / eu-stack -s = %.2f",
	       (double)med[OURS] / (double)med[EU], (double)med[OURS_NOSRC] / (double)med[EU],
	       (double)med[OURS] / (double)med[EU_SRC]);
	if (nthreads >= 16)
		printf("; target ours <= eu-stack: %s", met ? "met" : "MISSED");
	printf("\n");
	return met || nthreads < 16;
}

int main(int argc, char **argv)
{
	unsigned runs = argc > 1 ? (unsigned)atoi(argv[1]) : 15, sizes[3] = {1, 16, 256}, i;
	unsigned nsizes = 3;
	const char *eu = argc > 2 ? argv[2] : "/usr/bin/eu-stack";
	struct unwinder *u;
	int all = 1;

	if (runs < 1 || runs > MAX_RUNS)
		runs = 15;
	if (argc > 3) {
		sizes[0] = (unsigned)atoi(argv[3]);
		nsizes = sizes[0] >= 1 && sizes[0] <= BT_MAX_THREADS ? 1 : 0;
	}
	if (!unwind_available()) {
		printf("bench-backtrace: built without libdw; nothing to measure\n");
		return 0;
	}
	if (access(eu, X_OK) != 0) {
		printf("bench-backtrace: %s not found (Debian package elfutils)\n", eu);
		return 0;
	}
	if (unwinder_start(&u) < 0) {
		printf("bench-backtrace: cannot start the helper\n");
		return 1;
	}
	printf("bench-backtrace: request to decoded answer vs %s, %u runs each\n", eu, runs);
	for (i = 0; i < nsizes; i++)
		all &= measure(u, eu, sizes[i], runs);
	unwinder_stop(u);
	printf("target %s\n", all ? "met" : "MISSED");
	return 0; /* a missed target never fails the build */
}
