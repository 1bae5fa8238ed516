/* monitor: watch a set of workers and report the ones that stop progressing.
 *
 * Every monitor_tick enumerates the tasks of every watched worker (per the
 * scope), samples each live task with one pread on a kept fd, reads the
 * state (task/<tid>/stat) only of tasks whose counters were flat, lets the
 * tracker (tracker.h) decide, and turns what fired into stall events
 * (stall.h) with diagnostics. Exited workers are never reported: the
 * caller says so with monitor_worker_exited, and at fire time a readable
 * pidfd (the thread group exited) suppresses the event. Classes outside
 * the configured mask fire silently (consumed, not reported).
 *
 * Costs per tick in steady state: one pread per task, one pread of a kept
 * stat fd per flat task not already seen runnable, the enumeration (one
 * pread of a kept cgroup.threads per worker, or one readdir per process and
 * one children read per thread under SCOPE_TREE without a cgroup), no
 * allocation. Fds: one per task (two for SOURCE_STATUS), plus a stat fd
 * per task once it has been flat, within the budget (past it, the state is
 * read by open+read+close). */
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
	size_t max_fds;             /* kept-fd budget; 0 = half the soft RLIMIT_NOFILE */
};

struct monitor;

/* Make a monitor watching no worker; the config is copied. Returns 0,
 * -EINVAL (bad config) or -ENOMEM. */
int monitor_new(const struct monitor_config *cfg, struct monitor **out);
/* Watch worker number index, process pid. pidfd (or -1) and cgroup_fd (a
 * cgroup v2 directory holding the worker's tree, or -1) are borrowed: keep
 * them open until monitor_worker_exited or monitor_free. Under SCOPE_TREE a
 * cgroup_fd replaces the children walk. Returns 0, -EEXIST (index already
 * watched) or -ENOMEM. */
int monitor_add_worker(struct monitor *m, unsigned index, pid_t pid, int pidfd,
		       int cgroup_fd);
/* Stop watching worker index (it exited) and close its task fds; no-op when
 * not watched. */
void monitor_worker_exited(struct monitor *m, unsigned index);
/* Number of workers watched. */
size_t monitor_nworkers(const struct monitor *m);
/* Sample every watched worker once and append the events that fired to the
 * caller's array *evs of *nevs (grown with realloc; the caller frees each
 * event with stall_event_free, then the array with free). Returns the number
 * of events appended, or -errno (-ENOMEM; events appended before the error
 * stay valid). Enumeration errors of one worker do not stop the others. */
int monitor_tick(struct monitor *m, struct stall_event **evs, size_t *nevs);
/* Close every fd the monitor opened and free it (NULL is fine). */
void monitor_free(struct monitor *m);

#endif
