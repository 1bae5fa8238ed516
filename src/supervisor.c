/* supervisor: setup, the event loop, deadlines and worker exits.
 *
 * Once the workers run, nothing here exits on an error: problems are
 * said (msg.h), recorded in own_error, and the loop carries on until every
 * process it started has ended. The loop waits on nothing but its epoll set:
 * every output goes through a sink, every deadline through the timers. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "ci.h"
#include "clock.h"
#include "confine.h"
#include "cores.h"
#include "exitstatus.h"
#include "msg.h"
#include "notify.h"
#include "silence.h"
#include "stallreport.h"
#include "stallwatch.h"
#include "supervisor.h"
#include "sys.h"

#define FD_RESERVE 64                /* descriptors kept free beyond the per-worker ones */
#define SINK_LIMIT (1024 * 1024)     /* bytes a sink may queue */
#define RETRY_NS 100000000ULL        /* reopen a --report FIFO with no reader every 100 ms */
#define DRAIN_IDLE_NS 1000000000ULL  /* once the run is over, a reader may stall this long */

static const int forwarded_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
#define NFORWARDED (sizeof(forwarded_signals) / sizeof(forwarded_signals[0]))

static const char *const sink_names[NSINKS] = {
	[SINK_OUT] = "standard output",
	[SINK_ERR] = "standard error",
	[SINK_REPORT] = "the report file",
};

/* Add fd to the epoll set with events and tag; returns 0 or -errno. */
static int ep_add(struct supervisor *sv, int fd, uint32_t events, uint64_t tag)
{
	struct epoll_event ev = { .events = events, .data.u64 = tag };

	return epoll_ctl(sv->epfd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

/* Remove fd from the epoll set. */
static void ep_del(struct supervisor *sv, int fd)
{
	epoll_ctl(sv->epfd, EPOLL_CTL_DEL, fd, NULL);
}

/* Does nothing: installed so that even as PID 1 the forwarded signals are
 * not discarded by the kernel (they are blocked and read by signalfd). */
static void ignore_signal(int sig)
{
	(void)sig;
}

/* Take over signal sig with handler (so that even as PID 1 it is not
 * discarded), recording in sv->changed that we did and in sv->orig_ignored
 * whether it was ignored at start: the workers get it back ignored (as under
 * nohup), while we still read and forward it. */
static void take_signal(struct supervisor *sv, int sig, void (*handler)(int))
{
	struct sigaction sa = { .sa_handler = handler }, old;

	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		sigaddset(&sv->orig_ignored, sig);
	sigaddset(&sv->changed, sig);
	sigaction(sig, &sa, NULL);
}

/* Block the signals we handle and read them through a signalfd. SIGPIPE is
 * ignored (a write to a reader that left fails with EPIPE instead); the
 * workers get every disposition and the mask we were started with. */
static int setup_signals(struct supervisor *sv)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	sigemptyset(&sv->changed);
	sigemptyset(&sv->orig_ignored);
	sigprocmask(SIG_BLOCK, NULL, &sv->orig_mask);
	sigaddset(&set, SIGCHLD);
	for (i = 0; i < NFORWARDED; i++) {
		take_signal(sv, forwarded_signals[i], ignore_signal);
		sigaddset(&set, forwarded_signals[i]);
	}
	take_signal(sv, SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	sv->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sv->sigfd < 0)
		return -errno;
	return ep_add(sv, sv->sigfd, EPOLLIN, EV_TAG(EV_SIGNAL, 0));
}

/* Raise the soft RLIMIT_NOFILE to the hard limit (the workers need a few
 * fds each and the monitor one per task); -EMFILE with a reason when the
 * hard limit is too low for the workers alone. Workers get the old limit. */
static int setup_nofile(struct supervisor *sv, struct strbuf *err)
{
	const struct options *o = sv->opt;
	rlim_t need = (rlim_t)o->workers * (2 + (o->carry_output ? 2 : 0)) + FD_RESERVE;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &sv->nofile) < 0)
		return -errno;
	if (sv->nofile.rlim_max < need) {
		sb_printf(err, "%u workers need about %llu file descriptors but the hard limit "
			  "(ulimit -Hn) is %llu", o->workers, (unsigned long long)need,
			  (unsigned long long)sv->nofile.rlim_max);
		return -EMFILE;
	}
	if (sv->nofile.rlim_cur == sv->nofile.rlim_max)
		return 0;
	rl.rlim_cur = sv->nofile.rlim_max;
	rl.rlim_max = sv->nofile.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		return sv->nofile.rlim_cur >= need ? 0 : -errno;
	sv->nofile_raised = true;
	return 0;
}

