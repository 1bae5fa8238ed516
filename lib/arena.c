/* arena: block allocator; see arena.h. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 16384 /* payload of an ordinary block */
#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
}

void arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

/* Link a new block of at least n payload bytes in front; NULL on failure.
 * A large request gets a block of its own behind the head, so the head's
 * free space is not wasted. */
static struct arena_block *arena_grow(struct arena *a, size_t n)
{
	size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
	struct arena_block *b = malloc(sizeof(*b) + size);

	if (b == NULL)
		return NULL;
	b->used = 0;
	b->size = size;
	if (n > ARENA_BLOCK / 4 && a->head != NULL) {
		b->next = a->head->next;
		a->head->next = b;
	} else {
		b->next = a->head;
		a->head = b;
	}
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	void *p;

	if (n > SIZE_MAX / 2)
		return NULL;
	if (b == NULL || b->size - b->used < need) {
		b = arena_grow(a, need);
		if (b == NULL)
			return NULL;
	}
	p = b->data + b->used;
	b->used += need;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (p != NULL && n > 0)
		memcpy(p, s, n);
	return p;
}
