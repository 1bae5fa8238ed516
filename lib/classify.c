/* classify: stall class names, --stall-on lists and the class of a stall; see stall.h. */
#include "stall.h"

#include <errno.h>
#include <string.h>

static const char *const class_names[STALL_CLASS_COUNT] = {
	[STALL_STARVED] = "starved",
	[STALL_UNINTERRUPTIBLE] = "uninterruptible",
	[STALL_STOPPED] = "stopped",
	[STALL_SLEEPING] = "sleeping",
};

const char *stall_class_name(enum stall_class c)
{
	if ((unsigned)c >= STALL_CLASS_COUNT)
		return "unknown";
	return class_names[c];
}

/* Bit of the class named s[0..n), or 0 when no class has that name. */
static unsigned class_bit(const char *s, size_t n)
{
	if (n == 3 && memcmp(s, "all", 3) == 0)
		return STALL_CLASS_ALL;
	for (unsigned c = 0; c < STALL_CLASS_COUNT; c++)
		if (strlen(class_names[c]) == n && memcmp(s, class_names[c], n) == 0)
			return 1u << c;
	return 0;
}

int stall_class_parse_list(const char *list, unsigned *mask)
{
	unsigned m = 0;
	const char *p = list;

	if (!list || !*list)
		return -EINVAL;
	if (strcmp(list, "none") == 0) {
		*mask = 0;
		return 0;
	}
	for (;;) {
		size_t n = strcspn(p, ",");
		unsigned bit = class_bit(p, n);

		if (!bit)
			return -EINVAL;
		m |= bit;
		if (!p[n])
			break;
		p += n + 1;
	}
	*mask = m;
	return 0;
}

/* True when states[0..n) holds the letter c. */
static bool has_state(const char *states, size_t n, char c)
{
	return n > 0 && memchr(states, c, n) != NULL;
}

enum stall_class stall_classify(const char *states, size_t n)
{
	size_t stopped = 0;

	if (has_state(states, n, 'R'))
		return STALL_STARVED;
	if (has_state(states, n, 'D'))
		return STALL_UNINTERRUPTIBLE;
	for (size_t i = 0; i < n; i++)
		if (states[i] == 'T' || states[i] == 't')
			stopped++;
	if (n > 0 && stopped == n)
		return STALL_STOPPED;
	return STALL_SLEEPING;
}

size_t stall_name_task(const char *states, size_t n, size_t leader)
{
	const char *p;

	if (n == 0)
		return 0;
	p = memchr(states, 'R', n);
	if (!p)
		p = memchr(states, 'D', n);
	if (p)
		return (size_t)(p - states);
	return leader < n ? leader : 0;
}
