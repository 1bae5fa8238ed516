/* sandbox: the supervisor's seccomp allow-list; see sandbox.h. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include "sandbox.h"

#define ANY(n, w) { .name = (n), .cond = SANDBOX_ANY, .why = (w) }
#define CLEAR(n, a, bits, w)                                                        \
	{ .name = (n), .cond = SANDBOX_CLEAR, .arg = (a), .nvalues = 1,               \
	  .values = { (bits) }, .why = (w) }
#define IN(n, a, w, ...)                                                            \
	{ .name = (n), .cond = SANDBOX_IN, .arg = (a),                                \
	  .nvalues = sizeof((uint64_t[]){ __VA_ARGS__ }) / sizeof(uint64_t),          \
	  .values = { __VA_ARGS__ }, .why = (w) }

/* Sorted by area; doc/sandbox.md has the same rows with their reasons. */
const struct sandbox_rule sandbox_rules[] = {
	/* the loop */
	ANY("epoll_wait", "the loop waits on its epoll set"),
	ANY("epoll_pwait", "epoll_wait where libc implements it so"),
	ANY("epoll_ctl", "pipes, sinks, cgroup.events and pidfds join and leave the set"),
	ANY("read", "signalfd, timerfd, worker pipes, /proc and cgroup files"),
	ANY("pread64", "/proc and cgroup files kept open and read from the start"),
	ANY("write", "sinks (output, messages, --report), cgroup.kill"),
	ANY("writev", "libc's buffered output"),
	ANY("close", "descriptors of ended workers, one-shot /proc reads"),
	ANY("timerfd_settime", "every deadline and the sampling tick"),
	ANY("poll", "a sink that cannot be watched by epoll; the helper's socket"),
	/* files and directories */
	ANY("openat", "/proc and cgroup files, --report, --junit, $GITHUB_STEP_SUMMARY"),
	ANY("newfstatat", "stat and fstat of sinks and cgroup directories"),
	ANY("fstat", "fstat where libc does not use newfstatat"),
	ANY("statx", "stat where libc uses statx"),
	ANY("lseek", "rewinding kept /proc files, directory streams"),
	ANY("getdents64", "listing /proc/<pid>/task and cgroup directories"),
	ANY("readlink", "/proc/<pid>/cwd and exe, to find a worker's core"),
	ANY("readlinkat", "readlink where libc uses readlinkat"),
	ANY("getcwd", "where a worker's core goes when its cwd is gone"),
	ANY("unlinkat", "cgroup removal (AT_REMOVEDIR), a failed --junit temporary"),
	ANY("unlink", "a failed --junit temporary"),
	ANY("rmdir", "the run's cgroup directory"),
	ANY("rename", "--junit's file, written beside and renamed"),
	ANY("renameat", "rename where libc uses renameat"),
	ANY("renameat2", "rename where libc uses renameat2"),
	ANY("fchmod", "--junit's file gets the umask's mode"),
	ANY("ftruncate", "a partial line cut off a file on a full device (sink)"),
	ANY("getrandom", "the name of --junit's temporary file (mkostemp)"),
	ANY("umask", "--junit's file gets the umask's mode"),
	ANY("flock", "cgroup directories stay locked while the run owns them"),
	IN("fcntl", 1, "descriptor flags; duplicating a socket sink for polling", F_GETFD,
	   F_SETFD, F_GETFL, F_SETFL, F_DUPFD, F_DUPFD_CLOEXEC),
	ANY("dup", "libc internals"),
	ANY("dup3", "the worker descriptor slots go back to /dev/null"),
	/* processes and signals */
	ANY("waitid", "reaping workers and orphans (P_PIDFD, P_ALL, P_PGID)"),
	ANY("wait4", "waitpid where libc uses wait4"),
	ANY("pidfd_open", "pinning a process before it is signalled"),
	ANY("pidfd_send_signal", "every signal to a worker's leader and its processes"),
	ANY("kill", "a worker's process group"),
	ANY("tgkill", "raise(): stallsup dies by its single worker's signal"),
	ANY("rt_sigaction", "restoring the default action before that raise"),
	ANY("rt_sigprocmask", "unblocking it; libc internals"),
	ANY("rt_sigreturn", "return from a signal handler"),
	ANY("restart_syscall", "a call resumed after a stop (SIGSTOP, SIGCONT)"),
	IN("prctl", 0, "PR_SET_DUMPABLE: no core of stallsup when it dies by a signal",
	   PR_SET_DUMPABLE),
	ANY("prlimit64", "getrlimit (RLIMIT_CORE and RLIMIT_NOFILE), setrlimit before that raise"),
	ANY("getpid", "libc internals, raise()"),
	ANY("gettid", "raise()"),
	ANY("getuid", "the core_pattern expansion of a worker's core"),
	ANY("getgid", "the core_pattern expansion of a worker's core"),
	ANY("geteuid", "libc internals"),
	ANY("getegid", "libc internals"),
	ANY("uname", "the core_pattern expansion (%h)"),
	ANY("sysinfo", "qsort of a large table asks for the memory size (sysconf)"),
	ANY("exit_group", "the end"),
	ANY("exit", "the end"),
	/* sockets already open (the keeper's, the backtrace helper's, notify) */
	ANY("sendto", "requests to the keeper and the backtrace helper"),
	ANY("sendmsg", "sendmsg on a socket already open"),
	ANY("recvfrom", "answers of the backtrace helper"),
	ANY("recvmsg", "notify messages with their credentials (SCM_CREDENTIALS)"),
	/* memory and time */
	ANY("brk", "malloc"),
	CLEAR("mmap", 2, PROT_EXEC, "malloc; never executable memory"),
	CLEAR("mprotect", 2, PROT_EXEC, "malloc; never executable memory"),
	ANY("munmap", "malloc, free"),
	ANY("mremap", "realloc of large blocks"),
	ANY("madvise", "free"),
	ANY("clock_gettime", "the clocks, when the vDSO cannot answer"),
	ANY("gettimeofday", "the clocks, when the vDSO cannot answer"),
	ANY("clock_nanosleep", "rmdir of a cgroup still busy is retried after 2 ms"),
	ANY("nanosleep", "rmdir of a cgroup still busy is retried after 2 ms"),
};

