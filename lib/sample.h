/* sample: per-task scheduler counters, read cheaply through kept fds.
 *
 * One source is chosen once per run and recorded in every sample:
 *   schedstat  /proc/<pid>/task/<tid>/schedstat: runtime, run_delay, pcount
 *   sched      /proc/<pid>/task/<tid>/sched: se.sum_exec_runtime, nr_switches
 *   status     status (voluntary + nonvoluntary switches) and stat
 *              (utime + stime, converted from ticks to ns)
 * "Flat" means runtime_ns and switches both unchanged, whatever the source. */
#ifndef STALLSUP_SAMPLE_H
#define STALLSUP_SAMPLE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

enum sample_source {
	SOURCE_SCHEDSTAT,
	SOURCE_SCHED,
	SOURCE_STATUS,
};

struct sample {
	uint64_t t_ns;            /* CLOCK_MONOTONIC time of the read */
	uint64_t runtime_ns;      /* sum_exec_runtime */
	uint64_t switches;        /* pcount, nr_switches, or vol+nonvol switches */
	uint64_t run_delay_ns;    /* valid only when has_run_delay */
	bool has_run_delay;
	enum sample_source source;
};

/* Name of a source as reports print it: "schedstat", "sched" or "status". */
const char *sample_source_name(enum sample_source src);

/* Choose the cheapest usable source by probing the files of one task
 * directory taskdir under dirfd (for example "thread-self" on /proc, or
 * "100/task/100" in a fixture tree). schedstat that reads "0 0 0" (kernel
 * without sched_info) is unusable. Returns 0 or -errno (-ENOENT: none). */
int sample_source_choose(int dirfd, const char *taskdir, enum sample_source *out);

/* A task being sampled: fds kept open and re-read with pread at offset 0. */
struct task_handle {
	pid_t pid;                /* thread group id */
	pid_t tid;
	enum sample_source source;
	int fd;                   /* schedstat, sched, or status */
	int fd_stat;              /* stat, for SOURCE_STATUS; else -1 */
};

/* Open the files of task tid of process pid for source src.
 * Returns 0, -ESRCH/-ENOENT when the task is gone, or another -errno. */
int task_open(int dirfd, pid_t pid, pid_t tid, enum sample_source src,
	      struct task_handle *h);
/* Read one sample (t_ns from CLOCK_MONOTONIC). Returns 0; -ESRCH when the
 * task is gone (the kept fd refuses reads even if the pid was reused);
 * -EINVAL/-ERANGE when the text does not parse. */
int task_sample(struct task_handle *h, struct sample *out);
/* Read one sample of task tid of process pid by path, with no kept fd:
 * open, read and close its files. Returns 0 or -errno as task_open and
 * task_sample do. */
int task_sample_at(int dirfd, pid_t pid, pid_t tid, enum sample_source src,
		   struct sample *out);
/* Close h's fds (safe to call twice). */
void task_close(struct task_handle *h);

/* True when b shows no progress over a: runtime and switches unchanged. */
bool sample_flat(const struct sample *a, const struct sample *b);

#endif
