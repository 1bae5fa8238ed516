/* supervisor: the state of one run and the seams the stall monitor uses.
 *
 * The event loop (supervisor.c) waits in one epoll on the workers' pidfds,
 * a signalfd, the timerfd of every deadline (timers.h), an optional tick
 * timerfd, the output sinks (sink.h) when they have bytes to write, the
 * keeper's pidfd and, with --tag-output, the workers' output pipes. It
 * never waits on anything else: every write of its own goes through a
 * sink. Everything that signals a process goes through the functions
 * below, which never signal a bare pid that may have been reaped and reused.
 *
 * Module layering in src/: clock, msg, sink, timers, cgroup, keeper and sys
 * are services below everything else; spawn, tree, output, summary and
 * stallwatch use them and the struct below; supervisor.c runs the loop and
 * calls them. */
#ifndef STALLSUP_SUPERVISOR_H
#define STALLSUP_SUPERVISOR_H

#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "caps.h"
#include "cgroup.h"
#include "keeper.h"
#include "options.h"
#include "sink.h"
#include "timers.h"
#include "unwinder.h"
#include "worker.h"

struct supervisor;

/* A started worker's leader pid and its index, for pid -> worker lookups. */
struct leader {
	pid_t pid;                  /* first member: sorted and searched by pid */
	unsigned index;
};

/* Called at every tick with the CLOCK_MONOTONIC time. */
typedef void (*supervisor_tick_fn)(struct supervisor *sv, uint64_t now_ns);

/* What an epoll event is about: kind in the high 32 bits, index (a worker,
 * a sink) in the low 32. */
enum ev_kind {
	EV_SIGNAL = 1, EV_TIMER, EV_TICK, EV_PIDFD, EV_OUT, EV_ERR, EV_EVENTS, EV_SINK, EV_KEEPER,
	EV_UNWINDER, EV_NOTIFY,
};
#define EV_TAG(kind, index) (((uint64_t)(kind) << 32) | (uint32_t)(index))

/* The sinks of a run (see sink.h): standard output (tagged worker output,
 * --report -), standard error (reports, messages, the summary) and a
 * --report file. */
enum { SINK_OUT, SINK_ERR, SINK_REPORT, NSINKS };

struct supervisor {
	const struct options *opt;
	struct worker *workers;     /* opt->workers entries */
	unsigned nworkers;          /* workers actually started */
	unsigned nlive;             /* workers not yet reaped */
	pid_t self;                 /* our pid before any fork */
	struct leader *leaders;     /* started workers' pids, sorted once all started */

	int epfd, sigfd, tickfd;
	struct timers timers;       /* every deadline (timers.h) */
	struct sink sinks[NSINKS];
	struct sink *report;        /* where JSON lines go: a sink above, or NULL */
	struct cgroup_set cg;       /* cg.dir_fd >= 0: cgroup v2 containment */
	bool cgroup_via_procs;      /* CLONE_INTO_CGROUP unavailable: child moves itself */
	struct keeper keeper;       /* ends the run if we are killed */
	struct unwinder *unwinder;  /* the backtrace helper (src/unwinder.h), or NULL */
	bool keeper_lost;           /* the keeper died before us (said once) */
	struct rlimit nofile;       /* the RLIMIT_NOFILE we started with */
	bool nofile_raised;         /* ... and we raised the soft limit */
	struct capsets caps;        /* the capabilities we started with (caps.h) */

	uint64_t start_ns;          /* CLOCK_MONOTONIC at start */
	int64_t start_real_ns;      /* CLOCK_REALTIME at start */
	uint64_t deadline_ns;       /* --timeout expiry, 0 = none or fired */
	uint64_t deadline_kill_ns;  /* SIGKILL after the deadline, 0 = none */
	uint64_t stray_kill_ns;     /* SIGKILL of leftover children, 0 = none */
	bool stray_termed;          /* leftover children were sent TERM */
	uint64_t drain_ns;          /* the run is over: give up on output at, 0 = not yet */
	uint64_t drain_mark;        /* bytes moved when drain_ns was set */
	bool drain_gave_up;         /* some reader took nothing for too long */

	bool deadline_fired, deadline_killed, own_error;
	bool stall_acted;           /* a stall policy acted: exit status 123 */
	bool have_failure;
	int first_failure;          /* status of the first failing worker */
	unsigned first_failure_worker; /* ... and its index */
	unsigned open_pipes;        /* --tag-output pipes not yet at EOF */
	unsigned paused_pipes;      /* ... of which not read until a sink drains */
	uint64_t output_read;       /* bytes read from those pipes */

	sigset_t orig_mask;         /* the signal mask we were started with */
	sigset_t orig_ignored;      /* signals we changed that were ignored at start */
	sigset_t changed;           /* signals whose disposition we changed */
	int raise_signal;           /* die by this signal at the end (the worker's death), or 0 */

