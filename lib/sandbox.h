/* sandbox: the supervisor's seccomp allow-list, as one table, and the
 * libseccomp filter built from it.
 *
 * Once the workers run and the helpers (keeper, backtrace helper) have
 * started, the supervisor needs only a few dozen system calls: its loop
 * (epoll, signalfd and timerfd reads, pidfds, waitid), /proc and cgroup reads
 * through kept descriptors, signals to its workers, output to its sinks,
 * messages on the sockets it already holds, and at the end the removal of its
 * cgroups and the --junit file. sandbox_rules[] lists them, each with an
 * optional condition on one argument and a few words on who calls it; every
 * other call fails with EPERM. Not in the table, on purpose: socket,
 * socketpair, connect, bind, accept, execve, execveat, fork, vfork, clone,
 * clone3, ptrace, process_vm_readv/writev, mount, setuid and friends, and
 * mmap or mprotect of executable memory. doc/sandbox.md explains every row.
 *
 * Building a filter is pure (nothing is loaded): sandbox_build returns a
 * libseccomp context the caller loads (src/confine.c), exports as text or
 * BPF (the unit test), or releases. */
#ifndef STALLSUP_SANDBOX_H
#define STALLSUP_SANDBOX_H

#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>

#define SANDBOX_MAX_VALUES 8

/* What a rule asks of the argument it looks at. */
enum sandbox_cond {
	SANDBOX_ANY,   /* nothing: every call is allowed */
	SANDBOX_IN,    /* the argument's low 32 bits are one of values[] (the
			  kernel reads these arguments as int) */
	SANDBOX_CLEAR, /* the argument has none of the bits of values[0] */
};

/* One allowed system call. */
struct sandbox_rule {
	const char *name;            /* as libseccomp names it */
	enum sandbox_cond cond;
	unsigned arg;                /* the argument cond looks at (0..5) */
	unsigned nvalues;            /* values used by SANDBOX_IN (1 for CLEAR) */
	uint64_t values[SANDBOX_MAX_VALUES];
	const char *why;             /* who calls it, in a few words */
};

/* The allow-list: every system call the supervisor makes once it is
 * sandboxed, one row per name. */
extern const struct sandbox_rule sandbox_rules[];
extern const size_t sandbox_nrules;

/* Return the index of the rule for name, or -1 when the table has none. */
int sandbox_find(const char *name);
/* Build a filter over the native architecture: sandbox_rules[] allowed,
 * everything else gets default_action (SCMP_ACT_ERRNO(EPERM) in use;
 * SCMP_ACT_LOG to find what is missing). No_new_privs is set by the load
 * (libseccomp's default). On success *out is a context for the caller to
 * release with seccomp_release. Returns 0, or -errno (-EINVAL for a name this
 * architecture does not know, its index in *bad when bad is not NULL). */
int sandbox_build(uint32_t default_action, scmp_filter_ctx *out, size_t *bad);

#endif
