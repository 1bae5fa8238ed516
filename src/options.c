/* options: getopt_long parsing of stallsup's command line. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "options.h"
#include "signame.h"

enum {
	OPT_PRESERVE = 256, OPT_TAG, OPT_REPORT, OPT_NO_CGROUP, OPT_HELP, OPT_VERSION,
	OPT_SCOPE, OPT_STALL_ON, OPT_ON_STALL, OPT_FAIL_ON_STALL, OPT_NO_CORE, OPT_PROC_ROOT,
	OPT_FOREGROUND, OPT_BACKTRACE, OPT_NO_BACKTRACE, OPT_BACKTRACE_TIMEOUT, OPT_DUMP_SIGNAL,
	OPT_DUMP_WAIT, OPT_STALL_AFTER, OPT_JUNIT, OPT_NO_ANNOTATIONS, OPT_DROP_CAPS, OPT_NO_SANDBOX,
	OPT_SPIN_AFTER, OPT_HEARTBEAT, OPT_SILENCE_AFTER,
};

static const char short_options[] = "+:w:t:s:k:i:qv";

static const struct option long_options[] = {
	{ "workers", required_argument, NULL, 'w' },
	{ "timeout", required_argument, NULL, 't' },
	{ "signal", required_argument, NULL, 's' },
	{ "kill-after", required_argument, NULL, 'k' },
	{ "preserve-status", no_argument, NULL, OPT_PRESERVE },
	{ "tag-output", no_argument, NULL, OPT_TAG },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "junit", required_argument, NULL, OPT_JUNIT },
	{ "no-annotations", no_argument, NULL, OPT_NO_ANNOTATIONS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "foreground", no_argument, NULL, OPT_FOREGROUND },
	{ "no-cgroup", no_argument, NULL, OPT_NO_CGROUP },
	{ "drop-caps", no_argument, NULL, OPT_DROP_CAPS },
	{ "no-sandbox", no_argument, NULL, OPT_NO_SANDBOX },
	{ "interval", required_argument, NULL, 'i' },
	{ "scope", required_argument, NULL, OPT_SCOPE },
	{ "stall-on", required_argument, NULL, OPT_STALL_ON },
	{ "stall-after", required_argument, NULL, OPT_STALL_AFTER },
	{ "on-stall", required_argument, NULL, OPT_ON_STALL },
	{ "spin-after", required_argument, NULL, OPT_SPIN_AFTER },
	{ "heartbeat", required_argument, NULL, OPT_HEARTBEAT },
	{ "silence-after", required_argument, NULL, OPT_SILENCE_AFTER },
	{ "fail-on-stall", no_argument, NULL, OPT_FAIL_ON_STALL },
	{ "no-core", no_argument, NULL, OPT_NO_CORE },
	{ "backtrace", optional_argument, NULL, OPT_BACKTRACE },
	{ "no-backtrace", no_argument, NULL, OPT_NO_BACKTRACE },
	{ "backtrace-timeout", required_argument, NULL, OPT_BACKTRACE_TIMEOUT },
	{ "dump-signal", required_argument, NULL, OPT_DUMP_SIGNAL },
	{ "dump-wait", required_argument, NULL, OPT_DUMP_WAIT },
	{ "proc-root", required_argument, NULL, OPT_PROC_ROOT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* Write the --help text to f. */
