/* taskset: enumerate the tasks (threads) a worker consists of.
 *
 * Ways to list tasks, all reading relative to a proc root dirfd (proc.h):
 *   leader   the worker's main thread only (tid == pid);
 *   process  the threads of one process: the entries of "<pid>/task";
 *   tree     the threads of the process and of all its descendants, by a
 *            breadth-first walk over "<pid>/task/<tid>/children";
 *   cgroup   the tids of a cgroup v2 directory's "cgroup.threads" and, when
 *            it has subdirectories (its link count, or cgroup.stat's
 *            nr_descendants), of every cgroup below it;
 *            each new tid is mapped to its thread group by "<tid>/status"
 *            (Tgid), tids the caller vouches for through its known set.
 * Every list file is read to its end (proc_pread_all): they come a page per
 * read. A set is sorted by tid with no duplicates once taskset_finish ran.
 * The taskset_add_* functions append to the set, so a caller can unite
 * several ways (the children walk and a cgroup); the others are shorthands
 * for clear + add + finish. Buffers are kept in the taskset and reused, so
 * steady-state enumeration does not allocate. A process or cgroup that is
 * gone contributes nothing (that is not an error). */
#ifndef STALLSUP_TASKSET_H
#define STALLSUP_TASKSET_H

#include <stddef.h>
#include <sys/types.h>

#include "strbuf.h"

/* One task: its thread id and its thread group id. */
struct task_id {
	pid_t tid;
	pid_t pid;
};

struct taskset {
	struct task_id *ids;  /* the set, sorted by tid after taskset_finish */
	size_t n, cap;
	char *buf;            /* getdents64 buffer */
	size_t bufsize;
	struct strbuf text;   /* a list file, read to its end */
	struct strbuf dirs;   /* sub-cgroup walk: NUL-separated relative paths */
	pid_t *queue;         /* processes to visit in a tree walk */
	size_t qcap;
};

/* Make ts empty, with nothing allocated. */
void taskset_init(struct taskset *ts);
/* Release ts's memory. */
void taskset_free(struct taskset *ts);
/* Empty the set, keeping its memory. */
void taskset_clear(struct taskset *ts);
/* Sort the set by tid and drop duplicate tids (in place, no allocation). */
void taskset_finish(struct taskset *ts);
/* Append the leader thread of pid; returns 0 or -ENOMEM. */
int taskset_add_leader(struct taskset *ts, pid_t pid);
/* Append the threads of process pid; returns 0 or -errno. */
int taskset_add_process(struct taskset *ts, int dirfd, pid_t pid);
/* Append the children of process pid (those of each of its threads, every
 * children list read to its end), each as its leader thread (tid == pid);
 * returns 0 or -errno. One list read per thread of pid, whatever the number
 * of children (for a supervisor's strays: read once per reaping batch). */
int taskset_add_children(struct taskset *ts, int dirfd, pid_t pid);
/* Append the threads of pid and of all its descendants; returns 0 or -errno. */
int taskset_add_tree(struct taskset *ts, int dirfd, pid_t pid);
/* Append the threads of the cgroup v2 directory cgroup_fd and of every
 * cgroup below it. threads_fd is an open "cgroup.threads" of cgroup_fd
 * (re-read from offset 0, so the caller can keep it across ticks), or -1 to
 * open it now. A tid found in known[0..nknown) (sorted by tid) takes its
 * thread group from there, others from "<tid>/status" under dirfd; tids that
 * vanish before mapping are left out. Returns 0 or -errno. */
int taskset_add_cgroup(struct taskset *ts, int cgroup_fd, int threads_fd, int dirfd,
		       const struct task_id *known, size_t nknown);
/* Set ts to the leader thread of pid alone; returns 0 or -ENOMEM. */
int taskset_leader(struct taskset *ts, pid_t pid);
/* Set ts to the threads of process pid; returns 0 or -errno. */
int taskset_process(struct taskset *ts, int dirfd, pid_t pid);
/* Set ts to the threads of pid and all its descendants; returns 0 or -errno. */
int taskset_tree(struct taskset *ts, int dirfd, pid_t pid);
/* Set ts to the threads of a cgroup and its descendants (taskset_add_cgroup
 * with the file opened now); returns 0 or -errno. */
int taskset_cgroup(struct taskset *ts, int cgroup_fd, int dirfd,
		   const struct task_id *known, size_t nknown);
/* Like taskset_cgroup, reading an open "cgroup.threads" of cgroup_fd. */
int taskset_cgroup_fd(struct taskset *ts, int cgroup_fd, int threads_fd, int dirfd,
		      const struct task_id *known, size_t nknown);
/* Index of tid in the sorted ids[0..n), or n when absent. */
size_t taskset_find(const struct task_id *ids, size_t n, pid_t tid);
/* Read the cgroup v2 path of process pid ("<pid>/cgroup" under dirfd) into
 * out; returns 0 or -errno (-ENOENT: gone, or no v2 line). */
int taskset_cgroup_path(int dirfd, pid_t pid, char *out, size_t size);

#endif
