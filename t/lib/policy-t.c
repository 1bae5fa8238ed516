/* Tests for lib/policy.c: names, parsing and every cell of the policy table. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>

#include "basic.h"
#include "stall.h"

/* The expected table, written out cell by cell. */
static const struct {
	enum stall_class cls;
	enum stall_policy pol;
	struct stall_action want;
} cells[] = {
	{ STALL_STARVED, POLICY_LOG, { "log", 0, false, false, false, false } },
	{ STALL_STARVED, POLICY_ABORT, { "abort", SIGABRT, false, true, false, true } },
	{ STALL_STARVED, POLICY_KILL, { "kill", SIGKILL, false, false, true, true } },
	{ STALL_UNINTERRUPTIBLE, POLICY_LOG, { "log", 0, false, false, false, false } },
	{ STALL_UNINTERRUPTIBLE, POLICY_ABORT, { "abort", SIGABRT, false, true, false, true } },
	{ STALL_UNINTERRUPTIBLE, POLICY_KILL, { "kill", SIGKILL, false, false, true, true } },
	{ STALL_STOPPED, POLICY_LOG, { "log", 0, false, false, false, false } },
	{ STALL_STOPPED, POLICY_ABORT, { "abort", SIGABRT, true, true, false, true } },
	{ STALL_STOPPED, POLICY_KILL, { "kill", SIGKILL, false, false, true, true } },
	{ STALL_SLEEPING, POLICY_LOG, { "log", 0, false, false, false, false } },
	{ STALL_SLEEPING, POLICY_ABORT, { "abort", SIGABRT, false, true, false, true } },
	{ STALL_SLEEPING, POLICY_KILL, { "kill", SIGKILL, false, false, true, true } },
	{ STALL_HEARTBEAT, POLICY_LOG, { "log", 0, false, false, false, false } },
	{ STALL_HEARTBEAT, POLICY_ABORT, { "abort", SIGABRT, false, true, false, true } },
	{ STALL_HEARTBEAT, POLICY_KILL, { "kill", SIGKILL, false, false, true, true } },
	{ STALL_SILENT, POLICY_LOG, { "log", 0, false, false, false, false } },
	{ STALL_SILENT, POLICY_ABORT, { "abort", SIGABRT, false, true, false, true } },
	{ STALL_SILENT, POLICY_KILL, { "kill", SIGKILL, false, false, true, true } },
	{ STALL_SPINNING, POLICY_LOG, { "log", 0, false, false, false, false } },
	{ STALL_SPINNING, POLICY_ABORT, { "abort", SIGABRT, false, true, false, true } },
	{ STALL_SPINNING, POLICY_KILL, { "kill", SIGKILL, false, false, true, true } },
};
#define NCELLS (sizeof(cells) / sizeof(cells[0]))

/* Check one cell; returns true when every field matches. */
static bool cell_matches(const struct stall_action *a, const struct stall_action *w)
{
	return a != NULL && a->name != NULL && strcmp(a->name, w->name) == 0 &&
	       a->first_signal == w->first_signal && a->cont_after == w->cont_after &&
	       a->kill_tree_after == w->kill_tree_after &&
	       a->kill_tree_now == w->kill_tree_now &&
	       a->counts_as_failure == w->counts_as_failure;
}

/* Names and parsing, both ways. */
static void test_names(void)
{
	static const char *const bad[] = { "", "LOG", "abort ", "kil", "logs", "none" };
	enum stall_policy p = POLICY_KILL;

	is_str("log", stall_policy_name(POLICY_LOG), "name log");
	is_str("abort", stall_policy_name(POLICY_ABORT), "name abort");
	is_str("kill", stall_policy_name(POLICY_KILL), "name kill");
	is_str("unknown", stall_policy_name((enum stall_policy)STALL_POLICY_COUNT),
	       "out-of-range policy has a name");
	for (unsigned i = 0; i < STALL_POLICY_COUNT; i++) {
		is_int(0, stall_policy_parse(stall_policy_name(i), &p), "parse %s",
		       stall_policy_name(i));
		is_int(i, p, "parse %s round-trips", stall_policy_name(i));
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(-EINVAL, stall_policy_parse(bad[i], &p), "reject \"%s\"", bad[i]);
	is_int(-EINVAL, stall_policy_parse(NULL, &p), "reject NULL");
	is_int(POLICY_KILL, p, "failed parse leaves the output alone");
}

/* Format the policy of each class of out into buf ("log,abort,log,kill"). */
static const char *per_class(const enum stall_policy out[STALL_CLASS_COUNT], char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int c = 0; c < STALL_CLASS_COUNT; c++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", c ? "," : "",
				      stall_policy_name(out[c]));
	return buf;
}

