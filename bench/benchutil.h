/* benchutil: small helpers shared by the stall benchmarks (bench/latency,
 * bench/cost): clocks, a FIFO the workers report to, spawning stallsup,
 * splitting output into lines, a process's CPU time and percentiles.
 * Benchmark code: helpers print nothing and return -errno on failure. */
#ifndef STALLSUP_BENCHUTIL_H
#define STALLSUP_BENCHUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* A FIFO in a fresh temporary directory, held open read-write so writers
 * never block and reading never sees EOF. */
struct bench_fifo {
	char dir[64];
	char path[96];
	int fd;
};

/* Lines read from an fd, split on '\n'; a line longer than the buffer is
 * delivered in pieces. */
struct bench_lines {
	char buf[1 << 18];
	size_t len;
};

/* Called with each complete line (no '\n', NUL-terminated in place). */
typedef void (*bench_line_fn)(char *line, void *arg);

/* Return clk (CLOCK_MONOTONIC, CLOCK_REALTIME) in ns. */
int64_t bench_clock_ns(clockid_t clk);
/* Sleep ns nanoseconds. */
void bench_sleep_ns(int64_t ns);
/* Make the FIFO, open it, and export its path as BENCH_FIFO; 0 or -errno. */
int bench_fifo_make(struct bench_fifo *f);
/* Close and remove the FIFO and its directory. */
void bench_fifo_remove(struct bench_fifo *f);
/* Spawn argv (a path) with stdin and stderr on /dev/null and stdout on
 * out_fd (/dev/null when -1); returns the pid or -errno. */
pid_t bench_spawn(char *const argv[], int out_fd);
/* Read what fd has now, call fn for each complete line; returns 1 while
 * open, 0 at EOF or -errno. */
int bench_lines_feed(struct bench_lines *lb, int fd, bench_line_fn fn, void *arg);
/* Wait until fd is readable or timeout_ns passed; 1 readable, 0 timeout. */
int bench_wait_readable(int fd, int64_t timeout_ns);
/* Sum of the CPU time (schedstat runtime, ns) of every thread of pid, or -errno. */
int64_t bench_cpu_ns(pid_t pid);
/* Number of tasks (threads) of pid, or -errno. */
long bench_nthreads(pid_t pid);
/* Sort v[0..n) ascending. */
void bench_sort(int64_t *v, size_t n);
/* Nearest-rank percentile p (0..100] of the sorted v[0..n), n > 0. */
int64_t bench_percentile(const int64_t *sorted, size_t n, double p);
/* Sort v[0..n) and print "  WHAT median M ms   min M ms   (N runs)", what
 * padded to width ("failed" when n is 0); returns the median, or -1. */
int64_t bench_print_median(const char *what, int width, int64_t *v, size_t n);
/* Wait for child pid up to timeout_ns, then SIGKILL it and reap; returns the
 * wait status or -errno. */
int bench_reap(pid_t pid, int64_t timeout_ns);
/* "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC, a report's "time") in ns since the
 * epoch; 0 on error. */
int64_t bench_parse_time(const char *s);
/* The value of member "key" in a JSON line (the text after its colon), or
 * NULL. */
const char *bench_json_member(const char *line, const char *key);

#endif
