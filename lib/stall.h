/* stall: the types shared by stall detection, diagnostics, reports and policy.
 *
 * A stall event is produced by the monitor (lib/monitor.c) when a predicate
 * fires, carries the evidence (sample window, task states, diagnostics), is
 * rendered by lib/report.c for humans and as one JSON line, and names the
 * action the policy table (lib/policy.c) picked for its class. */
#ifndef STALLSUP_STALL_H
#define STALLSUP_STALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "procparse.h"
#include "strbuf.h"
#include "sample.h"
#include "syscall.h"
#include "trigger.h"
#include "window.h"

/* Classes. The first four come from the scheduler counters, in precedence
 * order (the first that applies names the stall); the last three are the
 * triggers (doc/triggers.md), each fired by its own option. */
enum stall_class {
	STALL_STARVED,          /* a task runnable (R) with flat counters: not run */
	STALL_UNINTERRUPTIBLE,  /* any task in D */
	STALL_STOPPED,          /* every task in T or t */
	STALL_SLEEPING,         /* anything else: asleep with no progress */
	STALL_HEARTBEAT,        /* --heartbeat: no WATCHDOG=1 in time, or WATCHDOG=trigger */
	STALL_SILENT,           /* --silence-after: no output for that long */
	STALL_SPINNING,         /* --spin-after: a task on a CPU that long, in a loop */
};
#define STALL_CLASS_COUNT 7
#define STALL_CLASS_ALL ((1u << STALL_CLASS_COUNT) - 1)
/* The classes the scheduler counters decide, and the triggers' classes. */
#define STALL_MASK_COUNTERS ((1u << STALL_HEARTBEAT) - 1)
#define STALL_MASK_TRIGGERS (STALL_CLASS_ALL & ~STALL_MASK_COUNTERS)
/* In a --stall-on mask: sleeping stalls count only when every stalled
 * thread waits without a timeout ("untimed"), and threads in timed waits
 * that use a sliver of CPU are housekeeping, not progress (tracker.h). */
#define STALL_MASK_UNTIMED (1u << 31)

/* "starved", "uninterruptible", "stopped", "sleeping", "heartbeat",
 * "silent" or "spinning". */
const char *stall_class_name(enum stall_class c);
/* Parse a comma-separated class list ("starved,stopped") into a bit mask of
 * (1u << class); "all" means every class, "none" no class (detection off),
 * "untimed" adds STALL_MASK_UNTIMED.
 * Returns 0 or -EINVAL (empty list, unknown name). */
int stall_class_parse_list(const char *list, unsigned *mask);
/* Class of a stall from the state letters of its n stalled tasks, first
 * that applies: any R, any D, all T or t (n > 0), else sleeping. */
enum stall_class stall_classify(const char *states, size_t n);
/* A thread of a stalled worker, for stall_wait_of. */
struct stall_sleeper {
	pid_t pid, tid;      /* its thread group and itself */
	enum wait_kind wait; /* its wait (lib/syscall.h); WAIT_NONE: not asleep */
	unsigned still;      /* ticks since its counters last moved */
	bool housekeeping;   /* set aside (tracker.h) */
	bool reaping;        /* in wait4 or waitid: it waits for its children */
	pid_t joins;         /* syscall_joins of its wait: maybe a thread it joins */
	bool service;        /* a managed runtime's own thread (stall_service_thread) */
};
/* True when comm names a service thread of a managed runtime, whose timed
 * waits are periodic whatever the program does: the JVM's cleaners,
 * sweeper, compilers, GC and VM threads, idle ForkJoinPool workers. */
bool stall_service_thread(const char *comm);
/* The wait of a sleeping worker from its n threads. The threads it waits on
 * are its processes' main threads that do not wait for children, each
 * followed through pthread_join to the thread it joins (a JVM's launcher to
 * the Java main thread): their waits, and the timed waits of threads that
 * fell asleep no earlier than a tick before they did (the thread a main
 * thread joins with Java's join, which does not say whom it waits for), are
 * the worker's. Threads asleep since before (a JVM's cleaner and sweeper in
 * timed waits of a minute and a day) are bystanders, and so are the
 * runtime's service threads (stall_service_thread). When no such main
 * thread sleeps, every sleeping thread counts. Housekeeping is left out.
 * WAIT_TIMED when one of those waits has a timeout (it returns by itself),
 * WAIT_UNTIMED when each has none, WAIT_UNKNOWN otherwise; WAIT_NONE when a
 * thread that is not housekeeping is not asleep (runnable: a thread woken
 * from a sleep that waits for a CPU) or none sleeps. */
