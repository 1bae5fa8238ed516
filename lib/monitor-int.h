/* monitor-int: the monitor's internal state, shared by lib/monitor.c (the
 * tick: what to read, when) and lib/monevent.c (turning what fired into stall
 * events). Not a public interface: only those two files include it. */
#ifndef STALLSUP_MONITOR_INT_H
#define STALLSUP_MONITOR_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "monitor.h"
#include "procparse.h"
#include "spin.h"
#include "syscall.h"
#include "taskset.h"
#include "tracker.h"

/* One task of a worker: its identity, its kept fds and its tracker state. */
struct mon_task {
	struct task_id id;
	uint64_t start;           /* its start time (stat field 22) at first sight */
	uint64_t pstart;          /* the start time of its thread group (its leader's) */
	struct task_handle h;     /* kept sample fds; h.fd -1: read by path, or dead */
	int state_fd;             /* kept task/<tid>/stat, or -1 */
	struct tracker_task tt;
	struct tracker_obs obs;   /* what this tick's sample showed */
	unsigned observed;        /* the worker tick of its last sample (0: none yet) */
	bool reaping;             /* untimed mode: read waiting for children this tick */
	pid_t joins;              /* ... and syscall_joins of its wait */
	struct spin_task spin;    /* --spin-after (lib/spin.h) */
	bool spin_now;            /* a spin fired at this tick: spin_v is its evidence */
	struct spin_verdict spin_v;
};

/* A cgroup's progress and CPU-wait counters (cpu.stat, cpu.pressure), read
 * through kept fds or, past the fd budget, by path. */
struct cg_probe {
	int dirfd;                /* the cgroup directory, or -1: no probe */
	int stat_fd, pressure_fd; /* kept files, or -1 (read by path) */
	bool no_pressure;         /* no readable cpu.pressure: any tick may hide a wait */
	bool have_usage, have_some;
	uint64_t usage, some;     /* last usage_usec and "some" total read, in us */
	uint64_t usage_grew;      /* usage_usec's growth at the last read (us) */
	uint64_t some_grew_ns;    /* "some"'s growth at the last read of cpu.pressure ... */
	unsigned some_tick;       /* ... at this monitor tick (0: none yet) */
};

struct mon_worker {
	unsigned index;
	pid_t pid;
	int pidfd, cgroup_fd;     /* borrowed, may be -1 */
	int threads_fd;           /* our cgroup.threads of cgroup_fd, or -1 */
	struct cg_probe cg;       /* the fast path's probe of cgroup_fd */
	bool fast;                /* judged by its cgroup (monitor.h) */
	bool under_run;           /* its cgroup is a child of the run's cgroup */
	bool escaped;             /* its leader left its cgroup */
	bool passed;              /* fast path: its tasks were read last tick */
	bool cg_stale;            /* fast path: it was sampled task by task since
				     its usage was last read */
	bool task_tick;           /* this tick samples it on the task path */
	bool spin_pending;        /* a task's spin_now may be set (not scanned
				     for at every tick of every worker) */
	unsigned held;            /* monitor_hold without its release: not sampled */
	uint64_t settle_until;    /* released, settling (not sampled) until then,
				     or until no task is runnable; 0: not */
	char *cgpath;             /* the leader's cgroup path at start, or NULL */
	unsigned noticed;         /* (1u << kind) of the notices queued for it */
	unsigned blind_passes;    /* consecutive passes with nothing readable */
	int last_err;             /* the last error reading one of its tasks */
	struct tracker tr;
	unsigned since_enum;      /* ticks since the last enumeration */
	unsigned since_escape;    /* fast path: moving ticks since the last escape check */
	unsigned ticks;           /* ticks sampled (0 is "never" in mon_task.observed) */
	uint64_t prev_ns;         /* CLOCK_MONOTONIC of its previous tick */
	uint64_t progress_ns;     /* CLOCK_MONOTONIC of its last tick with progress */
	struct mon_task *tasks;   /* sorted by tid, dead ones kept as tombstones */
	struct mon_task *spare;   /* the next enumeration's array, swapped with tasks */
	struct task_id *ids;      /* live tasks' ids: the known set for the tgid lookup */
	size_t ntasks, nids, cap; /* all three arrays hold cap elements */
};

