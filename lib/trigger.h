/* trigger: what the triggers saw, as carried by a stall event (stall.h), and
 * what every report about a worker says of it beyond the counters.
 *
 * The three triggers (doc/triggers.md) fire events of their own classes:
 *   heartbeat  --heartbeat: no WATCHDOG=1 within the period, or WATCHDOG=trigger
 *   silent     --silence-after: no output on stdout or stderr for that long
 *   spinning   --spin-after: a task on a CPU for that long, never giving it up
 * Their evidence is a struct stall_trigger. Two more parts go into every
 * report about a worker, whatever its class: what the worker said through
 * the notify protocol (struct stall_notify: its last STATUS=, READY=1,
 * STOPPING=1, heartbeats) and, while its output is carried, its last lines
 * (struct stall_line). Every string here is untrusted bytes from the worker
 * or /proc: reports escape them. */
#ifndef STALLSUP_TRIGGER_H
#define STALLSUP_TRIGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Lines of a worker's output a report shows at most. */
#define TRIGGER_LINES_MAX 20

/* One sample of where a spinning thread is (its innermost user frame). */
struct stall_pc {
	uint64_t pc;          /* 0: no sample */
	char *symbol;         /* function, or NULL when unknown */
	char *module;         /* mapped file, or NULL */
	char *file;           /* source file, or NULL */
	unsigned line;        /* source line, 0 when unknown */
	uint64_t offset;      /* pc - start of symbol; meaningless without symbol */
};

/* How the program counters of a spinning thread compare. */
enum stall_pc_verdict {
	PC_UNKNOWN,           /* fewer than two samples, or no function for one */
	PC_SAME_FUNCTION,     /* both samples inside the same function */
	PC_MOVED,             /* the samples are in different functions */
};

/* A trigger's evidence (zero for the counter classes). */
struct stall_trigger {
	uint64_t period_ns;   /* heartbeat: the period in force; silent: --silence-after;
				 spinning: --spin-after */
	uint64_t last_ns;     /* heartbeat: CLOCK_MONOTONIC of the last WATCHDOG=1, silent:
				 of the last output; 0: none since the worker started */
	uint64_t count;       /* heartbeat: WATCHDOG=1 received; silent: bytes written */
	bool forced;          /* heartbeat: the worker sent WATCHDOG=trigger ... */
	pid_t sender;         /* ... from this process */
	/* spinning: the span judged, of the task the event names */
	uint64_t span_ns;
	uint64_t run_ns;      /* its run time over the span */
	uint64_t wait_ns;     /* its wait for a CPU (run_delay) over the span ... */
	bool has_wait;        /* ... when the sample source gives it (schedstat) */
	uint64_t voluntary;   /* voluntary context switches over the span (0) */
	uint64_t user_ticks, system_ticks; /* utime and stime over the span (clock ticks) */
	unsigned npc;         /* program counter samples taken, 0..2 */
	struct stall_pc pc[2];
	uint64_t pc_gap_ns;   /* time between the two samples (their answers' arrivals) */
	const char *pc_unreadable; /* static text: why npc < 2, NULL when not known */
};

/* What a worker said through the notify protocol (--heartbeat). */
struct stall_notify {
	bool on;              /* --heartbeat is given: the rest is meaningful */
	char *status;         /* the last STATUS= (raw bytes, NUL-terminated), or NULL */
	uint64_t status_ns;   /* CLOCK_MONOTONIC when it came */
	bool ready;           /* READY=1 came ... */
	uint64_t ready_ns;    /* ... then */
	bool stopping;        /* STOPPING=1 came (the heartbeat is off since) */
	uint64_t beats;       /* WATCHDOG=1 received */
	uint64_t last_beat_ns; /* CLOCK_MONOTONIC of the last one, 0: none */
	uint64_t period_ns;   /* the period in force, 0: off (WATCHDOG_USEC=0, STOPPING=1) */
};

/* One line of a worker's output. */
struct stall_line {
	int stream;           /* 1 stdout, 2 stderr */
	bool partial;         /* no newline yet: the line the worker is writing */
	bool cut;             /* longer than what is kept: the start is shown */
	char *text;           /* raw bytes, NUL-terminated (len bytes before it) */
	size_t len;
};

/* Compare the program counter samples of t. */
enum stall_pc_verdict stall_pc_compare(const struct stall_trigger *t);
/* Copy the innermost frame's facts into pc (strings duplicated; NULL
 * strings stay NULL). Returns 0 or -ENOMEM. */
int stall_pc_set(struct stall_pc *pc, uint64_t addr, const char *symbol, const char *module,
		 const char *file, unsigned line);
/* Free the strings of t, notify and lines[0..n) (and the lines array). */
void stall_trigger_free(struct stall_trigger *t);
void stall_notify_free(struct stall_notify *n);
void stall_lines_free(struct stall_line *lines, size_t n);

#endif
