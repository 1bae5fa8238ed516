/* privs: which capabilities the supervisor keeps once its workers run.
 *
 * stallsup often runs as root (CI, PID 1 of a container). It needs its
 * capabilities to start the run (cgroups, the helpers, the workers, who keep
 * exactly what the invoking user had); once they run, the supervisor keeps
 * only what its loop still uses, each for a reason that holds for this run:
 * - CAP_SYS_ADMIN, when the stall monitor reads /proc: /proc/<tid>/stack is
 *   for CAP_SYS_ADMIN only;
 * - CAP_SYS_PTRACE, when it reads /proc and the workers are not under
 *   --drop-caps: /proc/<tid>/syscall, stack, wchan and <pid>/exe pass the
 *   kernel's ptrace access check only for a reader whose effective set
 *   covers the worker's permitted set (a root worker keeps the full set), or
 *   who holds CAP_SYS_PTRACE; the same for a worker that became another user;
 * - CAP_DAC_READ_SEARCH, likewise: syscall and stack are mode 0400, owned by
 *   the worker's user, which a worker outside --drop-caps may change;
 * - CAP_KILL, when the workers are not under --drop-caps: a worker may become
 *   another user (a setuid program, su, a daemon that drops privileges) and
 *   the deadline and the stall policies must still reach it;
 * - CAP_DAC_OVERRIDE, when a file is written by path after the start
 *   (--junit, $GITHUB_STEP_SUMMARY, a --report FIFO that waits for its
 *   reader), or when the run's cgroup sits in a directory another user owns
 *   (its removal writes there).
 * Nothing else: cgroup removal in a tree of our own, waiting, reaping and
 * signalling our own user's processes need no capability.
 *
 * Capability sets are 64-bit masks, bit N for capability N. */
#ifndef STALLSUP_PRIVS_H
#define STALLSUP_PRIVS_H

#include <stdint.h>

/* What the run needs after the start (a mask of these). */
enum privs_need {
	PRIVS_MONITOR = 1u << 0,        /* the stall monitor reads the real /proc */
	PRIVS_FOREIGN = 1u << 1,        /* workers may hold capabilities or a user we do not
					   (they are not under --drop-caps) */
	PRIVS_WRITES = 1u << 2,         /* files are written by path after the start */
	PRIVS_CGROUP_FOREIGN = 1u << 3, /* the run's cgroup is in another user's directory */
};

/* Bit of capability cap in a mask. */
#define PRIVS_BIT(cap) (UINT64_C(1) << (cap))

/* Return the capabilities of held that the supervisor keeps for needs (a
 * mask of enum privs_need). */
uint64_t privs_keep(uint64_t held, unsigned needs);
/* Return why capability cap is kept for needs, in a few words, or NULL when
 * it is not. */
const char *privs_reason(int cap, unsigned needs);

#endif
