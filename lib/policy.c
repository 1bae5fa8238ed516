/* policy: the --on-stall policy table (class x policy -> action); see stall.h.
 *
 * The whole policy is the table below, one cell per stall class and policy,
 * so it can be reviewed and tested in one place (as s6-supervise does). */
#include <config.h>

#include "stall.h"

#include <errno.h>
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

/* Out-of-range arguments (a caller bug) get the harmless log action. */
const struct stall_action *stall_policy_action(enum stall_class c, enum stall_policy p)
{
	if ((unsigned)c >= STALL_CLASS_COUNT || (unsigned)p >= STALL_POLICY_COUNT)
		return &policy_table[STALL_SLEEPING][POLICY_LOG];
	return &policy_table[c][p];
}