/* Make sure fds 0, 1 and 2 are open, so nothing we open lands on them. */
static void ensure_std_fds(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= 2)
		;
	if (fd > 2)
		close(fd);
}

/* Set up the sinks: standard error always, standard output for tagged
 * output and --report -, and the --report file. Returns 0 or -errno. */
static int open_sinks(struct supervisor *sv, struct strbuf *err)
{
	const char *path = sv->opt->report_path;
	bool dash = path != NULL && strcmp(path, "-") == 0;
	int r;

	sink_open_fd(&sv->sinks[SINK_ERR], sink_names[SINK_ERR], 2, SINK_LIMIT, sv->epfd,
		     EV_TAG(EV_SINK, SINK_ERR));
	if (sv->opt->carry_output || dash || sv->opt->annotations)
		sink_open_fd(&sv->sinks[SINK_OUT], sink_names[SINK_OUT], 1, SINK_LIMIT, sv->epfd,
			     EV_TAG(EV_SINK, SINK_OUT));
	if (dash) {
		sv->report = &sv->sinks[SINK_OUT];
	} else if (path != NULL) {
		r = sink_open_path(&sv->sinks[SINK_REPORT], sink_names[SINK_REPORT], path,
				   SINK_LIMIT, sv->epfd, EV_TAG(EV_SINK, SINK_REPORT));
		if (r < 0) {
			sb_printf(err, "cannot open report file '%s': %s", path, strerror(-r));
			return r;
		}
		sv->report = &sv->sinks[SINK_REPORT];
		if (sv->report->mode == SINK_WAITING)
			timers_at(&sv->timers, dur_add_sat(clock_now(), RETRY_NS), TIMER_SINK_RETRY, 0);
	}
	for (int i = 0; i < NSINKS; i++)
		sv->sinks[i].on_fail = msg_sink_failed;
	return 0;
}

/* Allocate the worker table; returns 0 or -ENOMEM. */
static int alloc_tables(struct supervisor *sv)
{
	unsigned i, n = sv->opt->workers;

	sv->workers = calloc(n, sizeof(*sv->workers));
	sv->leaders = calloc(n, sizeof(*sv->leaders));
	if (!sv->workers || !sv->leaders)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct worker *w = &sv->workers[i];

		w->index = i;
		w->pidfd = w->cgroup_fd = w->events_fd = -1;
		w->out_fd[0] = w->out_fd[1] = -1;
		w->exit_code = -1;
	}
	return 0;
}

/* Start the backtrace helper (src/unwinder.h) while we hold few
 * descriptors and no worker runs yet, when stall reports will want it. */
static void start_unwinder(struct supervisor *sv)
{
	int r;

	if (sv->opt->backtrace == BACKTRACE_NONE || sv->opt->stall_on == 0 || sv->opt->proc_root)
		return;
	if ((r = unwinder_start(&sv->unwinder)) < 0) {
		msg_say("cannot start the backtrace helper (%s): stall reports will have no "
			"backtraces", strerror(-r));
		sv->unwinder = NULL;
	}
}

/* Create the epoll set and the timers; returns 0 or -errno. */
static int setup_loop(struct supervisor *sv)
{
	int r;

	sv->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sv->epfd < 0)
		return -errno;
	if ((r = timers_init(&sv->timers)) < 0)
		return r;
	if (sv->unwinder && ep_add(sv, unwinder_fd(sv->unwinder), EPOLLIN,
				   EV_TAG(EV_UNWINDER, 0)) < 0) {
		unwinder_stop(sv->unwinder);
		sv->unwinder = NULL;
	}
	return ep_add(sv, sv->timers.fd, EPOLLIN, EV_TAG(EV_TIMER, 0));
}

/* Set up containment: a cgroup per worker where possible, and the keeper
 * that ends the run if we are killed. */
