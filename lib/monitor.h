/* monitor: watch a set of workers and report the ones that stop progressing.
 *
 * Every monitor_tick decides, for every watched worker, whether it
 * progressed, whether a task of it starved, and turns what fired into stall
 * events (stall.h) with diagnostics. The decisions are the tracker's
 * (tracker.h); the monitor chooses what to read (doc/detection.md):
 *
 *   fast path  a worker with its own cgroup v2 (SCOPE_TREE): its progress is
 *              its cgroup's cpu.stat usage_usec (one read per tick, none at
 *              all while the cgroup holding every worker did not move), and
 *              per-task reads happen only when a verdict may come (the
 *              worker stopped moving and has not fired) or when cpu.pressure
 *              says a task may have waited for a CPU for the whole tick;
 *   task path  any other worker (no cgroup, --scope process or leader, a
 *              leader that left its cgroup, no cpu.stat): every task is
 *              sampled with one pread per tick, as the reference does.
 *
 * Tasks are keyed by (tid, start time), the start read from their stat at
 * first sight; an event's signal targets carry their start time (stall.h)
 * so the caller can check it again when it signals. Exited workers are never
 * reported: the caller says so with monitor_worker_exited, and at fire time
 * a readable pidfd (the thread group exited) suppresses the event. Classes
 * outside the configured mask fire silently (consumed, not reported).
 *
 * File descriptors: the monitor keeps at most cfg.max_fds open (cgroup files
 * of each worker first, then one sample fd per task, then a stat fd per
 * task); past that it reads by open+read+close, and it says so once through
 * a notice. An open that fails with EMFILE or ENFILE releases kept fds,
 * lowers the budget and is retried; a verdict is never skipped because a
 * list could not be read (the tasks already known are judged). The library
 * never prints: what the user must hear is queued as notices
 * (monitor_take_notices). */
#ifndef STALLSUP_MONITOR_H
#define STALLSUP_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sample.h"
#include "stall.h"

/* Which tasks of a worker count. */
enum monitor_scope {
	SCOPE_TREE,     /* every thread of the worker and of all its descendants */
	SCOPE_PROCESS,  /* the worker process's own threads */
	SCOPE_LEADER,   /* the worker's main thread only (tid == pid) */
};
#define MONITOR_SCOPE_COUNT 3

/* "tree", "process" or "leader". */
const char *monitor_scope_name(enum monitor_scope s);
/* Parse a scope name; returns 0 or -EINVAL. */
int monitor_scope_parse(const char *name, enum monitor_scope *out);

struct monitor_config {
	int proc_dirfd;             /* proc root (proc.h), borrowed, not closed */
	enum sample_source source;  /* chosen once (sample_source_choose) */
	enum monitor_scope scope;
	unsigned class_mask;        /* (1u << class) of the classes reported */
	enum stall_policy policy;   /* picks each event's action */
	bool can_stack;             /* diagnostics may read <tid>/stack */
	uint64_t start_ns;          /* CLOCK_MONOTONIC start, copied into events */
	/* Fds the monitor may keep open: what the caller can spare, after its
	 * own (the caller counts its fds, the monitor counts its own). 0 keeps
	 * none: everything is read by open+read+close. The monitor also opens
	 * one fd at a time beyond it while it reads, so the caller leaves a
	 * reserve above max_fds. */
	size_t max_fds;
	bool no_fast_path;          /* judge every worker by its tasks (tests, benchmarks) */
	/* Ticks without progress before a stall fires (--stall-after in ticks);
	 * 0 or less than W-1 means W-1, the reference's window. */
	unsigned stall_ticks;
	/* The sampling interval: a worker stall also needs its flat span to
	 * have lasted stall_ticks intervals (less half of one) by the clock,
	 * so that ticks run late and then close together never make a stall
	 * out of a shorter span. 0: ticks alone decide. */
	uint64_t interval_ns;
	/* --stall-on=untimed: a sleeping stall is reported only when its tasks
	 * wait without a timeout (a deadlock), not in a wait that returns by
	 * itself; and a task in a timed wait that uses only a sliver of CPU
	 * through a whole stall span is housekeeping, not progress (tracker.h).
	 * Judges every worker by its tasks (a cgroup's usage would count the
	 * housekeeping) and reads the wait (syscall) of every task it samples. */
	bool untimed_only;
	/* --spin-after: a task that stays on a CPU this long fires class
	 * spinning (lib/spin.h); 0 off. On the task path it uses the samples
	 * of every tick; a fast-path worker's tasks are read for it only in a
	 * tick where its cgroup's usage plus its tasks' wait for a CPU
	 * (cpu.pressure) grew by most of the tick, which a task that stayed on
	 * a CPU makes them do. The facts a spin needs beyond the samples (the
	 * status, stat and syscall files) are read only for a task that ran
	 * all the time, at the start and at the end of its span. */
	uint64_t spin_ns;
};