enum wait_kind stall_wait_of(const struct stall_sleeper *s, size_t n);
/* Index of the task an event names: the first R, else the first D, else
 * leader (the leader's index, or n when it is not among them), else 0. */
size_t stall_name_task(const char *states, size_t n, size_t leader);

/* --on-stall policies. */
enum stall_policy {
	POLICY_LOG,
	POLICY_ABORT,
	POLICY_KILL,
};
#define STALL_POLICY_COUNT 3
/* "log", "abort", "kill". */
const char *stall_policy_name(enum stall_policy p);
/* Parse a policy name; returns 0 or -EINVAL. */
int stall_policy_parse(const char *name, enum stall_policy *out);
/* Parse an --on-stall list into one policy per class: comma-separated items,
 * each POLICY (the default for every class not named) or CLASS:POLICY
 * ("sleeping:abort,uninterruptible:log", "kill,stopped:log"); a class named
 * twice takes its last policy; classes not named get the default, log when
 * none is given. Returns 0 or -EINVAL (out untouched). */
int stall_policy_parse_list(const char *list, enum stall_policy out[STALL_CLASS_COUNT]);

/* What the supervisor does for one event: a row of the policy table. */
struct stall_action {
	const char *name;     /* "log", "abort" or "kill" (report field "action") */
	int first_signal;     /* 0 (none), SIGABRT or SIGKILL, to the stalled processes */
	bool cont_after;      /* also send SIGCONT so a stopped process takes the signal */
	bool kill_tree_after; /* SIGKILL the worker's whole tree after --kill-after */
	bool kill_tree_now;   /* SIGKILL the worker's whole tree at once */
	bool counts_as_failure; /* the action itself makes the exit status 123 */
};
/* The policy table: the action for class c under policy p (never NULL). */
const struct stall_action *stall_policy_action(enum stall_class c, enum stall_policy p);

/* One thread of the stalled worker, as the diagnostics list them. */
struct stall_thread {
	pid_t pid;                 /* its thread group */
	pid_t tid;
	char state;                /* letter from task/<tid>/stat, '?' if unreadable */
	char wchan[64];            /* "futex_wait_queue", "0", or "" if unreadable */
	char comm[PROC_COMM_MAX];
	char syscall[192];         /* task/<tid>/syscall as read, one line, "" if unreadable */
	enum wait_kind wait;       /* what that wait is (lib/syscall.h) */
	char *stack;               /* task/<tid>/stack (CAP_SYS_ADMIN), or NULL; owned
				      by the diag once copied there */
	bool housekeeping;         /* set aside: timed waits and a sliver of CPU (tracker.h) */
	unsigned still_ticks;      /* untimed mode: ticks since its counters last moved */
};

/* One diagnostic field: exactly one of text and unreadable is set. */
struct diag_field {
	char *text;        /* contents as read (untrusted bytes, NUL-terminated) */
	char *unreadable;  /* reason, e.g. "No such file or directory", "needs CAP_SYS_ADMIN" */
};

/* Per stalled task: files under <pid>/task/<tid>/ (sched only where it exists). */
enum diag_task_field {
	DIAG_WCHAN, DIAG_SYSCALL, DIAG_STATUS, DIAG_STACK, DIAG_CGROUP, DIAG_STAT, DIAG_SCHED,
	DIAG_TASK_FIELDS
};
/* Host-wide: /proc/loadavg, /proc/pressure/cpu, /proc/sys/kernel/core_pattern. */
enum diag_host_field {
	DIAG_LOADAVG, DIAG_PSI_CPU, DIAG_CORE_PATTERN,
	DIAG_HOST_FIELDS
};
/* Field names as reports print them ("wchan", "syscall", ..., "loadavg",
 * "psi_cpu", "core_pattern"). */
const char *diag_task_field_name(enum diag_task_field f);
const char *diag_host_field_name(enum diag_host_field f);

struct diag_task {
	pid_t pid, tid;
	struct diag_field f[DIAG_TASK_FIELDS];
};

/* A stall of a worker with thousands of threads must not read and print
 * everything: full diagnostics cover at most DIAG_MAX_TASKS stalled tasks
 * (the named one first) and the thread list at most DIAG_MAX_THREADS; the
 * totals say how many there were. */
#define DIAG_MAX_TASKS 8
#define DIAG_MAX_THREADS 1024

