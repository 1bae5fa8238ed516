/* bench/cost: stallsup's own CPU time while it supervises, per wall second.
 *
 * Usage: bench/cost STALLSUP STALLWORKER [WINDOW_S] [FILTER]
 *
 * Each configuration starts stallsup -q --stall-on=starved with N workers of
 * bench/stallworker, waits until every worker says it is ready and 6 more
 * intervals (so every task is known and every window is full), then reads
 * the CPU time of the stallsup process itself (the sum of schedstat runtime
 * of its threads, ns resolution; not its children) at both ends of a window
 * of WINDOW_S seconds (default 4, at least 10 intervals), then ends stallsup
 * with SIGTERM. Workers either wake every 100 ms ("waking": they progress,
 * so each sample is one pread) or block forever ("idle": every task is flat
 * and also gets its stat read, the expensive path). --stall-on=starved keeps
 * the idle workers' one sleeping stall each silent. Printed per
 * configuration: CPU % of one core, us per task per tick and the ratio to the
 * measured floor of 1.6 us per task per sample, against the targets
 * (8 workers 500 ms: 0.01 %; 1024 workers 500 ms: 0.5 %; 1024 workers 100 ms:
 * 2.5 %); a missed target prints MISSED. w1-leader (one task under
 * --scope=leader, no enumeration) shows the fixed cost of a tick: the
 * wakeup, the timerfd read and cold caches; floor-8 is no stallsup at all
 * but a bare loop that wakes on a timerfd every 500 ms and preads 8 kept
 * schedstat fds, measured the same way: the floor of any such sampler. FILTER runs only the
 * configuration of that name, or else those whose name contains it. The
 * stallsup pid is printed on stderr before each window (to attach perf). */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benchutil.h"

#define FLOOR_US 1.6                        /* us per task per sample */
#define READY_TIMEOUT_NS (120 * 1000000000LL)
#define WARMUP_TICKS 6

/* One supervised workload. */
struct cost_config {
	const char *name;
	unsigned workers, threads;  /* tasks = workers x threads */
	unsigned interval_ms, wake_ms;  /* wake_ms 0: idle */
	double target_pct;          /* of one core; 0: no target */
	const char *extra;          /* one more stallsup option, or NULL */
	bool floor;                 /* not stallsup: a bare timerfd + pread loop */
};

static const struct cost_config configs[] = {
	{ "w1-leader", 1, 1, 500, 100, 0, "--scope=leader", false },  /* the per-tick floor */
	/* the floor of any 500 ms sampler of 8 tasks, measured the same way */
	{ "floor-8", 1, 8, 500, 0, 0, NULL, true },
	{ "w8-waking", 8, 1, 500, 100, 0.01, NULL, false },
	{ "w8-idle", 8, 1, 500, 0, 0.01, NULL, false },
	{ "w1024-waking", 1024, 1, 500, 100, 0.5, NULL, false },
	{ "w1024-idle", 1024, 1, 500, 0, 0.5, NULL, false },
	{ "w1024-waking-100ms", 1024, 1, 100, 100, 2.5, NULL, false },
	{ "w1024-idle-100ms", 1024, 1, 100, 0, 2.5, NULL, false },
	{ "t10x1000-waking", 10, 1000, 500, 500, 0, NULL, false },
	{ "t10x1000-idle", 10, 1000, 500, 0, 0, NULL, false },
	{ "w1024-idle-nocgroup", 1024, 1, 500, 0, 0.5, "--no-cgroup", false },
	{ "t10x1000-idle-nocgroup", 10, 1000, 500, 0, 0, "--no-cgroup", false },
};

/* What one configuration measured. */
struct cost_result {
	int64_t cpu_ns, wall_ns;
	long tasks;
};

/* Count "ready" lines on the FIFO. */
static void on_fifo(char *line, void *arg)
{
	if (strncmp(line, "ready ", 6) == 0)
		(*(unsigned *)arg)++;
}

/* Wait until `want` workers said ready; 0 or -ETIMEDOUT. */
static int wait_ready(int fifo_fd, unsigned want)
{
	static struct bench_lines lb;
	int64_t end = bench_clock_ns(CLOCK_MONOTONIC) + READY_TIMEOUT_NS;
	unsigned ready = 0;

	lb.len = 0;
	while (ready < want) {
		int64_t left = end - bench_clock_ns(CLOCK_MONOTONIC);

		if (left <= 0)
			return -ETIMEDOUT;
		if (bench_wait_readable(fifo_fd, left < 200000000 ? left : 200000000))
			bench_lines_feed(&lb, fifo_fd, on_fifo, &ready);
	}
	return 0;
}

