/* linebuf: split one worker's output stream into whole, prefixed lines.
 *
 * Bytes go in as they arrive from a pipe; what comes out is only whole lines,
 * each written as prefix + line + '\n', so output of several workers can be
 * interleaved line by line without ever mixing inside a line. A partial line
 * waits in a bounded buffer; a line longer than the buffer is emitted in
 * pieces of the buffer's size, each piece as its own prefixed line. */
#ifndef STALLSUP_LINEBUF_H
#define STALLSUP_LINEBUF_H

#include <stddef.h>

#include "strbuf.h"

struct linebuf {
	char *buf;   /* the pending partial line */
	size_t len;  /* bytes pending */
	size_t cap;  /* the bound: a longer line is cut into pieces of cap bytes */
};

/* Make lb empty with room for cap bytes of partial line (cap >= 1).
 * Returns 0, -EINVAL or -ENOMEM. */
int linebuf_init(struct linebuf *lb, size_t cap);
/* Free lb's buffer. */
void linebuf_free(struct linebuf *lb);
/* Feed data[0..n): append every completed line (and every full piece of an
 * over-long line) to out as prefix + text + '\n'; keep the rest pending.
 * Returns 0 or -ENOMEM (out's error). */
int linebuf_feed(struct linebuf *lb, const char *data, size_t n,
		 const char *prefix, struct strbuf *out);
/* Emit the pending partial line, if any, as prefix + text + '\n' (the stream
 * ended without a final newline). Returns 0 or -ENOMEM. */
int linebuf_flush(struct linebuf *lb, const char *prefix, struct strbuf *out);

#endif
