/* Tests for lib/ptstop.c against live processes: a running process runs on
 * after it was stopped, even when the tracer dies holding it; a process
 * stopped by job control is still stopped afterwards; a task in D state
 * times out and is not left stopped once it leaves D.
 *
 * The tracer is always a forked child of the test ("B"), never the target's
 * parent, as the unwinder child is; it reports through its exit status. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic.h"
#include "btfix.h"
#include "proc.h"
#include "ptstop.h"

enum { B_OK = 0, B_NOT_STOPPED = 10, B_NO_TIMEOUT, B_SEIZE, B_RELEASE, B_SETUP };

/* In B: seize tid, wait up to wait_ms for its stop, release it unless
 * die_holding (then SIGKILL ourselves while holding it). Exit status: B_*. */
static void tracer(pid_t tid, int wait_ms, int die_holding, int expect_timeout)
{
	struct ptstop_task t = { .tid = tid, .state = PTSTOP_IDLE };
	struct ptstop ps;
	ssize_t i;

	if (ptstop_begin(&ps, &t, 1) < 0)
		_exit(B_SETUP);
	if (ptstop_seize_all(&ps) != 1)
		_exit(B_SEIZE);
	i = ptstop_next(&ps, ptstop_now() + (uint64_t)wait_ms * 1000000u);
	if (expect_timeout)
		_exit(i == -ETIMEDOUT ? B_OK : B_NO_TIMEOUT);
	if (i != 0 || t.state != PTSTOP_STOPPED)
		_exit(B_NOT_STOPPED);
	if (die_holding)
		raise(SIGKILL);
	if (ptstop_release(&ps, 0) < 0)
		_exit(B_RELEASE);
	ptstop_end(&ps);
	_exit(B_OK);
}

/* Run tracer() in a child and return its exit status (-1 if it died). */
static int run_tracer(pid_t tid, int wait_ms, int die_holding, int expect_timeout)
{
	pid_t b = fork();
	int st;

	if (b < 0)
		sysbail("fork");
	if (b == 0)
		tracer(tid, wait_ms, die_holding, expect_timeout);
	st = btfix_wait_exit(b);
	return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Wait (bounded) until tid's CPU time moves past before: it runs. */
static int progresses(pid_t pid, pid_t tid, uint64_t before)
{
	int i;

	for (i = 0; i < BTFIX_WAIT_S * 10; i++) {
		if (btfix_cputime(pid, tid) > before + 1)
			return 1;
		usleep(100000);
	}
	return 0;
}

static void test_running(char *worker)
{
	char *argv[] = {worker, "spin", "1", NULL}, line[64];
	pid_t pid = btfix_spawn(argv, 1, line, sizeof(line)), tids[4];
	uint64_t before;

	btfix_tids(pid, tids, 4);
	is_int(B_OK, run_tracer(tids[1], 10000, 0, 0), "a spinning thread stops and is released");
	before = btfix_cputime(pid, tids[1]);
	ok(strchr("tT", btfix_state(pid, tids[1])) == NULL && progresses(pid, tids[1], before),
	   "it runs on afterwards");
	is_int(-1, run_tracer(tids[1], 10000, 1, 0), "a tracer killed while holding it dies");
	before = btfix_cputime(pid, tids[1]);
	ok(strchr("tT", btfix_state(pid, tids[1])) == NULL && progresses(pid, tids[1], before),
	   "the thread runs on after its tracer died (no SIGSTOP left behind)");
	ok(btfix_state(pid, pid) == 'S', "the main thread was never stopped");
	btfix_kill(pid);
}

static void test_stopped(char *worker)
{
	char *argv[] = {worker, "stop", "2", NULL}, line[64];
	pid_t pid = btfix_spawn(argv, 1, line, sizeof(line)), tids[4];

	ok(btfix_wait_states(pid, "T"), "the worker stopped itself");
	btfix_tids(pid, tids, 4);
	is_int(B_OK, run_tracer(tids[0], 10000, 0, 0), "a job-control stopped thread is taken");
	is_int(B_OK, run_tracer(tids[2], 10000, 0, 0), "and another");
	ok(btfix_state(pid, tids[0]) == 'T' && btfix_state(pid, tids[2]) == 'T',
	   "both are still stopped (T) after release");
	is_int(-1, run_tracer(tids[1], 10000, 1, 0), "a tracer dying while holding one");
	ok(btfix_wait_states(pid, "T"), "leaves the process stopped");
	kill(pid, SIGCONT);
	ok(btfix_wait_states(pid, "S"), "SIGCONT continues it as usual");
	btfix_kill(pid);
}

static void test_uninterruptible(char *worker)
{
	char *argv[] = {worker, NULL}, path[64];
	pid_t pid = btfix_spawn(argv, 0, NULL, 0), child = 0, tids[2];
	int st;

	ok(btfix_wait_state(pid, pid, "D"), "vfork-hang's parent is in D");
	is_int(B_OK, run_tracer(pid, 300, 0, 1), "its stop times out");
	ok(btfix_state(pid, pid) == 'D', "it is still in D");
	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
	if (btfix_tids(pid, tids, 2) == 1) {
		FILE *f = fopen(path, "r");

		if (f != NULL && fscanf(f, "%d", &child) != 1)
			child = 0;
		if (f != NULL)
			fclose(f);
	}
	if (child > 0)
		kill(child, SIGKILL); /* the vfork ends: the parent leaves D */
	st = btfix_wait_exit(pid);
	ok(child > 0 && st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "once out of D it returns and exits 0 (not stopped by a stale trap)");
}

/* The reason given for a refused attach, over fixture proc trees. */
static const char *denied_in(const char *tree, uid_t euid)
{
	static char buf[128];
	char *path = test_file_path(tree);
	int fd = proc_root_open(path);

	if (fd < 0)
		bail("cannot open %s", path);
	ptstop_denied_reason(fd, 100, 101, 42, euid, buf, sizeof(buf));
	close(fd);
	free(path);
	return buf;
}

static void test_denied_reason(void)
{
	is_str("ptrace not permitted (Yama ptrace_scope 1)", denied_in("proc/bt-denied-yama", 0),
	       "Yama scope 1 is named");
	is_str("ptrace not permitted: already traced by pid 555",
	       denied_in("proc/bt-denied-traced", 0), "another tracer is named");
	is_str("ptrace not permitted: owned by uid 1000", denied_in("proc/bt-denied-uid", 0),
	       "another owner is named");
	is_str("ptrace not permitted", denied_in("proc/bt-denied-uid", 1000),
	       "otherwise no cause is made up");
}

/* Worker paths: globals, so forked children exiting while they are
 * allocated do not count them as leaked (valgrind). */
static char *stuck, *vfork_hang;

int main(void)
{
	const char *denied = btfix_ptrace_denied();

	stuck = btfix_worker("bt-stuck");
	vfork_hang = btfix_worker("vfork-hang");
	plan(20);
	test_denied_reason();
	if (denied != NULL) {
		skip(16, "%s", denied);
		free(stuck);
		free(vfork_hang);
		return 0;
	}
	test_running(stuck);
	test_stopped(stuck);
	test_uninterruptible(vfork_hang);
	free(stuck);
	free(vfork_hang);
	return 0;
}
