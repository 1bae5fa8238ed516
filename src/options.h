/* options: the command line, parsed in one place into one struct.
 *
 * New options (the stall monitor's) are added here: a field in struct
 * options, a row in the long option table, a case in options_parse and a line
 * in the help text. */
#ifndef STALLSUP_OPTIONS_H
#define STALLSUP_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "monitor.h"
#include "stall.h"
#include "strbuf.h"

#define WORKERS_MAX 65536
#define DEFAULT_TREE_KILL_AFTER_NS 5000000000ULL  /* 5 s, when -k is not given */
#define DEFAULT_ABORT_KILL_AFTER_NS 10000000000ULL /* 10 s after SIGABRT, when -k is not given */
#define DEFAULT_INTERVAL_NS 500000000ULL           /* 500 ms sampling interval */
#define MIN_INTERVAL_NS 10000000ULL                /* 10 ms: shorter is refused */
#define DEFAULT_BACKTRACE_TIMEOUT_NS 2000000000ULL /* 2 s to unwind a stalled process */
#define DEFAULT_DUMP_WAIT_NS 1000000000ULL         /* 1 s for a runtime to write its dump */

/* Which processes of a stalled worker are unwound (--backtrace). */
enum backtrace_mode {
	BACKTRACE_STALLED,  /* the processes that hold a stalled task (default) */
	BACKTRACE_ALL,      /* every process of the worker (--backtrace=all) */
	BACKTRACE_NONE,     /* --no-backtrace */
};

struct options {
	unsigned workers;           /* -w: number of copies, 1..WORKERS_MAX */
	uint64_t timeout_ns;        /* -t: deadline for the whole set, 0 = none */
	int signal;                 /* -s: the deadline's first signal */
	uint64_t kill_after_ns;     /* -k: grace before SIGKILL */
	bool kill_after_set;        /* -k was given (-k 0: no SIGKILL after the deadline or an abort) */
	bool preserve_status;       /* --preserve-status */
	bool tag_output;            /* --tag-output */
	bool quiet;                 /* -q: no summary table */
	bool verbose;               /* -v: the summary table even after a quiet success */
	bool foreground;            /* --foreground: workers stay in our process group */
	bool no_cgroup;             /* --no-cgroup: process groups even with cgroup v2 */
	bool drop_caps;             /* --drop-caps: workers get no capability, no_new_privs */
	bool no_sandbox;            /* --no-sandbox: no seccomp filter on the supervisor */
	const char *report_path;    /* --report FILE, "-" = stdout, or NULL */
	const char *junit_path;     /* --junit FILE: JUnit XML written at the end, or NULL */
	bool no_annotations;        /* --no-annotations */
	bool annotations;           /* GITHUB_ACTIONS=true and no --no-annotations: ::error
				       lines and the job summary (src/ci.h) */
	uint64_t interval_ns;       /* -i or STALLSUP_POLL_MS: sampling interval */
	uint64_t stall_after_ns;    /* --stall-after or STALLSUP_STALL_AFTER_MS, 0 = the window */
	bool stall_after_set;       /* --stall-after was given (it wins over the environment) */
	bool interval_set;          /* -i was given (it wins over the environment) */
	enum monitor_scope scope;   /* --scope: which tasks of a worker count */
	unsigned stall_on;          /* --stall-on: mask of (1u << stall_class) */
	enum stall_policy on_stall[STALL_CLASS_COUNT]; /* --on-stall: log, abort or kill, per class */
	uint64_t silence_after_ns;  /* --silence-after: class silent, 0 off */
	bool carry_output;          /* --tag-output or --silence-after: stallsup reads the
				       workers' output (tagged or not) and keeps their last lines */
	uint64_t heartbeat_ns;      /* --heartbeat: class heartbeat, the notify protocol, 0 off */
	uint64_t spin_after_ns;     /* --spin-after: class spinning after that long on a CPU, 0 off */
	bool fail_on_stall;         /* --fail-on-stall: a logged stall makes status 123 */
	bool no_core;               /* --no-core: leave the workers' RLIMIT_CORE alone */
	enum backtrace_mode backtrace; /* --backtrace[=all], --no-backtrace */
	uint64_t backtrace_timeout_ns; /* --backtrace-timeout */
	int dump_signal;            /* --dump-signal: sent after the report, before the policy; 0 = none */
	uint64_t dump_wait_ns;      /* --dump-wait: how long the runtime may write its dump */
	const char *proc_root;      /* --proc-root (hidden): read /proc from here */
	char **command;             /* argv of COMMAND, NULL-terminated */
	int ncommand;               /* number of words in command */
};

/* What options_parse found besides a run. */
enum options_result {
	OPTIONS_RUN = 0,      /* run the command */
	OPTIONS_HELP = 1,     /* --help was given */
	OPTIONS_VERSION = 2,  /* --version was given */
};

/* Parse argv into o. Returns an enum options_result, or -EINVAL with a
 * one-line reason (no newline) appended to err. */
int options_parse(int argc, char **argv, struct options *o, struct strbuf *err);
/* Write the --help text to f. */
void options_usage(FILE *f);
/* Return the grace period before SIGKILL of what a worker left behind: -k,
 * or the default (with -k 0 they are killed at once). */
uint64_t options_tree_kill_after(const struct options *o);
/* Return the grace between SIGABRT and SIGKILL under --on-stall=abort, or
 * UINT64_MAX for none (-k 0). */
uint64_t options_abort_kill_after(const struct options *o);
/* Return the grace between the deadline's signal and SIGKILL, or UINT64_MAX
 * for none (-k not given, or -k 0 as in timeout(1)). */
uint64_t options_deadline_kill_after(const struct options *o);
/* Ticks without progress before a stall fires: --stall-after over the
 * interval, rounded up, and never fewer than the window's W-1. */
unsigned options_stall_ticks(const struct options *o);
/* The stall-after in force in ns: at least the window (W-1 intervals). */
uint64_t options_stall_after(const struct options *o);
/* Interval from STALLSUP_POLL_MS's value env (NULL when unset) into *ns:
 * empty, 0 or unparseable leaves the default. Returns 0, or -EINVAL with a
 * reason in err when it is under the 10 ms minimum. */
int options_poll_env(const char *env, uint64_t *ns, struct strbuf *err);
/* True when GITHUB_ACTIONS's value env (NULL when unset) is "true", as the
 * GitHub runner sets it: stall annotations and the job summary are wanted
 * unless --no-annotations. */
bool options_github_actions(const char *env);

#endif
