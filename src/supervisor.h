/* supervisor: the state of one run and the seams the stall monitor uses.
 *
 * The event loop (supervisor.c) waits in one epoll on the workers' pidfds,
 * a signalfd, a deadline timerfd, an optional tick timerfd and, with
 * --tag-output, the workers' output pipes. Everything that signals a process
 * goes through the functions below, which never signal a bare pid that may
 * have been reaped and reused. */
#ifndef STALLSUP_SUPERVISOR_H
#define STALLSUP_SUPERVISOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "cgroup.h"
#include "options.h"
#include "worker.h"

struct supervisor;

/* A started worker's leader pid and its index, for pid -> worker lookups. */
struct leader {
	pid_t pid;                  /* first member: sorted and searched by pid */
	unsigned index;
};

/* Called at every tick with the CLOCK_MONOTONIC time. */
typedef void (*supervisor_tick_fn)(struct supervisor *sv, uint64_t now_ns);

struct supervisor {
	const struct options *opt;
	struct worker *workers;     /* opt->workers entries */
	unsigned nworkers;          /* workers actually started */
	unsigned nlive;             /* workers not yet reaped */
	pid_t self;                 /* our pid before any fork */
	struct leader *leaders;     /* started workers' pids, sorted once all started */

	int epfd, sigfd, timerfd, tickfd, report_fd;
	struct cgroup_set cg;       /* cg.dir_fd >= 0: cgroup v2 containment */
	bool cgroup_via_procs;      /* CLONE_INTO_CGROUP unavailable: child moves itself */
	struct rlimit nofile;       /* the RLIMIT_NOFILE we started with */
	bool nofile_raised;         /* ... and we raised the soft limit */

	uint64_t start_ns;          /* CLOCK_MONOTONIC at start */
	int64_t start_real_ns;      /* CLOCK_REALTIME at start */
	uint64_t deadline_ns;       /* --timeout expiry, 0 = none or fired */
	uint64_t deadline_kill_ns;  /* SIGKILL after the deadline, 0 = none */
	uint64_t stray_kill_ns;     /* SIGKILL of leftover children, 0 = none */
	bool stray_termed;          /* leftover children were sent TERM */

	bool deadline_fired, deadline_killed, own_error;
	bool stall_acted;           /* a stall policy acted: exit status 123 */
	bool have_failure;
	int first_failure;          /* status of the first failing worker */
	unsigned open_pipes;        /* --tag-output pipes not yet at EOF */

	supervisor_tick_fn on_tick; /* unset by default */
	uint64_t tick_ns;           /* tick period, 0 = no tick */
	void *monitor;              /* owned by the stall monitor */

	void *stack;                /* the vfork child's stack */
	size_t stack_size;
	char **envp;                /* environment for the workers */
	char env_worker[40];        /* "STALLSUP_WORKER=i", rewritten per spawn */
	char *children_buf;         /* scratch for /proc/self/task/T/children */
	size_t children_size;
};

/* Prepare sv for a run of opt (signals blocked, epoll, cgroups, report
 * file). Returns 0 or -errno, with a one-line reason appended to err. */
int supervisor_init(struct supervisor *sv, const struct options *opt, struct strbuf *err);
/* Start every worker, then run the loop until all of them and everything
 * they started have ended. Returns stallsup's exit status. */
int supervisor_run(struct supervisor *sv);
/* Release everything supervisor_init took. */
void supervisor_free(struct supervisor *sv);

/* Arm a repeating tick every period_ns calling fn (0 disarms). Returns 0 or -errno. */
int supervisor_set_tick(struct supervisor *sv, uint64_t period_ns, supervisor_tick_fn fn);
/* Return CLOCK_MONOTONIC in ns. */
uint64_t supervisor_now(void);

/* Signal a worker's leader (pidfd) and, while the leader is unreaped, its
 * process group; with cgroups also every process of its cgroup once the
 * leader is gone. Returns 0 or -errno (-ESRCH when nothing was signalled). */
int supervisor_signal_worker(struct supervisor *sv, struct worker *w, int sig);
/* Signal one process tgid of w's tree race-free: pidfd_open(tgid), verify it
 * is still the process that started at start (stat field 22; 0: unknown, not
 * checked) and belongs to w (same cgroup, or same process group while the
 * leader is unreaped), then pidfd_send_signal. Returns 0, -ESRCH (gone, or
 * its pid is another process's now) or -EPERM (not w's). */
int supervisor_signal_tgid(struct supervisor *sv, struct worker *w, pid_t tgid, uint64_t start,
			   int sig);
/* SIGKILL w's whole tree now (cgroup.kill, or the group plus known
 * descendants). Returns 0 or -errno. */
int supervisor_kill_tree(struct supervisor *sv, struct worker *w);
/* SIGKILL w's tree delay_ns from now, unless it ends before (the same
 * machinery as --kill-after). */
void supervisor_kill_tree_after(struct supervisor *sv, struct worker *w, uint64_t delay_ns);
/* Append one line (len bytes, ending in '\n') to the --report file with one
 * write. Returns 0, -errno, or 0 when there is no report file. */
int supervisor_report_line(struct supervisor *sv, const char *line, size_t len);
/* Return the containment mechanism: "cgroup" or "pgroup". */
const char *supervisor_mechanism(const struct supervisor *sv);

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
void output_readable(struct supervisor *sv, struct worker *w, int which);
void output_drain_all(struct supervisor *sv);
void summary_report_start(struct supervisor *sv);
void summary_report_exit(struct supervisor *sv, const struct worker *w);
void summary_report_end(struct supervisor *sv, int status);
void summary_print(const struct supervisor *sv, int status);

#endif
