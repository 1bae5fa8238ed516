/* sys: thin wrappers around the raw system calls stallsup depends on.
 *
 * Tests that must fake the kernel replace this one file. Every wrapper
 * returns the call's result or -errno (never sets errno for the caller). */
#ifndef STALLSUP_SYS_H
#define STALLSUP_SYS_H

#include <signal.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* pidfd_open(2): a pidfd (close-on-exec) for pid, or -errno. */
int sys_pidfd_open(pid_t pid);
/* pidfd_send_signal(2) with no siginfo: 0 or -errno (-ESRCH once reaped). */
int sys_pidfd_send_signal(int pidfd, int sig);
/* waitid(2) with the kernel's fifth argument, the rusage of the waited
 * child: 0 (info->si_pid is 0 when WNOHANG found nothing) or -errno. */
int sys_waitid(idtype_t type, id_t id, siginfo_t *info, int options, struct rusage *ru);
/* In a child that shares our descriptor table (CLONE_FILES): take a private
 * copy of descriptors below first only, closing the rest in the copy
 * (close_range CLOSE_RANGE_UNSHARE), or a full private copy where that is
 * not supported. Returns 0 or -errno. */
int sys_unshare_fds_below(unsigned first);
/* Start fn(arg) as a child sharing our memory and descriptor table (vfork semantics: we are
 * suspended until it calls execve or exits) on stack[0..stack_size), with a
 * pidfd stored in *pidfd. When cgroup_fd >= 0 the child starts in that cgroup
 * (clone3 CLONE_INTO_CGROUP) and *into_cgroup is set to 1; where clone3 cannot
 * do that (ENOSYS under a container's seccomp profile, EACCES, ...) nothing is
 * started and -errno is returned: the caller starts the child without a cgroup
 * and has it move itself. With cgroup_fd < 0, clone is used where clone3 is
 * missing. Returns the child's pid or -errno. */
pid_t sys_spawn_vfork(int (*fn)(void *), void *arg, void *stack, size_t stack_size,
		      int cgroup_fd, int *pidfd, int *into_cgroup);
/* The child must call sys_unshare_fds_below before touching a descriptor. */

#endif
