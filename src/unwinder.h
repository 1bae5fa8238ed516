/* unwinder: user-space backtraces for the supervisor, from a helper process.
 *
 * Unwinding stops the target's threads with ptrace, and a task in
 * uninterruptible sleep may never stop; libdw parses ELF and DWARF the
 * target controls. None of that may hang or crash the supervisor, so it
 * happens elsewhere:
 *
 *   supervisor --SOCK_SEQPACKET--> server (forked once, at startup)
 *                                    `-- fork per request --> unwinder child
 *
 * The server is forked by unwinder_start before anything else is set up
 * (before the seccomp filter of the hardening work, before the workers are
 * spawned). For each request it forks a short-lived child that runs
 * unwind_process (lib/unwind.h) and sends one THREAD message per tid; the
 * server checks each, SIGKILLs the child at the request's deadline (the
 * kernel then detaches it from every task it holds, and a seized task that
 * never stopped just runs on), fills in the threads it has no answer for
 * (BT_REASON_TIMEOUT, or the child's crash), and sends the client the
 * whole answer: BEGIN, THREAD x n, END (lib/btcodec.h). Up to
 * UNWINDER_MAX_JOBS requests are served at once, each by its own child,
 * never two about the same process; the others wait, in order. A process
 * that cannot be stopped (a task in D) so delays only its own answer, not
 * other workers' reports.
 *
 * The server dies with the supervisor (PR_SET_PDEATHSIG SIGKILL, and EOF on
 * its socket), holds only /dev/null on 0-2, its socket and a /proc fd, and
 * ignores the terminal's signals. Its child dies with it the same way.
 *
 * Client side: everything is non-blocking and driven from the supervisor's
 * epoll loop. Watch unwinder_fd for EPOLLIN; call unwinder_on_readable when
 * it is readable, until it returns 0. A request's answer normally arrives
 * shortly after its deadline at the latest; a supervisor that must not
 * wait longer arms its own timer at the deadline plus a grace and calls
 * unwinder_cancel, which hands back what arrived so far.
 *
 * Permission: the server is not an ancestor of the workers, so under Yama
 * ptrace_scope 1 it may trace a worker only if the worker named it with
 * PR_SET_PTRACER (unwinder_allow_tracer, in the worker's pre-exec code);
 * that covers the worker's own process (all its threads, across execve),
 * not the processes it forks: those need CAP_SYS_PTRACE in the server.
 * Under scope 2 only CAP_SYS_PTRACE helps; under scope 3 nothing does.
 * Refusals come back as "[unreadable: ptrace not permitted ...]".
 *
 * Seccomp (issue 12), to be added later:
 * - the supervisor's own filter then needs nothing of this but sendmsg /
 *   recvmsg (send/recv) on the socket, close, and pidfd_send_signal +
 *   waitid for unwinder_stop: no ptrace, fork or process_vm_readv;
 * - the server may load a filter of its own at the top of
 *   unwinder_server_main (after its fd and signal setup), allowing: poll,
 *   recvfrom/recvmsg, sendto/sendmsg, socketpair, clone/fork, wait4, kill,
 *   openat/read/close/getdents64/fstat/newfstatat (taskset, /proc stat),
 *   clock_gettime, exit_group; and for the child (inherited, so allowed
 *   in the same filter): ptrace, process_vm_readv, prctl, getppid,
 *   rt_sigprocmask, rt_sigaction, signalfd4, mmap/munmap/mprotect/brk,
 *   lseek/pread64/readlink (libdw reading /proc/<pid>/maps, ELF and debug
 *   files), and exit;
 * - capabilities: the server keeps CAP_SYS_PTRACE (and DAC_READ_SEARCH to
 *   open other users' ELF files); the supervisor can then drop both. */
#ifndef STALLSUP_UNWINDER_H
#define STALLSUP_UNWINDER_H

#include <stdint.h>
#include <sys/types.h>

#include "backtrace.h"
#include "btcodec.h"

#define UNWINDER_MAX_PENDING	    32		  /* requests in flight per client */
#define UNWINDER_MAX_JOBS	    8		  /* requests the server serves at once */
#define UNWINDER_DEFAULT_TIMEOUT_NS 2000000000ull /* --backtrace-timeout default */
#define UNWINDER_HELPER_GONE	    "backtrace helper exited"

struct unwinder;

/* Fork the server (see above). Call it early: before loading a seccomp
 * filter, before spawning workers, with as few fds open as possible (the
 * server closes the rest). Returns 0 and *out, or -errno. */
int unwinder_start(struct unwinder **out);
/* The client's socket: watch it for EPOLLIN (level-triggered is simplest).
 * It is non-blocking and close-on-exec. */
int unwinder_fd(const struct unwinder *u);
/* The server's pid: for unwinder_allow_tracer in the workers, and to leave
 * out of the supervisor's own bookkeeping of its children. */
pid_t unwinder_server_pid(const struct unwinder *u);
/* A pidfd of the server (owned by u; unwinder_start fails without one). */
int unwinder_pidfd(const struct unwinder *u);

/* Ask for the stacks of tids[0..ntids) of process pid (the first
 * BT_MAX_THREADS; the answer's threads_total says ntids), or of every
 * thread of pid when ntids == 0. deadline_ns is CLOCK_MONOTONIC (for
 * example now + UNWINDER_DEFAULT_TIMEOUT_NS); flags are BT_FLAG_*. Never
 * blocks. Returns 0 with the request's id in *id (never 0), -EINVAL,
 * -EBUSY (UNWINDER_MAX_PENDING in flight), -EAGAIN (socket full) or
 * -EPIPE (the server is gone). */
int unwinder_request(struct unwinder *u, pid_t pid, const pid_t *tids, size_t ntids,
		     uint64_t deadline_ns, unsigned flags, uint32_t *id);
/* Read what the server sent, without blocking. Returns 1 with *done set to
 * a complete answer (the caller frees it with bt_process_free; its id is
 * the request's), 0 when no answer is complete yet (call again when the fd
 * is readable), or -EPIPE once the server is gone and no request is left:
 * requests still pending when it went are first returned one per call,
 * their missing threads with the reason UNWINDER_HELPER_GONE. */
int unwinder_on_readable(struct unwinder *u, struct bt_process **done);
/* Give up request id: the server is told to stop it, and its answer, if it
 * comes, is dropped. With partial non-NULL, *partial is the answer so far
 * (threads without one have the reason BT_REASON_TIMEOUT; NULL when out of
 * memory). Returns 0 or -ENOENT (no such request pending). */
int unwinder_cancel(struct unwinder *u, uint32_t id, struct bt_process **partial);
/* Number of requests in flight. */
unsigned unwinder_pending(const struct unwinder *u);
/* Close the socket, SIGKILL the server and reap it (unless the caller's
 * reaper did already), free u. NULL is fine. */
void unwinder_stop(struct unwinder *u);

/* For the worker's pre-exec code (the vfork child of src/spawn.c, after
 * setpgid and PR_SET_PDEATHSIG): let server_pid ptrace this process under
 * Yama ptrace_scope 1 (PR_SET_PTRACER; it lasts across execve). Async-
 * signal-safe. Returns 0, also where Yama is absent (nothing to do), or
 * -errno. */
int unwinder_allow_tracer(pid_t server_pid);

/* Internal (src/unwinder-server.c): the server, run in the forked child on
 * socket sock; parent is the supervisor's pid. Never returns. */
void unwinder_server_main(int sock, pid_t parent) __attribute__((noreturn));

#endif
