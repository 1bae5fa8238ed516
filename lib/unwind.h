/* unwind: the user-space stacks of some threads of a live process, with
 * elfutils libdw (Dwfl), into struct bt_thread (lib/backtrace.h).
 *
 * For each tid: read its comm and state (task/<tid>/stat, before anything
 * stops it); then stop them all with lib/ptstop.h (PTRACE_SEIZE +
 * PTRACE_INTERRUPT), and as each one stops, walk its frames
 * (dwfl_getthread_frames: registers, then memory through process_vm_readv)
 * and let it go at once, so a thread is held only while the threads that
 * stopped before it and itself are walked (about 50 us each). Only then
 * are modules, symbols (+offset) and file:line looked up, once per distinct
 * pc, and fn called; while a thread is slow to stop (uninterruptible
 * sleep), the threads already walked are answered meanwhile. File:line is
 * looked up only in the program's own modules, not in the runtime's
 * (bt_module_is_runtime). A thread that has not stopped by the attach
 * deadline gets the reason BT_REASON_TIMEOUT and stays seized until the
 * caller exits: see ptstop.h, and call this only in a short-lived process
 * that exits afterwards.
 *
 * Built without libdw (configure --without-libdw), unwind_process answers
 * every thread with BT_REASON_UNAVAILABLE and stops nothing. */
#ifndef STALLSUP_UNWIND_H
#define STALLSUP_UNWIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "backtrace.h"

struct unwind_opts {
	int proc_fd;		     /* proc root (lib/proc.h) for stat, status, Yama */
	uint64_t attach_deadline_ns; /* CLOCK_MONOTONIC: give up on tasks not stopped */
	bool no_source;		     /* skip every file:line lookup */
};

/* Time spent in each phase of one unwind_process call, in ns (for bench/). */
struct unwind_stats {
	uint64_t setup_ns;    /* comm/state reads, module list and ELF attach */
	uint64_t stop_ns;     /* seizing, and waiting for stops */
	uint64_t walk_ns;     /* walking frames while threads are stopped */
	uint64_t symbol_ns;   /* module, symbol and file:line lookups */
	uint64_t held_max_ns; /* longest a single thread was held stopped */
};

/* Called once for each tid (threads not in pid and failures first, then
 * the others); t lives only for the call (its strings belong to libdw). A negative return stops the
 * unwind and is returned by unwind_process. */
typedef int (*unwind_thread_fn)(size_t index, const struct bt_thread *t, void *arg);

/* True when this build can unwind (it was built with libdw). */
bool unwind_available(void);
/* Unwind tids[0..n) (threads of pid, n <= BT_MAX_THREADS), calling fn for
 * every one of them: with frames, or with a reason ("no such task", "ptrace
 * not permitted: ...", BT_REASON_TIMEOUT, a libdw message). stats may be
 * NULL. Returns 0, fn's negative return, or -errno (-ENOMEM, -EINVAL). */
int unwind_process(pid_t pid, const pid_t *tids, size_t n, const struct unwind_opts *o,
		   unwind_thread_fn fn, void *arg, struct unwind_stats *stats);

#endif
