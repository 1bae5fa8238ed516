/* Tests for lib/timerq.c. */
#include <config.h>

#include <stdlib.h>

#include "basic.h"
#include "timerq.h"

/* Pop everything; true when the times come out in order and n of them. */
static int drains_in_order(struct timerq *q, size_t n)
{
	struct timerq_entry e, prev = { 0, 0, 0 };
	size_t got = 0;

	while (timerq_peek(q, &e)) {
		if (got > 0 && e.when < prev.when)
			return 0;
		prev = e;
		timerq_pop(q);
		got++;
	}
	return got == n;
}

int main(void)
{
	struct timerq q = TIMERQ_INIT;
	struct timerq_entry e;

	plan(12);
	ok(!timerq_peek(&q, &e), "an empty queue has no top");
	timerq_pop(&q);
	is_int(0, (long long)timerq_len(&q), "popping an empty queue is a no-op");

	timerq_push(&q, 300, 1, 7);
	timerq_push(&q, 100, 2, 3);
	timerq_push(&q, 200, 3, 0);
	ok(timerq_peek(&q, &e) && e.when == 100 && e.kind == 2 && e.id == 3,
	   "the earliest is on top, with its kind and id");
	timerq_pop(&q);
	ok(timerq_peek(&q, &e) && e.when == 200, "then the next");
	timerq_free(&q);

	/* Deadlines of several kinds for one owner all stay queued. */
	timerq_push(&q, 500, 1, 4);
	timerq_push(&q, 900, 2, 4);
	timerq_push(&q, 700, 3, 4);
	is_int(3, (long long)timerq_len(&q), "three kinds for one owner: three entries");
	ok(timerq_peek(&q, &e) && e.when == 500 && e.kind == 1, "the earliest of them fires first");
	timerq_free(&q);

	/* Ties: by kind, then id. */
	timerq_push(&q, 50, 2, 1);
	timerq_push(&q, 50, 1, 9);
	timerq_push(&q, 50, 1, 2);
	ok(timerq_peek(&q, &e) && e.kind == 1 && e.id == 2, "ties: lowest kind, then lowest id");
	timerq_free(&q);

	/* The saturated "never" stays last. */
	timerq_push(&q, UINT64_MAX, 1, 0);
	timerq_push(&q, 10, 1, 1);
	ok(timerq_peek(&q, &e) && e.when == 10, "UINT64_MAX sorts last");
	timerq_free(&q);

	/* Random order in, sorted order out. */
	srand(42);
	for (int i = 0; i < 5000; i++)
		timerq_push(&q, (uint64_t)rand() % 1000, (uint32_t)(rand() % 4), (uint32_t)i);
	is_int(5000, (long long)timerq_len(&q), "5000 entries queued");
	ok(drains_in_order(&q, 5000), "5000 random entries come out in time order");
	for (int i = 0; i < 100; i++) {
		timerq_push(&q, (uint64_t)(100 - i), 0, 0);
		if (i % 3 == 0)
			timerq_pop(&q);
	}
	ok(drains_in_order(&q, 66), "interleaved pushes and pops stay ordered");
	timerq_free(&q);
	ok(timerq_len(&q) == 0 && q.heap == NULL, "free empties the queue");
	return 0;
}
