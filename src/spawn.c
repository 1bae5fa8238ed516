/* spawn: start one worker with clone3(CLONE_VM|CLONE_VFORK|CLONE_PIDFD).
 *
 * The child runs on a stack of ours while we are suspended, does only
 * async-signal-safe setup, then execs; a failed exec leaves its errno in
 * the shared context, which we read once clone returns. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "caps.h"
#include "clock.h"
#include "msg.h"
#include "notify.h"
#include "supervisor.h"
#include "sys.h"

#define CHILD_STACK_SIZE (256 * 1024)
/* Descriptor slots the child takes with it (everything from FD_SLOTS_END up
 * stays behind, so spawning costs the same with 3 or 30,000 fds open):
 * 3 is /dev/null for stdin, 4 and 5 carry the --tag-output pipes. */
#define FD_SLOT_IN 3
#define FD_SLOT_OUT 4
#define FD_SLOT_ERR 5
#define FD_SLOTS_END 6
#define LINEBUF_CAP (64 * 1024)

extern char **environ;

/* Everything the child needs, prepared by the parent. */
struct spawn_ctx {
	char **argv;
	char **envp;
	pid_t parent;             /* our pid, for the getppid() re-check */
	int in_fd, out_fd, err_fd; /* dup2'd onto 0, 1, 2 when >= 0 */
	int procs_fd;             /* cgroup.procs to move into, or -1 */
	const struct rlimit *nofile; /* soft limit to restore, or NULL */
	const struct rlimit *core;   /* RLIMIT_CORE to set (soft = hard), or NULL */
	const sigset_t *mask;        /* the signal mask stallsup was started with */
	const sigset_t *changed;     /* signals whose disposition stallsup changed ... */
	const sigset_t *ignored;     /* ... of which these were ignored at start */
	bool own_group;           /* a process group of its own (not --foreground) */
	bool drop_caps;           /* --drop-caps: no capability, no_new_privs */
	pid_t tracer;             /* the backtrace helper, named with PR_SET_PTRACER, or 0 */
	char *watchdog_pid;       /* --heartbeat: WATCHDOG_PID's value, written by the child */
	volatile int err;         /* errno of the failed exec, set by the child */
	volatile int cg_err;      /* errno of a failed move into procs_fd's cgroup */
};

/* dup2 from onto to when from >= 0; returns 0 or -1. */
static int child_dup(int from, int to)
{
	return from < 0 || dup2(from, to) == to ? 0 : -1;
}

/* Undo what stallsup changed in signal handling: every disposition it set
 * back to what it was at start (ignored stays ignored), and its mask. */
static void child_signals(const struct spawn_ctx *c)
{
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(c->changed, sig) == 1)
			signal(sig, sigismember(c->ignored, sig) == 1 ? SIG_IGN : SIG_DFL);
	sigprocmask(SIG_SETMASK, c->mask, NULL);
}

