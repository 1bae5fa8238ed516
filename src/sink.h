/* sink: one destination of stallsup's own output, written without ever
 * blocking the loop.
 *
 * Everything stallsup writes (tagged worker output, the human reports and
 * messages on standard error, the JSON lines of --report) goes through a
 * sink: a bounded queue (lib/outq.h) in front of a descriptor that is
 * written only when it can take bytes. How a descriptor is made
 * non-blocking without touching the file description the workers share:
 *   pipe, FIFO, terminal,  reopened through /proc/self/fd/N with O_NONBLOCK:
 *   character device       a description of our own; the workers' stays as
 *                          it was. Written on EPOLLOUT.
 *   socket                 send(MSG_DONTWAIT | MSG_NOSIGNAL) on a dup.
 *   regular file, block    written at once (such writes do not wait for a
 *   device                 reader); a line cut short by ENOSPC is truncated
 *                          away so the file holds whole lines only.
 *   FIFO without a reader  (a --report path) opened again every 100 ms by
 *                          the loop; lines wait in the queue meanwhile.
 *   anything the reopen    written only after poll() says it can take
 *   refuses                PIPE_BUF bytes, PIPE_BUF at a time.
 * A line is queued whole or not at all: one that does not fit, or that can
 * never be written (EPIPE, EIO, ENOSPC, ...), is counted as lost, and the
 * first failure is passed to the sink's on_fail hook once, with its real
 * errno. */
#ifndef STALLSUP_SINK_H
#define STALLSUP_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "outq.h"

enum sink_mode {
	SINK_FILE,     /* regular file or block device: direct writes */
	SINK_STREAM,   /* our own non-blocking description, EPOLLOUT-driven */
	SINK_SOCKET,   /* send(MSG_DONTWAIT) */
	SINK_POLLED,   /* shared blocking description: poll, then PIPE_BUF at most */
	SINK_WAITING,  /* a FIFO with no reader yet: reopened by the loop */
	SINK_DEAD,     /* failed for good, or never opened */
};

struct sink;
/* Called once, at the sink's first failure, with -errno. */
typedef void (*sink_fail_fn)(struct sink *s, int err);

struct sink {
	char name[64];         /* for messages: "standard error", "report file" */
	enum sink_mode mode;
	int fd;                /* what we write to, or -1 */
	int poll_fd;           /* what epoll watches for EPOLLOUT (fd or a dup), or -1 */
	char *path;            /* a --report path, kept to reopen a waiting FIFO */
	struct outq q;
	int epfd;              /* the loop's epoll set */
	uint64_t tag;          /* the loop's tag for this sink's EPOLLOUT */
	bool armed;            /* EPOLLOUT is registered */
	uint64_t lost;         /* lines lost: did not fit, or could not be written */
	int err;               /* first failure (-errno), 0 while none */
	sink_fail_fn on_fail;  /* told of the first failure, or NULL */
	uint64_t written;      /* bytes written, for progress checks */
};

/* Set s up around descriptor fd (0, 1 or 2 of ours: never changed, never
 * closed), queuing at most limit bytes; epfd and tag are the loop's. A
 * descriptor that is not open makes a dead sink. Returns 0 or -errno. */
int sink_open_fd(struct sink *s, const char *name, int fd, size_t limit, int epfd,
		 uint64_t tag);
/* Set s up around a path opened for appending (created 0644 if missing,
 * symbolic links followed); a FIFO with no reader yet makes a waiting sink.
 * Returns 0, or -errno when the path cannot be opened at all. */
int sink_open_path(struct sink *s, const char *name, const char *path, size_t limit,
		   int epfd, uint64_t tag);
/* Queue line(s) text[0..n) whole and try to write; a piece that does not
 * fit is lost (counted by its lines). Returns 0, -ENOBUFS (lost: no room)
 * or the sink's failure (-errno, lost). */
int sink_put(struct sink *s, const char *text, size_t n);
/* Bytes s can still queue. */
size_t sink_room(const struct sink *s);
/* True when bytes wait to be written (a waiting FIFO's queue included). */
bool sink_pending(const struct sink *s);
/* Write what can be written now without blocking; the loop calls it on
 * EPOLLOUT. Returns the bytes written. */
size_t sink_flush(struct sink *s);
/* A waiting FIFO: try to open it again (the loop calls it every 100 ms).
 * Returns true when it is now open. */
bool sink_retry(struct sink *s);
/* Give up on what is still queued (the run is over and the reader took
 * nothing for too long): count it as lost. */
void sink_abandon(struct sink *s);
/* Release s (closes what it opened, never 0, 1 or 2). */
void sink_close(struct sink *s);

#endif
