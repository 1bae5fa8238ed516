/* Tests for lib/sample.c: source choice on fixture trees, live sampling of
 * real children (spinning, stopped, gone) and per-thread files. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "basic.h"
#include "procfix.h"
#include "proc.h"
#include "procparse.h"
#include "sample.h"

#define TRIES 50  /* bounded retries for conditions the scheduler decides */

/* Sleep ms milliseconds. */
static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Choose a source in fixture tree name for task 100; returns the result. */
static int choose_in(const char *name, enum sample_source *src)
{
	char rel[128];
	int root, rc;

	snprintf(rel, sizeof(rel), "proc/%s", name);
	root = procfix_root(rel);
	rc = sample_source_choose(root, "100/task/100", src);

	close(root);
	return rc;
}

/* Open task 100 of fixture tree name with src and take one sample. */
static int sample_fixture(const char *name, enum sample_source src, struct sample *s)
{
	struct task_handle h;
	char rel[128];
	int root, rc;

	snprintf(rel, sizeof(rel), "proc/%s", name);
	root = procfix_root(rel);
	rc = task_open(root, 100, 100, src, &h);

	close(root);
	if (rc < 0)
		return rc;
	rc = task_sample(&h, s);
	task_close(&h);
	task_close(&h);
	return rc;
}

/* Source choice: "0 0 0" falls back to sched, nothing falls back to status. */
static void test_choose(void)
{
	enum sample_source src = SOURCE_STATUS;
	int root;

	is_int(0, choose_in("src-nosched", &src), "tree without sched: chosen");
	is_str("schedstat", sample_source_name(src), "  schedstat");
	is_int(0, choose_in("src-sched", &src), "schedstat 0 0 0: chosen");
	is_str("sched", sample_source_name(src), "  sched");
	is_int(0, choose_in("src-status", &src), "no schedstat, no sched: chosen");
	is_str("status", sample_source_name(src), "  status");
	is_int(-ENOENT, choose_in("src-none", &src), "nothing usable is -ENOENT");
	root = proc_root_open(NULL);
	is_int(0, sample_source_choose(root, "thread-self", &src), "live thread-self: chosen");
	is_str("schedstat", sample_source_name(src), "  schedstat on this kernel");
	close(root);
}

/* Each source fills and records its sample from fixture files. */
static void test_fixture_samples(void)
{
	struct sample s;
	uint64_t tick_ns = 1000000000ULL / (uint64_t)sysconf(_SC_CLK_TCK);

	is_int(0, sample_fixture("src-nosched", SOURCE_SCHEDSTAT, &s), "schedstat sample");
	ok(s.source == SOURCE_SCHEDSTAT && s.has_run_delay, "  records schedstat, has run_delay");
	ok(s.runtime_ns == 825612 && s.switches == 2 && s.run_delay_ns == 3102874, "  values");
	ok(s.t_ns > 0, "  timestamp set");
	is_int(0, sample_fixture("src-sched", SOURCE_SCHED, &s), "sched sample");
	ok(s.source == SOURCE_SCHED && !s.has_run_delay, "  records sched, no run_delay");
	ok(s.runtime_ns == 825612 && s.switches == 2, "  values");
	is_int(0, sample_fixture("src-status", SOURCE_STATUS, &s), "status sample");
	ok(s.source == SOURCE_STATUS && !s.has_run_delay, "  records status, no run_delay");
	is_uint64(12 * tick_ns, s.runtime_ns, "  runtime from utime+stime ticks");
	is_uint64(2, s.switches, "  switches voluntary+nonvoluntary");
	is_int(-ENOENT, sample_fixture("src-nosched", SOURCE_SCHED, &s), "missing file: -ENOENT");
	is_int(-ENOENT, sample_fixture("src-none", SOURCE_STATUS, &s),
	       "status source without a stat file: -ENOENT");
}

/* sample_flat compares runtime and switches only. */
static void test_flat(void)
{
	struct sample a = { .t_ns = 1, .runtime_ns = 5, .switches = 3 };
	struct sample b = a;

	b.t_ns = 2;
	b.run_delay_ns = 9;
	ok(sample_flat(&a, &b), "same counters are flat");
	b.runtime_ns = 6;
	ok(!sample_flat(&a, &b), "1 ns more runtime is progress");
	b.runtime_ns = 5;
	b.switches = 4;
	ok(!sample_flat(&a, &b), "one more switch is progress");
}

