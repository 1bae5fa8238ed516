/* btfix: live processes for the backtrace tests (ptstop-t, unwind-t,
 * unwinder-t): start a worker and wait for its "ready" line, read task
 * states, probe whether ptrace is permitted here. Everything bails on an
 * unexpected failure; waits are bounded (a hung test fails, nothing is timed). */
#ifndef STALLSUP_BTFIX_H
#define STALLSUP_BTFIX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define BTFIX_WAIT_S 30 /* bound of every wait */

/* Return the malloc'd path $BUILD/t/workers/name. */
char *btfix_worker(const char *name);
/* Start argv[0] with argv as a child of ours (its stdout on a pipe), wait
 * for its first line and copy it into line (at most size bytes, no
 * newline); returns its pid. With want_line 0, do not wait for a line.
 * Workers not ended by btfix_kill or btfix_wait_exit are SIGKILLed at exit
 * (also when the test bails). */
pid_t btfix_spawn(char *const argv[], int want_line, char *line, size_t size);
/* SIGKILL child pid and reap it. */
void btfix_kill(pid_t pid);
/* Wait (bounded) for child pid to end; return its wait status, or -1. */
int btfix_wait_exit(pid_t pid);
/* State letter of task tid of pid ('\0' when gone). */
char btfix_state(pid_t pid, pid_t tid);
/* utime + stime of tid of pid, in clock ticks (0 when gone). */
uint64_t btfix_cputime(pid_t pid, pid_t tid);
/* Wait (bounded) until every thread of pid has a state letter in states;
 * returns 1, or 0 when the bound passed. */
int btfix_wait_states(pid_t pid, const char *states);
/* Wait (bounded) until task tid of pid has a state in states; 1 or 0. */
int btfix_wait_state(pid_t pid, pid_t tid, const char *states);
/* The threads of pid, sorted, into tids[0..max); returns how many there are. */
size_t btfix_tids(pid_t pid, pid_t *tids, size_t max);
/* NULL when a process of ours may PTRACE_SEIZE another child of ours (a
 * sibling: what the unwinder child does), else the reason it may not. */
const char *btfix_ptrace_denied(void);

#endif