static void setup_containment(struct supervisor *sv)
{
	int r;

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	r = sv->opt->no_cgroup ? 0 : cgroup_setup(&sv->cg, sv->self);
	if (r < 0 && r != -ENOENT && r != -EACCES && r != -EPERM && r != -EROFS)
		msg_say("cannot make a cgroup for the workers (%s): they are contained with "
			"process groups", strerror(-r));
	r = keeper_start(&sv->keeper, sv->self, sv->cg.dir_fd >= 0 ? &sv->cg : NULL);
	if (r < 0)
		msg_say("cannot start the keeper process (%s): if stallsup is killed, processes "
			"its workers started may survive it", strerror(-r));
	else if (sv->keeper.pidfd >= 0)
		ep_add(sv, sv->keeper.pidfd, EPOLLIN, EV_TAG(EV_KEEPER, 0));
}

/* Prepare sv for a run of opt (see supervisor.h). */
int supervisor_init(struct supervisor *sv, const struct options *opt, struct strbuf *err)
{
	int r;

	memset(sv, 0, sizeof(*sv));
	sv->opt = opt;
	sv->epfd = sv->sigfd = sv->tickfd = sv->timers.fd = -1;
	sv->cg.dir_fd = -1;
	sv->keeper.pidfd = sv->keeper.sock = -1;
	for (int i = 0; i < NSINKS; i++) {
		sv->sinks[i].fd = sv->sinks[i].poll_fd = sv->sinks[i].epfd = -1;
		sv->sinks[i].mode = SINK_DEAD;
	}
	sv->self = getpid();
	confine_record(sv);
	sv->start_ns = clock_now();
	sv->start_real_ns = clock_real();
	ensure_std_fds();
	if ((r = spawn_reserve_fds()) < 0) {
		sb_printf(err, "cannot reserve descriptors: %s", strerror(-r));
		return r;
	}
	if ((r = setup_nofile(sv, err)) < 0)
		return r;
	start_unwinder(sv);
	if ((r = setup_loop(sv)) < 0) {
		sb_printf(err, "setup failed: %s", strerror(-r));
		return r;
	}
	if ((r = ci_init(sv, err)) < 0 || (r = open_sinks(sv, err)) < 0 ||
	    (r = notify_init(sv, err)) < 0)
		return r;
	if ((r = silence_init(sv)) < 0) {
		sb_printf(err, "setup failed: %s", strerror(-r));
		return r;
	}
	if ((r = alloc_tables(sv)) < 0 || (r = setup_signals(sv)) < 0 ||
	    (r = spawn_prepare(sv)) < 0) {
		sb_printf(err, "setup failed: %s", strerror(-r));
		return r;
	}
	setup_containment(sv);
	cores_check_at_start(sv);
	return stallwatch_init(sv, err);
}

/* Return the containment in force: "cgroup" when every started worker is
 * in its own cgroup, "pgroup" when none is, "mixed" otherwise. */
const char *supervisor_mechanism(const struct supervisor *sv)
{
	unsigned in = 0;

	if (sv->cg.dir_fd < 0)
		return "pgroup";
	for (unsigned i = 0; i < sv->nworkers; i++)
		in += sv->workers[i].cgroup_fd >= 0;
	return in == sv->nworkers ? "cgroup" : in == 0 ? "pgroup" : "mixed";
}

/* Lines lost on sink i (see supervisor.h). */
uint64_t supervisor_lines_lost(const struct supervisor *sv, int i)
{
	return sv->sinks[i].lost;
}

/* Arm a repeating tick (see supervisor.h). */
int supervisor_set_tick(struct supervisor *sv, uint64_t period_ns, supervisor_tick_fn fn)
{
	struct itimerspec its = { { 0, 0 }, { 0, 0 } };

	if (sv->tickfd < 0) {
		sv->tickfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
		if (sv->tickfd < 0)
			return -errno;
		if (ep_add(sv, sv->tickfd, EPOLLIN, EV_TAG(EV_TICK, 0)) < 0)
			return -errno;
	}
	sv->on_tick = fn;
	sv->tick_ns = period_ns;
	its.it_interval.tv_sec = (time_t)(period_ns / 1000000000ULL);
	its.it_interval.tv_nsec = (long)(period_ns % 1000000000ULL);
	its.it_value = its.it_interval;
	return timerfd_settime(sv->tickfd, 0, &its, NULL) < 0 ? -errno : 0;
}

/* Schedule the SIGKILL that follows an abort, once (see supervisor.h). */
void supervisor_abort_kill_after(struct supervisor *sv, struct worker *w, uint64_t delay_ns)
{
	if (w->reaped || w->abort_kill_at != 0)
		return;
	w->abort_kill_at = dur_add_sat(clock_now(), delay_ns);
	if (w->abort_kill_at == DURATION_NEVER)
		return; /* "practically never": nothing to schedule */
	timers_at(&sv->timers, w->abort_kill_at, TIMER_ABORT_KILL, w->index);
}

