/* bench/cost: stallsup's own CPU time per tick, against the floor of any
 * sampler of the same tasks, measured in the same run.
 *
 * Usage: bench/cost STALLSUP STALLWORKER [WINDOW_S] [FILTER]
 *
 * Each configuration starts stallsup -q --stall-on=starved with N workers of
 * bench/stallworker, waits until every worker says it is ready and 6 more
 * intervals (every task known, every window full), then reads the CPU time
 * of the stallsup process itself (the sum of the schedstat runtime of its
 * threads, ns resolution; not its children) at both ends of a window of
 * WINDOW_S seconds (default 4, at least 10 intervals). Then it lists the
 * workers' tasks, stops stallsup (SIGSTOP) and measures the floor the same
 * way: `stallworker floor`, a bare loop that wakes on a timerfd at the same
 * interval and preads one kept schedstat fd of each of the same tasks; the
 * ratio of the two CPU times per tick is the figure, against the issue's
 * target where it sets one (MISSED when over). Workers either wake every
 * 100 ms ("waking"), wake every 500 ms at staggered phases ("stagger"), or
 * block forever ("idle": every task is flat, the stall of each already
 * fired and is silent under --stall-on=starved). A configuration marked
 * "sees all" ends by making every task of its worker block (SIGUSR1) and
 * checks that the stall stallsup reports counts every thread: a cheap
 * figure from a monitor that cannot see is not a result. FILTER runs only
 * the configuration of that name, or else those whose name contains it. The
 * stallsup pid is printed on stderr before each window (to attach perf).
 * The "+triggers" rows run the same workload with --heartbeat,
 * --silence-after and --spin-after on (none fires), and a last block gives
 * stallsup's CPU per tick with them on against off (issue 11: at most
 * 1.1x); filter "waking" or "idle" selects both rows of a pair. With
 * ROUNDS, only those pairs run (the "+triggers" rows FILTER selects), each
 * ROUNDS times in alternating order without the floor, and the figure is
 * the median of the rounds' ratios: one pair's difference is smaller than
 * a noisy machine's drift between two runs. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benchutil.h"
#include "proc.h"
#include "taskset.h"

#define READY_TIMEOUT_NS (120 * 1000000000LL)
#define SEE_TIMEOUT_NS (30 * 1000000000LL)
#define WARMUP_TICKS 6
#define MAX_ROUNDS 99

/* One supervised workload. */
struct cost_config {
	const char *name;
	unsigned workers, threads;  /* tasks = workers x threads */
	unsigned interval_ms, wake_ms;  /* wake_ms 0: idle */
	double target;              /* stallsup / floor per tick; 0: no target */
	const char *extra;          /* more stallsup options (space-separated), or NULL */
	bool see_all;               /* end by checking that every thread is seen */
	const char *off;            /* the same workload without the triggers (issue 11):
				       the row also gives stallsup's CPU per tick against it */
};

/* The triggers of issue 11, all on, none firing in the window. */
#define TRIGGERS_ON "--heartbeat=1h --silence-after=1h --spin-after=10s"
#define TRIGGERS_TARGET 1.1   /* all three on against all off, at most */

static const struct cost_config configs[] = {
	{ "w1-leader", 1, 1, 500, 100, 0, "--scope=leader", false, NULL }, /* the fixed cost of a tick */
	{ "w8-waking", 8, 1, 500, 100, 0, NULL, false, NULL },
	{ "w8-idle", 8, 1, 500, 0, 0, NULL, false, NULL },
	{ "w1024-waking", 1024, 1, 500, 100, 0, NULL, false, NULL },
	{ "w1024-idle", 1024, 1, 500, 0, 0, NULL, false, NULL },
	{ "w1024-waking-100ms", 1024, 1, 100, 100, 0, NULL, false, NULL },
	{ "w1024-idle-100ms", 1024, 1, 100, 0, 1.5, NULL, false, NULL },
	{ "t10x1000-waking", 10, 1000, 500, 500, 0, NULL, false, NULL },
	{ "t10x1000-idle", 10, 1000, 500, 0, 0, NULL, false, NULL },
	{ "t1x10000-stagger-100ms", 1, 10000, 100, 500, 0.10, NULL, true, NULL },
	/* without cgroup v2: the per-task path */
	{ "w1024-idle-nocgroup", 1024, 1, 500, 0, 0, "--no-cgroup", false, NULL },
	{ "t10x1000-idle-nocgroup", 10, 1000, 500, 0, 0, "--no-cgroup", false, NULL },
	{ "w1024-idle-100ms-nocgroup", 1024, 1, 100, 0, 0, "--no-cgroup", false, NULL },
	{ "t1x10000-stagger-100ms-nocgroup", 1, 10000, 100, 500, 0, "--no-cgroup", true, NULL },
	/* --heartbeat, --silence-after and --spin-after on, against the rows
	 * named in off (measured in the same run, when both are selected) */
	{ "w8-waking+triggers", 8, 1, 500, 100, 0, TRIGGERS_ON, false, "w8-waking" },
	{ "w1024-waking+triggers", 1024, 1, 500, 100, 0, TRIGGERS_ON, false, "w1024-waking" },
	{ "w1024-idle+triggers", 1024, 1, 500, 0, 0, TRIGGERS_ON, false, "w1024-idle" },
};

