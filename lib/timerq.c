/* timerq: a binary min-heap of deadlines; see timerq.h. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>

#include "timerq.h"

/* True when entry a is due before entry b. */
static bool before(const struct timerq_entry *a, const struct timerq_entry *b)
{
	if (a->when != b->when)
		return a->when < b->when;
	if (a->kind != b->kind)
		return a->kind < b->kind;
	return a->id < b->id;
}

/* Exchange entries i and j of q. */
static void swap(struct timerq *q, size_t i, size_t j)
{
	struct timerq_entry t = q->heap[i];

	q->heap[i] = q->heap[j];
	q->heap[j] = t;
}

/* Move entry i up until its parent is earlier. */
static void sift_up(struct timerq *q, size_t i)
{
	while (i > 0 && before(&q->heap[i], &q->heap[(i - 1) / 2])) {
		swap(q, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

/* Move entry i down until both children are later. */
static void sift_down(struct timerq *q, size_t i)
{
	for (;;) {
		size_t min = i, l = 2 * i + 1, r = l + 1;

		if (l < q->n && before(&q->heap[l], &q->heap[min]))
			min = l;
		if (r < q->n && before(&q->heap[r], &q->heap[min]))
			min = r;
		if (min == i)
			return;
		swap(q, i, min);
		i = min;
	}
}

int timerq_push(struct timerq *q, uint64_t when, uint32_t kind, uint32_t id)
{
	if (q->n == q->cap) {
		size_t ncap = q->cap ? 2 * q->cap : 16;
		struct timerq_entry *p = realloc(q->heap, ncap * sizeof(*p));

		if (p == NULL)
			return -ENOMEM;
		q->heap = p;
		q->cap = ncap;
	}
	q->heap[q->n] = (struct timerq_entry){ .when = when, .kind = kind, .id = id };
	sift_up(q, q->n++);
	return 0;
}

bool timerq_peek(const struct timerq *q, struct timerq_entry *e)
{
	if (q->n == 0)
		return false;
	*e = q->heap[0];
	return true;
}

void timerq_pop(struct timerq *q)
{
	if (q->n == 0)
		return;
	q->heap[0] = q->heap[--q->n];
	sift_down(q, 0);
}

size_t timerq_len(const struct timerq *q)
{
	return q->n;
}

void timerq_free(struct timerq *q)
{
	free(q->heap);
	q->heap = NULL;
	q->n = q->cap = 0;
}