/* How long some task of a cgroup waited for a CPU in the last tick. */
enum mon_waited {
	WAITED_NONE,  /* not at all */
	WAITED_SOME,  /* a little */
	WAITED_TICK,  /* most of the tick (or unknown) */
};

struct monitor {
	struct monitor_config cfg;
	struct mon_worker *w;
	size_t nw, wcap;
	struct taskset ts;        /* enumeration scratch, shared by all workers */
	size_t nfds;              /* fds the monitor keeps open */
	size_t max_fds;           /* ... at most (the budget, lowered on EMFILE) */
	unsigned noticed;         /* (1u << kind) of the per-monitor notices queued */
	struct monitor_notice *notices;
	size_t nnotices, ncap;
	unsigned char *blind;     /* per worker index: unreadable, not read since */
	size_t nblind;
	struct cg_probe run;      /* the cgroup holding every worker's */
	dev_t run_dev;
	ino_t run_ino;
	bool run_known;           /* run_moved and run_waited are this tick's */
	bool run_moved;
	enum mon_waited run_waited; /* how long a task below the run waited */
	uint64_t now_ns, tick_ns; /* this tick's time, and the time since the last */
	unsigned ticks;           /* monitor ticks so far (for cg_probe.some_tick) */
};

/* The kind of wait task id is in, from its syscall file (WAIT_UNKNOWN when
 * unreadable); *reaping and *joins get syscall_reaps and syscall_joins of it. */
enum wait_kind mon_task_wait(int dirfd, const struct task_id *id, bool *reaping, pid_t *joins);
/* Read the state and comm of task id from its stat; returns 0 or -errno. */
int mon_read_stat(int dirfd, const struct task_id *id, struct taskstat_info *st);
/* True when w's pidfd says its thread group has exited. */
bool mon_worker_gone(const struct mon_worker *w);
/* --spin-after: task t of w was sampled (s) at this tick, after prev at the
 * previous one (has_prev false: it was not, or this is its first sample):
 * advance its spin span, reading the status, stat and syscall files when
 * lib/spin.h asks; sets t->spin_now when the spin fires. */
void mon_spin_step(struct monitor *m, struct mon_task *t, bool has_prev,
		   const struct sample *prev, const struct sample *s);
/* --spin-after: task t was held for a report; a fired spin of it takes its
 * facts now as its base (spin_rebase). */
void mon_spin_rebase(struct monitor *m, struct mon_task *t);
/* Fill *ev for worker w's event of class cls that the counters did not
 * decide (monitor_capture): names the leader's main thread or the first
 * live task. Returns 0, -ENOENT (no live task) or -ENOMEM. */
int mon_capture_event(struct monitor *m, struct mon_worker *w, enum stall_class cls,
		      struct stall_event *ev);
/* List w's tasks again and merge them in (changes are not this tick's
 * progress). Returns 0 or -ENOMEM. */
int mon_relist(struct monitor *m, struct mon_worker *w);
/* Turn what fired for w this tick (v) into events appended to *evs: one for
 * a worker stall (which absorbs any starvation of the same tick), else one
 * per starved task; none when w's thread group has exited. Under
 * --stall-on=untimed a sleeping worker stall whose wait is not untimed is
 * withheld and w re-armed, to be judged again at the next tick. Then one
 * event per task whose spin fired (t->spin_now). Returns the number
 * appended or -errno. */
int mon_worker_events(struct monitor *m, struct mon_worker *w,
		      const struct tracker_verdict *v, struct stall_event **evs, size_t *nevs);

#endif