void options_usage(FILE *f)
{
	fputs("Usage: stallsup [OPTION]... [--] COMMAND [ARG]...\n"
	      "Run COMMAND as N workers, report the ones that stop making progress, and\n"
	      "supervise them until every one, and everything they started, has ended.\n"
	      "\n"
	      "  -w, --workers=N          run N copies of COMMAND (1..65536, default 1)\n"
	      "  -t, --timeout=DURATION   deadline for the whole set (0 = none, default)\n"
	      "  -s, --signal=SIG         first signal sent at the deadline (default TERM);\n"
	      "                           a name with or without SIG, or a number (0 too)\n"
	      "  -k, --kill-after=DURATION  send KILL this long after the deadline's signal,\n"
	      "                           or after an abort (default 10s); 0 = never; also\n"
	      "                           the grace of processes a worker left (default 5s)\n"
	      "      --preserve-status    exit with the workers' status even after a deadline\n"
	      "                           or a stall\n"
	      "      --foreground         keep the workers in the foreground process group,\n"
	      "                           so they can read the terminal (as timeout(1))\n"
	      "      --tag-output         prefix each line of worker output with [wN]\n"
	      "      --report=FILE        append JSON lines events to FILE (- = stdout)\n"
	      "      --junit=FILE         write JUnit XML to FILE at the end: one test case\n"
	      "                           per worker (GitHub, GitLab and Jenkins read it)\n"
	      "      --no-annotations     with GITHUB_ACTIONS=true, no ::error line per stall\n"
	      "                           and no job summary in $GITHUB_STEP_SUMMARY\n"
	      "  -q, --quiet              print nothing but errors and stall reports\n"
	      "  -v, --verbose            print the summary table even after a success, and\n"
	      "                           the capabilities stallsup keeps once workers run\n"
	      "      --no-cgroup          contain workers with process groups only, even\n"
	      "                           where a writable cgroup v2 hierarchy exists\n"
	      "      --drop-caps          the workers get no capability at all and\n"
	      "                           no_new_privs (by default: what stallsup was given)\n"
	      "      --no-sandbox         no seccomp filter on stallsup itself (by default,\n"
	      "                           once the workers run, a system call outside its\n"
	      "                           allow-list fails with EPERM)\n"
	      "\n"
	      "Stall detection:\n"
	      "  -i, --interval=DURATION  sample every DURATION (default 500ms, at least\n"
	      "                           10ms; or STALLSUP_POLL_MS in milliseconds)\n"
	      "      --scope=SCOPE        tasks that count: tree (default: every thread of\n"
	      "                           the worker and its descendants), process (the\n"
	      "                           worker's own threads), leader (its main thread)\n"
	      "      --stall-after=DURATION  the least time without progress that is a stall\n"
	      "                           (default: 3 intervals; or STALLSUP_STALL_AFTER_MS)\n"
	      "      --stall-on=LIST      classes that count, comma-separated: starved,\n"
	      "                           uninterruptible, stopped, sleeping (default all);\n"
	      "                           untimed: sleeping only in waits without a timeout\n"
	      "                           (deadlocks; timer threads set aside); none: off\n"
	      "      --on-stall=POLICY    log (default), abort (SIGABRT for a core dump, then\n"
	      "                           SIGKILL after --kill-after) or kill; per class\n"
	      "                           with CLASS:POLICY, e.g. sleeping:abort,\n"
	      "                           uninterruptible:log\n"
	      "      --fail-on-stall      a logged stall makes the exit status 123\n"

	      "      --backtrace[=all]    unwind the stalled processes' threads into the\n"
	      "                           report (default; all: every process of the worker)\n"
	      "      --no-backtrace       no user-space backtraces\n"
	      "      --backtrace-timeout=DURATION  give up unwinding after DURATION (2s)\n"
	      "      --dump-signal=SIG    send SIG after the report, before abort or kill, so\n"
	      "                           a runtime writes its own dump (Go, JVM: QUIT)\n"
	      "      --dump-wait=DURATION how long it may write before the policy acts (1s)\n"
	      "      --no-core            leave the workers' RLIMIT_CORE alone (by default\n"
	      "                           the soft limit is raised to the hard limit)\n"
	      "\n"
	      "Triggers beyond the counters (each one fires its own class; off by default):\n"
	      "      --heartbeat=DURATION class heartbeat: a worker that does not send\n"
	      "                           WATCHDOG=1 that often, as sd_notify(3) does, or\n"
	      "                           sends WATCHDOG=trigger; workers get NOTIFY_SOCKET,\n"
	      "                           WATCHDOG_USEC and WATCHDOG_PID as systemd gives them;\n"
	      "                           the last STATUS= is in every report\n"
	      "      --silence-after=DURATION  class silent: a worker that writes nothing\n"
	      "                           to stdout or stderr that long; its output is then\n"
	      "                           carried by stallsup (unchanged without --tag-output)\n"
	      "                           and its last 20 lines are in every report\n"
	      "      --spin-after=DURATION  class spinning: a thread that stays on a CPU that\n"
	      "                           long in user mode, never sleeping (an endless loop;\n"
	      "                           opt-in: a CPU-bound benchmark looks the same)\n"
	      "\n"
	      "      --help               show this help and exit\n"
	      "      --version            show the version and exit\n"
	      "\n"
	      "DURATION is a number (1.5, 1e2) with an optional suffix ms, s (default), m,\n"
	      "h or d. Workers get STALLSUP_WORKER (0-based index) and STALLSUP_WORKERS (N)\n"
	      "in their environment; with N > 1 their stdin is /dev/null. On GitHub Actions\n"
	      "(GITHUB_ACTIONS=true) each stall is also an ::error line on standard output,\n"
	      "and a Markdown summary of the run is appended to $GITHUB_STEP_SUMMARY.\n"
	      "STALLSUP_SANDBOX_PROBE=1 (for tests): once the filter is loaded, try socket\n"
	      "and execve in the supervisor and say how each fared.\n"
	      "\n"
	      "Examples:\n"
	      "  stallsup -w 8 --on-stall=abort -- ./bench\n"
	      "      a benchmark: a worker that stops progressing gets SIGABRT (a core dump)\n"
	      "  stallsup -t 30m --stall-after 2m --stall-on=starved,uninterruptible,untimed \\\n"
	      "      --on-stall=abort --report ci.jsonl -- make check\n"
	      "      a CI job: a deadlock is aborted (backtraces, a core); 124 after 30 min\n"
	      "  stallsup -k 30s --tag-output --report - -- /usr/local/bin/service\n"
	      "      a container entrypoint (PID 1): reaps orphans, forwards signals\n"
	      "\n"
	      "Exit status (the first that applies):\n"
	      "  125     stallsup itself failed (bad usage, setup error)\n"
	      "  124     the deadline fired (137 if SIGKILL was needed)\n"
	      "  123     a stall policy acted (or --fail-on-stall saw a stall)\n"
	      "  N       else the first worker to fail: its exit code, 126 (not executable),\n"
	      "          127 (not found), or 128+S for signal S; with one worker killed by\n"
	      "          signal S, stallsup dies by S too\n"
	      "  0       every worker exited 0\n"
	      "A worker's own 123, 124 or 125 passes through: --report's summary tells which.\n"
	      "With --preserve-status the workers' status is used instead of 123, 124, 137.\n", f);
}

