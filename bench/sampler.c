/* bench/sampler: cost per task per sample of three ways to read scheduler
 * counters, measured in the same run over T live (sleeping) threads:
 *   ours   task_sample over kept handles (pread + parse of schedstat)
 *   ref    open + read + close + parse of /proc/<pid>/task/<tid>/sched
 *   floor  bare pread of a kept schedstat fd, no parse
 * Prints the median ns/task over several rounds and the ratios ref/ours and
 * ours/floor. Not a test: run it with `make bench-sampler`. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "procparse.h"
#include "sample.h"

#define ROUNDS 21
#define MAX_TASKS 1024
#define THREAD_STACK (64 * 1024)

struct pool {
	pthread_t thr[MAX_TASKS];
	pid_t tid[MAX_TASKS];
	unsigned n;
	int pipefd[2];            /* threads block reading [0]; closing [1] ends them */
	pthread_mutex_t lock;
	pthread_cond_t ready;
	unsigned started;
};

struct slot {
	struct pool *pool;
	unsigned idx;
};

static struct slot slots[MAX_TASKS];

/* Return CLOCK_MONOTONIC now in ns. */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Thread body: publish the tid, then sleep in read() until the pipe closes. */
static void *sleeper(void *arg)
{
	struct slot *sl = arg;
	struct pool *p = sl->pool;
	char c;

	pthread_mutex_lock(&p->lock);
	p->tid[sl->idx] = (pid_t)syscall(SYS_gettid);
	p->started++;
	pthread_cond_signal(&p->ready);
	pthread_mutex_unlock(&p->lock);
	while (read(p->pipefd[0], &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

/* Start n sleeping threads and wait until each has published its tid. */
static int pool_start(struct pool *p, unsigned n)
{
	pthread_attr_t attr;

	memset(p, 0, sizeof(*p));
	if (pipe(p->pipefd) < 0)
		return -errno;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->ready, NULL);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, THREAD_STACK);
	for (p->n = 0; p->n < n; p->n++) {
		slots[p->n] = (struct slot){ p, p->n };
		if (pthread_create(&p->thr[p->n], &attr, sleeper, &slots[p->n]) != 0)
			break;
	}
	pthread_attr_destroy(&attr);
	pthread_mutex_lock(&p->lock);
	while (p->started < p->n)
		pthread_cond_wait(&p->ready, &p->lock);
	pthread_mutex_unlock(&p->lock);
	return p->n == n ? 0 : -EAGAIN;
}

/* End the threads of p and join them. */
static void pool_stop(struct pool *p)
{
	close(p->pipefd[1]);
	for (unsigned i = 0; i < p->n; i++)
		pthread_join(p->thr[i], NULL);
	close(p->pipefd[0]);
}

/* (1) ours: one task_sample per kept handle; returns elapsed ns. */
static uint64_t run_ours(struct task_handle *h, unsigned n)
{
	struct sample s;
	uint64_t t0 = now_ns();

	for (unsigned i = 0; i < n; i++)
		if (task_sample(&h[i], &s) < 0)
			fprintf(stderr, "task_sample failed for tid %d\n", (int)h[i].tid);
	return now_ns() - t0;
}

/* (2) the reference: open, read, close and parse .../task/<tid>/sched. */
static uint64_t run_ref(pid_t pid, const pid_t *tid, unsigned n)
{
	char path[64], buf[4096];
	struct sched_info si;
	uint64_t t0 = now_ns();

	for (unsigned i = 0; i < n; i++) {
		int fd;
		ssize_t len;

		snprintf(path, sizeof(path), "/proc/%d/task/%d/sched", (int)pid, (int)tid[i]);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, buf, sizeof(buf));
		close(fd);
		if (len > 0 && sched_parse(buf, (size_t)len, &si) < 0)
			fprintf(stderr, "sched_parse failed for tid %d\n", (int)tid[i]);
	}
	return now_ns() - t0;
}

/* (3) the floor: one bare pread of each kept schedstat fd. */
static uint64_t run_floor(const struct task_handle *h, unsigned n)
{
	char buf[96];
	uint64_t t0 = now_ns();

	for (unsigned i = 0; i < n; i++)
		if (pread(h[i].fd, buf, sizeof(buf) - 1, 0) < 0)
			fprintf(stderr, "pread failed for tid %d\n", (int)h[i].tid);
	return now_ns() - t0;
}

/* Return the median of n values (sorts v). */
static double median(double *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Measure the three methods over n live threads and print one row. */
static int bench_tasks(int root, unsigned n)
{
	static struct pool pool;
	static struct task_handle h[MAX_TASKS];
	double ours[ROUNDS], ref[ROUNDS], flr[ROUNDS];
	double m_ours, m_ref, m_floor;
	pid_t pid = getpid();
	int rc = pool_start(&pool, n);

	for (unsigned i = 0; rc == 0 && i < n; i++)
		rc = task_open(root, pid, pool.tid[i], SOURCE_SCHEDSTAT, &h[i]);
	if (rc < 0) {
		fprintf(stderr, "setup for %u tasks failed: %s\n", n, strerror(-rc));
		pool_stop(&pool);
		return rc;
	}
	run_ours(h, n);  /* warm caches once */
	for (unsigned r = 0; r < ROUNDS; r++) {
		ours[r] = (double)run_ours(h, n) / n;
		ref[r] = (double)run_ref(pid, pool.tid, n) / n;
		flr[r] = (double)run_floor(h, n) / n;
	}
	m_ours = median(ours, ROUNDS);
	m_ref = median(ref, ROUNDS);
	m_floor = median(flr, ROUNDS);
	printf("%6u %10.0f %10.0f %10.0f %10.2f %11.2f\n", n, m_ours, m_ref, m_floor,
	       m_ref / m_ours, m_ours / m_floor);
	for (unsigned i = 0; i < n; i++)
		task_close(&h[i]);
	pool_stop(&pool);
	return 0;
}

/* Raise the open-file limit so 1024 kept fds fit. */
static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int main(void)
{
	static const unsigned sizes[] = { 8, 64, 1024 };
	int root = proc_root_open(NULL);

	if (root < 0) {
		fprintf(stderr, "sampler: cannot open /proc: %s\n", strerror(-root));
		return 1;
	}
	raise_nofile();
	printf("# ns per task per sample, median of %d rounds\n", ROUNDS);
	printf("%6s %10s %10s %10s %10s %11s\n", "tasks", "ours", "ref", "floor", "ref/ours",
	       "ours/floor");
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (bench_tasks(root, sizes[i]) < 0)
			return 1;
	close(root);
	return 0;
}
