/* bench/spawn: the cost of starting and reaping workers under stallsup.
 *
 * Usage: bench/spawn PATH-TO-STALLSUP [REPEAT]
 * 1. stallsup -q -w N -- /bin/true against a plain posix_spawn + waitpid
 *    loop of N /bin/true, for N = 1, 64, 1024: cost per worker and ratio.
 * 2. stallsup -q -- /bin/true against timeout 60 /bin/true, REPEAT times
 *    each (default 200): cost per run and ratio. */
#include <config.h>

#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Return CLOCK_MONOTONIC in ns. */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Spawn argv and wait for it; exits on failure. */
static void run(char **argv)
{
	int status;
	pid_t pid;

	if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) != 0) {
		perror(argv[0]);
		exit(1);
	}
	waitpid(pid, &status, 0);
}

/* Return the ns to start n /bin/true with posix_spawn, then reap them. */
static uint64_t plain_spawn(unsigned n)
{
	char *argv[] = { "/bin/true", NULL };
	pid_t *pids = calloc(n, sizeof(pid_t));
	uint64_t t0 = now_ns();
	unsigned i;
	int status;

	for (i = 0; i < n; i++)
		posix_spawn(&pids[i], argv[0], NULL, NULL, argv, environ);
	for (i = 0; i < n; i++)
		waitpid(pids[i], &status, 0);
	t0 = now_ns() - t0;
	free(pids);
	return t0;
}

/* Return the ns of one stallsup -q [opt] -w n -- /bin/true (opt may be NULL). */
static uint64_t under_stallsup(const char *stallsup, const char *opt, unsigned n)
{
	char count[16], *argv[] = { (char *)stallsup, "-q", "-w", count, "--", "/bin/true", NULL,
				    NULL };
	uint64_t t0;

	if (opt) { /* insert opt after -q */
		memmove(&argv[3], &argv[2], 4 * sizeof(char *));
		argv[2] = (char *)opt;
	}

	snprintf(count, sizeof(count), "%u", n);
	t0 = now_ns();
	run(argv);
	return now_ns() - t0;
}

/* Return the best (least disturbed) of r runs of fn. */
#define BEST_OF(r, expr) ({ uint64_t b_ = UINT64_MAX, v_; unsigned k_; \
	for (k_ = 0; k_ < (r); k_++) { v_ = (expr); if (v_ < b_) b_ = v_; } b_; })

int main(int argc, char **argv)
{
	static const unsigned sizes[] = { 1, 64, 1024 };
	char *tmo[] = { "/usr/bin/timeout", "60", "/bin/true", NULL };
	unsigned i, repeat = argc > 2 ? (unsigned)atoi(argv[2]) : 200;
	uint64_t a, b, t0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s STALLSUP [REPEAT]\n", argv[0]);
		return 2;
	}
	printf("%-28s %6s %14s %14s %7s\n", "spawn+reap of /bin/true", "N", "posix_spawn/w",
	       "stallsup/w", "ratio");
	for (i = 0; i < 6; i++) {
		unsigned n = sizes[i % 3], r = n >= 1024 ? 5 : n >= 64 ? 20 : 50;
		const char *opt = i < 3 ? NULL : "--no-cgroup";

		a = BEST_OF(r, plain_spawn(n));
		b = BEST_OF(r, under_stallsup(argv[1], opt, n));
		printf("%-28s %6u %11.1f us %11.1f us %6.2fx\n",
		       i == 0 ? "cgroup per worker" : i == 3 ? "--no-cgroup" : "", n, a / 1e3 / n,
		       b / 1e3 / n, (double)b / (double)a);
	}
	if (access(tmo[0], X_OK) != 0)
		tmo[0] = "/bin/timeout";
	t0 = now_ns();
	for (i = 0; i < repeat; i++)
		run(tmo);
	a = now_ns() - t0;
	t0 = now_ns();
	for (i = 0; i < repeat; i++)
		under_stallsup(argv[1], NULL, 1);
	b = now_ns() - t0;
	printf("%-28s %6u %11.1f us %11.1f us %6.2fx\n", "timeout 60 vs stallsup, runs", repeat,
	       a / 1e3 / repeat, b / 1e3 / repeat, (double)b / (double)a);
	return 0;
}
