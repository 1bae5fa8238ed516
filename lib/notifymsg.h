/* notifymsg: the systemd notify protocol's messages, parsed (sd_notify(3)).
 *
 * A message is one datagram of newline-separated KEY=VALUE assignments,
 * as sd_notify() sends it ("READY=1\nSTATUS=Processing requests"). The
 * assignments stallsup acts on (doc/triggers.md):
 *   WATCHDOG=1          a heartbeat: the worker's watchdog timer starts over
 *   WATCHDOG=trigger    the worker asks to be handled as if it missed one
 *   WATCHDOG_USEC=N     the period is N microseconds from now on (0: off)
 *   READY=1, STOPPING=1 recorded; STOPPING=1 also ends the heartbeat
 *   STATUS=text         recorded: the last one is in every report
 * Like systemd, the first assignment of a key counts; unknown keys (MAINPID=,
 * RELOADING=1, ERRNO=, FDSTORE=1, BARRIER=1, X_...) and empty lines are
 * ignored; a known key with a value it does not take (WATCHDOG=2,
 * WATCHDOG_USEC=1x) is ignored and counted as bad. A message holding a NUL
 * byte is refused whole, as systemd refuses it (one trailing NUL, which
 * some clients send, is permitted, as systemd permits it). The parser is pure: it reads
 * buf[0..len) only, never writes it, and points into it. */
#ifndef STALLSUP_NOTIFYMSG_H
#define STALLSUP_NOTIFYMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest message taken (systemd's NOTIFY_BUFFER_MAX): a longer
 * datagram is refused whole. */
#define NOTIFY_MSG_MAX 4096

/* Which assignments a message holds (struct notify_msg.has). */
enum {
	NOTIFY_WATCHDOG = 1u << 0,       /* WATCHDOG=1 */
	NOTIFY_TRIGGER = 1u << 1,        /* WATCHDOG=trigger */
	NOTIFY_WATCHDOG_USEC = 1u << 2,  /* WATCHDOG_USEC=N: see watchdog_usec */
	NOTIFY_READY = 1u << 3,          /* READY=1 */
	NOTIFY_STOPPING = 1u << 4,       /* STOPPING=1 */
	NOTIFY_STATUS = 1u << 5,         /* STATUS=...: see status, status_len */
};

struct notify_msg {
	unsigned has;             /* NOTIFY_* bits */
	uint64_t watchdog_usec;   /* WATCHDOG_USEC's value */
	const char *status;       /* STATUS's value: points into the buffer, not
				     NUL-terminated; may be empty */
	size_t status_len;
	unsigned bad;             /* assignments of known keys with values not taken */
	unsigned unknown;         /* other lines (unknown keys, not KEY=VALUE) */
};

/* Parse the message buf[0..len) into *out. Returns 0, or -EINVAL when the
 * message is refused whole (empty, holds a NUL byte, longer than
 * NOTIFY_MSG_MAX): then out is all zero. */
int notifymsg_parse(const char *buf, size_t len, struct notify_msg *out);

/* The worker whose cgroup holds a process with cgroup v2 path path (as
 * /proc/<pid>/cgroup shows it), given the run's directory run ("/a/b/
 * stallsup.12.x" with workers at run/w<index>, maybe nested below): its
 * index into *index. Returns 0, or -ENOENT when the path is not below a
 * worker's directory. Pure: compares strings only. */
int notify_cgroup_worker(const char *path, const char *run, unsigned *index);

#endif
