/* bench/tagoutput: what keeping --junit's output tails costs --tag-output.
 *
 * Usage: bench/tagoutput STALLSUP PRINT_LINES [ROUNDS] [LINES]
 * stallsup -q --tag-output --stall-on=none -w 8 runs workers that each
 * write LINES lines (default 200,000) with t/workers/print-lines, say
 * "done" on a FIFO, then sleep. Once all 8 are done and stallsup has had
 * 200 ms to pass the rest on, stallsup's own CPU time (schedstat, its
 * threads only: the workers' time is not in it) is read, then the run is
 * ended with SIGTERM. Two configurations alternate ROUNDS times (default
 * 7): the baseline, and the same with --junit (every chunk read is also
 * copied into the worker's tail, src/ci.h). Printed: the median CPU time of
 * each, per line and per MiB, and the ratio of the medians. */
#include <config.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benchutil.h"

#define WORKERS 8

/* Count the "done" lines of the FIFO. */
static void count_done(char *line, void *arg)
{
	if (strcmp(line, "done") == 0)
		(*(int *)arg)++;
}

/* Run one configuration (junit: with --junit into dir) and return
 * stallsup's CPU ns once its workers are done, or -1. */
static int64_t run_once(const char *stallsup, const char *printer, const char *lines,
			const char *junit, struct bench_fifo *f)
{
	static struct bench_lines lb;
	char *argv[16];
	int n = 0, done = 0;
	int64_t cpu, deadline = bench_clock_ns(CLOCK_MONOTONIC) + 120000000000LL;
	pid_t pid;

	argv[n++] = (char *)stallsup;
	argv[n++] = "-q";
	argv[n++] = "--tag-output";
	argv[n++] = "--stall-on=none";
	argv[n++] = "-w";
	argv[n++] = "8";
	if (junit) {
		argv[n++] = "--junit";
		argv[n++] = (char *)junit;
	}
	argv[n++] = "--";
	argv[n++] = "/bin/sh";
	argv[n++] = "-c";
	argv[n++] = "\"$0\" \"$1\" && echo done > \"$BENCH_FIFO\" && exec sleep 600";
	argv[n++] = (char *)printer;
	argv[n++] = (char *)lines;
	argv[n] = NULL;
	lb.len = 0;
	if ((pid = bench_spawn(argv, -1)) < 0)
		return -1;
	while (done < WORKERS && bench_clock_ns(CLOCK_MONOTONIC) < deadline)
		if (bench_wait_readable(f->fd, 100000000) == 1)
			bench_lines_feed(&lb, f->fd, count_done, &done);
	bench_sleep_ns(200000000);
	cpu = done == WORKERS ? bench_cpu_ns(pid) : -1;
	kill(pid, SIGTERM);
	bench_reap(pid, 30000000000LL);
	return cpu;
}

int main(int argc, char **argv)
{
	int rounds = argc > 3 ? atoi(argv[3]) : 7;
	const char *lines = argc > 4 ? argv[4] : "200000";
	int64_t base[64], tail[64], mb, nlines;
	char junit[160];
	struct bench_fifo f;

	if (argc < 3 || rounds < 1 || rounds > 64) {
		fprintf(stderr, "usage: %s STALLSUP PRINT_LINES [ROUNDS<=64] [LINES]\n", argv[0]);
		return 2;
	}
	if (bench_fifo_make(&f) < 0) {
		perror("fifo");
		return 1;
	}
	snprintf(junit, sizeof(junit), "%s/j.xml", f.dir);
	for (int r = 0; r < rounds; r++) {
		base[r] = run_once(argv[1], argv[2], lines, NULL, &f);
		tail[r] = run_once(argv[1], argv[2], lines, junit, &f);
		if (base[r] < 0 || tail[r] < 0) {
			fprintf(stderr, "round %d failed\n", r);
			unlink(junit);
			bench_fifo_remove(&f);
			return 1;
		}
	}
	unlink(junit);
	bench_fifo_remove(&f);
	bench_sort(base, (size_t)rounds);
	bench_sort(tail, (size_t)rounds);
	nlines = (int64_t)WORKERS * atoll(lines);
	mb = nlines * 16 / 1048576; /* "N line K\n" is about 16 bytes */
	printf("--tag-output, %d workers x %s lines (about %lld MiB), median of %d rounds\n",
	       WORKERS, lines, (long long)mb, rounds);
	printf("  baseline   %8.1f ms stallsup CPU  %6.1f ns/line\n",
	       (double)bench_percentile(base, (size_t)rounds, 50) / 1e6,
	       (double)bench_percentile(base, (size_t)rounds, 50) / (double)nlines);
	printf("  --junit    %8.1f ms stallsup CPU  %6.1f ns/line\n",
	       (double)bench_percentile(tail, (size_t)rounds, 50) / 1e6,
	       (double)bench_percentile(tail, (size_t)rounds, 50) / (double)nlines);
	printf("  ratio      %8.3f (--junit / baseline)\n",
	       (double)bench_percentile(tail, (size_t)rounds, 50) /
		       (double)bench_percentile(base, (size_t)rounds, 50));
	return 0;
}