/* --on-stall lists: one policy per class (starved, uninterruptible, stopped, sleeping,
 * heartbeat, silent, spinning). */
static void test_lists(void)
{
	static const struct {
		const char *list, *want;
	} good[] = {
		{ "kill", "kill,kill,kill,kill,kill,kill,kill" },
		{ "log", "log,log,log,log,log,log,log" },
		{ "sleeping:abort", "log,log,log,abort,log,log,log" },
		{ "sleeping:abort,uninterruptible:log", "log,log,log,abort,log,log,log" },
		{ "kill,uninterruptible:log", "kill,log,kill,kill,kill,kill,kill" },
		{ "uninterruptible:log,kill", "kill,log,kill,kill,kill,kill,kill" },
		{ "all:abort,stopped:kill", "abort,abort,kill,abort,abort,abort,abort" },
		{ "stopped:kill,stopped:log", "log,log,log,log,log,log,log" },
		{ "abort,kill", "kill,kill,kill,kill,kill,kill,kill" },
		{ "heartbeat:abort,silent:kill", "log,log,log,log,abort,kill,log" },
		{ "kill,spinning:log", "kill,kill,kill,kill,kill,kill,log" },
	};
	static const char *const bad[] = {
		"", ",", "kill,", "sleeping:", ":kill", "sleeping:bogus", "bogus:kill", "sleepy:log",
		"sleeping:kill:x", "KILL", "spin:kill",
	};
	enum stall_policy out[STALL_CLASS_COUNT] = { POLICY_KILL, POLICY_KILL, POLICY_KILL,
						     POLICY_KILL, POLICY_KILL, POLICY_KILL,
						     POLICY_KILL };
	char buf[96];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int r = stall_policy_parse_list(good[i].list, out);

		is_str(good[i].want, r == 0 ? per_class(out, buf, sizeof(buf)) : "error",
		       "--on-stall=%s", good[i].list);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(-EINVAL, stall_policy_parse_list(bad[i], out), "reject --on-stall=\"%s\"",
		       bad[i]);
	is_int(-EINVAL, stall_policy_parse_list(NULL, out), "reject a NULL list");
}

int main(void)
{
	const struct stall_action *a;

	plan(4 + 6 + 6 + 2 + NCELLS * 2 + 3 + 11 + 11 + 1);
	test_names();
	test_lists();
	for (size_t i = 0; i < NCELLS; i++) {
		a = stall_policy_action(cells[i].cls, cells[i].pol);
		ok(cell_matches(a, &cells[i].want), "%s x %s", stall_class_name(cells[i].cls),
		   stall_policy_name(cells[i].pol));
		is_str(stall_policy_name(cells[i].pol), a->name,
		       "%s x %s is named after its policy", stall_class_name(cells[i].cls),
		       stall_policy_name(cells[i].pol));
	}
	a = stall_policy_action((enum stall_class)STALL_CLASS_COUNT, POLICY_KILL);
	ok(a != NULL && a->first_signal == 0, "out-of-range class gets log (never NULL)");
	a = stall_policy_action(STALL_STARVED, (enum stall_policy)7);
	ok(a != NULL && a->first_signal == 0, "out-of-range policy gets log");
	ok(!stall_policy_action(STALL_STOPPED, POLICY_LOG)->counts_as_failure,
	   "log never counts as failure");
	return 0;
}
