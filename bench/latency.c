/* bench/latency: stall detection latency of stallsup, end to end.
 *
 * Usage: bench/latency STALLSUP STALLWORKER [RUNS] [WORKERS]
 *
 * For each interval (50 ms, 500 ms) it runs stallsup RUNS times (default 4)
 * with WORKERS workers (default 25) of `stallworker stall`: each worker
 * makes progress (wakes every interval/10) for a random span, then records
 * its stall onset (CLOCK_REALTIME, written to a FIFO) and blocks in
 * pause(). stallsup runs with --on-stall=kill --report -, so every stall
 * ends its worker and the run ends when all have stalled. The latency of a
 * stall is measured two ways:
 *   read  onset -> the moment this harness reads the JSON stall line
 *   time  onset -> the line's "time" member (ms, truncated)
 * and p50, p99 and max are printed against the target: every report within
 * W x interval + 20 ms (W = STALL_WINDOW = 4: three flat intervals after the
 * onset plus up to one interval of phase). A missed target prints MISSED; the
 * program fails only when the benchmark itself cannot run. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benchutil.h"

#define WINDOW 4                 /* STALL_WINDOW of lib/window.h */
#define SLACK_NS 20000000LL      /* the target's 20 ms */
#define MAX_WORKERS 256
#define RUN_DEADLINE_NS (120 * 1000000000LL)

/* One interval to measure: the span of progress before the stall. */
struct latency_config {
	unsigned interval_ms, min_ms, max_ms, wake_ms;
};

/* What one run saw, per worker. */
struct run_state {
	int64_t onset[MAX_WORKERS];    /* realtime ns, 0 = not seen */
	int64_t seen[MAX_WORKERS];     /* realtime ns when the stall line was read */
	int64_t stamped[MAX_WORKERS];  /* its "time" member in ns */
	unsigned nstalls[MAX_WORKERS];
	unsigned workers;
};

/* Samples gathered over all runs of one interval. */
struct results {
	int64_t *read_ns, *time_ns;
	size_t n;
	unsigned missing, duplicate, early;
};

/* A line of stallsup's --report: record each stall event. */
static void on_report(char *line, void *arg)
{
	struct run_state *rs = arg;
	const char *ev = bench_json_member(line, "event"), *w = bench_json_member(line, "worker");
	const char *t = bench_json_member(line, "time");
	unsigned idx;

	if (!ev || strncmp(ev, "\"stall\"", 7) != 0 || !w || !t)
		return;
	idx = (unsigned)strtoul(w, NULL, 10);
	if (idx >= rs->workers)
		return;
	if (rs->nstalls[idx]++ == 0) {
		rs->seen[idx] = bench_clock_ns(CLOCK_REALTIME);
		rs->stamped[idx] = bench_parse_time(t + 1);
	}
}

/* A line of the workers' FIFO: record each onset. */
static void on_fifo(char *line, void *arg)
{
	struct run_state *rs = arg;
	unsigned idx;
	long long ns;

	if (sscanf(line, "onset %u %lld", &idx, &ns) == 2 && idx < rs->workers)
		rs->onset[idx] = ns;
}

/* Start stallsup for cfg with its stdout on out_fd; returns the pid or -errno. */
static pid_t start_run(char **paths, const struct latency_config *cfg, unsigned workers,
		       int out_fd)
{
	char nw[16], iv[32], lo[16], hi[16], wake[16];
	char *argv[] = { paths[0], "-q", "-w", nw, "-i", iv, "--on-stall=kill", "-t", "100s",
			 "--report", "-", "--", paths[1], "stall", lo, hi, wake, NULL };

	snprintf(nw, sizeof(nw), "%u", workers);
	snprintf(iv, sizeof(iv), "%ums", cfg->interval_ms);
	snprintf(lo, sizeof(lo), "%u", cfg->min_ms);
	snprintf(hi, sizeof(hi), "%u", cfg->max_ms);
	snprintf(wake, sizeof(wake), "%u", cfg->wake_ms);
	return bench_spawn(argv, out_fd);
}

/* Read the report pipe and the FIFO until stallsup closes its stdout. */
static void collect(struct run_state *rs, int out_fd, int fifo_fd)
{
	static struct bench_lines rep, fif;
	struct pollfd p[2] = { { .fd = out_fd, .events = POLLIN },
			       { .fd = fifo_fd, .events = POLLIN } };
	int64_t end = bench_clock_ns(CLOCK_MONOTONIC) + RUN_DEADLINE_NS;

	rep.len = fif.len = 0;
	while (bench_clock_ns(CLOCK_MONOTONIC) < end) {
		if (poll(p, 2, 200) < 0 && errno != EINTR)
			break;
		if (p[1].revents & POLLIN)
			bench_lines_feed(&fif, fifo_fd, on_fifo, rs);
		if ((p[0].revents & (POLLIN | POLLHUP)) &&
		    bench_lines_feed(&rep, out_fd, on_report, rs) <= 0)
			break;
	}
	while (bench_wait_readable(fifo_fd, 0) && bench_lines_feed(&fif, fifo_fd, on_fifo, rs) > 0)
		;
}