/* The child: async-signal-safe setup, then exec. Never returns on success. */
static int child_main(void *arg)
{
	struct spawn_ctx *c = arg;

	if (c->procs_fd >= 0 && write(c->procs_fd, "0", 1) != 1) {
		c->cg_err = errno; /* the parent starts us again without a cgroup */
		_exit(125);
	}
	if (sys_unshare_fds_below(FD_SLOTS_END) < 0)
		goto fail;
	if ((c->own_group && setpgid(0, 0) < 0) || prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		goto fail;
	if (getppid() != c->parent)
		_exit(125); /* stallsup died before the death signal was armed */
	if (c->tracer > 0)
		unwinder_allow_tracer(c->tracer); /* Yama ptrace_scope 1: best effort */
	if (child_dup(c->in_fd, 0) < 0 || child_dup(c->out_fd, 1) < 0 ||
	    child_dup(c->err_fd, 2) < 0)
		goto fail;
	if (c->nofile != NULL && setrlimit(RLIMIT_NOFILE, c->nofile) < 0)
		goto fail;
	if (c->core != NULL)
		setrlimit(RLIMIT_CORE, c->core); /* best effort: only a core is at stake */
	if (c->drop_caps && (errno = -caps_child_drop_all()) != 0)
		goto fail;
	child_signals(c);
	notify_child_pid(c->watchdog_pid, getpid());
	execvpe(c->argv[0], c->argv, c->envp);
fail:
	c->err = errno;
	_exit(errno == ENOENT || errno == ENOTDIR ? 127 : 126);
}

/* The variables stallsup sets for its workers (doc/stallsup.1, ENVIRONMENT). */
static const char *const own_vars[] = {
	"STALLSUP_WORKER=", "STALLSUP_WORKERS=", "STALLSUP_DEADLINE=", "STALLSUP_STALL_AFTER_MS=",
};
#define NOWN (sizeof(own_vars) / sizeof(own_vars[0]))

/* ... and with --heartbeat (src/notify.h) the notify protocol's. */
static const char *const notify_vars[] = {
	"NOTIFY_SOCKET=", "WATCHDOG_USEC=", "WATCHDOG_PID=", "STALLSUP_HEARTBEAT_MS=",
};
#define NNOTIFY (sizeof(notify_vars) / sizeof(notify_vars[0]))

/* Return 1 when name=... is an environment entry stallsup sets itself. */
static int is_own_env(const struct supervisor *sv, const char *e)
{
	for (size_t i = 0; i < NOWN; i++)
		if (strncmp(e, own_vars[i], strlen(own_vars[i])) == 0)
			return 1;
	for (size_t i = 0; sv->notify && i < NNOTIFY; i++)
		if (strncmp(e, notify_vars[i], strlen(notify_vars[i])) == 0)
			return 1;
	return 0;
}

/* Add the variables stallsup owns (but STALLSUP_WORKER, rewritten per
 * spawn) to sv->env_own; returns 0 or -ENOMEM. */
static int own_env(struct supervisor *sv)
{
	const struct options *o = sv->opt;
	uint64_t after = o->stall_on ? options_stall_after(o) / 1000000ULL : 0;
	int64_t deadline = sv->start_real_ns + (int64_t)o->timeout_ns;
	int r = 0;

	sv->nenv_own = 0;
	r |= asprintf(&sv->env_own[sv->nenv_own++], "STALLSUP_WORKERS=%u", o->workers) < 0;
	if (o->stall_on)
		r |= asprintf(&sv->env_own[sv->nenv_own++], "STALLSUP_STALL_AFTER_MS=%llu",
			      (unsigned long long)after) < 0;
	if (o->timeout_ns && o->timeout_ns != DURATION_NEVER && deadline > sv->start_real_ns)
		r |= asprintf(&sv->env_own[sv->nenv_own++], "STALLSUP_DEADLINE=%lld.%03lld",
			      (long long)(deadline / 1000000000LL),
			      (long long)(deadline % 1000000000LL / 1000000LL)) < 0;
	if (r == 0)
		r = notify_env(sv, sv->env_own, &sv->nenv_own, &sv->env_watchdog_pid);
	return r ? -ENOMEM : 0;
}

/* Build sv->envp: environ without our variables, plus ours. */
static int build_env(struct supervisor *sv)
{
	size_t n = 0, i, k = 0;

	while (environ[n])
		n++;
	sv->envp = calloc(n + 2 + ENV_OWN_MAX, sizeof(char *));
	if (sv->envp == NULL || own_env(sv) < 0)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		if (!is_own_env(sv, environ[i]))
			sv->envp[k++] = environ[i];
	sv->envp[k++] = sv->env_worker;
	for (i = 0; i < sv->nenv_own; i++)
		sv->envp[k++] = sv->env_own[i];
	sv->envp[k] = NULL;
	return 0;
}

/* Point the descriptor slots 3..5 at /dev/null (close-on-exec), so that
 * nothing else is ever opened there. Call before opening anything. */
int spawn_reserve_fds(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC), slot;

	if (fd < 0)
		return -errno;
	for (slot = FD_SLOT_IN; slot < FD_SLOTS_END; slot++)
		if (fd != slot && dup3(fd, slot, O_CLOEXEC) < 0)
			return -errno;
	if (fd >= FD_SLOTS_END)
		close(fd);
	return 0;
}

/* Put fd into slot (close-on-exec) and close fd; returns 0 or -errno. */
static int move_to_slot(int fd, int slot)
{
	if (dup3(fd, slot, O_CLOEXEC) < 0)
		return -errno;
	close(fd);
	return 0;
}

