/* keeper: end the run if stallsup dies; see keeper.h. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup.h"
#include "keeper.h"
#include "msg.h"
#include "sys.h"

#define KEEPER_SOCK 3     /* descriptors the keeper keeps */
#define KEEPER_CGROUP 4
#define KEEPER_FIRST_FREE 5
#define KEEPER_WAIT_NS 2000000000ULL  /* for the cgroups to empty and go */

/* The process groups the keeper must end (process-group containment). */
struct groups {
	pid_t *pid;
	size_t n, cap;
};

/* Add pgid to g (duplicates are harmless). */
static void groups_add(struct groups *g, pid_t pgid)
{
	if (g->n == g->cap) {
		size_t ncap = g->cap ? 2 * g->cap : 64;
		pid_t *p = realloc(g->pid, ncap * sizeof(*p));

		if (p == NULL)
			return;
		g->pid = p;
		g->cap = ncap;
	}
	g->pid[g->n++] = pgid;
}

/* Remove pgid from g. */
static void groups_remove(struct groups *g, pid_t pgid)
{
	for (size_t i = 0; i < g->n; i++) {
		if (g->pid[i] == pgid) {
			g->pid[i] = g->pid[--g->n];
			return;
		}
	}
}

/* In the keeper: detach from stallsup's session and signals, and keep only
 * the socket, the cgroup directory and standard error. */
static void keeper_detach(int sock, int cg_fd)
{
	sigset_t none;
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	int s = fcntl(sock, F_DUPFD, 100), c = cg_fd >= 0 ? fcntl(cg_fd, F_DUPFD, 100) : -1;

	msg_use_sink(NULL); /* the loop's sinks are stallsup's, not ours */
	setsid();
	prctl(PR_SET_NAME, "stallsup-keeper");
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_IGN);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
	}
	dup2(s, KEEPER_SOCK);
	if (c >= 0)
		dup2(c, KEEPER_CGROUP); /* the same description: the flock stays held */
	syscall(SYS_close_range, c >= 0 ? KEEPER_FIRST_FREE : KEEPER_CGROUP, ~0U, 0);
}

/* stallsup died: end everything of the run and say so. */
static void keeper_act(pid_t parent, int cg_fd, const char *cg_path, const char *cg_rel,
		       const struct groups *g)
{
	int r = 0;

	for (size_t i = 0; i < g->n; i++)
		kill(-g->pid[i], SIGKILL);
	if (cg_fd >= 0) {
		cgroup_kill_all(cg_fd, cg_rel);
		cgroup_wait_empty(cg_fd, KEEPER_WAIT_NS);
		r = cgroup_rmtree(AT_FDCWD, cg_path, KEEPER_WAIT_NS);
	}
	if (cg_fd >= 0 && r == 0)
		msg_say("supervisor (pid %d) died: its keeper killed the workers (cgroup.kill) "
			"and removed %s", (int)parent, cg_path);
	else if (cg_fd >= 0)
		msg_say("supervisor (pid %d) died: its keeper killed the workers (cgroup.kill) "
			"but cannot remove %s: %s", (int)parent, cg_path, strerror(-r));
	else
		msg_say("supervisor (pid %d) died: its keeper killed %zu worker process group(s)",
			(int)parent, g->n);
}

/* The keeper's life: read requests until stallsup ends, then act if it died. */
static void keeper_main(pid_t parent, int cg, const char *cg_path, const char *cg_rel)
{
	struct groups g = { NULL, 0, 0 };
	char buf[32];
	ssize_t n;

	for (;;) {
		n = recv(KEEPER_SOCK, buf, sizeof(buf) - 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* end of file: stallsup is gone */
		buf[n] = '\0';
		if (buf[0] == 'S')
			_exit(0);
		if (buf[0] == 'G')
			groups_add(&g, (pid_t)atoi(buf + 1));
		else if (buf[0] == 'g')
			groups_remove(&g, (pid_t)atoi(buf + 1));
	}
	keeper_act(parent, cg, cg_path, cg_rel, &g);
	_exit(0);
}

int keeper_start(struct keeper *k, pid_t self, const struct cgroup_set *cg)
{
	int sv[2], cg_fd = cg ? cg->dir_fd : -1;
	pid_t pid;

	k->pid = 0;
	k->pidfd = k->sock = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -errno;
	}
	if (pid == 0) {
		keeper_detach(sv[1], cg_fd);
		keeper_main(self, cg_fd >= 0 ? KEEPER_CGROUP : -1, cg_fd >= 0 ? cg->path : "",
			    cg_fd >= 0 ? cg->rel : "");
	}
	close(sv[1]);
	k->pid = pid;
	k->sock = sv[0];
	k->pidfd = sys_pidfd_open(pid);
	return 0;
}

/* Send one request to the keeper (it always reads: this does not wait for
 * long, and a lost stop would make it act as if stallsup had died). */
static int keeper_send(struct keeper *k, char op, pid_t pgid)
{
	char msg[32];
	int n = snprintf(msg, sizeof(msg), "%c%d", op, (int)pgid);
	ssize_t w;

	if (k->sock < 0)
		return -ENOTCONN;
	do
		w = send(k->sock, msg, (size_t)n, MSG_NOSIGNAL);
	while (w < 0 && errno == EINTR);
	return w == n ? 0 : -errno;
}

int keeper_watch_group(struct keeper *k, pid_t pgid)
{
	return keeper_send(k, 'G', pgid);
}

int keeper_forget_group(struct keeper *k, pid_t pgid)
{
	return keeper_send(k, 'g', pgid);
}

void keeper_stop(struct keeper *k)
{
	siginfo_t si;

	if (k->sock >= 0) {
		keeper_send(k, 'S', 0);
		close(k->sock);
		k->sock = -1;
	}
	if (k->pidfd >= 0) {
		sys_waitid(P_PIDFD, (id_t)k->pidfd, &si, WEXITED, NULL);
		close(k->pidfd);
		k->pidfd = -1;
	}
	k->pid = 0;
}

int keeper_is(const struct keeper *k, pid_t pid)
{
	return k->pid != 0 && pid == k->pid;
}