/* Write one JSON line to the report sink (see supervisor.h). */
int supervisor_report_line(struct supervisor *sv, const char *line, size_t len)
{
	return sv->report ? sink_put(sv->report, line, len) : 0;
}

/* Send a first signal (and SIGCONT, so stopped processes take it) to w. */
static void signal_with_cont(struct supervisor *sv, struct worker *w, int sig)
{
	supervisor_signal_worker(sv, w, sig);
	if (sig != SIGKILL && sig != SIGCONT)
		supervisor_signal_worker(sv, w, SIGCONT);
}

/* Reap w's leader now that its tree is gone. */
static void finish_worker(struct supervisor *sv, struct worker *w)
{
	siginfo_t si;
	struct rusage ru;

	if (w->reaped)
		return;
	sys_waitid(P_PIDFD, (id_t)w->pidfd, &si, WEXITED | WNOHANG, &ru);
	close(w->pidfd);
	w->pidfd = -1;
	w->reaped = true;
	w->tree_pending = false;
	w->tree_kill_at = 0;
	w->abort_kill_at = 0; /* the tree ended first: nothing to kill */
	if (w->events_fd >= 0) {
		ep_del(sv, w->events_fd);
		close(w->events_fd);
		w->events_fd = -1;
	}
	if (w->cgroup_fd < 0)
		keeper_forget_group(&sv->keeper, w->pid);
	sv->nlive--;
}

/* The leader of w left processes behind: TERM them, KILL after the grace. */
static void end_tree(struct supervisor *sv, struct worker *w)
{
	uint64_t when = dur_add_sat(clock_now(), options_tree_kill_after(sv->opt));

	w->tree_pending = true;
	signal_with_cont(sv, w, SIGTERM);
	if (when != DURATION_NEVER) {
		w->tree_kill_at = when;
		timers_at(&sv->timers, when, TIMER_TREE_KILL, w->index);
	}
	if (w->cgroup_fd < 0)
		return;
	w->events_fd = cgroup_events_open(w->cgroup_fd);
	if (w->events_fd >= 0 &&
	    ep_add(sv, w->events_fd, EPOLLPRI | EPOLLERR, EV_TAG(EV_EVENTS, w->index)) < 0) {
		close(w->events_fd);
		w->events_fd = -1;
	}
	if (!tree_remains(sv, w))
		finish_worker(sv, w);
}

/* Record the exit of w's leader (peeked, not reaped) from si. */
static void record_exit(struct supervisor *sv, struct worker *w, const siginfo_t *si)
{
	w->exited = true;
	w->end_ns = clock_now();
	w->status = exitstatus_of_wait(si->si_code, si->si_status);
	if (si->si_code == CLD_EXITED)
		w->exit_code = si->si_status;
	else
		w->exit_signal = si->si_status;
	w->core_dumped = si->si_code == CLD_DUMPED;
	if (sv->deadline_fired && w->exit_signal == SIGKILL)
		sv->deadline_killed = true; /* as timeout(1): 137 whoever sent it */
	if (w->status != 0 && !sv->have_failure) {
		sv->have_failure = true;
		sv->first_failure = w->status;
		sv->first_failure_worker = w->index;
	}
}

/* w's leader exited (its pidfd is readable, or waitid showed its zombie):
 * record it, and reap it unless processes of its tree remain. */
void supervisor_leader_exited(struct supervisor *sv, struct worker *w)
{
	siginfo_t si;

	if (w->exited || sys_waitid(P_PIDFD, (id_t)w->pidfd, &si,
				    WEXITED | WNOWAIT | WNOHANG, &w->ru) < 0 || si.si_pid == 0)
		return;
	ep_del(sv, w->pidfd);
	record_exit(sv, w, &si);
	stallwatch_worker_exited(sv, w);
	summary_report_exit(sv, w);
	if (tree_remains(sv, w))
		end_tree(sv, w);
	else
		finish_worker(sv, w);
}

/* Process-group containment: finish workers whose leftovers are gone. */
static void recheck_pending(struct supervisor *sv)
{
	unsigned i;

	for (i = 0; i < sv->nworkers; i++) {
		struct worker *w = &sv->workers[i];

		if (w->tree_pending && !w->reaped && !tree_remains(sv, w))
			finish_worker(sv, w);
	}
}

