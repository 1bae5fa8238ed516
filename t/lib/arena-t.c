/* Tests for lib/arena.c. */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "basic.h"

int main(void)
{
	struct arena a = ARENA_INIT;
	char *s, *big, *after;
	unsigned char *z;
	size_t i;
	int zero = 1;

	plan(8);
	s = arena_strndup(&a, "symbol+junk", 6);
	is_str("symbol", s, "strndup copies n bytes and terminates");
	z = arena_alloc(&a, 100);
	for (i = 0; i < 100; i++)
		zero &= z[i] == 0;
	ok(zero, "allocations are zeroed");
	ok(((uintptr_t)z & 15) == 0, "allocations are 16-byte aligned");
	big = arena_alloc(&a, 100000);
	ok(big != NULL, "a large allocation gets its own block");
	memset(big, 'x', 100000);
	after = arena_strndup(&a, "after", 5);
	is_str("after", after, "small allocations continue after a large one");
	is_str("symbol", s, "earlier strings stay valid");
	ok(arena_alloc(&a, SIZE_MAX - 8) == NULL, "an absurd size fails");
	ok(arena_strndup(&a, "", 0) != NULL && *arena_strndup(&a, "", 0) == '\0',
	   "an empty string is an empty string");
	arena_free(&a);
	arena_free(&a);
	return 0;
}