/* What one configuration measured. */
struct cost_result {
	int64_t cpu_ns, wall_ns;           /* stallsup */
	int64_t floor_cpu_ns, floor_wall_ns;
	long tasks;                        /* tasks the floor read */
	long seen;                         /* threads the final stall counted, -1: none */
};

/* Count "ready" lines on the FIFO. */
static void on_fifo(char *line, void *arg)
{
	if (strncmp(line, "ready ", 6) == 0)
		(*(unsigned *)arg)++;
}

/* Wait until `want` more processes said ready; 0 or -ETIMEDOUT. */
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

/* Start stallsup for c (--report to report when c->see_all); returns its
 * pid or -errno. */
static pid_t start(char **paths, const struct cost_config *c, const char *report)
{
	char nw[16], iv[32], nt[16], wake[16];
	char *argv[32], extra[160], *save = NULL;
	int i = 0;

	snprintf(nw, sizeof(nw), "%u", c->workers);
	snprintf(iv, sizeof(iv), "%ums", c->interval_ms);
	snprintf(nt, sizeof(nt), "%u", c->threads);
	snprintf(wake, sizeof(wake), "%u", c->wake_ms);
	argv[i++] = paths[0];
	argv[i++] = "-q";
	argv[i++] = "-w";
	argv[i++] = nw;
	argv[i++] = "-i";
	argv[i++] = iv;
	argv[i++] = c->see_all ? "--stall-on=all" : "--stall-on=starved";
	argv[i++] = "-t";
	argv[i++] = "600s";
	if (c->see_all) {
		argv[i++] = "--report";
		argv[i++] = (char *)report;
	}
	snprintf(extra, sizeof(extra), "%s", c->extra ? c->extra : "");
	for (char *w = strtok_r(extra, " ", &save); w && i < 24; w = strtok_r(NULL, " ", &save))
		argv[i++] = w;
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

/* Measure pid's CPU over window_ns into *cpu and *wall; 0 or -errno. */
static int measure_window(pid_t pid, int64_t window_ns, int64_t *cpu, int64_t *wall)
{
	int64_t c0, c1, t0, t1;

	t0 = bench_clock_ns(CLOCK_MONOTONIC);
	c0 = bench_cpu_ns(pid);
	bench_sleep_ns(window_ns);
	c1 = bench_cpu_ns(pid);
	t1 = bench_clock_ns(CLOCK_MONOTONIC);
	if (c0 < 0 || c1 < 0)
		return c0 < 0 ? (int)c0 : (int)c1;
	*cpu = c1 - c0;
	*wall = t1 - t0;
	return 0;
}

/* Write "PID TID" for every task below stallsup sv (its workers' tasks, not
 * its own) to path, each list read to its end; returns how many or -errno. */
static long list_tasks(pid_t sv, const char *path)
{
	struct taskset ts;
	int root = proc_root_open(NULL);
	FILE *f = fopen(path, "w");
	long n = 0;
	int r;

	taskset_init(&ts);
	r = root < 0 ? root : !f ? -errno : taskset_tree(&ts, root, sv);
	for (size_t i = 0; r == 0 && i < ts.n; i++)
		if (ts.ids[i].pid != sv && fprintf(f, "%d %d\n", (int)ts.ids[i].pid,
						   (int)ts.ids[i].tid) > 0)
			n++;
	if (f && fclose(f) != 0 && r == 0)
		r = -errno;
	taskset_free(&ts);
	if (root >= 0)
		close(root);
	return r < 0 ? r : n;
}

/* Measure the floor over the tasks listed in list at c's interval into res,
 * with stallsup sv stopped meanwhile; 0 or -errno. */
static int measure_floor(char **paths, const struct cost_config *c, int fifo_fd,
			 const char *list, pid_t sv, int64_t window_ns, struct cost_result *res)
{
	char iv[16];
	char *argv[] = { paths[1], "floor", iv, (char *)list, NULL };
	pid_t floor;
	int r;

	snprintf(iv, sizeof(iv), "%u", c->interval_ms);
	kill(sv, SIGSTOP);
	floor = bench_spawn(argv, -1);
	r = floor < 0 ? floor : wait_ready(fifo_fd, 1);
	if (r == 0) {
		bench_sleep_ns(2 * (int64_t)c->interval_ms * 1000000LL);
		r = measure_window(floor, window_ns, &res->floor_cpu_ns, &res->floor_wall_ns);
	}
	if (floor > 0) {
		kill(floor, SIGTERM);
		bench_reap(floor, 10 * 1000000000LL);
	}
	kill(sv, SIGCONT);
	return r;
}

/* The thread count of the first stall of report, or -1 when none yet. */
static long stall_threads(const char *report)
{
	char line[65536], *p;
	FILE *f = fopen(report, "r");
	long n = -1;

	while (f && n < 0 && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "{\"event\":\"stall\"", 16) != 0)
			continue;
		if ((p = strstr(line, "\"threads_total\":")))
			n = strtol(p + 16, NULL, 10);
		else if ((p = strstr(line, "\"threads\":[")))
			for (n = 0; (p = strstr(p + 1, "\"tid\":")); n++)
				;
	}
	if (f)
		fclose(f);
	return n;
}