/* The --timeout deadline expired: first signal to every worker. */
static void fire_deadline(struct supervisor *sv, uint64_t now)
{
	unsigned i;

	sv->deadline_ns = 0;
	sv->deadline_fired = true;
	if (sv->opt->signal == SIGKILL)
		sv->deadline_killed = sv->nlive > 0;
	for (i = 0; i < sv->nworkers; i++)
		if (!sv->workers[i].reaped)
			signal_with_cont(sv, &sv->workers[i], sv->opt->signal);
	sv->deadline_kill_ns = dur_add_sat(now, options_deadline_kill_after(sv->opt));
	if (sv->deadline_kill_ns != DURATION_NEVER)
		timers_at(&sv->timers, sv->deadline_kill_ns, TIMER_DEADLINE_KILL, 0);
	else
		sv->deadline_kill_ns = 0; /* no -k, or -k 0: no SIGKILL */
}

/* The --kill-after grace after the deadline expired: SIGKILL what is left. */
static void fire_deadline_kill(struct supervisor *sv)
{
	unsigned i;

	sv->deadline_kill_ns = 0;
	for (i = 0; i < sv->nworkers; i++) {
		if (sv->workers[i].reaped)
			continue;
		sv->deadline_killed = true;
		supervisor_kill_tree(sv, &sv->workers[i]);
	}
}

/* Reopen the waiting --report FIFO; check again later while it waits. */
static void retry_sinks(struct supervisor *sv, uint64_t now)
{
	struct sink *s = &sv->sinks[SINK_REPORT];

	if (s->mode == SINK_WAITING && !sink_retry(s))
		timers_at(&sv->timers, dur_add_sat(now, RETRY_NS), TIMER_SINK_RETRY, 0);
}

/* Bytes moved so far: written by every sink, read from every pipe. */
static uint64_t moved(const struct supervisor *sv)
{
	uint64_t n = sv->output_read;

	for (int i = 0; i < NSINKS; i++)
		n += sv->sinks[i].written;
	return n;
}

/* The run is over but output still waits: give readers DRAIN_IDLE_NS at a
 * time, as long as they keep taking bytes. */
static void drain_arm(struct supervisor *sv, uint64_t now)
{
	sv->drain_ns = dur_add_sat(now, DRAIN_IDLE_NS);
	sv->drain_mark = moved(sv);
	timers_at(&sv->timers, sv->drain_ns, TIMER_DRAIN, 0);
}

/* The drain deadline passed: go on if bytes moved, else give up (what is
 * still queued or unread is lost, and counted). */
static void drain_check(struct supervisor *sv, uint64_t now)
{
	if (moved(sv) != sv->drain_mark) {
		drain_arm(sv, now);
		return;
	}
	sv->drain_gave_up = true;
	output_close_all(sv);
	for (int i = 0; i < NSINKS; i++)
		sink_abandon(&sv->sinks[i]);
}

/* Act on one due timer entry, if its owner still wants it. */
static void fire(struct supervisor *sv, const struct timerq_entry *e, uint64_t now)
{
	struct worker *w = e->id < sv->nworkers && e->kind != TIMER_REPORT ? &sv->workers[e->id]
									       : NULL;

	switch ((enum timer_kind)e->kind) {
	case TIMER_DEADLINE:
		if (sv->deadline_ns == e->when)
			fire_deadline(sv, now);
		break;
	case TIMER_DEADLINE_KILL:
		if (sv->deadline_kill_ns == e->when)
			fire_deadline_kill(sv);
		break;
	case TIMER_TREE_KILL:
		if (w && w->tree_kill_at == e->when && !w->reaped) {
			w->tree_kill_at = 0;
			supervisor_kill_tree(sv, w);
		}
		break;
	case TIMER_ABORT_KILL:
		if (w && w->abort_kill_at == e->when && !w->reaped)
			stallreport_tree_killed(sv, w, supervisor_kill_tree(sv, w));
		break;
	case TIMER_STRAY_KILL:
		if (sv->stray_kill_ns == e->when) {
			sv->stray_kill_ns = 0;
			tree_strays(sv, SIGKILL);
		}
		break;
	case TIMER_SINK_RETRY:
		retry_sinks(sv, now);
		break;
	case TIMER_DRAIN:
		if (sv->drain_ns == e->when)
			drain_check(sv, now);
		break;
	case TIMER_REPORT:
		stallreport_timer(sv, e->id, e->when);
		break;
	case TIMER_HEARTBEAT:
		notify_timer(sv, e->id, e->when, now);
		break;
	case TIMER_SILENCE:
		silence_timer(sv, e->id, e->when, now);
		break;
	}
}

