/* timerq: a min-heap of absolute deadlines, the one timer queue of the loop.
 *
 * Each entry is (when, kind, id): a CLOCK_MONOTONIC time in ns and what is
 * due then (the caller's enum and, say, a worker index). Entries are never
 * removed early: the owner of a deadline keeps the authoritative time in its
 * own state and a popped entry whose time no longer matches is stale and
 * ignored (lazy cancellation). So deadlines of different kinds never
 * overwrite one another, and pushing is the only way to schedule. */
#ifndef STALLSUP_TIMERQ_H
#define STALLSUP_TIMERQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct timerq_entry {
	uint64_t when;   /* CLOCK_MONOTONIC ns */
	uint32_t kind;   /* the caller's kind of deadline */
	uint32_t id;     /* the caller's owner id (worker index, or 0) */
};

struct timerq {
	struct timerq_entry *heap;
	size_t n, cap;
};

#define TIMERQ_INIT { NULL, 0, 0 }

/* Add a deadline; the earliest is always on top (ties by kind, then id).
 * Returns 0 or -ENOMEM. */
int timerq_push(struct timerq *q, uint64_t when, uint32_t kind, uint32_t id);
/* Copy the earliest entry into *e; false when the queue is empty. */
bool timerq_peek(const struct timerq *q, struct timerq_entry *e);
/* Remove the earliest entry (no-op when empty). */
void timerq_pop(struct timerq *q);
/* Number of entries queued (stale ones included). */
size_t timerq_len(const struct timerq *q);
/* Free the queue's memory and empty it. */
void timerq_free(struct timerq *q);

#endif