/* Append the latencies of one run to res. */
static void add_run(const struct run_state *rs, const struct latency_config *cfg,
		    struct results *res)
{
	int64_t floor_ns = (int64_t)(WINDOW - 1) * cfg->interval_ms * 1000000LL;

	for (unsigned i = 0; i < rs->workers; i++) {
		if (!rs->onset[i] || !rs->nstalls[i]) {
			res->missing++;
			continue;
		}
		res->duplicate += rs->nstalls[i] - 1;
		res->read_ns[res->n] = rs->seen[i] - rs->onset[i];
		res->time_ns[res->n] = rs->stamped[i] - rs->onset[i];
		if (res->time_ns[res->n] < floor_ns - 1000000LL)
			res->early++;
		res->n++;
	}
}

/* One stallsup run of cfg with `workers` stalling workers; 0 or -errno. */
static int one_run(char **paths, const struct latency_config *cfg, unsigned workers,
		   struct results *res)
{
	static struct run_state rs;
	struct bench_fifo fifo;
	int pfd[2], r, status;
	pid_t pid;

	memset(&rs, 0, sizeof(rs));
	rs.workers = workers;
	if ((r = bench_fifo_make(&fifo)) < 0)
		return r;
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		bench_fifo_remove(&fifo);
		return -errno;
	}
	pid = start_run(paths, cfg, workers, pfd[1]);
	close(pfd[1]);
	if (pid > 0)
		collect(&rs, pfd[0], fifo.fd);
	close(pfd[0]);
	status = pid > 0 ? bench_reap(pid, 10 * 1000000000LL) : 0;
	bench_fifo_remove(&fifo);
	if (pid < 0)
		return pid;
	add_run(&rs, cfg, res);
	return status < 0 ? status : 0;
}

/* Print one row: the distribution of v against the target. */
static void print_row(const char *how, int64_t *v, size_t n, int64_t target)
{
	int64_t mx;

	if (n == 0) {
		printf("  %-5s  no stall measured                                      MISSED\n",
		       how);
		return;
	}
	bench_sort(v, n);
	mx = v[n - 1];
	printf("  %-5s %5zu %9.1f %9.1f %9.1f %9.1f %9.1f  %s\n", how, n, v[0] / 1e6,
	       bench_percentile(v, n, 50) / 1e6, bench_percentile(v, n, 99) / 1e6, mx / 1e6,
	       target / 1e6, mx <= target ? "met" : "MISSED");
}

/* Measure one interval over `runs` runs and print its rows. */
static int measure(char **paths, const struct latency_config *cfg, unsigned runs,
		   unsigned workers)
{
	struct results res = { 0 };
	int64_t target = (int64_t)WINDOW * cfg->interval_ms * 1000000LL + SLACK_NS;
	int r = 0;

	res.read_ns = calloc((size_t)runs * workers, sizeof(int64_t));
	res.time_ns = calloc((size_t)runs * workers, sizeof(int64_t));
	if (!res.read_ns || !res.time_ns)
		return -ENOMEM;
	for (unsigned i = 0; i < runs && r == 0; i++)
		r = one_run(paths, cfg, workers, &res);
	printf("interval %u ms (stall after %u-%u ms of progress, waking every %u ms)\n",
	       cfg->interval_ms, cfg->min_ms, cfg->max_ms, cfg->wake_ms);
	print_row("read", res.read_ns, res.n, target);
	print_row("time", res.time_ns, res.n, target);
	if (res.missing || res.duplicate || res.early)
		printf("  MISSED: %u stalls not reported, %u reported twice, %u before 3 intervals\n",
		       res.missing, res.duplicate, res.early);
	free(res.read_ns);
	free(res.time_ns);
	return r;
}

int main(int argc, char **argv)
{
	static const struct latency_config cfgs[] = {
		{ 50, 300, 800, 5 },
		{ 500, 1000, 3000, 50 },
	};
	unsigned runs = argc > 3 ? (unsigned)atoi(argv[3]) : 4;
	unsigned workers = argc > 4 ? (unsigned)atoi(argv[4]) : 25;
	int r;

	if (argc < 3 || runs == 0 || workers == 0 || workers > MAX_WORKERS) {
		fprintf(stderr, "usage: %s STALLSUP STALLWORKER [RUNS] [WORKERS<=%d]\n", argv[0],
			MAX_WORKERS);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	printf("stall detection latency: onset (worker clock, then pause()) -> JSON stall line\n");
	printf("%u runs x %u workers per interval; ms; target = %d x interval + 20 ms\n", runs,
	       workers, WINDOW);
	printf("  %-5s %5s %9s %9s %9s %9s %9s  %s\n", "how", "n", "min", "p50", "p99", "max",
	       "target", "result");
	for (size_t i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
		fflush(stdout);
		if ((r = measure(argv + 1, &cfgs[i], runs, workers)) < 0) {
			fprintf(stderr, "latency: %s\n", strerror(-r));
			return 1;
		}
	}
	return 0;
}