/* The timerfd fired: act on every deadline that is due, earliest first. */
static void on_timer(struct supervisor *sv)
{
	uint64_t now = clock_now();
	struct timerq_entry e;

	timers_ack(&sv->timers);
	while (timers_next_due(&sv->timers, now, &e))
		fire(sv, &e, now);
	timers_rearm(&sv->timers);
}

/* Forward sig to every worker that has not been reaped. */
static void forward_signal(struct supervisor *sv, int sig)
{
	unsigned i;

	for (i = 0; i < sv->nworkers; i++)
		if (!sv->workers[i].reaped)
			supervisor_signal_worker(sv, &sv->workers[i], sig);
}

/* Read every pending signal from the signalfd and act on it. */
static void on_signals(struct supervisor *sv)
{
	struct signalfd_siginfo si;
	bool chld = false;

	while (read(sv->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			chld = true;
		else if (!(sv->opt->foreground && si.ssi_code == SI_KERNEL))
			forward_signal(sv, (int)si.ssi_signo); /* --foreground: the terminal's
								 signals reached the workers too */
	}
	if (chld) {
		tree_reap_orphans(sv);
		recheck_pending(sv);
	}
}

/* The tick timer fired: call the tick function. */
static void on_tick(struct supervisor *sv)
{
	uint64_t ticks;

	if (read(sv->tickfd, &ticks, sizeof(ticks)) < 0)
		return;
	if (sv->on_tick)
		sv->on_tick(sv, clock_now());
}

/* A sink can take bytes: write, and resume the pipes that wait for room. */
static void on_sink(struct supervisor *sv, unsigned i)
{
	if (i < NSINKS)
		sink_flush(&sv->sinks[i]);
	output_resume(sv);
}

/* Act on one epoll event. */
static void dispatch(struct supervisor *sv, const struct epoll_event *ev)
{
	unsigned kind = (unsigned)(ev->data.u64 >> 32), i = (uint32_t)ev->data.u64;

	switch (kind) {
	case EV_SIGNAL:
		on_signals(sv);
		break;
	case EV_TIMER:
		on_timer(sv);
		break;
	case EV_TICK:
		on_tick(sv);
		break;
	case EV_PIDFD:
		supervisor_leader_exited(sv, &sv->workers[i]);
		break;
	case EV_OUT:
	case EV_ERR:
		output_readable(sv, &sv->workers[i], kind == EV_ERR);
		break;
	case EV_EVENTS:
		if (!tree_remains(sv, &sv->workers[i]))
			finish_worker(sv, &sv->workers[i]);
		break;
	case EV_SINK:
		on_sink(sv, i);
		break;
	case EV_KEEPER:
		ep_del(sv, sv->keeper.pidfd);
		tree_reap_orphans(sv);
		break;
	case EV_UNWINDER:
		stallreport_backtraces(sv);
		break;
	case EV_NOTIFY:
		notify_readable(sv);
		break;
	}
}

/* Once every worker is reaped: are there leftover children? TERM them
 * first, KILL after the grace; returns true while any remain. */
static bool strays_left(struct supervisor *sv)
{
	tree_reap_orphans(sv);
	if (!tree_strays(sv, 0))
		return false;
	if (!sv->stray_termed) {
		sv->stray_termed = true;
		tree_strays(sv, SIGTERM);
		sv->stray_kill_ns = dur_add_sat(clock_now(), options_tree_kill_after(sv->opt));
		timers_at(&sv->timers, sv->stray_kill_ns, TIMER_STRAY_KILL, 0);
	} else if (sv->stray_kill_ns == 0) {
		tree_strays(sv, SIGKILL);
	}
	return true;
}

/* True while output waits: a pipe not at end of file, or a sink's queue. */
static bool output_busy(const struct supervisor *sv)
{
	if (sv->drain_gave_up)
		return false;
	if (sv->open_pipes > 0)
		return true;
	for (int i = 0; i < NSINKS; i++)
		if (sink_pending(&sv->sinks[i]))
			return true;
	return false;
}

/* True once every worker and everything it started has ended and the
 * output is written (or its readers gave up taking it). */
static bool run_over(struct supervisor *sv, bool *tree_done)
{
	if (sv->nlive > 0 || stallreport_pending(sv))
		return false;
	if (!*tree_done && strays_left(sv))
		return false;
	*tree_done = true; /* nothing of ours is left to start a process */
	if (!output_busy(sv))
		return true;
	if (sv->drain_ns == 0)
		drain_arm(sv, clock_now());
	return false;
}

/* Wait for events until the run is over. */
static void run_loop(struct supervisor *sv)
{
	struct epoll_event evs[64];
	bool tree_done = false;
	int i, n;

	while (!run_over(sv, &tree_done)) {
		n = epoll_wait(sv->epfd, evs, 64, -1);
		if (n < 0 && errno != EINTR) {
			msg_say("epoll_wait: %s", strerror(errno));
			sv->own_error = true;
			return;
		}
		for (i = 0; i < n; i++)
			dispatch(sv, &evs[i]);
	}
}

/* Give w its own cgroup when cgroups are in use; on the first worker a
 * failure means no cgroups at all. */
static void place_worker(struct supervisor *sv, struct worker *w)
{
	if (sv->cg.dir_fd < 0)
		return;
	w->cgroup_fd = cgroup_worker_create(&sv->cg, w->index);
	if (w->cgroup_fd < 0 && sv->nworkers == 0)
		cgroup_teardown(&sv->cg);
	if (w->cgroup_fd < 0)
		w->cgroup_fd = -1;
}

/* Put a started worker's descriptors in the epoll set. */
static int watch_worker(struct supervisor *sv, struct worker *w)
{
	int r = ep_add(sv, w->pidfd, EPOLLIN, EV_TAG(EV_PIDFD, w->index));

	if (r == 0 && w->out_fd[0] >= 0) {
		r = ep_add(sv, w->out_fd[0], EPOLLIN, EV_TAG(EV_OUT, w->index));
		if (r == 0)
			r = ep_add(sv, w->out_fd[1], EPOLLIN, EV_TAG(EV_ERR, w->index));
		sv->open_pipes += 2;
	}
	if (r == 0 && w->cgroup_fd < 0)
		keeper_watch_group(&sv->keeper, w->pid);
	return r;
}

/* Start every worker; on a failure stop starting and end those started. */
static void start_workers(struct supervisor *sv)
{
	struct strbuf err = STRBUF_INIT;
	unsigned i;

	for (i = 0; i < sv->opt->workers && !sv->own_error; i++) {
		struct worker *w = &sv->workers[i];

		place_worker(sv, w);
		sb_reset(&err);
		if (spawn_worker(sv, w, &err) < 0) {
			msg_say("%s", sb_str(&err));
			sv->own_error = true;
			break;
		}
		sv->leaders[sv->nworkers].pid = w->pid;
		sv->leaders[sv->nworkers++].index = w->index;
		sv->nlive++;
		if (w->exec_errno)
			msg_say("worker %u: cannot run '%s': %s", w->index, sv->opt->command[0],
				strerror(w->exec_errno));
		stallwatch_worker_started(sv, w);
		notify_worker_started(sv, w);
		silence_worker_started(sv, w);
		if (watch_worker(sv, w) < 0) {
			msg_say("worker %u: epoll: %s", w->index, strerror(errno));
			sv->own_error = true;
		}
	}
	sb_free(&err);
	tree_index_leaders(sv);
	if (sv->own_error)
		for (i = 0; i < sv->nworkers; i++)
			supervisor_kill_tree(sv, &sv->workers[i]);
}

/* Remove the worker cgroups and our own; say so when one stays. */
static void remove_cgroups(struct supervisor *sv)
{
	unsigned i;
	int r;

	for (i = 0; i < sv->opt->workers; i++) {
		struct worker *w = &sv->workers[i];

		if (w->cgroup_fd < 0)
			continue;
		close(w->cgroup_fd);
		w->cgroup_fd = -1;
		r = cgroup_worker_remove(&sv->cg, i);
		if (r < 0)
			msg_say("cannot remove cgroup %s/w%u: %s", sv->cg.path, i, strerror(-r));
	}
	if ((r = cgroup_teardown(&sv->cg)) < 0)
		msg_say("cannot remove cgroup %s: %s", sv->cg.path, strerror(-r));
}

/* Decide the exit status from what happened. */
static int decide_status(const struct supervisor *sv)
{
	struct exit_facts f = {
		.own_error = sv->own_error,
		.deadline_fired = sv->deadline_fired,
		.deadline_killed = sv->deadline_killed,
		.preserve_status = sv->opt->preserve_status,
		.stall_acted = sv->stall_acted,
		.have_failure = sv->have_failure,
		.first_failure = sv->first_failure,
	};

	return exitstatus_decide(&f);
}

/* The signal that killed the single worker when nothing of ours did (no
 * deadline, no stall policy): stallsup then dies by it too, as timeout(1)
 * does, so a parent sees the death rather than 128+N. 0 for none. */
static int signal_to_pass_on(const struct supervisor *sv)
{
	const struct worker *w = &sv->workers[0];

	if (sv->opt->workers != 1 || sv->nworkers != 1 || sv->own_error || sv->deadline_fired ||
	    sv->stall_acted || w->exec_errno)
		return 0;
	return w->exit_signal;
}

/* Whether to print the summary table: a quiet success prints nothing (as
 * timeout(1)); it is printed with -v, with several workers, or when
 * anything failed, stalled or hit the deadline; never with -q. */
static bool summary_wanted(const struct supervisor *sv, int status)
{
	if (sv->opt->quiet)
		return false;
	if (sv->opt->verbose || sv->nworkers > 1 || status != 0 || sv->deadline_fired ||
	    sv->have_failure)
		return true;
	for (unsigned i = 0; i < sv->nworkers; i++)
		if (sv->workers[i].stalls > 0)
			return true;
	return false;
}

/* Write what the sinks still hold (the summary), giving readers the same
 * grace as the drain, none if one already gave up. */
static void final_flush(struct supervisor *sv)
{
	struct epoll_event evs[16];
	int n;

	sv->drain_ns = 0;
	if (sv->drain_gave_up) {
		for (int i = 0; i < NSINKS; i++) {
			sink_flush(&sv->sinks[i]);
			sink_abandon(&sv->sinks[i]);
		}
		return;
	}
	while (output_busy(sv)) {
		if (sv->drain_ns == 0)
			drain_arm(sv, clock_now());
		n = epoll_wait(sv->epfd, evs, 16, -1);
		for (int i = 0; i < n; i++)
			dispatch(sv, &evs[i]);
	}
}

/* Start the workers and supervise them to the end (see supervisor.h). */
int supervisor_run(struct supervisor *sv)
{
	int status;

	msg_use_sink(&sv->sinks[SINK_ERR]);
	if (sv->opt->timeout_ns) {
		sv->deadline_ns = dur_add_sat(sv->start_ns, sv->opt->timeout_ns);
		if (sv->deadline_ns != DURATION_NEVER)
			timers_at(&sv->timers, sv->deadline_ns, TIMER_DEADLINE, 0);
		else
			sv->deadline_ns = 0; /* practically never */
	}
	start_workers(sv);
	confine_supervisor(sv); /* capabilities and seccomp: nothing is started after this */
	summary_report_start(sv); /* after: it names the containment really in force */
	run_loop(sv);
	status = decide_status(sv);
	sv->raise_signal = signal_to_pass_on(sv);
	if (summary_wanted(sv, status))
		summary_print(sv, status);
	summary_report_end(sv, status);
	ci_run_end(sv, status);
	remove_cgroups(sv);
	keeper_stop(&sv->keeper);
	final_flush(sv);
	msg_use_sink(NULL);
	return status;
}

/* Close fd if it is open. */
static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Release everything supervisor_init took (see supervisor.h). */
void supervisor_free(struct supervisor *sv)
{
	unsigned i;

	for (i = 0; sv->workers && i < sv->opt->workers; i++) {
		struct worker *w = &sv->workers[i];

		close_fd(&w->pidfd);
		close_fd(&w->cgroup_fd);
		close_fd(&w->events_fd);
		cores_forget(w);
	}
	if (sv->cg.dir_fd >= 0)
		remove_cgroups(sv);
	keeper_stop(&sv->keeper);
	unwinder_stop(sv->unwinder);
	sv->unwinder = NULL;
	stallreport_free(sv);
	stallwatch_free(sv);
	spawn_free(sv);
	notify_free(sv);
	silence_free(sv);
	for (i = 0; i < NSINKS; i++)
		sink_close(&sv->sinks[i]);
	close_fd(&sv->epfd);
	close_fd(&sv->sigfd);
	timers_free(&sv->timers);
	close_fd(&sv->tickfd);
	free(sv->workers);
	free(sv->leaders);
	sv->workers = NULL;
}
