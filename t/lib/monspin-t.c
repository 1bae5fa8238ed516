/* Tests for lib/monspin.c and monitor_capture: live workers on /proc. A
 * spinning child fires class spinning, a sleeping one never does, and a
 * capture names a worker's leader with its threads listed. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "basic.h"
#include "monitor.h"
#include "proc.h"

#define MS 1000000ULL

/* Fork a child that spins (spin true) or sleeps in pause(); its pid. */
static pid_t child(bool spin)
{
	pid_t pid = fork();

	if (pid < 0)
		sysbail("fork");
	if (pid == 0) {
		volatile unsigned long x = 0;

		while (spin)
			x++;
		pause();
		_exit(0);
	}
	return pid;
}

/* Kill and reap pid. */
static void end(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* A monitor over /proc reporting only class spinning, spin_ns long. */
static struct monitor *new_monitor(int dirfd, uint64_t spin_ns)
{
	struct monitor_config cfg = {
		.proc_dirfd = dirfd, .scope = SCOPE_TREE, .class_mask = 1u << STALL_SPINNING,
		.policy = POLICY_LOG, .start_ns = 1, .max_fds = 256, .spin_ns = spin_ns,
	};
	struct monitor *m;
	int r = sample_source_choose(dirfd, "thread-self", &cfg.source);

	if (r == 0)
		r = monitor_new(&cfg, &m);
	if (r < 0)
		bail("monitor: %s", strerror(-r));
	return m;
}

/* Tick m every 50 ms until an event of worker index arrives (at most max
 * ticks); returns the event count of all workers seen, first event in *ev
 * (the caller frees it). */
static size_t tick_for(struct monitor *m, unsigned max, struct stall_event *first)
{
	struct stall_event *evs = NULL;
	size_t n = 0;

	for (unsigned i = 0; i < max && n == 0; i++) {
		monitor_tick(m, &evs, &n);
		usleep(50000);
	}
	if (n > 0)
		*first = evs[0];
	for (size_t i = 1; i < n; i++)
		stall_event_free(&evs[i]);
	free(evs);
	return n;
}

static void test_spin(int dirfd)
{
	struct monitor *m = new_monitor(dirfd, 300 * MS);
	pid_t spinner = child(true), sleeper = child(false);
	struct stall_event ev;
	size_t n;

	monitor_add_worker(m, 0, sleeper, -1, -1);
	monitor_add_worker(m, 1, spinner, -1, -1);
	n = tick_for(m, 200, &ev); /* 10 s: a loaded machine */
	ok(n >= 1, "a spinning worker fires");
	if (n >= 1) {
		is_int(1, ev.worker, "... worker 1, the spinner");
		is_int(STALL_SPINNING, ev.cls, "... class spinning");
		is_int(spinner, ev.tid, "... naming its task");
		ok(ev.trig.span_ns >= 300 * MS, "... over a span of at least --spin-after");
		ok(ev.trig.run_ns > 0 && ev.trig.voluntary == 0, "... with run time, no sleep");
		ok(ev.nprocs == 1 && ev.procs[0].pid == spinner, "... its process the target");
		diag("span %llu ms: run %llu ms, wait %llu ms, user %llu, system %llu ticks",
		     (unsigned long long)(ev.trig.span_ns / MS),
		     (unsigned long long)(ev.trig.run_ns / MS),
		     (unsigned long long)(ev.trig.wait_ns / MS),
		     (unsigned long long)ev.trig.user_ticks,
		     (unsigned long long)ev.trig.system_ticks);
		stall_event_free(&ev);
	} else {
		skip(6, "no event");
	}
	/* It may fire again only after a tick where it waited for a CPU
	 * unseen (schedstat's run_delay grows when it gets the CPU back): a
	 * loaded machine can re-arm it. Whatever fires is still the spinner. */
	n = tick_for(m, 20, &ev);
	diag("%zu more events in 20 ticks", n);
	ok(n == 0 || (ev.worker == 1 && ev.cls == STALL_SPINNING),
	   "while it keeps spinning, the sleeper never fires");
	if (n)
		stall_event_free(&ev);
	end(spinner);
	end(sleeper);
	monitor_free(m);
}

static void test_capture(int dirfd)
{
	struct monitor *m = new_monitor(dirfd, 0);
	pid_t sleeper = child(false);
	struct stall_event ev;
	int r;

	usleep(100000);
	is_int(-ENOENT, monitor_capture(m, 3, STALL_HEARTBEAT, &ev), "capture: not watched");
	monitor_add_worker(m, 3, sleeper, -1, -1);
	r = monitor_capture(m, 3, STALL_HEARTBEAT, &ev);
	is_int(0, r, "capture of a sleeping worker");
	if (r == 0) {
		is_int(3, ev.worker, "... its index");
		is_int(STALL_HEARTBEAT, ev.cls, "... the class asked for");
		is_int(sleeper, ev.pid, "... names the leader");
		is_int(sleeper, ev.tid, "... its main thread");
		is_int('S', ev.state, "... in its state now");
		ok(ev.diag.nthreads == 1 && ev.diag.threads[0].tid == sleeper, "... threads listed");
		ok(ev.nprocs == 1 && ev.procs[0].pid == sleeper, "... its process the target");
		ok(ev.action != NULL, "... an action");
		stall_event_free(&ev);
	} else {
		skip(8, "no capture");
	}
	end(sleeper);
	r = monitor_capture(m, 3, STALL_HEARTBEAT, &ev);
	is_int(-ENOENT, r, "capture of a worker with no live task");
	monitor_free(m);
}

int main(void)
{
	int dirfd = proc_root_open(NULL);

	if (dirfd < 0)
		skip_all("no /proc");
	plan_lazy();
	test_spin(dirfd);
	test_capture(dirfd);
	close(dirfd);
	return 0;
}