/* Parse the worker count arg into o; returns 0 or -EINVAL. */
static int parse_workers(const char *arg, struct options *o, struct strbuf *err)
{
	unsigned long v = 0;
	const char *p = arg;

	for (; *p >= '0' && *p <= '9' && v <= WORKERS_MAX; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	if (*arg == '\0' || *p != '\0' || v < 1 || v > WORKERS_MAX) {
		sb_printf(err, "invalid worker count '%s' (expected 1..%d)", arg, WORKERS_MAX);
		return -EINVAL;
	}
	o->workers = (unsigned)v;
	return 0;
}

/* Parse a DURATION for option name into *ns; returns 0 or -EINVAL. */
static int parse_duration(const char *name, const char *arg, uint64_t *ns, struct strbuf *err)
{
	int r = duration_parse(arg, ns);

	if (r < 0)
		sb_printf(err, "invalid %s duration '%s' (expected e.g. 10, 1.5s, 500ms, 2m, 1h, "
			  "1d, 1e2)", name, arg);
	return r < 0 ? -EINVAL : 0;
}

/* Parse the -i interval into *ns: a DURATION of at least 10 ms. */
static int parse_interval(const char *arg, uint64_t *ns, struct strbuf *err)
{
	if (parse_duration("--interval", arg, ns, err) < 0)
		return -EINVAL;
	if (*ns >= MIN_INTERVAL_NS)
		return 0;
	sb_printf(err, "--interval '%s' is under the 10ms minimum", arg);
	return -EINVAL;
}

/* Parse a trigger's DURATION for option name into *ns: more than 0. */
static int parse_trigger(const char *name, const char *arg, uint64_t *ns, struct strbuf *err)
{
	if (parse_duration(name, arg, ns, err) < 0)
		return -EINVAL;
	if (*ns > 0)
		return 0;
	sb_printf(err, "%s '%s' must be more than 0", name, arg);
	return -EINVAL;
}

/* The classes of the triggers given: their options turn them on. */
static unsigned trigger_classes(const struct options *o)
{
	return (o->spin_after_ns ? 1u << STALL_SPINNING : 0) |
	       (o->heartbeat_ns ? 1u << STALL_HEARTBEAT : 0) |
	       (o->silence_after_ns ? 1u << STALL_SILENT : 0);
}

/* A whole number of milliseconds in env, in ns; 0 for unset, empty or not
 * a whole number (the default). */
static uint64_t ms_env(const char *env)
{
	size_t n;

	if (env == NULL || *env == '\0')
		return 0;
	n = strspn(env, "0123456789");
	if (env[n] != '\0' || n > 12)
		return 0;
	return (uint64_t)strtoull(env, NULL, 10) * 1000000ULL;
}

/* Ticks without progress before a stall fires (see options.h). */
unsigned options_stall_ticks(const struct options *o)
{
	uint64_t ticks;

	if (o->interval_ns == 0)
		return STALL_WINDOW - 1;
	ticks = o->stall_after_ns / o->interval_ns + (o->stall_after_ns % o->interval_ns != 0);
	if (ticks > UINT32_MAX)
		ticks = UINT32_MAX;
	return ticks < STALL_WINDOW - 1 ? STALL_WINDOW - 1 : (unsigned)ticks;
}

/* The stall-after in force (see options.h). */
uint64_t options_stall_after(const struct options *o)
{
	return dur_mul_sat(o->interval_ns, options_stall_ticks(o));
}

/* Interval from STALLSUP_POLL_MS (see options.h). */
int options_poll_env(const char *env, uint64_t *ns, struct strbuf *err)
{
	char text[32];
	uint64_t v;
	size_t n;

	if (env == NULL || *env == '\0')
		return 0;
	n = strspn(env, "0123456789");
	if (env[n] != '\0' || n > 18)
		return 0; /* unparseable: the default */
	snprintf(text, sizeof(text), "%sms", env);
	if (duration_parse(text, &v) < 0 || v == 0)
		return 0;
	if (v < MIN_INTERVAL_NS) {
		sb_printf(err, "STALLSUP_POLL_MS=%s is under the 10ms minimum", env);
		return -EINVAL;
	}
	*ns = v;
	return 0;
}

/* True when GITHUB_ACTIONS's value env says we run on GitHub Actions. */
bool options_github_actions(const char *env)
{
	return env != NULL && strcmp(env, "true") == 0;
}

/* Apply one option c with argument arg; returns an options_result or -EINVAL. */
static int apply_option(int c, const char *arg, const char *bad, struct options *o,
			struct strbuf *err)
{
	switch (c) {
	case 'w':
		return parse_workers(arg, o, err);
	case 't':
		return parse_duration("--timeout", arg, &o->timeout_ns, err);
	case 'k':
		o->kill_after_set = true;
		return parse_duration("--kill-after", arg, &o->kill_after_ns, err);
	case 's':
		if (signame_parse(arg, &o->signal) == 0)
			return 0;
		sb_printf(err, "invalid signal '%s'", arg);
		return -EINVAL;
	case OPT_PRESERVE:
		o->preserve_status = true;
		return 0;
	case OPT_TAG:
		o->tag_output = true;
		return 0;
	case OPT_REPORT:
		o->report_path = arg;
		return 0;
	case OPT_JUNIT:
		o->junit_path = arg;
		return 0;
	case OPT_NO_ANNOTATIONS:
		o->no_annotations = true;
		return 0;
	case 'q':
		o->quiet = true;
		return 0;
	case 'v':
		o->verbose = true;
		return 0;
	case OPT_FOREGROUND:
		o->foreground = true;
		return 0;
	case OPT_NO_CGROUP:
		o->no_cgroup = true;
		return 0;
	case OPT_DROP_CAPS:
		o->drop_caps = true;
		return 0;
	case OPT_NO_SANDBOX:
		o->no_sandbox = true;
		return 0;
	case 'i':
		o->interval_set = true;
		return parse_interval(arg, &o->interval_ns, err);
	case OPT_SCOPE:
		if (monitor_scope_parse(arg, &o->scope) == 0)
			return 0;
		sb_printf(err, "invalid scope '%s' (expected tree, process or leader)", arg);
		return -EINVAL;
	case OPT_STALL_AFTER:
		o->stall_after_set = true;
		return parse_duration("--stall-after", arg, &o->stall_after_ns, err);
	case OPT_STALL_ON:
		if (stall_class_parse_list(arg, &o->stall_on) == 0)
			return 0;
		sb_printf(err, "invalid class list '%s' (expected starved, uninterruptible, "
			  "stopped, sleeping, heartbeat, silent, spinning, untimed, all or none, "
			  "comma-separated)", arg);
		return -EINVAL;
	case OPT_ON_STALL:
		if (stall_policy_parse_list(arg, o->on_stall) == 0)
			return 0;
		sb_printf(err, "invalid stall policy '%s' (expected log, abort or kill, or a list "
			  "such as sleeping:abort,uninterruptible:log)", arg);
		return -EINVAL;
	case OPT_SILENCE_AFTER:
		return parse_trigger("--silence-after", arg, &o->silence_after_ns, err);
	case OPT_HEARTBEAT:
		return parse_trigger("--heartbeat", arg, &o->heartbeat_ns, err);
	case OPT_SPIN_AFTER:
		return parse_trigger("--spin-after", arg, &o->spin_after_ns, err);
	case OPT_FAIL_ON_STALL:
		o->fail_on_stall = true;
		return 0;
	case OPT_NO_CORE:
		o->no_core = true;
		return 0;
	case OPT_BACKTRACE:
		if (arg == NULL || strcmp(arg, "stalled") == 0)
			o->backtrace = BACKTRACE_STALLED;
		else if (strcmp(arg, "all") == 0)
			o->backtrace = BACKTRACE_ALL;
		else {
			sb_printf(err, "invalid --backtrace '%s' (expected stalled or all)", arg);
			return -EINVAL;
		}
		return 0;
	case OPT_NO_BACKTRACE:
		o->backtrace = BACKTRACE_NONE;
		return 0;
	case OPT_BACKTRACE_TIMEOUT:
		return parse_duration("--backtrace-timeout", arg, &o->backtrace_timeout_ns, err);
	case OPT_DUMP_SIGNAL:
		if (signame_parse(arg, &o->dump_signal) == 0 && o->dump_signal != 0)
			return 0;
		sb_printf(err, "invalid --dump-signal '%s'", arg);
		return -EINVAL;
	case OPT_DUMP_WAIT:
		return parse_duration("--dump-wait", arg, &o->dump_wait_ns, err);
	case OPT_PROC_ROOT:
		o->proc_root = arg;
		return 0;
	case OPT_HELP:
		return OPTIONS_HELP;
	case OPT_VERSION:
		return OPTIONS_VERSION;
	case ':':
		sb_printf(err, "option '%s' needs an argument", bad);
		return -EINVAL;
	default:
		sb_printf(err, "unknown option '%s'", bad);
		return -EINVAL;
	}
}

/* Set o to the defaults. */
static void options_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->workers = 1;
	o->signal = SIGTERM;
	o->interval_ns = DEFAULT_INTERVAL_NS;
	o->scope = SCOPE_TREE;
	o->backtrace_timeout_ns = DEFAULT_BACKTRACE_TIMEOUT_NS;
	o->dump_wait_ns = DEFAULT_DUMP_WAIT_NS;
	o->stall_on = STALL_CLASS_ALL;
	for (int c = 0; c < STALL_CLASS_COUNT; c++)
		o->on_stall[c] = POLICY_LOG;
}

