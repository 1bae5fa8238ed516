/* benchutil: helpers of the stall benchmarks; see benchutil.h. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchutil.h"

extern char **environ;

int64_t bench_clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void bench_sleep_ns(int64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000LL), (long)(ns % 1000000000LL) };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int bench_fifo_make(struct bench_fifo *f)
{
	snprintf(f->dir, sizeof(f->dir), "/tmp/stallbench.XXXXXX");
	f->fd = -1;
	if (!mkdtemp(f->dir))
		return -errno;
	snprintf(f->path, sizeof(f->path), "%s/fifo", f->dir);
	if (mkfifo(f->path, 0600) < 0 ||
	    (f->fd = open(f->path, O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0 ||
	    setenv("BENCH_FIFO", f->path, 1) < 0) {
		int e = -errno;

		bench_fifo_remove(f);
		return e;
	}
	return 0;
}

void bench_fifo_remove(struct bench_fifo *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	unlink(f->path);
	rmdir(f->dir);
	unsetenv("BENCH_FIFO");
}

pid_t bench_spawn(char *const argv[], int out_fd)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int r;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (out_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	r = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return r ? -r : pid;
}

/* Hand every complete line in lb to fn and keep the rest. */
static void split_lines(struct bench_lines *lb, bench_line_fn fn, void *arg)
{
	size_t start = 0;
	char *nl;

	while ((nl = memchr(lb->buf + start, '\n', lb->len - start)) != NULL) {
		*nl = '\0';
		fn(lb->buf + start, arg);
		start = (size_t)(nl - lb->buf) + 1;
	}
	memmove(lb->buf, lb->buf + start, lb->len - start);
	lb->len -= start;
	if (lb->len == sizeof(lb->buf) - 1) {
		lb->buf[lb->len] = '\0';
		fn(lb->buf, arg);
		lb->len = 0;
	}
}

int bench_lines_feed(struct bench_lines *lb, int fd, bench_line_fn fn, void *arg)
{
	ssize_t n = read(fd, lb->buf + lb->len, sizeof(lb->buf) - 1 - lb->len);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 1 : -errno;
	if (n == 0)
		return 0;
	lb->len += (size_t)n;
	split_lines(lb, fn, arg);
	return 1;
}

int bench_wait_readable(int fd, int64_t timeout_ns)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int ms = (int)((timeout_ns + 999999) / 1000000);

	return poll(&p, 1, ms < 0 ? 0 : ms) > 0;
}

/* Add the runtime in taskdir's schedstat (first field) to *sum. */
static int add_schedstat(int dirfd, const char *tid, int64_t *sum)
{
	char rel[300], buf[128];
	ssize_t n;
	int fd;

	snprintf(rel, sizeof(rel), "%s/schedstat", tid);
	fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EINVAL;
	buf[n] = '\0';
	*sum += strtoll(buf, NULL, 10);
	return 0;
}

int64_t bench_cpu_ns(pid_t pid)
{
	char path[64];
	struct dirent *de;
	int64_t sum = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			add_schedstat(dirfd(d), de->d_name, &sum);
	closedir(d);
	return sum;
}

long bench_nthreads(pid_t pid)
{
	char path[64], buf[1024], *p;
	long field = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EINVAL;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* num_threads is field 20; after ')' the fields start at 3 (state). */
	for (field = 2; p && field < 20; field++)
		p = strchr(p + 1, ' ');
	return p ? strtol(p + 1, NULL, 10) : -EINVAL;
}

/* Compare two int64_t for qsort. */
static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

void bench_sort(int64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_i64);
}

int64_t bench_percentile(const int64_t *sorted, size_t n, double p)
{
	size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);

	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return sorted[rank - 1];
}

int64_t bench_print_median(const char *what, int width, int64_t *v, size_t n)
{
	int64_t med;

	if (n == 0) {
		printf("  %-*s failed\n", width, what);
		return -1;
	}
	bench_sort(v, n);
	med = bench_percentile(v, n, 50);
	printf("  %-*s median %8.2f ms   min %8.2f ms   (%zu runs)\n", width, what,
	       (double)med / 1e6, (double)v[0] / 1e6, n);
	return med;
}

int bench_reap(pid_t pid, int64_t timeout_ns)
{
	int64_t end = bench_clock_ns(CLOCK_MONOTONIC) + timeout_ns;
	int status;
	pid_t r;

	while ((r = waitpid(pid, &status, WNOHANG)) == 0) {
		if (bench_clock_ns(CLOCK_MONOTONIC) > end) {
			kill(pid, SIGKILL);
			r = waitpid(pid, &status, 0);
			break;
		}
		bench_sleep_ns(10000000);
	}
	return r < 0 ? -errno : status;
}

int64_t bench_parse_time(const char *s)
{
	struct tm tm = { 0 };
	unsigned ms = 0;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3uZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000000000LL + (int64_t)ms * 1000000LL;
}

const char *bench_json_member(const char *line, const char *key)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(line, pat);
	return p ? p + strlen(pat) : NULL;
}