struct diag {
	struct diag_task *tasks;         /* the stalled tasks, at most DIAG_MAX_TASKS */
	size_t ntasks;
	size_t ntasks_total;             /* stalled tasks in all */
	struct stall_thread *threads;    /* the worker's threads, at most DIAG_MAX_THREADS */
	size_t nthreads;
	size_t nthreads_total;           /* threads of the worker in all */
	struct diag_field host[DIAG_HOST_FIELDS];
};

/* Capture diagnostics under proc root dirfd for the stalled tasks
 * (pids[i], tids[i]) and the worker's threads (already listed by the caller
 * in threads/nthreads: diag copies the first DIAG_MAX_THREADS and takes
 * over their stack strings, which the caller no longer frees), keeping the
 * first DIAG_MAX_TASKS tasks and the totals n and nthreads. Each field is
 * read on its own and degrades to unreadable with the reason; stack is read
 * only when can_stack (CAP_SYS_ADMIN), else "needs CAP_SYS_ADMIN" without
 * trying. Returns 0 or -ENOMEM. */
int diag_capture(int dirfd, const pid_t *pids, const pid_t *tids, size_t n,
		 const struct stall_thread *threads, size_t nthreads, bool can_stack,
		 struct diag *out);
/* Free everything diag_capture allocated. */
void diag_free(struct diag *d);

/* A process holding stalled tasks: what the headline names and the abort
 * policy signals. */
struct stall_proc {
	pid_t pid, ppid;
	uint64_t start;            /* start time (stat field 22, clock ticks since boot)
				      when the monitor first saw it: checked again
				      before it is signalled */
	unsigned ntasks;           /* its stalled tasks */
	char comm[PROC_COMM_MAX];
	char *cmdline;             /* escaped, shortened command line (lib/cmdline.h),
				      or NULL when unreadable (a zombie, a kernel thread) */
};

struct bt_process;

/* One stall report. */
struct stall_event {
	unsigned worker;           /* worker index */
	pid_t pid, tid;            /* the stalled task named in the report */
	char comm[PROC_COMM_MAX];
	char state;                /* its state letter */
	enum stall_class cls;
	bool whole_worker;         /* true: no task of the worker progressed;
				      false: one task starved while others ran */
	enum sample_source source;
	struct sample window[STALL_WINDOW]; /* the named task's window, oldest first */
	unsigned nwindow;
	uint64_t start_ns;         /* monotonic time the supervisor started, for t_ms */
	int64_t realtime_ns;       /* wall-clock time of detection (CLOCK_REALTIME) */
	struct stall_proc *procs;  /* processes holding stalled tasks (abort targets),
				      leaves first: a process before its parent */
	size_t nprocs;
	enum wait_kind wait;       /* sleeping: the worker's wait (timed if a stalled task
				      waits with a timeout, untimed if all wait without) */
	uint64_t stalled_ns;       /* no progress for this long */
	uint64_t interval_ns;      /* the sampling interval */
	size_t nhousekeeping;      /* threads set aside as housekeeping (untimed mode) */
	struct diag diag;
	const struct stall_action *action;
	/* Filled by the supervisor before the report is written: */
	struct bt_process **bt;    /* user-space backtraces, one per process unwound */
	size_t nbt;
	const char *bt_unavailable; /* why there are none (NULL: see bt, or not asked) */
	char *core_hint;           /* abort: where the core of the named process goes */
	bool verbose;              /* the human report adds the raw per-task files */
	/* The triggers (trigger.h): the evidence of a trigger class, and in
	 * every report what the worker said (--heartbeat) and its last lines
	 * (while its output is carried: output_carried). */
	struct stall_trigger trig;
	struct stall_notify notify;
	bool output_carried;
	struct stall_line *lines;  /* oldest first, at most TRIGGER_LINES_MAX */
	size_t nlines;
};

/* Free the event's allocations (procs, diag, backtraces, core_hint, the
 * trigger parts). */
void stall_event_free(struct stall_event *ev);

/* Append the human report (several lines, each ending in '\n', all untrusted
 * text escaped) to out. The first line is the headline:
 *   stallsup: worker 3 stalled: starved (runnable, not run) for 1.5s
 * Returns 0 or -ENOMEM. */
int report_human(const struct stall_event *ev, struct strbuf *out);
/* Append the event as one JSON object line ending in '\n' ({"event":"stall",...}). */
int report_json(const struct stall_event *ev, struct strbuf *out);
/* Format realtime_ns as RFC 3339 UTC with milliseconds ("2026-11-25T15:51:23.123Z")
 * into buf (at least 32 bytes). */
void report_time(int64_t realtime_ns, char *buf, size_t size);

#endif