/* Make every task of stallsup sv's workers block for good (SIGUSR1 to its
 * children) and wait for the stall it must report; the threads it counted
 * go into res->seen (-1: no stall in time). */
static void see_all(pid_t sv, const char *report, struct cost_result *res)
{
	char rel[64];
	struct strbuf kids = STRBUF_INIT;
	int root = proc_root_open(NULL);
	int64_t end = bench_clock_ns(CLOCK_MONOTONIC) + SEE_TIMEOUT_NS;
	char *p, *next;
	long pid;

	snprintf(rel, sizeof(rel), "%d/task/%d/children", (int)sv, (int)sv);
	if (root >= 0 && proc_read_all(root, rel, &kids) >= 0) {
		for (p = kids.buf; (pid = strtol(p, &next, 10)) > 0; p = next)
			kill((pid_t)pid, SIGUSR1);
	}
	while ((res->seen = stall_threads(report)) < 0 && bench_clock_ns(CLOCK_MONOTONIC) < end)
		bench_sleep_ns(100000000);
	sb_free(&kids);
	if (root >= 0)
		close(root);
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

/* Measure stallsup sv (ready) and then, when floor, the floor of its tasks
 * into res. */
static int measure(char **paths, const struct cost_config *c, struct bench_fifo *fifo, pid_t sv,
		   int64_t window_ns, bool floor, const char *report, struct cost_result *res)
{
	char list[160];
	int r;

	bench_sleep_ns(WARMUP_TICKS * (int64_t)c->interval_ms * 1000000LL);
	fprintf(stderr, "  [%s: stallsup pid %d, measuring %.1f s]\n", c->name, (int)sv,
		window_ns / 1e9);
	r = measure_window(sv, window_ns, &res->cpu_ns, &res->wall_ns);
	snprintf(list, sizeof(list), "%s/tasks", fifo->dir);
	if (r == 0 && (res->tasks = list_tasks(sv, list)) < 0)
		r = (int)res->tasks;
	if (r == 0 && floor)
		r = measure_floor(paths, c, fifo->fd, list, sv, window_ns, res);
	unlink(list);
	res->seen = -1;
	if (r == 0 && c->see_all)
		see_all(sv, report, res);
	return r;
}

/* Run configuration c and measure it (and the floor, when floor); 0 or
 * -errno. */
static int run_config(char **paths, const struct cost_config *c, int64_t window_ns, bool floor,
		      struct cost_result *res)
{
	int64_t interval_ns = (int64_t)c->interval_ms * 1000000LL;
	struct bench_fifo fifo;
	char report[160];
	pid_t pid;
	int r;

	if ((r = bench_fifo_make(&fifo)) < 0)
		return r;
	snprintf(report, sizeof(report), "%s/report", fifo.dir);
	if (window_ns < 10 * interval_ns)
		window_ns = 10 * interval_ns;
	pid = start(paths, c, report);
	r = pid < 0 ? pid : wait_ready(fifo.fd, c->workers);
	if (r == 0)
		r = measure(paths, c, &fifo, pid, window_ns, floor, report, res);
	if (pid > 0) {
		kill(pid, SIGTERM);
		bench_reap(pid, 60 * 1000000000LL);
	}
	unlink(report);
	bench_fifo_remove(&fifo);
	return r;
}

/* stallsup's CPU per tick (ms) in res, measured under configuration c. */
static double ms_per_tick(const struct cost_config *c, const struct cost_result *res)
{
	return (double)res->cpu_ns / 1e6 / ((double)res->wall_ns / ((double)c->interval_ms * 1e6));
}

/* Print one configuration's row. */
static void print_row(const struct cost_config *c, const struct cost_result *res)
{
	double fticks = (double)res->floor_wall_ns / ((double)c->interval_ms * 1e6);
	double ms = ms_per_tick(c, res), fms = (double)res->floor_cpu_ns / 1e6 / fticks;
	double ratio = fms > 0 ? ms / fms : 0;
	char target[32] = "-", seen[32] = "";
	const char *verdict = "";

	if (c->target > 0) {
		snprintf(target, sizeof(target), "%.2fx", c->target);
		verdict = ratio <= c->target ? "met" : "MISSED";
	}
	if (c->see_all) {
		snprintf(seen, sizeof(seen), " sees %ld/%u", res->seen,
			 c->workers * c->threads);
		if (res->seen != (long)(c->workers * c->threads))
			verdict = "MISSED";
	}
	printf("%-32s %6ld %5u %9.4f%% %9.3f %9.3f %7.2fx %7s  %s%s\n", c->name, res->tasks,
	       c->interval_ms, 100.0 * (double)res->cpu_ns / (double)res->wall_ns, ms, fms, ratio,
	       target, verdict, seen);
	fflush(stdout);
}

/* The index of the configuration named name, or SIZE_MAX. */
static size_t config_index(const char *name)
{
	for (size_t i = 0; name && i < sizeof(configs) / sizeof(configs[0]); i++)
		if (strcmp(configs[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

/* Print the triggers' rows: CPU per tick with them on against off. */
static void print_triggers(const struct cost_result *res, const bool *done)
{
	for (size_t i = 0; i < sizeof(configs) / sizeof(configs[0]); i++) {
		size_t k = config_index(configs[i].off);
		double on, off, ratio;

		if (k == SIZE_MAX || !done[i] || !done[k] || res[i].wall_ns <= 0 || res[k].wall_ns <= 0)
			continue;
		on = (double)res[i].cpu_ns / (double)res[i].wall_ns;
		off = (double)res[k].cpu_ns / (double)res[k].wall_ns;
		ratio = off > 0 ? on / off : 0;
		printf("triggers on/off %-24s %7.2fx %6.2fx  %s\n", configs[k].name, ratio,
		       TRIGGERS_TARGET, ratio <= TRIGGERS_TARGET ? "met" : "MISSED");
	}
}

/* Ascending order of doubles, for qsort. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The triggers' pair of configuration on (its off row), `rounds` times, the
 * order swapped at each round (off first, then on first) so that a machine
 * getting busier or quieter weighs on both alike; prints each round's ratio
 * of CPU per tick on/off and their median against the target. No floor is
 * measured. Returns 0, or 1 when the pair failed to run. */
static int pair_rounds(char **paths, size_t on, int64_t window_ns, unsigned rounds)
{
	size_t off = config_index(configs[on].off);
	double ratio[MAX_ROUNDS], med;
	unsigned n;

	if (off == SIZE_MAX)
		return 0;
	for (n = 0; n < rounds; n++) {
		size_t order[2] = { n % 2 ? on : off, n % 2 ? off : on };
		struct cost_result res[2];
		double ms[2];

		for (int j = 0; j < 2; j++) {
			int r = run_config(paths, &configs[order[j]], window_ns, false, &res[j]);

			if (r < 0) {
				printf("%-32s failed: %s\n", configs[order[j]].name, strerror(-r));
				return 1;
			}
			ms[j] = ms_per_tick(&configs[order[j]], &res[j]);
		}
		ratio[n] = order[0] == on ? ms[0] / ms[1] : ms[1] / ms[0];
		printf("round %u %-24s on %7.3f off %7.3f ms/tick  %5.2fx\n", n + 1,
		       configs[off].name, order[0] == on ? ms[0] : ms[1],
		       order[0] == on ? ms[1] : ms[0], ratio[n]);
		fflush(stdout);
	}
	qsort(ratio, rounds, sizeof(ratio[0]), cmp_double);
	med = rounds % 2 ? ratio[rounds / 2] : (ratio[rounds / 2 - 1] + ratio[rounds / 2]) / 2;
	printf("triggers on/off %-24s %7.2fx %6.2fx  %s (median of %u rounds, %.2fx to %.2fx)\n",
	       configs[off].name, med, TRIGGERS_TARGET, med <= TRIGGERS_TARGET ? "met" : "MISSED",
	       rounds, ratio[0], ratio[rounds - 1]);
	return 0;
}

/* With ROUNDS: each selected "+triggers" row against its off row, in
 * rounds (pair_rounds). Returns the exit status. */
static int main_rounds(char **paths, const char *filter, int64_t window_ns, unsigned rounds)
{
	int failed = 0, r;

	printf("triggers on/off: stallsup's CPU per tick with --heartbeat, --silence-after\n"
	       "and --spin-after on (none firing) against off, the pair run %u times\n", rounds);
	for (size_t i = 0; i < sizeof(configs) / sizeof(configs[0]); i++) {
		if (!configs[i].off || !selected(&configs[i], filter))
			continue;
		if ((r = pair_rounds(paths, i, window_ns, rounds)) != 0)
			failed = 1;
	}
	return failed;
}

int main(int argc, char **argv)
{
	double window_s = argc > 3 ? atof(argv[3]) : 4.0;
	const char *filter = argc > 4 ? argv[4] : NULL;
	long rounds = argc > 5 ? strtol(argv[5], NULL, 10) : 0;
	struct cost_result all[sizeof(configs) / sizeof(configs[0])];
	bool done[sizeof(configs) / sizeof(configs[0])] = { false };
	int r, failed = 0;

	if (argc < 3 || window_s <= 0 || (argc > 5 && (rounds < 1 || rounds > MAX_ROUNDS))) {
		fprintf(stderr, "usage: %s STALLSUP STALLWORKER [WINDOW_S] [FILTER] [ROUNDS]\n",
			argv[0]);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (rounds > 0)
		return main_rounds(argv + 1, filter, (int64_t)(window_s * 1e9), (unsigned)rounds);
	printf("supervision cost: stallsup's own CPU per tick against the floor, a bare loop\n"
	       "that preads one kept schedstat fd of each of the same tasks per tick\n"
	       "waking = workers sleep 100 ms at a time (threads: 500 ms); stagger = 500 ms at\n"
	       "staggered phases; idle = blocked, all flat (each stall fired already)\n");
	printf("%-32s %6s %5s %10s %9s %9s %8s %7s\n", "config", "tasks", "ms", "CPU/core",
	       "ms/tick", "floor", "/floor", "target");
	fflush(stdout);
	for (size_t i = 0; i < sizeof(configs) / sizeof(configs[0]); i++) {
		if (!selected(&configs[i], filter))
			continue;
		memset(&all[i], 0, sizeof(all[i]));
		r = run_config(argv + 1, &configs[i], (int64_t)(window_s * 1e9), true, &all[i]);
		if (r < 0) {
			printf("%-32s failed: %s\n", configs[i].name, strerror(-r));
			failed = 1;
			continue;
		}
		done[i] = true;
		print_row(&configs[i], &all[i]);
	}
	print_triggers(all, done);
	return failed;
}