	supervisor_tick_fn on_tick; /* unset by default */
	uint64_t tick_ns;           /* tick period, 0 = no tick */
	void *monitor;              /* owned by the stall monitor */
	void *notify;               /* owned by src/notify.c (--heartbeat) */
	void *silence;              /* owned by src/silence.c (carried output) */
	struct stallreport *reports; /* stalls on their way to report (stallreport.h) */

	void *stack;                /* the vfork child's stack */
	size_t stack_size;
	char **envp;                /* environment for the workers */
	char env_worker[40];        /* "STALLSUP_WORKER=i", rewritten per spawn */
#define ENV_OWN_MAX 8
	char *env_own[ENV_OWN_MAX]; /* the other variables we set (STALLSUP_WORKERS, ...) */
	size_t nenv_own;
	char *env_watchdog_pid;     /* --heartbeat: WATCHDOG_PID's value in env_own */
};

/* Prepare sv for a run of opt (signals blocked, epoll, sinks, cgroups,
 * keeper). Returns 0 or -errno, with a one-line reason appended to err. */
int supervisor_init(struct supervisor *sv, const struct options *opt, struct strbuf *err);
/* Start every worker, then run the loop until all of them and everything
 * they started have ended. Returns stallsup's exit status. */
int supervisor_run(struct supervisor *sv);
/* Release everything supervisor_init took. */
void supervisor_free(struct supervisor *sv);

/* Arm a repeating tick every period_ns calling fn (0 disarms). Returns 0 or -errno. */
int supervisor_set_tick(struct supervisor *sv, uint64_t period_ns, supervisor_tick_fn fn);

/* Signal a worker's leader (pidfd) and, while the leader is unreaped, its
 * process group; with cgroups also every process of its cgroup once the
 * leader is gone. Returns 0 or -errno (-ESRCH when nothing was signalled). */
int supervisor_signal_worker(struct supervisor *sv, struct worker *w, int sig);
/* Signal one process tgid of w's tree race-free: pidfd_open(tgid), verify it
 * still belongs to w (its cgroup subtree, or its process group while the
 * leader is unreaped, or the leader itself) and is still the process that
 * started at start (stat field 22; 0: unknown, not checked), then
 * pidfd_send_signal. Returns 0, -ESRCH (gone, or its pid is another
 * process's now) or -EPERM (not w's). */
int supervisor_signal_tgid(struct supervisor *sv, struct worker *w, pid_t tgid, uint64_t start,
			   int sig);
/* SIGKILL w's whole tree now (cgroup.kill, or the group plus known
 * descendants). Returns 0 or -errno. */
int supervisor_kill_tree(struct supervisor *sv, struct worker *w);
/* Schedule the SIGKILL of w's tree that follows an abort, delay_ns from now,
 * unless one is already scheduled: the first abort of a stall episode sets
 * it and nothing postpones it. */
void supervisor_abort_kill_after(struct supervisor *sv, struct worker *w, uint64_t delay_ns);
/* Write one JSON line (len bytes, ending in '\n') to the --report sink,
 * whole or not at all. Returns 0, -errno (lost, counted), or 0 without a
 * report. */
int supervisor_report_line(struct supervisor *sv, const char *line, size_t len);
/* Return the containment in force: "cgroup" (every worker in its own
 * cgroup), "pgroup" (none) or "mixed". */
const char *supervisor_mechanism(const struct supervisor *sv);
/* Lines lost on sink i so far (did not fit, or could not be written). */
uint64_t supervisor_lines_lost(const struct supervisor *sv, int i);

/* Internal to src/: spawn.c, tree.c, output.c, summary.c. */
int spawn_reserve_fds(void);
int spawn_prepare(struct supervisor *sv);
int spawn_worker(struct supervisor *sv, struct worker *w, struct strbuf *err);
void spawn_free(struct supervisor *sv);
void tree_index_leaders(struct supervisor *sv);
int tree_remains(struct supervisor *sv, struct worker *w);
void tree_reap_orphans(struct supervisor *sv);
void supervisor_leader_exited(struct supervisor *sv, struct worker *w);
bool tree_strays(struct supervisor *sv, int sig);
bool supervisor_is_leader(const struct supervisor *sv, pid_t pid);
bool supervisor_is_helper(const struct supervisor *sv, pid_t pid);
void output_readable(struct supervisor *sv, struct worker *w, int which);
void output_resume(struct supervisor *sv);
void output_close_all(struct supervisor *sv);
void summary_report_start(struct supervisor *sv);
void summary_report_exit(struct supervisor *sv, const struct worker *w);
void summary_report_end(struct supervisor *sv, int status);
void summary_print(const struct supervisor *sv, int status);

#endif
