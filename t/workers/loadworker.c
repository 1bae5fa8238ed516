/* loadworker: the worker programs of make check-load (the scripts in t/load).
 *
 * Usage: loadworker mix SECONDS SEED PERIOD_MS [GO_FILE]
 *        loadworker churn SECONDS SLOTS
 *
 * mix: one worker of a large run (STALLSUP_WORKER is its index). With
 * GO_FILE both its threads first sleep PERIOD_MS at a time until GO_FILE
 * exists (the script creates it once stallsup has spawned every worker), and
 * its run starts then; it gives up with status 3 after 10 minutes. Its run
 * lasts SECONDS plus 0-5 s drawn from SEED and the index (so that 1024
 * workers do not all exit at once: their exits contend for the locks of the
 * files they map, a true sleeping wait of a second or more). Two threads (the
 * main one and one more) each loop: a short computation (about 20 us), then
 * a sleep of PERIOD_MS/2..3*PERIOD_MS/2. A worker whose index plus SEED is
 * odd is busy: it loops for its run, then prints
 *   busy w=I iters=N maxgap_us=G
 * and exits 0, G being the longest time between the starts of two iterations
 * of one thread (an upper bound on how long it went without a CPU). A worker
 * whose index plus SEED is even is a staller: each thread loops until its own
 * moment, drawn from SEED and the index between 2 s and SECONDS/2 after the
 * start (so it stays stalled for at least SECONDS/2), prints
 *   block w=I thread=K at_ms=REALTIME_MS
 * and blocks for good in a read of a pipe nobody writes (a wait without a
 * timeout); the worker stalls when the later of its two threads blocks. At
 * the end of its run a timer ends it with status 0.
 *
 * churn: one worker that creates and joins threads without pause for
 * SECONDS: SLOTS threads live at a time, each replaced as soon as it ends;
 * each thread computes for 10-200 us and one in four also sleeps 1-3 ms.
 * Then it prints
 *   churn threads=N maxgap_us=G maxstart_us=S
 * G being the longest time between two creations by the main thread and S
 * the longest time from a pthread_create to the new thread running, and
 * exits 0 (1 when a thread cannot be created). */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_SLOTS 64

/* What one thread of a mix worker does. */
struct looper {
	unsigned worker;
	unsigned thread;
	const char *go;		  /* the file to wait for, or NULL */
	long long span_ns;	  /* how long to loop once it exists */
	long long stall_after_ns; /* when to block for good after that, or 0 for never */
	unsigned period_ms;
	uint64_t rng;
	long long stall_at_ns; /* CLOCK_MONOTONIC moment to block, or 0 for never */
	long long end_ns;      /* CLOCK_MONOTONIC end of the loop */
	unsigned long long iters;
	long long maxgap_ns;
};

/* One churn thread: its creation time and the churn's longest start delay. */
struct churner {
	pthread_t tid;
	long long created_ns;
	long long work;
	uint64_t rng;
};

static int never_written[2] = {-1, -1}; /* the pipe stallers block on */
static long long churn_maxstart_ns;
static pthread_mutex_t churn_lock = PTHREAD_MUTEX_INITIALIZER;

/* Return clock c in nanoseconds. */
static long long now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Advance *state and return the next splitmix64 value. */
static uint64_t next_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Return a number drawn uniformly in [lo, hi] from *state. */
static long long draw(uint64_t *state, long long lo, long long hi)
{
	return lo + (long long)(next_rand(state) % (uint64_t)(hi - lo + 1));
}