/* Allocate the child stack and the environment. Returns 0 or -errno. */
int spawn_prepare(struct supervisor *sv)
{
	sv->stack_size = CHILD_STACK_SIZE;
	sv->stack = mmap(NULL, sv->stack_size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (sv->stack == MAP_FAILED) {
		sv->stack = NULL;
		return -errno;
	}
	return build_env(sv);
}

/* Free what spawn_prepare allocated. */
void spawn_free(struct supervisor *sv)
{
	size_t i;

	if (sv->stack)
		munmap(sv->stack, sv->stack_size);
	sv->stack = NULL;
	for (i = 0; i < sv->nenv_own; i++)
		free(sv->env_own[i]);
	sv->nenv_own = 0;
	free(sv->envp);
	sv->envp = NULL;
}

/* Make the --tag-output pipes of w; write ends go to slots 4 and 5.
 * Returns 0 or -errno. */
static int make_pipes(struct worker *w)
{
	int i, p[2];

	for (i = 0; i < 2; i++) {
		if (pipe2(p, O_CLOEXEC) < 0)
			return -errno;
		fcntl(p[0], F_SETFL, O_NONBLOCK);
		w->out_fd[i] = p[0];
		if (move_to_slot(p[1], FD_SLOT_OUT + i) < 0)
			return -errno;
		if (linebuf_init(&w->out_lb[i], LINEBUF_CAP) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Run the clone for ctx, falling back to moving through cgroup.procs when
 * CLONE_INTO_CGROUP is not available (no clone3 under a container's seccomp
 * profile, an older kernel, or no permission). Returns the pid or -errno. */
static pid_t spawn_clone(struct supervisor *sv, struct worker *w, struct spawn_ctx *c)
{
	int into = 0, cgfd = sv->cgroup_via_procs ? -1 : w->cgroup_fd;
	pid_t pid;

	c->procs_fd = -1;
	c->cg_err = 0;
	if (w->cgroup_fd >= 0 && sv->cgroup_via_procs)
		c->procs_fd = openat(w->cgroup_fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
	if (w->cgroup_fd >= 0 && sv->cgroup_via_procs && c->procs_fd < 0) {
		c->cg_err = errno;
		return -EAGAIN; /* the caller falls back to process groups */
	}
	pid = sys_spawn_vfork(child_main, c, sv->stack, sv->stack_size, cgfd, &w->pidfd, &into);
	if (pid < 0 && cgfd >= 0 && pid != -EAGAIN && pid != -ENOMEM) {
		sv->cgroup_via_procs = true;
		return spawn_clone(sv, w, c);
	}
	if (c->procs_fd >= 0)
		close(c->procs_fd);
	return pid;
}

/* Worker w could not join its cgroup (errno err): reap what was started,
 * drop the cgroup (all of them when w is the first worker) and say so. */
static void leave_cgroup(struct supervisor *sv, struct worker *w, pid_t pid, int err)
{
	siginfo_t si;

	if (pid > 0) {
		sys_waitid(P_PIDFD, (id_t)w->pidfd, &si, WEXITED, NULL);
		close(w->pidfd);
		w->pidfd = -1;
	}
	msg_say("cannot move worker %u into its cgroup under %s (%s): it is contained with "
		"process groups instead", w->index, sv->cg.path, strerror(err));
	close(w->cgroup_fd);
	w->cgroup_fd = -1;
	cgroup_worker_remove(&sv->cg, w->index);
	if (sv->nworkers == 0)
		cgroup_teardown(&sv->cg); /* none of the workers will be in a cgroup */
}

/* Return the RLIMIT_CORE workers get (soft raised to hard, so --on-stall=abort
 * yields a core dump) in *rl, or NULL to leave it alone (--no-core, or
 * already at the hard limit). */
static const struct rlimit *core_limit(const struct supervisor *sv, struct rlimit *rl)
{
	if (sv->opt->no_core || getrlimit(RLIMIT_CORE, rl) < 0 || rl->rlim_cur == rl->rlim_max)
		return NULL;
	rl->rlim_cur = rl->rlim_max;
	return rl;
}

/* Start worker w. Returns 0 (an exec failure is recorded in w, not an
 * error here) or -errno with a reason appended to err. */
int spawn_worker(struct supervisor *sv, struct worker *w, struct strbuf *err)
{
	struct rlimit core;
	struct spawn_ctx c = { .argv = sv->opt->command, .envp = sv->envp, .parent = sv->self,
			       .in_fd = -1, .out_fd = -1, .err_fd = -1, .mask = &sv->orig_mask,
			       .changed = &sv->changed, .ignored = &sv->orig_ignored,
			       .own_group = !sv->opt->foreground, .drop_caps = sv->opt->drop_caps,
			       .tracer = sv->unwinder ? unwinder_server_pid(sv->unwinder) : 0,
			       .watchdog_pid = sv->env_watchdog_pid };
	int r = 0;
	pid_t pid;

	c.in_fd = sv->opt->workers > 1 ? FD_SLOT_IN : -1;
	c.nofile = sv->nofile_raised ? &sv->nofile : NULL;
	c.core = core_limit(sv, &core);
	if (sv->opt->carry_output) {
		if ((r = make_pipes(w)) < 0) {
			sb_printf(err, "cannot make output pipes for worker %u: %s", w->index,
				  strerror(-r));
			return r;
		}
		c.out_fd = FD_SLOT_OUT;
		c.err_fd = FD_SLOT_ERR;
	}
	snprintf(sv->env_worker, sizeof(sv->env_worker), "STALLSUP_WORKER=%u", w->index);
	w->start_ns = clock_now();
	pid = spawn_clone(sv, w, &c);
	if (c.cg_err != 0 && (pid >= 0 || pid == -EAGAIN)) {
		leave_cgroup(sv, w, pid, c.cg_err);
		c.err = 0;
		pid = spawn_clone(sv, w, &c);
	}
	if (sv->opt->carry_output) /* drop our copies of the write ends */
		spawn_reserve_fds();
	if (pid < 0) {
		w->pidfd = -1;
		sb_printf(err, "cannot start worker %u: %s", w->index, strerror(-pid));
		return pid;
	}
	w->pid = pid;
	w->exec_errno = c.err;
	return 0;
}
