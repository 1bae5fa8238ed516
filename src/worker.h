/* worker: one supervised copy of COMMAND, as the loop and the monitor see it.
 *
 * Lifetime: spawned (pid, pidfd valid) -> leader exited (exited = true,
 * status recorded, pidfd still held: the zombie pins its pid and process
 * group) -> tree ended and leader reaped (pidfd = -1, reaped = true). */
#ifndef STALLSUP_WORKER_H
#define STALLSUP_WORKER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "linebuf.h"

struct worker {
	unsigned index;        /* 0-based, as in STALLSUP_WORKER */
	pid_t pid;             /* the leader; also its process group id */
	int pidfd;             /* pidfd of the leader, -1 once reaped */
	int cgroup_fd;         /* dir fd of the worker's own cgroup, or -1 */
	bool exited;           /* the leader has exited (status is valid) */
	bool reaped;           /* the leader was reaped and its tree is gone */
	int status;            /* exit code, or 128 + signal */
	int exit_code;         /* exit code, or -1 when killed */
	int exit_signal;       /* the killing signal, or 0 */
	int exec_errno;        /* errno of a failed execve, or 0 */
	bool core_dumped;      /* the leader was killed by a signal and dumped core */
	char *core_cwd, *core_exe, *core_comm; /* its facts, remembered before an abort (cores.h) */
	uint64_t start_ns;     /* CLOCK_MONOTONIC at spawn */
	uint64_t end_ns;       /* CLOCK_MONOTONIC when the leader exited */
	struct rusage ru;      /* the leader's and its reaped children's usage */
	unsigned stalls;       /* stall events seen (the monitor increments it) */
	bool stall_failed;     /* a stall policy acted on this worker */
	uint64_t abort_kill_at; /* CLOCK_MONOTONIC of the SIGKILL after an abort, or 0 */
	const char *stall_action; /* ... of this policy row ("abort") */

	/* Ending the rest of the tree once the leader is gone. */
	bool tree_pending;     /* processes were left behind; TERM was sent */
	uint64_t tree_kill_at; /* CLOCK_MONOTONIC to SIGKILL the tree, or 0 */
	int events_fd;         /* cgroup.events watched while pending, or -1 */

	/* --tag-output: read ends of the stdout/stderr pipes, or -1. */
	int out_fd[2];
	bool out_paused[2];    /* not read until its sink has room again */
	struct linebuf out_lb[2];
};

#endif
