/* Tests for lib/classify.c: class names, --stall-on lists, classification. */
#include <errno.h>
#include <string.h>

#include "basic.h"
#include "stall.h"

/* Check that list parses to mask. */
static void parses(const char *list, unsigned want)
{
	unsigned mask = 0xdead;
	int r = stall_class_parse_list(list, &mask);

	is_int(0, r, "parse \"%s\" succeeds", list);
	is_int(want, mask, "parse \"%s\" mask", list);
}

/* Check that list is rejected with -EINVAL and mask is untouched. */
static void rejects(const char *list)
{
	unsigned mask = 0xdead;

	is_int(-EINVAL, stall_class_parse_list(list, &mask), "reject \"%s\"", list ? list : "(null)");
	is_int(0xdead, mask, "reject \"%s\" leaves mask", list ? list : "(null)");
}

static const struct {
	const char *states;
	enum stall_class cls;
	size_t leader;     /* index, or strlen(states) for none */
	size_t named;
} cases[] = {
	{ "R", STALL_STARVED, 0, 0 },
	{ "SR", STALL_STARVED, 0, 1 },
	{ "DRS", STALL_STARVED, 2, 1 },      /* R wins over D */
	{ "TRt", STALL_STARVED, 0, 1 },      /* R wins over stopped */
	{ "D", STALL_UNINTERRUPTIBLE, 0, 0 },
	{ "SSD", STALL_UNINTERRUPTIBLE, 0, 2 },
	{ "TD", STALL_UNINTERRUPTIBLE, 0, 1 }, /* D wins over stopped */
	{ "T", STALL_STOPPED, 0, 0 },
	{ "tT", STALL_STOPPED, 1, 1 },       /* leader named */
	{ "Tt", STALL_STOPPED, 2, 0 },       /* no leader: first */
	{ "TS", STALL_SLEEPING, 0, 0 },      /* not all stopped */
	{ "S", STALL_SLEEPING, 0, 0 },
	{ "SI", STALL_SLEEPING, 1, 1 },
	{ "S?", STALL_SLEEPING, 2, 0 },
	{ "", STALL_SLEEPING, 0, 0 },        /* nothing: not stopped */
};

/* Threads for stall_wait_of: pid, tid, wait letter ('t' timed, 'u'
 * untimed, 'k' unknown, '-' not asleep), still ticks, flags ('h'
 * housekeeping, 'r' reaping, 's' service) and joined tid. */
struct th {
	int pid, tid;
	char wait;
	unsigned still;
	const char *flags;
	int joins;
};

/* stall_wait_of over the n threads of t. */
static enum wait_kind wait_of(const struct th *t, size_t n)
{
	struct stall_sleeper s[16];

	for (size_t i = 0; i < n; i++) {
		s[i] = (struct stall_sleeper){ .pid = t[i].pid, .tid = t[i].tid, .still = t[i].still,
					       .joins = t[i].joins };
		s[i].wait = t[i].wait == 't' ? WAIT_TIMED : t[i].wait == 'u' ? WAIT_UNTIMED
			    : t[i].wait == 'k' ? WAIT_UNKNOWN : WAIT_NONE;
		s[i].housekeeping = strchr(t[i].flags, 'h') != NULL;
		s[i].reaping = strchr(t[i].flags, 'r') != NULL;
		s[i].service = strchr(t[i].flags, 's') != NULL;
	}
	return stall_wait_of(s, n);
}

#define WAIT_OF(a) wait_of(a, sizeof(a) / sizeof(a[0]))

