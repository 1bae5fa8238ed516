/* policy: the --on-stall policy table (class x policy -> action); see stall.h.
 *
 * The whole policy is the table below, one cell per stall class and policy,
 * so it can be reviewed and tested in one place (as s6-supervise does). */
#include <config.h>

#include "stall.h"

#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <string.h>

static const char *const policy_names[STALL_POLICY_COUNT] = {
	[POLICY_LOG] = "log",
	[POLICY_ABORT] = "abort",
	[POLICY_KILL] = "kill",
};

/* Fields: name, first_signal, cont_after, kill_tree_after, kill_tree_now,
 * counts_as_failure. */
#define LOG_ROW        { "log", 0, false, false, false, false }
#define ABORT_ROW      { "abort", SIGABRT, false, true, false, true }
#define ABORT_CONT_ROW { "abort", SIGABRT, true, true, false, true }
#define KILL_ROW       { "kill", SIGKILL, false, false, true, true }

/* log: workers carry on. abort: SIGABRT to every process holding a stalled
 * task (a core), then SIGKILL the tree after --kill-after; a stopped process
 * also gets SIGCONT so it takes the SIGABRT. kill: SIGKILL the tree now. */
static const struct stall_action policy_table[STALL_CLASS_COUNT][STALL_POLICY_COUNT] = {
	[STALL_STARVED] = {
		[POLICY_LOG] = LOG_ROW, [POLICY_ABORT] = ABORT_ROW, [POLICY_KILL] = KILL_ROW,
	},
	[STALL_UNINTERRUPTIBLE] = {
		[POLICY_LOG] = LOG_ROW, [POLICY_ABORT] = ABORT_ROW, [POLICY_KILL] = KILL_ROW,
	},
	[STALL_STOPPED] = {
		[POLICY_LOG] = LOG_ROW, [POLICY_ABORT] = ABORT_CONT_ROW, [POLICY_KILL] = KILL_ROW,
	},
	[STALL_SLEEPING] = {
		[POLICY_LOG] = LOG_ROW, [POLICY_ABORT] = ABORT_ROW, [POLICY_KILL] = KILL_ROW,
	},
	/* the triggers: the event's processes are the worker's leader
	 * (heartbeat, silent) or the spinning task's process */
	[STALL_HEARTBEAT] = {
		[POLICY_LOG] = LOG_ROW, [POLICY_ABORT] = ABORT_ROW, [POLICY_KILL] = KILL_ROW,
	},
	[STALL_SILENT] = {
		[POLICY_LOG] = LOG_ROW, [POLICY_ABORT] = ABORT_ROW, [POLICY_KILL] = KILL_ROW,
	},
	[STALL_SPINNING] = {
		[POLICY_LOG] = LOG_ROW, [POLICY_ABORT] = ABORT_ROW, [POLICY_KILL] = KILL_ROW,
	},
};

/* Name of policy p ("log", "abort", "kill"; "unknown" when out of range). */
const char *stall_policy_name(enum stall_policy p)
{
	if ((unsigned)p >= STALL_POLICY_COUNT)
		return "unknown";
	return policy_names[p];
}

/* Parse an exact policy name into *out; 0 or -EINVAL (out untouched). */
int stall_policy_parse(const char *name, enum stall_policy *out)
{
	if (name == NULL)
		return -EINVAL;
	for (unsigned p = 0; p < STALL_POLICY_COUNT; p++) {
		if (strcmp(name, policy_names[p]) == 0) {
			*out = (enum stall_policy)p;
			return 0;
		}
	}
	return -EINVAL;
}

/* Class number of the name s[0..n) ("all": STALL_CLASS_COUNT), or -1. */
static int class_of(const char *s, size_t n)
{
	if (n == 3 && memcmp(s, "all", 3) == 0)
		return STALL_CLASS_COUNT;
	for (int c = 0; c < STALL_CLASS_COUNT; c++) {
		const char *name = stall_class_name((enum stall_class)c);

		if (strlen(name) == n && memcmp(s, name, n) == 0)
			return c;
	}
	return -1;
}

/* Parse one item ("kill" or "sleeping:abort") of s[0..n) into *cls (-1 for
 * the default, STALL_CLASS_COUNT for all) and *pol; 0 or -EINVAL. */
static int parse_item(const char *s, size_t n, int *cls, enum stall_policy *pol)
{
	const char *colon = memchr(s, ':', n);
	char name[16];
	size_t pn;

	*cls = -1;
	if (colon) {
		*cls = class_of(s, (size_t)(colon - s));
		if (*cls < 0)
			return -EINVAL;
		n -= (size_t)(colon + 1 - s);
		s = colon + 1;
	}
	pn = n < sizeof(name) ? n : sizeof(name) - 1;
	memcpy(name, s, pn);
	name[pn] = '\0';
	return pn == n ? stall_policy_parse(name, pol) : -EINVAL;
}

int stall_policy_parse_list(const char *list, enum stall_policy out[STALL_CLASS_COUNT])
{
	enum stall_policy def = POLICY_LOG, per[STALL_CLASS_COUNT], pol;
	bool named[STALL_CLASS_COUNT] = { false };
	const char *p = list;
	int cls;

	if (list == NULL || *list == '\0')
		return -EINVAL;
	for (;;) {
		size_t n = strcspn(p, ",");

		if (n == 0 || parse_item(p, n, &cls, &pol) < 0)
			return -EINVAL;
		for (int c = 0; c < STALL_CLASS_COUNT; c++) {
			if (cls == c || cls == STALL_CLASS_COUNT) {
				per[c] = pol;
				named[c] = true;
			}
		}
		if (cls < 0)
			def = pol;
		if (!p[n])
			break;
		p += n + 1;
	}
	for (int c = 0; c < STALL_CLASS_COUNT; c++)
		out[c] = named[c] ? per[c] : def;
	return 0;
}

/* Out-of-range arguments (a caller bug) get the harmless log action. */
const struct stall_action *stall_policy_action(enum stall_class c, enum stall_policy p)
{
	if ((unsigned)c >= STALL_CLASS_COUNT || (unsigned)p >= STALL_POLICY_COUNT)
		return &policy_table[STALL_SLEEPING][POLICY_LOG];
	return &policy_table[c][p];
}
