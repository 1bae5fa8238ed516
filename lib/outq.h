/* outq: the bounded byte queue behind an output sink.
 *
 * Bytes go in at the tail and leave from the head as the writer manages to
 * write them. The queue never grows past its bound: a caller that must not
 * lose data (worker output) checks outq_room and stops reading instead;
 * a caller whose line does not fit (a report line) drops it whole. The
 * queue also knows how far into the current line the writer is, so a line
 * is never reported as written unless all of it was. */
#ifndef STALLSUP_OUTQ_H
#define STALLSUP_OUTQ_H

#include <stdbool.h>
#include <stddef.h>

struct outq {
	char *buf;       /* cap bytes; pending bytes are buf[head .. head+len) */
	size_t head, len, cap;
	size_t limit;    /* the bound on len */
	size_t partial;  /* bytes of the head line already written (not yet '\n') */
};

/* Make q empty with a bound of limit bytes (nothing is allocated until a
 * put). */
void outq_init(struct outq *q, size_t limit);
/* Release q's memory and empty it. */
void outq_free(struct outq *q);
/* Bytes that can still be put before the bound. */
size_t outq_room(const struct outq *q);
/* Append s[0..n) whole: returns 0, -ENOBUFS when it would pass the bound
 * (nothing is appended), or -ENOMEM. */
int outq_put(struct outq *q, const char *s, size_t n);
/* The pending bytes, contiguous: *p and the count (0 when empty). */
size_t outq_peek(const struct outq *q, const char **p);
/* Mark the first n pending bytes as written (n <= the pending count). */
void outq_consume(struct outq *q, size_t n);
/* Number of lines pending (whole or started), counting a final piece
 * without '\n' as one; O(pending bytes). */
size_t outq_lines(const struct outq *q);
/* Drop everything pending; returns the number of lines dropped
 * (outq_lines before). */
size_t outq_drop(struct outq *q);

#endif