/* Parse argv into o (see options.h). */
int options_parse(int argc, char **argv, struct options *o, struct strbuf *err)
{
	int c, r;

	options_defaults(o);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		r = apply_option(c, optarg, argv[optind - 1], o, err);
		if (r != 0)
			return r;
	}
	if (optind >= argc) {
		sb_puts(err, "no command given (usage: stallsup [OPTION]... -- COMMAND [ARG]...)");
		return -EINVAL;
	}
	o->command = argv + optind;
	o->ncommand = argc - optind;
	if (!o->interval_set && options_poll_env(getenv("STALLSUP_POLL_MS"), &o->interval_ns, err) < 0)
		return -EINVAL;
	if (!o->stall_after_set)
		o->stall_after_ns = ms_env(getenv("STALLSUP_STALL_AFTER_MS"));
	o->carry_output = o->tag_output || (o->silence_after_ns && o->stall_on);
	if (o->stall_on != 0) /* --stall-on=none: nothing is watched */
		o->stall_on = (o->stall_on & ~STALL_MASK_TRIGGERS) | trigger_classes(o);
	o->annotations = !o->no_annotations && options_github_actions(getenv("GITHUB_ACTIONS"));
	return OPTIONS_RUN;
}

/* Return the grace between SIGABRT and SIGKILL under --on-stall=abort. */
uint64_t options_abort_kill_after(const struct options *o)
{
	if (!o->kill_after_set)
		return DEFAULT_ABORT_KILL_AFTER_NS;
	return o->kill_after_ns ? o->kill_after_ns : UINT64_MAX;
}

/* Return the grace between the deadline's signal and SIGKILL. */
uint64_t options_deadline_kill_after(const struct options *o)
{
	return o->kill_after_set && o->kill_after_ns ? o->kill_after_ns : UINT64_MAX;
}

/* Return the grace before SIGKILL of a tree. */
uint64_t options_tree_kill_after(const struct options *o)
{
	return o->kill_after_set ? o->kill_after_ns : DEFAULT_TREE_KILL_AFTER_NS;
}
