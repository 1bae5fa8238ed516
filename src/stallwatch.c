/* stallwatch: the stall monitor in the supervisor's loop; see stallwatch.h. */
#include <config.h>

#include <cap-ng.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "ci.h"
#include "clock.h"
#include "cores.h"
#include "monitor.h"
#include "msg.h"
#include "proc.h"
#include "report.h"
#include "stall.h"
#include "stallwatch.h"

/* The fds the monitor may keep: the soft RLIMIT_NOFILE (which the supervisor
 * raised to the hard limit) minus what the supervisor keeps itself, counted
 * generously as FDS_PER_WORKER per worker (pidfd, cgroup directory,
 * cgroup.events, output pipes), minus FDS_RESERVE for everything else and for
 * the monitor's own transient opens. */
#define FDS_PER_WORKER 8
#define FDS_RESERVE 64
#define FDS_UNLIMITED (1u << 20)  /* taken for RLIM_INFINITY */

/* The monitor's state, hung off sv->monitor. */
struct stallwatch {
	struct monitor *mon;
	int proc_fd;        /* the proc root */
	pid_t *fixture_pids; /* --proc-root: worker i is watched as fixture pid i */
	size_t nfixture;
	struct strbuf text;  /* scratch for rendering */
};

/* True when libcap-ng says CAP_SYS_ADMIN is in our effective set. */
static bool have_sys_admin(void)
{
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_get_caps_process() != 0)
		return false;
	return capng_have_capability(CAPNG_EFFECTIVE, CAP_SYS_ADMIN) == 1;
}

