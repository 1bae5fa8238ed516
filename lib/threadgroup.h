/* threadgroup: group the threads of a report that wait the same way, so a
 * 1,000-thread worker reads as a few lines ("998 threads in futex untimed,
 * same stack"). Threads are alike when they share the state letter, wchan,
 * system call name, wait kind and kernel stack; comm, tid and the call's
 * arguments (addresses differ from thread to thread) are not compared.
 * Groups come largest first, then by their lowest tid. Pure; the records'
 * strings are borrowed, not copied. */
#ifndef STALLSUP_THREADGROUP_H
#define STALLSUP_THREADGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "syscall.h"

/* One thread as a report saw it. NULL strings compare equal to "". */
struct thread_rec {
	pid_t tid;
	char state;               /* the state letter of /proc/<tid>/stat: compared */
	const char *comm;         /* shown, not compared */
	const char *wchan;        /* compared */
	const char *syscall_name; /* compared; NULL when not in a system call */
	enum wait_kind wait;      /* compared */
	const char *syscall_desc; /* shown (the representative's), not compared */
	const char *stack;        /* the kernel stack text: compared */
};

struct thread_group {
	const struct thread_rec *rep; /* the member with the lowest tid: it describes the group */
	size_t count;                 /* how many threads are in it */
	const pid_t *tids;            /* their tids, ascending */
	bool same_comm;               /* every member has rep's comm */
};

/* The result of threadgroup_build. */
struct thread_groups {
	struct thread_group *groups; /* n groups, largest first, then lowest tid */
	size_t n;
	size_t more_groups;  /* groups left out past the limit */
	size_t more_threads; /* threads in those groups */
	pid_t *tid_store;    /* owns every group's tids */
};

/* Group recs[0..n) into *out, keeping the first max_groups groups (0: all)
 * and counting the rest. recs must outlive out. Returns 0 or -ENOMEM (out is
 * then empty). Free out with threadgroup_free. */
int threadgroup_build(const struct thread_rec *recs, size_t n, size_t max_groups,
		      struct thread_groups *out);
/* Release g's memory and make it empty. */
void threadgroup_free(struct thread_groups *g);

#endif