/* Fork a child that spins forever; returns its pid. */
static pid_t spawn_spinner(void)
{
	pid_t pid = fork();

	if (pid < 0)
		sysbail("fork");
	if (pid == 0)
		for (;;)
			;
	return pid;
}

/* Kill and reap child pid. */
static void end_child(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Sample h every ms until the counters change (want_flat false) or a flat
 * pair is seen (want_flat true); bounded by TRIES. Returns true on success. */
static bool sample_until(struct task_handle *h, bool want_flat, long ms)
{
	struct sample a, b;

	if (task_sample(h, &a) < 0)
		return false;
	for (int i = 0; i < TRIES; i++) {
		sleep_ms(ms);
		if (task_sample(h, &b) < 0)
			return false;
		if (sample_flat(&a, &b) == want_flat)
			return true;
		a = b;
	}
	return false;
}

/* A spinning child grows; stopped it is flat under every source; reaped it is gone. */
static void test_live_child(void)
{
	static const enum sample_source srcs[] = { SOURCE_SCHEDSTAT, SOURCE_SCHED, SOURCE_STATUS };
	struct task_handle h[3];
	struct sample s;
	int root = proc_root_open(NULL);
	pid_t pid = spawn_spinner();
	int status;

	for (int i = 0; i < 3; i++)
		is_int(0, task_open(root, pid, pid, srcs[i], &h[i]), "open %s of a child",
		       sample_source_name(srcs[i]));
	ok(sample_until(&h[0], false, 200), "spinning child: runtime grows (schedstat)");
	ok(sample_until(&h[1], false, 200), "spinning child: runtime grows (sched)");
	kill(pid, SIGSTOP);
	ok(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status), "child stopped (T)");
	for (int i = 0; i < 3; i++)
		ok(sample_until(&h[i], true, 100), "stopped child: flat counters (%s)",
		   sample_source_name(srcs[i]));
	end_child(pid);
	for (int i = 0; i < 3; i++) {
		is_int(-ESRCH, task_sample(&h[i], &s), "killed and reaped child: -ESRCH (%s)",
		       sample_source_name(srcs[i]));
		task_close(&h[i]);
	}
	is_int(-ENOENT, task_open(root, pid, pid, SOURCE_SCHEDSTAT, &h[0]), "reopen: -ENOENT");
	close(root);
}

/* Spin in a thread for ever (the process is killed by the test). */
static void *spin_thread(void *arg)
{
	(void)arg;
	for (;;)
		;
	return NULL;
}

/* Child body: a spinning thread, the main thread waiting in pthread_join. */
static void run_threaded_child(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, spin_thread, NULL) != 0)
		_exit(1);
	pthread_join(t, NULL);
	_exit(0);
}

/* Return the tid of a task of pid other than pid, waiting for it to appear. */
static pid_t other_tid(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	for (int i = 0; i < TRIES; i++) {
		DIR *d = opendir(path);
		struct dirent *e;
		pid_t tid = 0;

		while (d && (e = readdir(d)))
			if (e->d_name[0] != '.' && atoi(e->d_name) != pid)
				tid = atoi(e->d_name);
		if (d)
			closedir(d);
		if (tid > 0)
			return tid;
		sleep_ms(20);
	}
	return 0;
}

/* The main thread (pthread_join) is flat while the spinning thread's own file grows. */
static void test_threads(void)
{
	struct task_handle main_h, spin_h;
	int root = proc_root_open(NULL);
	pid_t pid = fork(), tid;

	if (pid < 0)
		sysbail("fork");
	if (pid == 0)
		run_threaded_child();
	tid = other_tid(pid);
	ok(tid > 0, "second thread found");
	is_int(0, task_open(root, pid, pid, SOURCE_SCHEDSTAT, &main_h), "open main thread");
	is_int(0, task_open(root, pid, tid, SOURCE_SCHEDSTAT, &spin_h), "open spinning thread");
	ok(sample_until(&main_h, true, 200), "main thread in pthread_join: flat");
	ok(sample_until(&spin_h, false, 200), "task/<tid>/schedstat of the spinner grows");
	task_close(&main_h);
	task_close(&spin_h);
	end_child(pid);
	close(root);
}

int main(void)
{
	plan_lazy();
	test_choose();
	test_fixture_samples();
	test_flat();
	test_live_child();
	test_threads();
	return 0;
}
