/* syscall: decode /proc/<tid>/syscall and say whether a task's wait is timed.
 *
 * The kernel prints one line: "running" when the task was on a CPU (the
 * registers cannot be read then), "-1 SP PC" when it is blocked outside any
 * system call (stopped from user mode, a page fault), or "NR A0 A1 A2 A3 A4 A5
 * SP PC": the system call number in decimal, then its six argument registers
 * and the stack and instruction pointers in hex.
 *
 * Numbers are named for the architecture stallsup runs on by libseccomp (a
 * 32-bit task on a 64-bit kernel would be misnamed; the file does not say).
 * The wait table is kept by name, not number, so it holds on every
 * architecture: what the registers alone say about each call's timeout.
 * - timed: nanosleep, clock_nanosleep; futex waits (FUTEX_WAIT, _BITSET,
 *   LOCK_PI, LOCK_PI2, WAIT_REQUEUE_PI), futex_waitv, futex_wait, ppoll,
 *   select, pselect6, epoll_pwait2, rt_sigtimedwait, semtimedop,
 *   mq_timedreceive/send, io_getevents, recvmmsg with a non-NULL timeout
 *   pointer; poll, epoll_wait, epoll_pwait with a timeout value >= 0.
 * - untimed: the same with a NULL pointer or a negative value; read, write
 *   and their vector and positional forms, recv*, send*, accept, accept4,
 *   connect, open/openat/openat2 (a FIFO), wait4, waitid, waitpid, pause,
 *   rt_sigsuspend, sigsuspend, flock, fcntl F_SETLKW/F_OFD_SETLKW, msgrcv,
 *   msgsnd, semop, splice, tee, sendfile, vfork, io_uring_enter waiting for
 *   completions without an extended argument.
 * - none: not in a system call, or in one that does not wait (futex
 *   FUTEX_WAKE, fcntl F_GETFL).
 * - unknown: any other system call; restart_syscall (a timed or untimed call
 *   resumed after a stop: its arguments are gone); io_uring_enter with an
 *   extended argument (its timeout is in memory).
 * Limits of registers: a socket's SO_RCVTIMEO and a timerfd read directly or
 * through epoll also end a wait, but do not show here. */
#ifndef STALLSUP_SYSCALL_H
#define STALLSUP_SYSCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "strbuf.h"

/* Where a task was, as /proc/<tid>/syscall says. */
enum syscall_state {
	SYSCALL_RUNNING, /* "running": on a CPU; nothing else is known */
	SYSCALL_OUTSIDE, /* "-1 SP PC": blocked, but not in a system call */
	SYSCALL_IN,      /* "NR A0..A5 SP PC": in system call NR */
};

struct syscall_info {
	enum syscall_state state;
	long nr;          /* SYSCALL_IN: the call's number; otherwise -1 */
	uint64_t args[6]; /* SYSCALL_IN: its argument registers; otherwise 0 */
	uint64_t sp, pc;  /* user stack and instruction pointers; 0 when running */
};

/* Whether a wait ends by itself (see the table above). */
enum wait_kind {
	WAIT_NONE,    /* not waiting in a system call */
	WAIT_TIMED,   /* a timeout in the registers: it returns by itself */
	WAIT_UNTIMED, /* no timeout: only an event ends it */
	WAIT_UNKNOWN, /* the table does not know, or the registers do not say */
};

/* Longest name syscall_name writes, NUL included. */
#define SYSCALL_NAME_MAX 32

/* Parse the text of /proc/<tid>/syscall (one trailing newline allowed) into
 * *out. Returns 0, -EINVAL (malformed) or -ERANGE (a register over 64 bits,
 * a number over LONG_MAX). *out is written only on success. */
int syscall_parse(const char *text, size_t len, struct syscall_info *out);
/* Write the name of system call nr on this architecture into buf ("futex"),
 * or "syscall_NR" when libseccomp does not know it. Returns buf. */
const char *syscall_name(long nr, char *buf, size_t size);
/* Classify a wait from the call's name and registers (see the table). */
enum wait_kind syscall_wait_kind_named(const char *name, const uint64_t args[6]);
/* The value a futex wait of si waits to change, when that may be a thread
 * id (positive): pthread_join waits on the joined thread's tid, which the
 * kernel clears when it exits. 0 when si is no futex wait. Whether it is a
 * thread's is for the caller to check. */
pid_t syscall_joins(const struct syscall_info *si);
/* True when si is a wait for children (wait4, waitid): its end is theirs. */
bool syscall_reaps(const struct syscall_info *si);
/* Classify si's wait, naming its call for this architecture. */
enum wait_kind syscall_wait_kind(const struct syscall_info *si);
/* Return "none", "timed", "untimed" or "unknown" (the JSON spelling). */
const char *wait_kind_name(enum wait_kind kind);
/* Append a one-line description of si to out, naming its call name:
 * "running", "not in a syscall", or the call with its arguments decoded and
 * its wait kind, e.g. "futex(0x7f0c2a1e4e28, FUTEX_WAIT_PRIVATE, 2, NULL)
 * untimed" or "poll(0x7ffd1b2c, 1, 5000) timed". */
void syscall_describe_named(struct strbuf *out, const char *name, const struct syscall_info *si);
/* syscall_describe_named with the name for this architecture. */
void syscall_describe(struct strbuf *out, const struct syscall_info *si);

#endif
