/* outtail: a bounded tail of a stream; see outtail.h. */
#include "outtail.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Make t empty (see outtail.h). */
void outtail_init(struct outtail *t, size_t cap)
{
	memset(t, 0, sizeof(*t));
	t->cap = cap;
}

/* Release t (see outtail.h). */
void outtail_free(struct outtail *t)
{
	free(t->buf);
	outtail_init(t, t->cap);
}

/* Copy data[0..n) (n <= cap) to the ring at index at, wrapping around. */
static void ring_put(struct outtail *t, size_t at, const char *data, size_t n)
{
	size_t first = n < t->cap - at ? n : t->cap - at;

	memcpy(t->buf + at, data, first);
	memcpy(t->buf, data + first, n - first);
}

/* Keep the last bytes of data (see outtail.h). */
int outtail_feed(struct outtail *t, const char *data, size_t n)
{
	size_t over;

	if (n == 0 || t->cap == 0 || t->err)
		return t->err;
	if (!t->buf && !(t->buf = malloc(t->cap))) {
		t->err = -ENOMEM;
		return t->err;
	}
	if (n >= t->cap) {
		t->dropped += t->len + (n - t->cap);
		memcpy(t->buf, data + (n - t->cap), t->cap);
		t->head = 0;
		t->len = t->cap;
		return 0;
	}
	ring_put(t, (t->head + t->len) % t->cap, data, n);
	over = t->len + n > t->cap ? t->len + n - t->cap : 0;
	t->head = (t->head + over) % t->cap;
	t->dropped += over;
	t->len += n - over;
	return 0;
}

/* Return the byte at position i (0 = the oldest held) of t. */
static char ring_at(const struct outtail *t, size_t i)
{
	return t->buf[(t->head + i) % t->cap];
}

/* Return where showing starts: 0, or after the first newline when bytes
 * fell out (the first held line is cut); 0 if no newline is held. */
static size_t first_whole_line(const struct outtail *t)
{
	if (t->dropped == 0)
		return 0;
	for (size_t i = 0; i < t->len; i++)
		if (ring_at(t, i) == '\n')
			return i + 1;
	return 0;
}

/* Append what t holds (see outtail.h). */
size_t outtail_render(const struct outtail *t, struct strbuf *out)
{
	size_t from = first_whole_line(t), n = t->len - from;
	size_t at = (t->head + from) % (t->cap ? t->cap : 1);
	size_t first = n < t->cap - at ? n : t->cap - at;

	if (t->dropped > 0)
		sb_printf(out, "[%" PRIu64 " earlier bytes not kept]\n", t->dropped + from);
	if (n == 0)
		return 0;
	sb_add(out, t->buf + at, first);
	sb_add(out, t->buf, n - first);
	return n;
}