/* The wait of sleeping workers, case by case. */
static void test_wait_of(void)
{
	/* sh -c 'sleep 30; true': the shell waits for its child */
	static const struct th sh_sleep[] = { { 10, 10, 'u', 5, "r", 0 }, { 11, 11, 't', 5, "", 0 } };
	/* a C deadlock: main joins thread 21, both threads on mutexes */
	static const struct th c_deadlock[] = { { 20, 20, 'u', 9, "", 21 }, { 20, 21, 'u', 8, "", 0 },
						{ 20, 22, 'u', 8, "", 0 } };
	/* a JVM deadlock: the launcher joins the Java main thread, which waits
	 * untimed; one and two re-check on timers (housekeeping); the cleaner
	 * and sweeper sleep timed since startup; GC threads idle */
	static const struct th jvm_deadlock[] = {
		{ 30, 30, 'u', 40, "", 31 }, { 30, 31, 'u', 6, "", 0 }, { 30, 32, 'u', 40, "", 0 },
		{ 30, 33, 't', 39, "", 0 }, { 30, 34, 't', 7, "s", 0 }, { 30, 35, 't', 0, "h", 0 },
		{ 30, 36, 't', 0, "h", 0 }, { 30, 37, 'u', 2, "s", 0 } };
	/* Thread.sleep(30000) in the Java main thread */
	static const struct th jvm_sleep[] = {
		{ 30, 30, 'u', 40, "", 31 }, { 30, 31, 't', 6, "", 0 }, { 30, 32, 'u', 40, "", 0 },
		{ 30, 37, 'u', 2, "s", 0 } };
	/* the same, the Java main thread woken once (a safepoint) and so set
	 * aside as housekeeping: the launcher still waits on it */
	static const struct th jvm_sleep_hk[] = {
		{ 30, 30, 'u', 40, "", 31 }, { 30, 31, 't', 6, "h", 0 }, { 30, 32, 'u', 40, "", 0 },
		{ 30, 37, 'u', 2, "s", 0 } };
	/* ... and seen running at that sample */
	static const struct th jvm_sleep_hk_run[] = {
		{ 30, 30, 'u', 40, "", 31 }, { 30, 31, '-', 0, "h", 0 }, { 30, 32, 'u', 40, "", 0 } };
	/* Java main joins a thread that sleeps 30 s (Java's join names nobody) */
	static const struct th jvm_thread_sleep[] = {
		{ 30, 30, 'u', 40, "", 31 }, { 30, 31, 'u', 6, "", 0 }, { 30, 38, 't', 7, "", 0 },
		{ 30, 33, 't', 39, "", 0 } };
	/* main waits on a condition a thread signals after sleep(10) */
	static const struct th cond_sleep[] = { { 40, 40, 'u', 3, "", 0 }, { 40, 41, 't', 3, "", 0 } };
	/* the main thread is housekeeping (it polls): every sleeping thread counts */
	static const struct th no_root[] = { { 50, 50, 't', 0, "h", 0 }, { 50, 51, 'u', 3, "", 0 },
					     { 50, 52, 't', 90, "", 0 } };
	static const struct th all_hk[] = { { 60, 60, 't', 0, "h", 0 } };
	static const struct th unknown[] = { { 70, 70, 'k', 3, "", 0 } };
	/* a timed sleeper that fell asleep two ticks before main is a bystander */
	static const struct th bystander[] = { { 80, 80, 'u', 5, "", 0 }, { 80, 81, 't', 7, "", 0 } };
	static const struct th one_tick[] = { { 80, 80, 'u', 5, "", 0 }, { 80, 81, 't', 6, "", 0 } };
	/* Java main woken from Thread.sleep, waiting for a CPU: not a deadlock */
	static const struct th woken[] = { { 30, 30, 'u', 40, "", 31 }, { 30, 31, '-', 60, "", 0 },
					   { 30, 32, 'u', 40, "", 0 } };

	is_int(WAIT_TIMED, WAIT_OF(sh_sleep), "sh running sleep: timed (the shell defers to its child)");
	is_int(WAIT_UNTIMED, WAIT_OF(c_deadlock), "C deadlock: untimed");
	is_int(WAIT_UNTIMED, WAIT_OF(jvm_deadlock), "JVM deadlock: untimed (cleaner, sweeper, compilers bystanders)");
	is_int(WAIT_TIMED, WAIT_OF(jvm_sleep), "JVM Thread.sleep in main: timed");
	is_int(WAIT_TIMED, WAIT_OF(jvm_sleep_hk), "JVM Thread.sleep in main, set aside: still timed");
	is_int(WAIT_NONE, WAIT_OF(jvm_sleep_hk_run), "... and running: none");
	is_int(WAIT_TIMED, WAIT_OF(jvm_thread_sleep), "JVM join of a sleeping thread: timed");
	is_int(WAIT_TIMED, WAIT_OF(cond_sleep), "condition signalled after a sleep: timed");
	is_int(WAIT_TIMED, WAIT_OF(no_root), "no main thread asleep: any timed wait");
	is_int(WAIT_NONE, WAIT_OF(all_hk), "only housekeeping: none");
	is_int(WAIT_NONE, WAIT_OF(woken), "a runnable thread (woken, waiting for a CPU): none");
	is_int(WAIT_UNKNOWN, WAIT_OF(unknown), "an unknown wait: unknown");
	is_int(WAIT_UNTIMED, WAIT_OF(bystander), "timed sleeper two ticks older than main: bystander");
	is_int(WAIT_TIMED, WAIT_OF(one_tick), "one tick older: counts");
	is_int(WAIT_NONE, stall_wait_of(NULL, 0), "no threads: none");

	ok(stall_service_thread("Common-Cleaner") && stall_service_thread("C2 CompilerThre") &&
	   stall_service_thread("G1 Service") && stall_service_thread("GC Thread#3"),
	   "JVM service threads are named");
	ok(!stall_service_thread("java") && !stall_service_thread("one") &&
	   !stall_service_thread("") && !stall_service_thread("G1"), "others are not");
}

