/* supervisor: setup, the event loop, deadlines and worker exits.
 *
 * Once the workers run, nothing here exits on an error: problems are
 * warned about, recorded in own_error, and the loop carries on until every
 * process it started has ended. */
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
#include <time.h>
#include <unistd.h>

#include "exitstatus.h"
#include "stallwatch.h"
#include "supervisor.h"
#include "sys.h"

/* What an epoll event is about: kind in the high 32 bits, worker index low. */
enum ev_kind { EV_SIGNAL = 1, EV_TIMER, EV_TICK, EV_PIDFD, EV_OUT, EV_ERR, EV_EVENTS };

#define EV_TAG(kind, index) (((uint64_t)(kind) << 32) | (uint32_t)(index))
#define FD_RESERVE 64  /* descriptors kept free beyond the per-worker ones */

static const int forwarded_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
#define NFORWARDED (sizeof(forwarded_signals) / sizeof(forwarded_signals[0]))

/* Return CLOCK_MONOTONIC in ns. */
uint64_t supervisor_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

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

/* Block the signals we handle and read them through a signalfd. */
static int setup_signals(struct supervisor *sv)
{
	struct sigaction sa = { .sa_handler = ignore_signal };
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	for (i = 0; i < NFORWARDED; i++) {
		sigaddset(&set, forwarded_signals[i]);
		sigaction(forwarded_signals[i], &sa, NULL);
	}
	signal(SIGPIPE, SIG_IGN);
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
	rlim_t need = (rlim_t)o->workers * (2 + (o->tag_output ? 2 : 0)) + FD_RESERVE;
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

/* Open the --report file (or stdout for "-"); returns 0 or -errno. */
static int open_report(struct supervisor *sv, struct strbuf *err)
{
	const char *path = sv->opt->report_path;

	if (path == NULL)
		return 0;
	if (strcmp(path, "-") == 0)
		sv->report_fd = fcntl(1, F_DUPFD_CLOEXEC, 3);
	else
		sv->report_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW,
				     0644);
	if (sv->report_fd >= 0)
		return 0;
	sb_printf(err, "cannot open report file '%s': %s", path, strerror(errno));
	return -errno;
}

/* Allocate the worker table and scratch buffers; returns 0 or -ENOMEM. */
static int alloc_tables(struct supervisor *sv)
{
	unsigned i, n = sv->opt->workers;

	sv->workers = calloc(n, sizeof(*sv->workers));
	sv->leaders = calloc(n, sizeof(*sv->leaders));
	sv->children_size = (size_t)n * 12 + 4096;
	sv->children_buf = malloc(sv->children_size);
	if (!sv->workers || !sv->leaders || !sv->children_buf)
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

/* Create the epoll set and the deadline timer; returns 0 or -errno. */
static int setup_loop(struct supervisor *sv)
{
	sv->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sv->epfd < 0)
		return -errno;
	sv->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (sv->timerfd < 0)
		return -errno;
	return ep_add(sv, sv->timerfd, EPOLLIN, EV_TAG(EV_TIMER, 0));
}

/* Prepare sv for a run of opt (see supervisor.h). */
int supervisor_init(struct supervisor *sv, const struct options *opt, struct strbuf *err)
{
	struct timespec rt;
	int r;

	memset(sv, 0, sizeof(*sv));
	sv->opt = opt;
	sv->epfd = sv->sigfd = sv->timerfd = sv->tickfd = -1;
	sv->report_fd = sv->cg.dir_fd = -1;
	sv->self = getpid();
	sv->start_ns = supervisor_now();
	clock_gettime(CLOCK_REALTIME, &rt);
	sv->start_real_ns = (int64_t)rt.tv_sec * 1000000000LL + rt.tv_nsec;
	if (opt->timeout_ns)
		sv->deadline_ns = sv->start_ns + opt->timeout_ns;
	ensure_std_fds();
	if ((r = spawn_reserve_fds()) < 0) {
		sb_printf(err, "cannot reserve descriptors: %s", strerror(-r));
		return r;
	}
	if ((r = setup_nofile(sv, err)) < 0 || (r = open_report(sv, err)) < 0)
		return r;
	if ((r = alloc_tables(sv)) < 0 || (r = setup_loop(sv)) < 0 ||
	    (r = setup_signals(sv)) < 0 || (r = spawn_prepare(sv)) < 0) {
		sb_printf(err, "setup failed: %s", strerror(-r));
		return r;
	}
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (!opt->no_cgroup)
		cgroup_setup(&sv->cg, sv->self);
	return stallwatch_init(sv, err);
}