/* Start stallsup for c; returns its pid or -errno. */
static pid_t start(char **paths, const struct cost_config *c)
{
	char nw[16], iv[32], nt[16], wake[16];
	char *argv[20];
	int i = 0;

	snprintf(nw, sizeof(nw), "%u", c->workers);
	snprintf(iv, sizeof(iv), "%ums", c->interval_ms);
	snprintf(nt, sizeof(nt), "%u", c->threads);
	snprintf(wake, sizeof(wake), "%u", c->wake_ms);
	if (c->floor) {
		snprintf(iv, sizeof(iv), "%u", c->interval_ms);
		argv[i++] = paths[1];
		argv[i++] = "ticker";
		argv[i++] = iv;
		argv[i++] = nt;
		argv[i] = NULL;
		return bench_spawn(argv, -1);
	}
	argv[i++] = paths[0];
	argv[i++] = "-q";
	argv[i++] = "-w";
	argv[i++] = nw;
	argv[i++] = "-i";
	argv[i++] = iv;
	argv[i++] = "--stall-on=starved";
	argv[i++] = "-t";
	argv[i++] = "600s";
	if (c->extra)
		argv[i++] = (char *)c->extra;
	argv[i++] = "--";
	argv[i++] = paths[1];
	if (c->threads > 1) {
		argv[i++] = "threads";
		argv[i++] = nt;
		argv[i++] = wake;
	} else if (c->wake_ms) {
		argv[i++] = "progress";
		argv[i++] = wake;
	} else {
		argv[i++] = "idle";
	}
	argv[i] = NULL;
	return bench_spawn(argv, -1);
}

/* Measure stallsup pid's CPU over window_ns into *res; 0 or -errno. */
static int measure_window(pid_t pid, int64_t window_ns, struct cost_result *res)
{
	int64_t c0, c1, t0, t1;

	t0 = bench_clock_ns(CLOCK_MONOTONIC);
	c0 = bench_cpu_ns(pid);
	bench_sleep_ns(window_ns);
	c1 = bench_cpu_ns(pid);
	t1 = bench_clock_ns(CLOCK_MONOTONIC);
	if (c0 < 0 || c1 < 0)
		return c0 < 0 ? (int)c0 : (int)c1;
	res->cpu_ns = c1 - c0;
	res->wall_ns = t1 - t0;
	return 0;
}

/* True when configuration c is selected by filter: every configuration
 * without one, else the one named exactly so, else those containing it. */
static bool selected(const struct cost_config *c, const char *filter)
{
	if (!filter)
		return true;
	for (size_t i = 0; i < sizeof(configs) / sizeof(configs[0]); i++)
		if (strcmp(configs[i].name, filter) == 0)
			return c == &configs[i];
	return strstr(c->name, filter) != NULL;
}

/* Run configuration c and measure it; 0 or -errno. */
static int run_config(char **paths, const struct cost_config *c, int64_t window_ns,
		      struct cost_result *res)
{
	int64_t interval_ns = (int64_t)c->interval_ms * 1000000LL;
	struct bench_fifo fifo;
	pid_t pid;
	int r;

	if ((r = bench_fifo_make(&fifo)) < 0)
		return r;
	pid = start(paths, c);
	r = pid < 0 ? pid : wait_ready(fifo.fd, c->workers);
	if (r == 0) {
		bench_sleep_ns(WARMUP_TICKS * interval_ns);
		if (window_ns < 10 * interval_ns)
			window_ns = 10 * interval_ns;
		res->tasks = (long)c->workers * c->threads;
		fprintf(stderr, "  [%s: stallsup pid %d, measuring %.1f s]\n", c->name, (int)pid,
			window_ns / 1e9);
		r = measure_window(pid, window_ns, res);
	}
	if (pid > 0) {
		kill(pid, SIGTERM);
		bench_reap(pid, 60 * 1000000000LL);
	}
	bench_fifo_remove(&fifo);
	return r;
}

/* Print one configuration's row. */
static void print_row(const struct cost_config *c, const struct cost_result *res)
{
	double pct = 100.0 * (double)res->cpu_ns / (double)res->wall_ns;
	double ticks = (double)res->wall_ns / ((double)c->interval_ms * 1e6);
	double us = (double)res->cpu_ns / 1e3 / ticks / (double)res->tasks;
	char target[32] = "-";
	const char *verdict = "";

	if (c->target_pct > 0) {
		snprintf(target, sizeof(target), "%.2f%%", c->target_pct);
		verdict = pct <= c->target_pct ? "met" : "MISSED";
	}
	printf("%-24s %6ld %5u %9.4f%% %9.3f %8.2f %7.2fx %8s  %s\n", c->name, res->tasks,
	       c->interval_ms, pct, (double)res->cpu_ns / 1e6 / ticks, us, us / FLOOR_US, target,
	       verdict);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	double window_s = argc > 3 ? atof(argv[3]) : 4.0;
	const char *filter = argc > 4 ? argv[4] : NULL;
	struct cost_result res;
	int r, failed = 0;

	if (argc < 3 || window_s <= 0) {
		fprintf(stderr, "usage: %s STALLSUP STALLWORKER [WINDOW_S] [FILTER]\n", argv[0]);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	printf("supervision cost: stallsup's own CPU (schedstat of its threads) per wall second\n");
	printf("waking = workers sleep 100 ms at a time (threads: 500 ms); idle = blocked, all "
	       "flat\nfloor = %.1f us per task per sample\n", FLOOR_US);
	printf("%-24s %6s %5s %10s %9s %8s %8s %8s\n", "config", "tasks", "ms", "CPU/core",
	       "ms/tick", "us/task", "/floor", "target");
	fflush(stdout);
	for (size_t i = 0; i < sizeof(configs) / sizeof(configs[0]); i++) {
		if (!selected(&configs[i], filter))
			continue;
		memset(&res, 0, sizeof(res));
		r = run_config(argv + 1, &configs[i], (int64_t)(window_s * 1e9), &res);
		if (r < 0) {
			printf("%-24s failed: %s\n", configs[i].name, strerror(-r));
			failed = 1;
			continue;
		}
		print_row(&configs[i], &res);
	}
	return failed;
}