int main(void)
{
	plan_lazy();
	test_wait_of();

	is_str("starved", stall_class_name(STALL_STARVED), "name starved");
	is_str("uninterruptible", stall_class_name(STALL_UNINTERRUPTIBLE), "name uninterruptible");
	is_str("stopped", stall_class_name(STALL_STOPPED), "name stopped");
	is_str("sleeping", stall_class_name(STALL_SLEEPING), "name sleeping");
	is_str("heartbeat", stall_class_name(STALL_HEARTBEAT), "name heartbeat");
	is_str("silent", stall_class_name(STALL_SILENT), "name silent");
	is_str("spinning", stall_class_name(STALL_SPINNING), "name spinning");
	is_int(0x7f, STALL_CLASS_ALL, "seven classes");
	is_int(0x0f, STALL_MASK_COUNTERS, "four from the counters");
	is_int(0x70, STALL_MASK_TRIGGERS, "three triggers");
	is_str("unknown", stall_class_name((enum stall_class)99), "name out of range");

	parses("starved", 1u << STALL_STARVED);
	parses("starved,uninterruptible", (1u << STALL_STARVED) | (1u << STALL_UNINTERRUPTIBLE));
	parses("sleeping,stopped,sleeping", (1u << STALL_SLEEPING) | (1u << STALL_STOPPED));
	parses("all", STALL_CLASS_ALL);
	parses("none", 0);
	parses("stopped,all", STALL_CLASS_ALL);
	parses("heartbeat,silent,spinning", STALL_MASK_TRIGGERS);
	parses("untimed,spinning", STALL_MASK_UNTIMED | (1u << STALL_SPINNING));
	rejects(NULL);
	rejects("");
	rejects(",");
	rejects("starved,");
	rejects(",starved");
	rejects("starved,,stopped");
	rejects("bogus");
	rejects("Starved");
	rejects("starved ");
	rejects("starvedx");
	rejects("star");
	rejects("heartbeats");
	rejects("spin");

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *s = cases[i].states;
		size_t n = strlen(s);

		is_int(cases[i].cls, stall_classify(s, n), "classify \"%s\"", s);
		is_int((long long)cases[i].named, (long long)stall_name_task(s, n, cases[i].leader),
		       "named task of \"%s\" (leader %zu)", s, cases[i].leader);
	}
	return 0;
}
