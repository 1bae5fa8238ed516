/* cgroup: one cgroup v2 directory per worker, where a writable hierarchy exists.
 *
 * Layout: <v2 mount><our cgroup>/stallsup.<pid>.<random>/w<i>. The mount is
 * found through /proc/self/mountinfo and our cgroup through /proc/self/cgroup.
 * The random part keeps names unique across PID namespaces (two stallsups
 * that are both PID 1 of sibling containers share a parent cgroup).
 * Ownership: the run's directory is held open with an exclusive flock by
 * stallsup and its keeper for as long as either lives. A later run sweeps a
 * stallsup.* directory only when it can take that lock: its owners are
 * provably gone. A worker may nest cgroups below w<i>: killing, signalling
 * and membership cover the whole subtree, and removal is depth-first.
 * Every function returns 0 (or an fd / a count) or -errno. */
#ifndef STALLSUP_CGROUP_H
#define STALLSUP_CGROUP_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct cgroup_set {
	int dir_fd;          /* fd of the run directory (flocked), or -1 when cgroups are not used */
	char path[PATH_MAX]; /* absolute path of the run directory */
	char rel[PATH_MAX];  /* the same inside the hierarchy, as /proc/PID/cgroup shows it */
};

/* Sweep the unowned leftovers of earlier runs, then create and lock a new
 * run directory under our own v2 cgroup. Returns 0, or -errno when there is
 * no writable cgroup v2 hierarchy (cg->dir_fd stays -1). */
int cgroup_setup(struct cgroup_set *cg, pid_t self);
/* Create w<index> and return its directory fd (close-on-exec) or -errno. */
int cgroup_worker_create(struct cgroup_set *cg, unsigned index);
/* Return 1 when the cgroup dirfd (or anything nested in it) holds
 * processes, 0 when empty, or -errno. */
int cgroup_populated(int dirfd);
/* Open dirfd's cgroup.events for polling (EPOLLPRI fires on change). */
int cgroup_events_open(int dirfd);
/* SIGKILL everything in the cgroup dirfd and below: cgroup.kill, else each
 * process listed in the subtree that is still under rel (its path in the
 * hierarchy) once a pidfd was taken on it. Returns 0 or -errno. */
int cgroup_kill_all(int dirfd, const char *rel);
/* Send sig to every process of worker index's cgroup subtree that is still
 * in it once a pidfd was taken on it. Returns the count or -errno. */
int cgroup_signal_procs(struct cgroup_set *cg, int dirfd, unsigned index, int sig);
/* Return 1 when process pid (pinned by a pidfd the caller holds) is in the
 * cgroup of worker index or below it, 0 when not, or -errno. */
int cgroup_holds_pid(struct cgroup_set *cg, unsigned index, pid_t pid);
/* Wait up to timeout_ns for dirfd's subtree to be empty; 0 or -ETIMEDOUT. */
int cgroup_wait_empty(int dirfd, uint64_t timeout_ns);
/* Remove name under parent_fd and everything nested in it, deepest first,
 * retrying for up to timeout_ns while the kernel finishes exits. Returns 0
 * (also when it did not exist) or -errno. */
int cgroup_rmtree(int parent_fd, const char *name, uint64_t timeout_ns);
/* Remove w<index> and what it nested (it must be empty). Returns 0 or -errno. */
int cgroup_worker_remove(struct cgroup_set *cg, unsigned index);
/* Remove the run directory and close its fd (releasing the lock). */
int cgroup_teardown(struct cgroup_set *cg);

#endif