/* Compute for about us microseconds (a fixed amount of work, not a clock). */
static void compute(long long us)
{
	volatile uint64_t x = 1;

	for (long long i = 0; i < us * 300; i++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
}

/* Sleep for ns nanoseconds. */
static void sleep_ns(long long ns)
{
	struct timespec ts = {ns / 1000000000LL, ns % 1000000000LL};

	while (nanosleep(&ts, &ts) < 0)
		;
}

/* Print "block w=I thread=K at_ms=T" and block for good in a read. */
static void block_for_good(const struct looper *l)
{
	char line[96], c;
	int n = snprintf(line, sizeof(line), "block w=%u thread=%u at_ms=%lld\n", l->worker,
			 l->thread, now_ns(CLOCK_REALTIME) / 1000000LL);

	if (write(STDOUT_FILENO, line, (size_t)n) < 0)
		_exit(2);
	for (;;)
		if (read(never_written[0], &c, 1) >= 0)
			_exit(2);
}

/* SIGALRM: the run is over for a staller. */
static void on_alarm(int sig)
{
	(void)sig;
	_exit(0);
}

/* Arm a one-shot SIGALRM after ns nanoseconds; returns 0 or -1. */
static int alarm_after(long long ns)
{
	struct itimerval it = {{0, 0}, {ns / 1000000000LL, ns % 1000000000LL / 1000}};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	if (sigaction(SIGALRM, &sa, NULL) < 0)
		return -1;
	return setitimer(ITIMER_REAL, &it, NULL);
}

/* Sleep period_ms at a time until path exists (no path: return at once);
 * returns 0, or -1 after 10 minutes. */
static int wait_for_go(const char *path, unsigned period_ms)
{
	long long give_up = now_ns(CLOCK_MONOTONIC) + 600 * 1000000000LL;

	while (path && access(path, F_OK) < 0) {
		if (now_ns(CLOCK_MONOTONIC) > give_up)
			return -1;
		sleep_ns(period_ms * 1000000LL);
	}
	return 0;
}

/* Thread body of a mix worker: wait for the go file, then compute and sleep
 * until the end (or block for good at the stall moment), keeping the longest
 * gap between iterations. Thread 0 of a staller arms the alarm that ends it. */
static void *loop(void *arg)
{
	struct looper *l = arg;
	long long last, t, half = l->period_ms * 500000LL;

	if (wait_for_go(l->go, l->period_ms) < 0)
		_exit(3);
	if (l->thread == 0 && l->stall_after_ns && alarm_after(l->span_ns) < 0)
		_exit(1);
	last = now_ns(CLOCK_MONOTONIC);
	l->end_ns = last + l->span_ns;
	l->stall_at_ns = l->stall_after_ns ? last + l->stall_after_ns : 0;
	for (;;) {
		t = now_ns(CLOCK_MONOTONIC);
		if (t - last > l->maxgap_ns)
			l->maxgap_ns = t - last;
		last = t;
		if (l->stall_at_ns && t >= l->stall_at_ns)
			block_for_good(l);
		if (t >= l->end_ns)
			return NULL;
		compute(20);
		l->iters++;
		sleep_ns(draw(&l->rng, half, 3 * half));
	}
}

/* The mix worker: see the head of this file. */
static int run_mix(long long seconds, unsigned long long seed, unsigned period_ms, const char *go)
{
	const char *env = getenv("STALLSUP_WORKER");
	unsigned w = env ? (unsigned)strtoul(env, NULL, 10) : 0;
	int staller = (w + seed) % 2 == 0;
	struct looper l[2];
	pthread_t t;
	uint64_t rng = seed * 7919ULL + w;
	long long span = seconds * 1000000000LL + draw(&rng, 0, 5000) * 1000000LL;

	if (pipe(never_written) < 0)
		return 1;
	for (unsigned k = 0; k < 2; k++) {
		l[k] = (struct looper){.worker = w,
				       .thread = k,
				       .go = go,
				       .span_ns = span,
				       .period_ms = period_ms,
				       .rng = seed * 1000003ULL + w * 2 + k};
		if (staller)
			l[k].stall_after_ns = draw(&l[k].rng, 2000, seconds * 500) * 1000000LL;
	}
	if (pthread_create(&t, NULL, loop, &l[1]) != 0)
		return 1;
	loop(&l[0]);
	pthread_join(t, NULL);
	printf("busy w=%u iters=%llu maxgap_us=%lld\n", w, l[0].iters + l[1].iters,
	       (l[0].maxgap_ns > l[1].maxgap_ns ? l[0].maxgap_ns : l[1].maxgap_ns) / 1000);
	return 0;
}

/* Thread body of the churn worker: note the start delay, compute a little,
 * sometimes sleep a little, end. */
static void *churn_one(void *arg)
{
	struct churner *c = arg;
	long long delay = now_ns(CLOCK_MONOTONIC) - c->created_ns;

	pthread_mutex_lock(&churn_lock);
	if (delay > churn_maxstart_ns)
		churn_maxstart_ns = delay;
	pthread_mutex_unlock(&churn_lock);
	compute(c->work);
	if (c->work % 4 == 0)
		sleep_ns(draw(&c->rng, 1000000, 3000000));
	return NULL;
}

/* Start slot c's thread; returns 0 or -1. */
static int churn_start(struct churner *c)
{
	c->work = draw(&c->rng, 10, 200);
	c->created_ns = now_ns(CLOCK_MONOTONIC);
	return pthread_create(&c->tid, NULL, churn_one, c) == 0 ? 0 : -1;
}

/* The churn worker: see the head of this file. */
static int run_churn(long long seconds, unsigned slots)
{
	struct churner c[MAX_SLOTS];
	long long end = now_ns(CLOCK_MONOTONIC) + seconds * 1000000000LL, last, t, maxgap = 0;
	unsigned long long threads = 0;

	for (unsigned i = 0; i < slots; i++) {
		c[i].rng = i + 1;
		if (churn_start(&c[i]) < 0)
			return 1;
	}
	last = now_ns(CLOCK_MONOTONIC);
	for (unsigned i = 0; (t = now_ns(CLOCK_MONOTONIC)) < end; i = (i + 1) % slots) {
		maxgap = t - last > maxgap ? t - last : maxgap;
		pthread_join(c[i].tid, NULL);
		last = now_ns(CLOCK_MONOTONIC);
		if (churn_start(&c[i]) < 0)
			return 1;
		threads++;
	}
	for (unsigned i = 0; i < slots; i++)
		pthread_join(c[i].tid, NULL);
	printf("churn threads=%llu maxgap_us=%lld maxstart_us=%lld\n", threads + slots,
	       maxgap / 1000, churn_maxstart_ns / 1000);
	return 0;
}

int main(int argc, char **argv)
{
	if ((argc == 5 || argc == 6) && strcmp(argv[1], "mix") == 0 && atoll(argv[2]) > 5 &&
	    atoi(argv[4]) > 0)
		return run_mix(atoll(argv[2]), strtoull(argv[3], NULL, 10), (unsigned)atoi(argv[4]),
			       argc == 6 ? argv[5] : NULL);
	if (argc == 4 && strcmp(argv[1], "churn") == 0 && atoi(argv[3]) > 0 &&
	    atoi(argv[3]) <= MAX_SLOTS)
		return run_churn(atoll(argv[2]), (unsigned)atoi(argv[3]));
	fputs("usage: loadworker mix SECONDS(>5) SEED PERIOD_MS [GO_FILE] | churn SECONDS "
	      "SLOTS(1..64)\n",
	      stderr);
	return 2;
}
