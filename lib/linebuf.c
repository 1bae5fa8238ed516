/* linebuf: a bounded line splitter with a prefix per line. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "linebuf.h"

/* Make lb empty with room for cap pending bytes. */
int linebuf_init(struct linebuf *lb, size_t cap)
{
	lb->len = 0;
	lb->cap = cap;
	lb->buf = NULL;
	if (cap == 0)
		return -EINVAL;
	lb->buf = malloc(cap);
	return lb->buf == NULL ? -ENOMEM : 0;
}

/* Free lb's buffer. */
void linebuf_free(struct linebuf *lb)
{
	free(lb->buf);
	lb->buf = NULL;
	lb->len = lb->cap = 0;
}

/* Append prefix, the pending bytes, then tail[0..n) and '\n' to out; empty lb. */
static void emit(struct linebuf *lb, const char *tail, size_t n,
		 const char *prefix, struct strbuf *out)
{
	sb_puts(out, prefix);
	if (lb->len > 0)
		sb_add(out, lb->buf, lb->len);
	if (n > 0)
		sb_add(out, tail, n);
	sb_putc(out, '\n');
	lb->len = 0;
}

/* Feed bytes; emit whole lines and full pieces (see linebuf.h). */
int linebuf_feed(struct linebuf *lb, const char *data, size_t n,
		 const char *prefix, struct strbuf *out)
{
	while (n > 0) {
		const char *nl = memchr(data, '\n', n);
		size_t room = lb->cap - lb->len;
		size_t take = nl ? (size_t)(nl - data) : n;

		if (nl && take <= room) {
			emit(lb, data, take, prefix, out);
			data += take + 1;
			n -= take + 1;
		} else if (take <= room) {
			/* no newline yet: keep it, even if that fills lb */
			memcpy(lb->buf + lb->len, data, take);
			lb->len += take;
			n -= take;
		} else {
			/* the line does not fit: emit one full piece */
			emit(lb, data, room, prefix, out);
			data += room;
			n -= room;
		}
	}
	return out->err;
}

/* Emit the pending partial line, if any. */
int linebuf_flush(struct linebuf *lb, const char *prefix, struct strbuf *out)
{
	if (lb->len > 0)
		emit(lb, NULL, 0, prefix, out);
	return out->err;
}
