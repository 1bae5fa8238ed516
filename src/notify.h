/* notify: --heartbeat, systemd's notify protocol outside systemd
 * (sd_notify(3), doc/triggers.md).
 *
 * stallsup owns one datagram socket (abstract namespace, non-blocking,
 * SO_PASSCRED), read in the event loop. Each worker gets NOTIFY_SOCKET,
 * WATCHDOG_USEC, WATCHDOG_PID (its own pid, written by the child after the
 * fork) and STALLSUP_HEARTBEAT_MS. A datagram's sender (SCM_CREDENTIALS) is
 * mapped to its worker through its cgroup, else its process tree; other
 * senders are ignored and counted, malformed messages ignored. Each worker
 * has at most one loop timer queued (TIMER_HEARTBEAT): a heartbeat only
 * records its time, and the timer, when due, either fires class heartbeat
 * or moves on to the next deadline. No per-tick cost. */
#ifndef STALLSUP_NOTIFY_H
#define STALLSUP_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "stall.h"
#include "strbuf.h"

struct supervisor;
struct worker;

/* With --heartbeat: make the socket and add it to the loop (EV_NOTIFY).
 * Call before spawn_prepare. Returns 0 or -errno with a reason in err. */
int notify_init(struct supervisor *sv, struct strbuf *err);
/* Append the workers' variables (but WATCHDOG_PID's value) to vars at *n;
 * *pid_slot points at WATCHDOG_PID's entry (NULL without --heartbeat).
 * Returns 0 or -ENOMEM. */
int notify_env(struct supervisor *sv, char **vars, size_t *n, char **pid_slot);
/* Child side, async-signal-safe: write pid into the WATCHDOG_PID entry. */
void notify_child_pid(char *slot, pid_t pid);
/* Worker w started: its first deadline is one period from its start. */
void notify_worker_started(struct supervisor *sv, struct worker *w);
/* The socket is readable: take every datagram waiting (bounded). */
void notify_readable(struct supervisor *sv);
/* TIMER_HEARTBEAT of worker index at when is due. */
void notify_timer(struct supervisor *sv, unsigned index, uint64_t when, uint64_t now);
/* Copy what worker ev->worker said into ev->notify. Returns 0 or -ENOMEM. */
int notify_annotate(struct supervisor *sv, struct stall_event *ev);
/* How many datagrams were ignored: from outside the worker set (*foreign)
 * and malformed (*malformed). Returns false (both 0) without --heartbeat. */
bool notify_ignored(const struct supervisor *sv, uint64_t *foreign, uint64_t *malformed);
/* Close the socket and free the state (fine when never made). */
void notify_free(struct supervisor *sv);

#endif