const size_t sandbox_nrules = sizeof(sandbox_rules) / sizeof(sandbox_rules[0]);

/* Return the index of the rule for name, or -1 (see sandbox.h). */
int sandbox_find(const char *name)
{
	for (size_t i = 0; i < sandbox_nrules; i++)
		if (strcmp(sandbox_rules[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Add rule r (syscall number nr) to ctx: one libseccomp rule per allowed
 * value. Returns 0 or -errno. */
static int add_rule(scmp_filter_ctx ctx, const struct sandbox_rule *r, int nr)
{
	int e = 0;

	switch (r->cond) {
	case SANDBOX_ANY:
		return seccomp_rule_add_exact(ctx, SCMP_ACT_ALLOW, nr, 0);
	case SANDBOX_CLEAR:
		return seccomp_rule_add_exact(ctx, SCMP_ACT_ALLOW, nr, 1,
					      SCMP_CMP(r->arg, SCMP_CMP_MASKED_EQ, r->values[0], 0));
	case SANDBOX_IN:
		for (unsigned i = 0; i < r->nvalues && e == 0; i++)
			e = seccomp_rule_add_exact(ctx, SCMP_ACT_ALLOW, nr, 1,
						   SCMP_CMP(r->arg, SCMP_CMP_MASKED_EQ, 0xffffffffULL,
							    r->values[i] & 0xffffffffULL));
		return e;
	}
	return -EINVAL;
}

/* Build the filter (see sandbox.h). */
int sandbox_build(uint32_t default_action, scmp_filter_ctx *out, size_t *bad)
{
	scmp_filter_ctx ctx = seccomp_init(default_action);
	int e = 0, nr;

	*out = NULL;
	if (ctx == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < sandbox_nrules && e == 0; i++) {
		nr = seccomp_syscall_resolve_name(sandbox_rules[i].name);
		if (nr == __NR_SCMP_ERROR || sandbox_rules[i].arg > 5)
			e = -EINVAL;
		else if (nr >= 0) /* < 0: a call this architecture does not have */
			e = add_rule(ctx, &sandbox_rules[i], nr);
		if (e < 0 && bad != NULL)
			*bad = i;
	}
	if (e < 0) {
		seccomp_release(ctx);
		return e;
	}
	*out = ctx;
	return 0;
}
