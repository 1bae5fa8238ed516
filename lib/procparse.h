/* procparse: pure parsers for the per-task /proc files stallsup reads.
 *
 * Every parser takes a buffer and its length (not necessarily NUL-terminated),
 * never reads outside it, and fills *out only on success. Keys may appear in
 * any order among unknown keys. Return values:
 *   0        success
 *   -ENOENT  a required key is missing (or the buffer is empty)
 *   -EINVAL  malformed text (garbage, truncated value, wrong shape)
 *   -ERANGE  a number does not fit its type
 * A missing or bad value is never reported as zero. */
#ifndef STALLSUP_PROCPARSE_H
#define STALLSUP_PROCPARSE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROC_COMM_MAX 64  /* room for a comm as /proc prints it, plus NUL */

/* /proc/<pid>/sched (CONFIG_SCHED_DEBUG kernels). */
struct sched_info {
	uint64_t nr_switches;
	uint64_t sum_exec_runtime_ns;  /* from "se.sum_exec_runtime  :  ms.ffffff" */
};
/* Parse nr_switches and se.sum_exec_runtime (the bare key without "se." is
 * accepted too); the runtime is milliseconds with up to six fraction digits,
 * converted to exact nanoseconds with integer arithmetic. */
int sched_parse(const char *text, size_t len, struct sched_info *out);

/* /proc/<pid>/schedstat: "runtime_ns run_delay_ns pcount\n". */
struct schedstat_info {
	uint64_t sum_exec_runtime_ns;
	uint64_t run_delay_ns;
	uint64_t pcount;
};
/* Parse the three numbers of schedstat. */
int schedstat_parse(const char *text, size_t len, struct schedstat_info *out);

/* /proc/<pid>/stat and /proc/<pid>/task/<tid>/stat. */
struct taskstat_info {
	pid_t pid;
	char comm[PROC_COMM_MAX];  /* between the first '(' and the last ')' */
	char state;                /* R S D T t Z X I ... */
	pid_t ppid;
	pid_t pgrp;
	uint64_t utime;            /* clock ticks */
	uint64_t stime;            /* clock ticks */
	uint64_t num_threads;
	uint64_t starttime;        /* clock ticks since boot */
};
/* Parse stat; the comm may hold spaces and parentheses, so fields are taken
 * from after the last ')'. */
int taskstat_parse(const char *text, size_t len, struct taskstat_info *out);

/* /proc/<pid>/status. */
struct status_info {
	char state;                      /* letter of "State:\tS (sleeping)" */
	pid_t tgid;
	pid_t ppid;
	uint64_t voluntary_ctxt_switches;
	uint64_t nonvoluntary_ctxt_switches;
};
/* Parse State, Tgid, PPid, voluntary_ctxt_switches, nonvoluntary_ctxt_switches. */
int status_parse(const char *text, size_t len, struct status_info *out);

#endif
