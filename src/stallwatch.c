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

#include "clock.h"
#include "cores.h"
#include "monitor.h"
#include "msg.h"
#include "notify.h"
#include "silence.h"
#include "proc.h"
#include "report.h"
#include "stall.h"
#include "stallreport.h"
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

static void report_event(struct supervisor *sv, struct stall_event *ev);

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
	for (i = 0; i < nevs; i++)
		report_event(sv, &evs[i]);
	free(evs);
}

/* Report and act on ev (taken over): what the triggers know of its worker
 * is added, then the policy of its class. */
static void report_event(struct supervisor *sv, struct stall_event *ev)
{
	struct worker *w = &sv->workers[ev->worker];

	if (w->exited) {
		stall_event_free(ev);
		return;
	}
	if (notify_annotate(sv, ev) < 0 || silence_annotate(sv, ev) < 0)
		msg_say("worker %u: out of memory: what it said is left out", w->index);
	/* the policy is per class (--on-stall=sleeping:abort,...) */
	ev->action = stall_policy_action(ev->cls, sv->opt->on_stall[ev->cls]);
	w->stalls++;
	if (stallreport_begin(sv, ev) < 0)
		msg_say("worker %u: out of memory: a stall could not be reported", w->index);
}

/* Fire a trigger's event (see stallwatch.h). */
void stallwatch_trigger(struct supervisor *sv, unsigned index, enum stall_class cls,
			const struct stall_trigger *t, uint64_t stalled_ns)
{
	struct stallwatch *sw = sv->monitor;
	struct stall_event ev;
	int r;

	if (!sw || !sw->mon || !(sv->opt->stall_on & (1u << cls)))
		return;
	r = monitor_capture(sw->mon, index, cls, &ev);
	if (r < 0) {
		if (r != -ENOENT)
			msg_say("worker %u: %s: %s", index, stall_class_name(cls), strerror(-r));
		return;
	}
	ev.trig = *t; /* no program counter strings: nothing to copy */
	ev.stalled_ns = stalled_ns;
	report_event(sv, &ev);
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
		.proc_dirfd = sw->proc_fd, .scope = o->scope,
		.class_mask = o->stall_on & ~STALL_MASK_UNTIMED,
		.untimed_only = (o->stall_on & STALL_MASK_UNTIMED) != 0,
		.stall_ticks = options_stall_ticks(o), .interval_ns = o->interval_ns,
		.policy = POLICY_LOG, .can_stack = have_sys_admin(), .start_ns = sv->start_ns,
		.max_fds = monitor_fd_budget(o->workers), .spin_ns = o->spin_after_ns,
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

/* Hold worker index's sampling (see stallwatch.h). */
void stallwatch_hold(struct supervisor *sv, unsigned index)
{
	struct stallwatch *sw = sv->monitor;

	if (sw && sw->mon)
		monitor_hold(sw->mon, index);
}

/* Release worker index's sampling (see stallwatch.h). */
void stallwatch_release(struct supervisor *sv, unsigned index, bool settle)
{
	struct stallwatch *sw = sv->monitor;

	if (sw && sw->mon)
		monitor_release(sw->mon, index, settle);
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
