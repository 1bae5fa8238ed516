/* lastlines: the last lines of a worker's output; see lastlines.h. */
#define _GNU_SOURCE
#include <config.h>

#include "lastlines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS (TRIGGER_LINES_MAX + 2)

void lastlines_init(struct lastlines *l, size_t keep)
{
	memset(l, 0, sizeof(*l));
	l->keep = keep;
}

void lastlines_free(struct lastlines *l)
{
	free(l->mem);
	lastlines_init(l, l->keep);
}

/* The bytes of ring slot i, or of partial slot MAX + stream index. */
static char *slot_mem(const struct lastlines *l, size_t i)
{
	return l->mem + i * l->keep;
}

/* Append text[0..n) to the partial line of stream index s. */
static void part_append(struct lastlines *l, int s, const char *text, size_t n)
{
	struct lastlines_slot *p = &l->part[s];
	size_t room = l->keep - p->len, take = n < room ? n : room;

	memcpy(slot_mem(l, TRIGGER_LINES_MAX + (size_t)s) + p->len, text, take);
	p->len += (uint32_t)take;
	p->cut |= take < n;
}

/* Push a whole line text[0..n) (cut: already cut) of stream index s into
 * the ring, dropping the oldest when it is full. */
static void push(struct lastlines *l, int s, const char *text, size_t n, bool cut)
{
	unsigned at = (l->head + l->n) % TRIGGER_LINES_MAX;
	size_t take = n < l->keep ? n : l->keep;

	if (l->n == TRIGGER_LINES_MAX)
		l->head = (l->head + 1) % TRIGGER_LINES_MAX;
	else
		l->n++;
	memmove(slot_mem(l, at), text, take);
	l->line[at] = (struct lastlines_slot){ .len = (uint32_t)take, .cut = cut || take < n,
					       .stream = (unsigned char)(s + 1) };
}

/* Whole lines end at nl[k-1] < ... < nl[0] in data; before nl[k-1], more
 * newlines exist when earlier is not NULL (its last one): push them, the
 * first completing the stream's partial line unless that line is older
 * than the last TRIGGER_LINES_MAX. */
static void push_lines(struct lastlines *l, int s, const char *data, const char **nl,
		       unsigned k, const char *earlier)
{
	struct lastlines_slot *p = &l->part[s];

	for (unsigned i = k; i-- > 0;) {
		const char *start = i + 1 < k ? nl[i + 1] + 1 : earlier ? earlier + 1 : data;

		if (i == k - 1 && earlier == NULL) {
			part_append(l, s, start, (size_t)(nl[i] - start));
			push(l, s, slot_mem(l, TRIGGER_LINES_MAX + (size_t)s), p->len, p->cut);
		} else {
			push(l, s, start, (size_t)(nl[i] - start), false);
		}
	}
	*p = (struct lastlines_slot){ 0 };
}

int lastlines_feed(struct lastlines *l, int stream, const char *data, size_t n)
{
	const char *nl[TRIGGER_LINES_MAX], *q;
	unsigned k = 0;
	int s = stream - 1;

	if (s != 0 && s != 1)
		return -EINVAL;
	if (l->err || l->keep == 0 || n == 0)
		return l->err;
	if (l->mem == NULL && (l->mem = malloc(SLOTS * l->keep)) == NULL)
		return l->err = -ENOMEM;
	q = memrchr(data, '\n', n);
	while (q != NULL && k < TRIGGER_LINES_MAX) {
		nl[k++] = q;
		q = q > data ? memrchr(data, '\n', (size_t)(q - data)) : NULL;
	}
	if (k > 0) {
		push_lines(l, s, data, nl, k, q);
		part_append(l, s, nl[0] + 1, (size_t)(data + n - nl[0] - 1));
	} else {
		part_append(l, s, data, n);
	}
	return 0;
}

/* Copy one slot's line (bytes at mem) into *out; 0 or -ENOMEM. */
static int copy_one(const struct lastlines_slot *sl, const char *mem, bool partial,
		    struct stall_line *out)
{
	out->text = malloc((size_t)sl->len + 1);
	if (out->text == NULL)
		return -ENOMEM;
	memcpy(out->text, mem, sl->len);
	out->text[sl->len] = '\0';
	out->len = sl->len;
	out->stream = sl->stream;
	out->partial = partial;
	out->cut = sl->cut;
	return 0;
}

int lastlines_copy(const struct lastlines *l, struct stall_line **out, size_t *n)
{
	unsigned nparts = 0, skip, k = 0;
	struct stall_line *v;

	*out = NULL;
	*n = 0;
	if (l->mem == NULL)
		return 0;
	for (int s = 0; s < 2; s++)
		nparts += l->part[s].len > 0 || l->part[s].cut;
	if (l->n + nparts == 0)
		return 0;
	skip = l->n + nparts > TRIGGER_LINES_MAX ? l->n + nparts - TRIGGER_LINES_MAX : 0;
	v = calloc(l->n + nparts - skip, sizeof(*v));
	if (v == NULL)
		return -ENOMEM;
	for (unsigned i = skip; i < l->n; i++) {
		unsigned at = (l->head + i) % TRIGGER_LINES_MAX;

		if (copy_one(&l->line[at], slot_mem(l, at), false, &v[k++]) < 0)
			goto fail;
	}
	for (int s = 0; s < 2; s++) {
		struct lastlines_slot sl = l->part[s];

		sl.stream = (unsigned char)(s + 1);
		if ((sl.len > 0 || sl.cut) &&
		    copy_one(&sl, slot_mem(l, TRIGGER_LINES_MAX + (size_t)s), true, &v[k++]) < 0)
			goto fail;
	}
	*out = v;
	*n = k;
	return 0;
fail:
	stall_lines_free(v, k);
	return -ENOMEM;
}
