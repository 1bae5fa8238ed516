/* outq: a bounded FIFO of bytes with line accounting; see outq.h. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "outq.h"

void outq_init(struct outq *q, size_t limit)
{
	memset(q, 0, sizeof(*q));
	q->limit = limit;
}

void outq_free(struct outq *q)
{
	free(q->buf);
	outq_init(q, q->limit);
}

size_t outq_room(const struct outq *q)
{
	return q->len < q->limit ? q->limit - q->len : 0;
}

/* Make room for n more bytes at the tail: move the pending bytes to the
 * front, or grow (doubling, up to the bound). Returns 0 or -ENOMEM. */
static int make_room(struct outq *q, size_t n)
{
	size_t need = q->len + n, ncap;
	char *p;

	if (q->head + need <= q->cap)
		return 0;
	if (need <= q->cap) {
		memmove(q->buf, q->buf + q->head, q->len);
		q->head = 0;
		return 0;
	}
	for (ncap = q->cap ? q->cap : 4096; ncap < need; ncap *= 2)
		;
	if (ncap > q->limit && need <= q->limit)
		ncap = q->limit;
	p = malloc(ncap);
	if (p == NULL)
		return -ENOMEM;
	if (q->len > 0)
		memcpy(p, q->buf + q->head, q->len);
	free(q->buf);
	q->buf = p;
	q->cap = ncap;
	q->head = 0;
	return 0;
}

int outq_put(struct outq *q, const char *s, size_t n)
{
	int r;

	if (n > outq_room(q))
		return -ENOBUFS;
	if (n == 0)
		return 0;
	if ((r = make_room(q, n)) < 0)
		return r;
	memcpy(q->buf + q->head + q->len, s, n);
	q->len += n;
	return 0;
}

size_t outq_peek(const struct outq *q, const char **p)
{
	*p = q->buf ? q->buf + q->head : NULL;
	return q->len;
}

void outq_consume(struct outq *q, size_t n)
{
	const char *start = q->buf + q->head, *nl;

	if (n > q->len)
		n = q->len;
	nl = n ? memrchr(start, '\n', n) : NULL;
	q->partial = nl ? (size_t)(start + n - nl - 1) : q->partial + n;
	q->head += n;
	q->len -= n;
	if (q->len == 0)
		q->head = 0;
}

size_t outq_lines(const struct outq *q)
{
	const char *p = q->buf + q->head, *end = p + q->len;
	size_t lines = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		lines++;
		p = nl ? nl + 1 : end;
	}
	return lines;
}

size_t outq_drop(struct outq *q)
{
	size_t lines = q->len ? outq_lines(q) : 0;

	q->head = q->len = 0;
	q->partial = 0;
	return lines;
}