/* Return "cgroup" or "pgroup". */
const char *supervisor_mechanism(const struct supervisor *sv)
{
	return sv->cg.dir_fd >= 0 ? "cgroup" : "pgroup";
}

/* Return the earlier of two deadlines, where 0 means none. */
static uint64_t earlier(uint64_t a, uint64_t b)
{
	if (a == 0)
		return b;
	return b == 0 || a < b ? a : b;
}

/* Arm the deadline timer for the earliest pending deadline, or disarm it. */
static void rearm(struct supervisor *sv)
{
	struct itimerspec its = { { 0, 0 }, { 0, 0 } };
	uint64_t when = earlier(earlier(sv->deadline_ns, sv->deadline_kill_ns), sv->stray_kill_ns);
	unsigned i;

	for (i = 0; i < sv->nworkers; i++)
		when = earlier(when, sv->workers[i].tree_kill_at);
	its.it_value.tv_sec = (time_t)(when / 1000000000ULL);
	its.it_value.tv_nsec = (long)(when % 1000000000ULL);
	timerfd_settime(sv->timerfd, TFD_TIMER_ABSTIME, &its, NULL);
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

/* SIGKILL w's tree delay_ns from now (see supervisor.h). */
void supervisor_kill_tree_after(struct supervisor *sv, struct worker *w, uint64_t delay_ns)
{
	if (w->reaped)
		return;
	w->tree_kill_at = supervisor_now() + delay_ns;
	rearm(sv);
}

/* Append one line to the report file with one write (see supervisor.h). */
int supervisor_report_line(struct supervisor *sv, const char *line, size_t len)
{
	ssize_t n;

	if (sv->report_fd < 0)
		return 0;
	do
		n = write(sv->report_fd, line, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
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
	w->stall_kill_pending = false; /* the tree ended first: nothing to kill */
	if (w->events_fd >= 0) {
		ep_del(sv, w->events_fd);
		close(w->events_fd);
		w->events_fd = -1;
	}
	sv->nlive--;
}

/* The leader of w left processes behind: TERM them, KILL after the grace. */
static void end_tree(struct supervisor *sv, struct worker *w)
{
	w->tree_pending = true;
	signal_with_cont(sv, w, SIGTERM);
	supervisor_kill_tree_after(sv, w, options_tree_kill_after(sv->opt));
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
	w->end_ns = supervisor_now();
	w->status = exitstatus_of_wait(si->si_code, si->si_status);
	if (si->si_code == CLD_EXITED)
		w->exit_code = si->si_status;
	else
		w->exit_signal = si->si_status;
	if (w->status != 0 && !sv->have_failure) {
		sv->have_failure = true;
		sv->first_failure = w->status;
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
	if (sv->opt->kill_after_set)
		sv->deadline_kill_ns = now + (sv->opt->kill_after_ns ? sv->opt->kill_after_ns : 1);
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

/* The deadline timer fired: act on every deadline that is due. */
static void on_timer(struct supervisor *sv)
{
	uint64_t now = supervisor_now(), ticks;
	unsigned i;

	if (read(sv->timerfd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
		return;
	if (sv->deadline_ns && now >= sv->deadline_ns)
		fire_deadline(sv, now);
	if (sv->deadline_kill_ns && now >= sv->deadline_kill_ns)
		fire_deadline_kill(sv);
	for (i = 0; i < sv->nworkers; i++) {
		struct worker *w = &sv->workers[i];

		if (w->tree_kill_at && now >= w->tree_kill_at) {
			int r;

			w->tree_kill_at = 0;
			r = supervisor_kill_tree(sv, w);
			if (w->stall_kill_pending)
				stallwatch_tree_killed(sv, w, r);
			w->stall_kill_pending = false;
		}
	}
	if (sv->stray_kill_ns && now >= sv->stray_kill_ns) {
		sv->stray_kill_ns = 0;
		tree_strays(sv, SIGKILL);
	}
	rearm(sv);
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
		else
			forward_signal(sv, (int)si.ssi_signo);
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
		sv->on_tick(sv, supervisor_now());
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
		sv->stray_kill_ns = supervisor_now() + options_tree_kill_after(sv->opt);
		if (sv->stray_kill_ns == 0)
			sv->stray_kill_ns = 1;
		rearm(sv);
	} else if (sv->stray_kill_ns == 0) {
		tree_strays(sv, SIGKILL);
	}
	return true;
}

/* Wait for events until every worker and everything it started has ended. */
static void run_loop(struct supervisor *sv)
{
	struct epoll_event evs[64];
	int i, n;

	while (sv->nlive > 0 || strays_left(sv)) {
		n = epoll_wait(sv->epfd, evs, 64, -1);
		if (n < 0 && errno != EINTR) {
			fprintf(stderr, "stallsup: epoll_wait: %s\n", strerror(errno));
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
			fprintf(stderr, "stallsup: %s\n", sb_str(&err));
			sv->own_error = true;
			break;
		}
		sv->leaders[sv->nworkers].pid = w->pid;
		sv->leaders[sv->nworkers++].index = w->index;
		sv->nlive++;
		if (w->exec_errno)
			fprintf(stderr, "stallsup: worker %u: cannot run '%s': %s\n", w->index,
				sv->opt->command[0], strerror(w->exec_errno));
		stallwatch_worker_started(sv, w);
		if (watch_worker(sv, w) < 0) {
			fprintf(stderr, "stallsup: worker %u: epoll: %s\n", w->index, strerror(errno));
			sv->own_error = true;
		}
	}
	sb_free(&err);
	tree_index_leaders(sv);
	if (sv->own_error)
		for (i = 0; i < sv->nworkers; i++)
			supervisor_kill_tree(sv, &sv->workers[i]);
}

/* Remove the worker cgroups and our own; warn when one stays. */
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
			fprintf(stderr, "stallsup: cannot remove cgroup %s/w%u: %s\n", sv->cg.path, i,
				strerror(-r));
	}
	if ((r = cgroup_teardown(&sv->cg)) < 0)
		fprintf(stderr, "stallsup: cannot remove cgroup %s: %s\n", sv->cg.path, strerror(-r));
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

/* Start the workers and supervise them to the end (see supervisor.h). */
int supervisor_run(struct supervisor *sv)
{
	int status;

	summary_report_start(sv);
	start_workers(sv);
	rearm(sv);
	run_loop(sv);
	output_drain_all(sv);
	status = decide_status(sv);
	if (!sv->opt->quiet)
		summary_print(sv, status);
	summary_report_end(sv, status);
	remove_cgroups(sv);
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
	}
	if (sv->cg.dir_fd >= 0)
		remove_cgroups(sv);
	stallwatch_free(sv);
	spawn_free(sv);
	close_fd(&sv->epfd);
	close_fd(&sv->sigfd);
	close_fd(&sv->timerfd);
	close_fd(&sv->tickfd);
	close_fd(&sv->report_fd);
	free(sv->workers);
	free(sv->leaders);
	free(sv->children_buf);
	sv->workers = NULL;
}
