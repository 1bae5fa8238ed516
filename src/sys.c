/* sys: raw system calls behind thin wrappers (clone3, pidfd_*, waitid). */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <linux/sched.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sys.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* Return the raw result r, or -errno when it signals failure. */
static long result(long r)
{
	return r < 0 ? -errno : r;
}

/* pidfd_open(2). */
int sys_pidfd_open(pid_t pid)
{
	return (int)result(syscall(SYS_pidfd_open, pid, 0));
}

/* pidfd_send_signal(2) without siginfo. */
int sys_pidfd_send_signal(int pidfd, int sig)
{
	return (int)result(syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0));
}

/* waitid(2) with rusage. */
int sys_waitid(idtype_t type, id_t id, siginfo_t *info, int options, struct rusage *ru)
{
	long r;

	memset(info, 0, sizeof(*info));
	do
		r = syscall(SYS_waitid, type, id, info, options, ru);
	while (r < 0 && errno == EINTR);
	return (int)result(r);
}

/* Take a private descriptor table holding only fds below first. */
int sys_unshare_fds_below(unsigned first)
{
	if (syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_UNSHARE) == 0)
		return 0;
	return unshare(CLONE_FILES) < 0 ? -errno : 0;
}

#if defined(__x86_64__)
/* The clone3 layout of Linux 5.7+ (struct clone_args, CLONE_ARGS_SIZE_VER2). */
struct clone3_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size,
		tls, set_tid, set_tid_size, cgroup;
};

/* clone3 that runs fn(arg) in the child on the new stack, then exits with
 * its return value. The child never returns into C code of the parent. */
static long clone3_run(struct clone3_args *a, int (*fn)(void *), void *arg)
{
	register void *r12 __asm__("r12") = (void *)fn;
	register void *r13 __asm__("r13") = arg;
	long ret;

	__asm__ volatile(
		"syscall\n\t"
		"test %%rax, %%rax\n\t"
		"jnz 1f\n\t"
		"xor %%ebp, %%ebp\n\t"
		"mov %%r13, %%rdi\n\t"
		"call *%%r12\n\t"
		"mov %%eax, %%edi\n\t"
		"mov $60, %%eax\n\t"
		"syscall\n\t"
		"hlt\n"
		"1:\n\t"
		: "=a"(ret)
		: "a"((long)SYS_clone3), "D"(a), "S"(sizeof(*a)), "r"(r12), "r"(r13)
		: "rcx", "r11", "memory", "cc");
	return ret;
}

/* Try clone3(CLONE_VM|CLONE_VFORK|CLONE_PIDFD[|CLONE_INTO_CGROUP]). */
static pid_t spawn_clone3(int (*fn)(void *), void *arg, void *stack, size_t size,
			  int cgroup_fd, int *pidfd, int *into_cgroup)
{
	struct clone3_args a;
	long r;

	memset(&a, 0, sizeof(a));
	a.flags = CLONE_VM | CLONE_VFORK | CLONE_FILES | CLONE_PIDFD;
	a.pidfd = (uint64_t)(uintptr_t)pidfd;
	a.exit_signal = SIGCHLD;
	a.stack = (uint64_t)(uintptr_t)stack;
	a.stack_size = size & ~(size_t)15;
	if (cgroup_fd >= 0) {
		a.flags |= CLONE_INTO_CGROUP;
		a.cgroup = (uint64_t)cgroup_fd;
	}
	r = clone3_run(&a, fn, arg);
	if (r >= 0)
		*into_cgroup = cgroup_fd >= 0;
	return (pid_t)r;
}
#endif

/* Start fn(arg) with vfork semantics and a pidfd (see sys.h). */
pid_t sys_spawn_vfork(int (*fn)(void *), void *arg, void *stack, size_t stack_size,
		      int cgroup_fd, int *pidfd, int *into_cgroup)
{
	pid_t pid;

	*into_cgroup = 0;
#if defined(__x86_64__)
	static bool no_clone3; /* clone3 failed with ENOSYS once: do not try again */

	if (!no_clone3) {
		pid = spawn_clone3(fn, arg, stack, stack_size, cgroup_fd, pidfd, into_cgroup);
		if (pid == -ENOSYS)
			no_clone3 = true;
		if (pid >= 0 || cgroup_fd >= 0 ||
		    (pid != -ENOSYS && pid != -EOPNOTSUPP && pid != -E2BIG))
			return pid;
	}
#endif
	if (cgroup_fd >= 0)
		return -ENOSYS; /* clone has no CLONE_INTO_CGROUP: the caller moves the child */
	pid = clone(fn, (char *)stack + (stack_size & ~(size_t)15),
		    CLONE_VM | CLONE_VFORK | CLONE_FILES | CLONE_PIDFD | SIGCHLD, arg, pidfd);
	return pid < 0 ? -errno : pid;
}
