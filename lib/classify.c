/* classify: stall class names, --stall-on lists and the class of a stall; see stall.h. */
#include "stall.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *const class_names[STALL_CLASS_COUNT] = {
	[STALL_STARVED] = "starved",
	[STALL_UNINTERRUPTIBLE] = "uninterruptible",
	[STALL_STOPPED] = "stopped",
	[STALL_SLEEPING] = "sleeping",
	[STALL_HEARTBEAT] = "heartbeat",
	[STALL_SILENT] = "silent",
	[STALL_SPINNING] = "spinning",
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
	if (n == 7 && memcmp(s, "untimed", 7) == 0)
		return STALL_MASK_UNTIMED;
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

/* Name prefixes (comm, at most 15 bytes) of managed runtimes' service
 * threads: OpenJDK's (HotSpot names its threads). */
static const char *const service_prefixes[] = {
	"Common-Cleaner", "Cleaner-", "Sweeper thread", "Reference Handl", "Finalizer",
	"Signal Dispatch", "Service Thread", "Notification Th", "Attach Listener",
	"C1 CompilerThre", "C2 CompilerThre", "VM Thread", "VM Periodic Tas",
	"Monitor Deflati", "G1 ", "GC Thread#", "ForkJoinPool.co", "process reaper",
	"JFR ",
};

bool stall_service_thread(const char *comm)
{
	for (size_t i = 0; i < sizeof(service_prefixes) / sizeof(service_prefixes[0]); i++)
		if (strncmp(comm, service_prefixes[i], strlen(service_prefixes[i])) == 0)
			return true;
	return false;
}

/* True when s sleeps and is not housekeeping. */
static bool sleeper_counts(const struct stall_sleeper *s)
{
	return s->wait != WAIT_NONE && !s->housekeeping;
}

/* Index of the thread of s[0..n) that thread i joins, or SIZE_MAX. The
 * joined thread is followed even when it is housekeeping or not asleep: the
 * worker waits on it, whatever it does (a Java main thread in Thread.sleep
 * that woke once is set aside as housekeeping, yet the launcher joins it). */
static size_t joined(const struct stall_sleeper *s, size_t n, size_t i)
{
	if (s[i].joins <= 0 || s[i].joins == s[i].tid || s[i].wait == WAIT_NONE)
		return SIZE_MAX;
	for (size_t j = 0; j < n; j++)
		if (s[j].tid == s[i].joins && s[j].pid == s[i].pid)
			return j;
	return SIZE_MAX;
}

/* Mark in root[] the threads main thread i waits on: itself, or the end of
 * its chain of joins (at most n hops). */
static void mark_root(const struct stall_sleeper *s, size_t n, size_t i, bool *root)
{
	for (size_t hops = 0; hops < n; hops++) {
		size_t j = joined(s, n, i);

		if (j == SIZE_MAX)
			break;
		i = j;
	}
	root[i] = true;
}

/* Fold the wait of s into *timed, *untimed, *unknown. */
static void tally(const struct stall_sleeper *s, bool *timed, bool *untimed, bool *unknown)
{
	if (s->wait == WAIT_TIMED)
		*timed = true;
	else if (s->wait == WAIT_UNTIMED)
		*untimed = true;
	else
		*unknown = true;
}

enum wait_kind stall_wait_of(const struct stall_sleeper *s, size_t n)
{
	bool *root = calloc(n ? n : 1, sizeof(*root));
	bool any_root = false, timed = false, untimed = false, unknown = false;
	unsigned horizon = 0;

	if (root == NULL)
		return WAIT_UNKNOWN;
	for (size_t i = 0; i < n; i++) {
		if (s[i].wait == WAIT_NONE && !s[i].housekeeping) {
			free(root);
			return WAIT_NONE; /* a thread can run: no wait holds the worker */
		}
	}
	for (size_t i = 0; i < n; i++)
		if (s[i].tid == s[i].pid && sleeper_counts(&s[i]) && !s[i].reaping)
			mark_root(s, n, i, root);
	for (size_t i = 0; i < n; i++) {
		if (!root[i])
			continue;
		if (s[i].wait == WAIT_NONE) {
			free(root);
			return WAIT_NONE; /* the thread waited on runs */
		}
		any_root = true;
		if (s[i].still > horizon)
			horizon = s[i].still;
	}
	for (size_t i = 0; i < n; i++) {
		if (!root[i] && (!sleeper_counts(&s[i]) || s[i].service))
			continue;
		if (!any_root || root[i] || (s[i].wait == WAIT_TIMED && s[i].still <= horizon + 1))
			tally(&s[i], &timed, &untimed, &unknown);
	}
	free(root);
	if (timed)
		return WAIT_TIMED;
	return unknown ? WAIT_UNKNOWN : untimed ? WAIT_UNTIMED : WAIT_NONE;
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
