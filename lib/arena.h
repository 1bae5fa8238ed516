/* arena: an allocator for many small objects freed all at once.
 *
 * Memory comes in blocks that are never moved, so pointers into an arena stay
 * valid until arena_free. Used for the strings and frames of a decoded
 * backtrace (lib/backtrace.h). Allocations are zeroed and 16-byte aligned. */
#ifndef STALLSUP_ARENA_H
#define STALLSUP_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* newest block first, NULL when empty */
};

#define ARENA_INIT                                                                                 \
	{                                                                                          \
		NULL                                                                               \
	}

/* Make a empty, with nothing allocated. */
void arena_init(struct arena *a);
/* Release every block of a and make it empty. */
void arena_free(struct arena *a);
/* Return n zeroed bytes (n may be 0) valid until arena_free, or NULL when
 * out of memory or n is absurdly large. */
void *arena_alloc(struct arena *a, size_t n);
/* Copy s[0..n) into a with a terminating NUL; NULL when out of memory. */
char *arena_strndup(struct arena *a, const char *s, size_t n);

#endif
