/* cgroup: one cgroup v2 directory per worker, where a writable hierarchy exists.
 *
 * Layout: <v2 mount><our cgroup>/stallsup.<pid>/w<i>. The mount is found
 * through /proc/self/mountinfo and our cgroup through /proc/self/cgroup.
 * Every function returns 0 (or an fd / a count) or -errno. */
#ifndef STALLSUP_CGROUP_H
#define STALLSUP_CGROUP_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct cgroup_set {
	int dir_fd;          /* fd of stallsup.<pid>, or -1 when cgroups are not used */
	char path[PATH_MAX]; /* absolute path of stallsup.<pid> */
	char rel[PATH_MAX];  /* the same inside the hierarchy, as /proc/PID/cgroup shows it */
};

/* Create stallsup.<self> under our own v2 cgroup. Returns 0, or -errno when
 * there is no writable cgroup v2 hierarchy (cg->dir_fd stays -1). */
int cgroup_setup(struct cgroup_set *cg, pid_t self);
/* Create w<index> and return its directory fd (close-on-exec) or -errno. */
int cgroup_worker_create(struct cgroup_set *cg, unsigned index);
/* Return 1 when the cgroup dirfd holds processes, 0 when empty, or -errno. */
int cgroup_populated(int dirfd);
/* Open dirfd's cgroup.events for polling (EPOLLPRI fires on change). */
int cgroup_events_open(int dirfd);
/* SIGKILL everything in the cgroup: cgroup.kill, else each process of
 * cgroup.procs through cgroup_signal_procs. Returns 0 or -errno. */
int cgroup_kill(struct cgroup_set *cg, int dirfd, unsigned index);
/* Send sig to every process listed in cgroup.procs that is still in the
 * worker's cgroup after a pidfd was taken on it. Returns the count or -errno. */
int cgroup_signal_procs(struct cgroup_set *cg, int dirfd, unsigned index, int sig);
/* Return 1 when process pid (pinned by a pidfd the caller holds) is in the
 * cgroup of worker index, 0 when not, or -errno. */
int cgroup_holds_pid(struct cgroup_set *cg, unsigned index, pid_t pid);
/* Remove w<index> (it must be empty); retries briefly while the kernel
 * still counts exited tasks. Returns 0 or -errno. */
int cgroup_worker_remove(struct cgroup_set *cg, unsigned index);
/* Remove stallsup.<pid> and close its fd. Returns 0 or -errno. */
int cgroup_teardown(struct cgroup_set *cg);

#endif
