/* ptstop: stop threads of another process with ptrace, briefly, and let
 * each go again exactly as it was.
 *
 * A task is taken with PTRACE_SEIZE then PTRACE_INTERRUPT, never with
 * PTRACE_ATTACH: ATTACH sends a real SIGSTOP, which, if the tracer dies
 * before it is consumed, stops the whole process for good. SEIZE sends no
 * signal; INTERRUPT is a ptrace-only trap that the kernel drops when the
 * tracer goes away, so a killed tracer leaves a running process running.
 * A process already stopped by job control is reported stopped at once and
 * goes back to its group stop at detach; a signal that arrives while we hold
 * a task (signal-delivery-stop) is handed back at detach.
 *
 * A task that never stops (uninterruptible sleep) cannot be detached: it
 * stays seized, its trap pending, until the calling process exits. So use
 * this only in a short-lived process that exits when done (the unwinder
 * child of src/unwinder.c). While a ptstop is open, SIGCHLD is blocked and
 * its disposition is the default (both restored by ptstop_end); the calling
 * process must not be multi-threaded. */
#ifndef STALLSUP_PTSTOP_H
#define STALLSUP_PTSTOP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum ptstop_state {
	PTSTOP_IDLE,	/* not seized (yet, or it failed: see err) */
	PTSTOP_SEIZED,	/* seized and interrupted, not yet stopped */
	PTSTOP_STOPPED, /* stopped under us: registers and memory readable */
	PTSTOP_DONE,	/* released, or gone (err -ESRCH) */
};

struct ptstop_task {
	pid_t tid;
	enum ptstop_state state;
	int err; /* -errno of the step that failed (-EPERM, -ESRCH, ...), or 0 */
	int sig; /* signal to hand back at release, or 0 */
	int group_stop; /* it was stopped by job control when taken */
};

struct ptstop {
	struct ptstop_task *tasks;
	size_t n;
	size_t *ready; /* indexes of stopped tasks not yet returned */
	size_t nready;
	int sigfd;	  /* signalfd of SIGCHLD, or -1 */
	sigset_t oldmask; /* restored by ptstop_end */
	struct sigaction oldchld;
	/* Proc root (lib/proc.h) to see a released task back in its group
	 * stop, or -1 (set by the caller after ptstop_begin; not closed). */
	int proc_fd;
};

/* Start a ptstop over tasks[0..n) (tid set, everything else zeroed).
 * Returns 0 or -errno. */
int ptstop_begin(struct ptstop *ps, struct ptstop_task *tasks, size_t n);
/* Seize and interrupt every idle task; a task that cannot be seized keeps
 * state idle with err set. Returns the number seized. */
size_t ptstop_seize_all(struct ptstop *ps);
/* Wait until a seized task stops or ends, or until deadline_ns
 * (CLOCK_MONOTONIC). Returns its index (state STOPPED, or DONE with
 * err -ESRCH when it exited), -ETIMEDOUT when the deadline passed, or
 * -ENOENT when no seized task is left to wait for. */
ssize_t ptstop_next(struct ptstop *ps, uint64_t deadline_ns);
/* Let stopped task i go (PTRACE_DETACH with its pending signal). Returns 0
 * or -errno; the task is DONE either way. */
int ptstop_release(struct ptstop *ps, size_t i);
/* Close the ptstop, restoring SIGCHLD's mask and disposition. Tasks still
 * stopped are released first; tasks still seized stay so until exit. */
void ptstop_end(struct ptstop *ps);
/* Return CLOCK_MONOTONIC in ns. */
uint64_t ptstop_now(void);

/* Explain into buf why tracer self (effective uid euid) may not ptrace tid
 * of pid, reading under the proc root proc_fd (lib/proc.h): "ptrace not
 * permitted: already traced by pid N" (TracerPid of its status), "ptrace
 * not permitted (Yama ptrace_scope N)" (N >= 1), "ptrace not permitted:
 * owned by uid N" (another real uid), else "ptrace not permitted". */
void ptstop_denied_reason(int proc_fd, pid_t pid, pid_t tid, pid_t self, uid_t euid, char *buf,
			  size_t size);

#endif