/* Compare two pids for qsort. */
static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* List the numeric directories of a fixture proc root, sorted; 0 or -errno. */
static int list_fixture_pids(int dirfd, struct stallwatch *sw)
{
	int fd = dup(dirfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;
	pid_t *p;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return -errno;
	}
	while ((de = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		p = realloc(sw->fixture_pids, (sw->nfixture + 1) * sizeof(*p));
		if (!p) {
			closedir(d);
			return -ENOMEM;
		}
		sw->fixture_pids = p;
		sw->fixture_pids[sw->nfixture++] = (pid_t)atoi(de->d_name);
	}
	closedir(d);
	if (sw->nfixture == 0)
		return -ENOENT;
	qsort(sw->fixture_pids, sw->nfixture, sizeof(pid_t), cmp_pid);
	return 0;
}

/* Choose the sample source: on /proc from our own thread, in a fixture
 * tree from its first task. Returns 0 or -errno. */
static int choose_source(struct stallwatch *sw, enum sample_source *src)
{
	char dir[64];

	if (!sw->fixture_pids)
		return sample_source_choose(sw->proc_fd, "thread-self", src);
	snprintf(dir, sizeof(dir), "%d/task/%d", (int)sw->fixture_pids[0],
		 (int)sw->fixture_pids[0]);
	return sample_source_choose(sw->proc_fd, dir, src);
}

/* Report ev on stderr and in the --report file, before anything is
 * signalled; each report is queued whole or lost whole (sink.h). */
static void stall_report(struct supervisor *sv, struct stallwatch *sw, const struct stall_event *ev)
{
	sb_reset(&sw->text);
	if (report_human(ev, &sw->text) == 0)
		msg_put(sw->text.buf, sw->text.len);
	ci_record_stall(sv, ev->worker, NULL, stall_class_name(ev->cls), ev->action->name,
			sb_str(&sw->text), sw->text.len);
	sb_reset(&sw->text);
	if (report_json(ev, &sw->text) == 0)
		supervisor_report_line(sv, sw->text.buf, sw->text.len);
}

/* Record one action step in the --report file. */
static void action_line(struct supervisor *sv, struct stallwatch *sw, struct action_step *st)
{
	st->realtime_ns = clock_real();
	sb_reset(&sw->text);
	if (report_action_json(st, &sw->text) == 0)
		supervisor_report_line(sv, sw->text.buf, sw->text.len);
}

/* Send sig to every process of ev that holds a stalled task, each checked
 * to be the process the monitor saw (same start time); first error or 0. */
static int signal_procs(struct supervisor *sv, struct worker *w, const struct stall_event *ev,
			int sig)
{
	int first = 0, r;

	for (size_t i = 0; i < ev->nprocs; i++) {
		r = supervisor_signal_tgid(sv, w, ev->procs[i], ev->proc_starts[i], sig);
		if (r < 0 && first == 0)
			first = r;
	}
	return first;
}

/* Carry out ev's action (a row of the policy table) on its worker. */
static void stall_act(struct supervisor *sv, struct stallwatch *sw, const struct stall_event *ev)
{
	const struct stall_action *a = ev->action;
	struct worker *w = &sv->workers[ev->worker];
	struct action_step st = { .worker = ev->worker, .action = a->name,
				  .pids = ev->procs, .npids = ev->nprocs };

	if (a->kill_tree_now) {
		st.signal = SIGKILL;
		st.tree = true;
		st.err = supervisor_kill_tree(sv, w);
		action_line(sv, sw, &st);
	} else if (a->first_signal) {
		if (a->first_signal == SIGABRT)
			cores_remember(sv, w);
		st.signal = a->first_signal;
		st.err = signal_procs(sv, w, ev, a->first_signal);
		action_line(sv, sw, &st);
		if (a->cont_after) {
			st.signal = SIGCONT;
			st.err = signal_procs(sv, w, ev, SIGCONT);
			action_line(sv, sw, &st);
		}
	}
	if (a->kill_tree_after) {
		w->stall_action = a->name;
		supervisor_abort_kill_after(sv, w, options_abort_kill_after(sv->opt));
	}
	if (a->counts_as_failure || sv->opt->fail_on_stall) {
		sv->stall_acted = true;
		w->stall_failed = true;
	}
}

/* Record the delayed SIGKILL of w's tree (see stallwatch.h). */
void stallwatch_tree_killed(struct supervisor *sv, struct worker *w, int r)
{
	struct stallwatch *sw = sv->monitor;
	struct action_step st = { .worker = w->index, .action = w->stall_action,
				  .signal = SIGKILL, .tree = true, .err = r };

	if (sw)
		action_line(sv, sw, &st);
}

/* Say each queued monitor notice once on stderr (the one error path). */
static void print_notices(struct stallwatch *sw)
{
	struct monitor_notice nt[16];
	size_t n;

	while ((n = monitor_take_notices(sw->mon, nt, 16)) > 0) {
		for (size_t i = 0; i < n; i++) {
			const char *what = monitor_notice_text(nt[i].kind);
			const char *why = nt[i].err ? strerror(-nt[i].err) : NULL;

			if (nt[i].kind == MONITOR_NOTICE_FD_BUDGET ||
			    nt[i].kind == MONITOR_NOTICE_FD_LIMIT)
				msg_say("%s%s%s%s", what, why ? " (" : "", why ? why : "",
					why ? ")" : "");
			else
				msg_say("worker %u: %s%s%s%s", nt[i].worker, what, why ? " (" : "",
					why ? why : "", why ? ")" : "");
		}
	}
}

/* The tick: sample every worker, then report and act on what fired. */
static void stall_tick(struct supervisor *sv, uint64_t now_ns)
{
	struct stallwatch *sw = sv->monitor;
	struct stall_event *evs = NULL;
	size_t nevs = 0, i;
	int r;

	(void)now_ns;
	r = monitor_tick(sw->mon, &evs, &nevs);
	if (r < 0)
		msg_say("sampling: %s", strerror(-r));
	print_notices(sw);
	for (i = 0; i < nevs; i++) {
		struct worker *w = &sv->workers[evs[i].worker];

		if (!w->exited) {
			/* the policy is per class (--on-stall=sleeping:abort,...) */
			evs[i].action = stall_policy_action(evs[i].cls, sv->opt->on_stall[evs[i].cls]);
			w->stalls++;
			stall_report(sv, sw, &evs[i]);
			stall_act(sv, sw, &evs[i]);
		}
		stall_event_free(&evs[i]);
	}
	free(evs);
}

/* The fds the monitor may keep for a run of nworkers (see FDS_PER_WORKER). */
static size_t monitor_fd_budget(unsigned nworkers)
{
	struct rlimit rl;
	size_t limit, keep = (size_t)nworkers * FDS_PER_WORKER + FDS_RESERVE;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 0;
	limit = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > FDS_UNLIMITED ? FDS_UNLIMITED
									   : (size_t)rl.rlim_cur;
	return limit > keep ? limit - keep : 0;
}

/* Make the monitor from the options; returns 0 or -errno with a reason. */
static int make_monitor(struct supervisor *sv, struct stallwatch *sw, struct strbuf *err)
{
	const struct options *o = sv->opt;
	struct monitor_config cfg = {
		.proc_dirfd = sw->proc_fd, .scope = o->scope, .class_mask = o->stall_on,
		.policy = POLICY_LOG, .can_stack = have_sys_admin(), .start_ns = sv->start_ns,
		.max_fds = monitor_fd_budget(o->workers),
	};
	int r;

	if ((r = choose_source(sw, &cfg.source)) < 0) {
		sb_printf(err, "no usable scheduler counters under %s (schedstat, sched or "
			  "status+stat): %s", o->proc_root ? o->proc_root : "/proc", strerror(-r));
		return r;
	}
	if ((r = monitor_new(&cfg, &sw->mon)) < 0)
		sb_printf(err, "cannot start the stall monitor: %s", strerror(-r));
	return r;
}

/* Set up stall monitoring (see stallwatch.h). */
int stallwatch_init(struct supervisor *sv, struct strbuf *err)
{
	const char *root = sv->opt->proc_root;
	struct stallwatch *sw;
	int r;

	if (sv->opt->stall_on == 0)
		return 0; /* --stall-on=none: a plain timeout(1), nothing sampled */
	sw = calloc(1, sizeof(*sw));
	if (!sw)
		return -ENOMEM;
	sv->monitor = sw;
	sw->proc_fd = proc_root_open(root);
	if (sw->proc_fd < 0) {
		r = sw->proc_fd;
		sb_printf(err, "cannot open proc root '%s': %s", root ? root : "/proc", strerror(-r));
		return r;
	}
	if (root && (r = list_fixture_pids(sw->proc_fd, sw)) < 0) {
		sb_printf(err, "proc root '%s' holds no process directory", root);
		return r;
	}
	if ((r = make_monitor(sv, sw, err)) < 0)
		return r;
	if ((r = supervisor_set_tick(sv, sv->opt->interval_ns, stall_tick)) < 0)
		sb_printf(err, "cannot arm the sampling timer: %s", strerror(-r));
	return r;
}

/* Watch a newly spawned worker (see stallwatch.h). */
void stallwatch_worker_started(struct supervisor *sv, struct worker *w)
{
	struct stallwatch *sw = sv->monitor;
	pid_t pid = w->pid;
	int cgfd = w->cgroup_fd, r;

	if (!sw || !sw->mon || w->exec_errno)
		return;
	if (sw->fixture_pids) {
		if (w->index >= sw->nfixture)
			return;
		pid = sw->fixture_pids[w->index];
		cgfd = -1;
	}
	r = monitor_add_worker(sw->mon, w->index, pid, w->pidfd, cgfd);
	if (r < 0)
		msg_say("worker %u: cannot watch: %s", w->index, strerror(-r));
	print_notices(sw);
}

/* Stop watching an exited worker (see stallwatch.h). */
void stallwatch_worker_exited(struct supervisor *sv, struct worker *w)
{
	struct stallwatch *sw = sv->monitor;

	if (sw && sw->mon)
		monitor_worker_exited(sw->mon, w->index);
}

/* Take the backtrace helper's answers (see stallwatch.h). Not yet used by
 * the reports: answers are dropped. */
void stallwatch_backtraces(struct supervisor *sv)
{
	struct bt_process *p;

	while (sv->unwinder && unwinder_on_readable(sv->unwinder, &p) == 1)
		bt_process_free(p);
}

/* Whether w could be observed (see stallwatch.h). */
bool stallwatch_worker_observed(const struct supervisor *sv, const struct worker *w)
{
	const struct stallwatch *sw = sv->monitor;

	return !sw || !sw->mon || monitor_worker_observed(sw->mon, w->index);
}

/* Release the monitor (see stallwatch.h). */
void stallwatch_free(struct supervisor *sv)
{
	struct stallwatch *sw = sv->monitor;

	if (!sw)
		return;
	monitor_free(sw->mon);
	if (sw->proc_fd >= 0)
		close(sw->proc_fd);
	free(sw->fixture_pids);
	sb_free(&sw->text);
	free(sw);
	sv->monitor = NULL;
}