/* What the caller should tell the user, once each. */
enum monitor_notice_kind {
	/* The kept-fd budget is used up: further files are read by
	 * open+read+close (slower, same verdicts). Once per monitor. */
	MONITOR_NOTICE_FD_BUDGET,
	/* An open failed with err (-EMFILE or -ENFILE): kept fds were released,
	 * the budget lowered and the open retried. Once per monitor. */
	MONITOR_NOTICE_FD_LIMIT,
	/* Worker's tasks cannot be read at all (err: the reason, e.g. -EACCES, or
	 * -ENOENT under hidepid): no verdict can be given for it; it is marked
	 * not observed (monitor_worker_observed). Once per worker. */
	MONITOR_NOTICE_UNREADABLE,
	/* Worker's leader moved itself out of its cgroup: from now on its tasks
	 * are the children walk from the leader plus what is still in the
	 * cgroup, sampled one by one. Once per worker. */
	MONITOR_NOTICE_ESCAPED,
	/* Listing worker's tasks failed with err (not a gone process): its
	 * verdict used the tasks already known. Once per worker. */
	MONITOR_NOTICE_LIST_FAILED,
};
#define MONITOR_NOTICE_KINDS 5

struct monitor_notice {
	unsigned worker;                /* worker index (the one concerned, or the
					   one being read for the per-monitor kinds) */
	enum monitor_notice_kind kind;
	int err;                        /* -errno, or 0 */
};

/* One line saying what a notice kind means, without the worker or the
 * error ("cannot read its tasks under /proc: it is not observed"). */
const char *monitor_notice_text(enum monitor_notice_kind kind);

struct monitor;

/* Make a monitor watching no worker; the config is copied. Returns 0,
 * -EINVAL (bad config) or -ENOMEM. */
int monitor_new(const struct monitor_config *cfg, struct monitor **out);
/* Watch worker number index, process pid. pidfd (or -1) and cgroup_fd (a
 * cgroup v2 directory holding the worker's tree, or -1) are borrowed: keep
 * them open until monitor_worker_exited or monitor_free. The leader must be
 * in cgroup_fd when it is added (one that is not has moved itself out: it is
 * said so, MONITOR_NOTICE_ESCAPED). Under SCOPE_TREE a cgroup_fd replaces
 * the children walk and, when its cpu.stat reads, gives the fast path; the
 * cgroup holding it ("..") is the run's, whose cpu.stat and cpu.pressure gate
 * every worker below it. Returns 0, -EEXIST (index already watched) or
 * -ENOMEM. */
int monitor_add_worker(struct monitor *m, unsigned index, pid_t pid, int pidfd,
		       int cgroup_fd);
/* Stop watching worker index (it exited) and close its fds; no-op when not
 * watched. Whether it was observed is remembered. */
void monitor_worker_exited(struct monitor *m, unsigned index);
/* Number of workers watched. */
size_t monitor_nworkers(const struct monitor *m);
/* False when worker index could not be observed: its tasks were unreadable
 * (MONITOR_NOTICE_UNREADABLE) and have not been read since. True for every
 * other index, watched or not, exited or not. */
bool monitor_worker_observed(const struct monitor *m, unsigned index);
/* Move up to max queued notices into out, oldest first; returns how many.
 * Each notice is queued once (see the kinds). */
size_t monitor_take_notices(struct monitor *m, struct monitor_notice *out, size_t max);
/* Sample every watched worker once and append the events that fired to the
 * caller's array *evs of *nevs (grown with realloc; the caller frees each
 * event with stall_event_free, then the array with free). Returns the number
 * of events appended, or -errno (-ENOMEM; events appended before the error
 * stay valid). A worker whose tasks cannot be listed is judged on the tasks
 * already known. */
int monitor_tick(struct monitor *m, struct stall_event **evs, size_t *nevs);
/* Stop sampling worker index until monitor_release: what the supervisor is
 * about to do to it after a stall (the ptrace stops of a backtrace, a dump
 * signal) moves its counters, which is not progress. It keeps its verdict
 * state (a fired stall stays fired). Holds nest. */
void monitor_hold(struct monitor *m, unsigned index);
/* The last hold of worker index ends: its tasks' current counters become
 * the base of their windows (what moved while it was held is not progress),
 * and sampling goes on. With settle, when one of its tasks is runnable (a
 * thread woken by the report's ptrace interrupt that has not yet run back
 * into its wait) the worker settles first: it stays unsampled, and its base
 * is taken at the first tick where none is, or after the larger of 2 s and
 * its stall span. Without (a signal of the policy follows, and what the
 * worker does in answer is progress), the base is taken now. */
void monitor_release(struct monitor *m, unsigned index, bool settle);
/* Capture worker index's diagnostics now, for an event of class cls that
 * did not come from the counters (a heartbeat missed, output silence): its
 * tasks are listed again, and *ev (zeroed first) names its leader's main
 * thread (or, when that has exited, its first live task) as the event's
 * task and process, with every thread listed as for a stall, the policy
 * action of cls under cfg.policy and the wall-clock time; stalled_ns and
 * the trigger's evidence are the caller's to fill. Returns 0, -ENOENT
 * (index not watched, or no live task) or -ENOMEM (ev is then freed). */
int monitor_capture(struct monitor *m, unsigned index, enum stall_class cls,
		    struct stall_event *ev);
/* Close every fd the monitor opened and free it (NULL is fine). */
void monitor_free(struct monitor *m);

#endif
