/* taskset: enumerate the tasks (threads) a worker consists of.
 *
 * Three ways, all reading relative to a proc root dirfd (see proc.h):
 *   leader   the worker's main thread only (tid == pid);
 *   process  the threads of one process: the entries of "<pid>/task";
 *   tree     the threads of the process and of all its descendants, by a
 *            breadth-first walk over "<pid>/task/<tid>/children";
 *   cgroup   the tids of a cgroup v2 directory's "cgroup.threads", each
 *            new tid mapped to its thread group by "<tid>/status" (Tgid),
 *            known tids mapped through the caller's previous set.
 * A set is sorted by tid with no duplicates. Buffers are kept in the
 * taskset and reused, so steady-state enumeration does not allocate. A
 * process that is gone contributes nothing (that is not an error). */
#ifndef STALLSUP_TASKSET_H
#define STALLSUP_TASKSET_H

#include <stddef.h>
#include <sys/types.h>

/* One task: its thread id and its thread group id. */
struct task_id {
	pid_t tid;
	pid_t pid;
};

struct taskset {
	struct task_id *ids;  /* the set, sorted by tid */
	size_t n, cap;
	char *buf;            /* read buffer for directories and lists */
	size_t bufsize;
	pid_t *queue;         /* processes to visit in a tree walk */
	size_t qcap;
};

/* Make ts empty, with nothing allocated. */
void taskset_init(struct taskset *ts);
/* Release ts's memory. */
void taskset_free(struct taskset *ts);
/* Set ts to the leader thread of pid alone; returns 0 or -ENOMEM. */
int taskset_leader(struct taskset *ts, pid_t pid);
/* Set ts to the threads of process pid; returns 0 or -errno. */
int taskset_process(struct taskset *ts, int dirfd, pid_t pid);
/* Set ts to the threads of pid and all its descendants; returns 0 or -errno. */
int taskset_tree(struct taskset *ts, int dirfd, pid_t pid);
/* Set ts to the threads listed in cgroup_fd's cgroup.threads, mapping tids
 * through known[0..nknown) (sorted by tid) or else "<tid>/status" under
 * dirfd; tids that vanish before mapping are left out. Returns 0 or -errno. */
int taskset_cgroup(struct taskset *ts, int cgroup_fd, int dirfd,
		   const struct task_id *known, size_t nknown);
/* Like taskset_cgroup, reading an open "cgroup.threads" file (re-read from
 * offset 0 with pread, so the caller keeps it open across ticks). */
int taskset_cgroup_fd(struct taskset *ts, int threads_fd, int dirfd,
		      const struct task_id *known, size_t nknown);
/* Index of tid in the sorted ids[0..n), or n when absent. */
size_t taskset_find(const struct task_id *ids, size_t n, pid_t tid);

#endif
