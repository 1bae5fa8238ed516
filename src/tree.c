/* tree: signalling a worker's tree race-free, and reaping what it leaves.
 *
 * A worker's leader is reaped only through its pidfd, and only once the rest
 * of its tree is gone: while it is an unreaped zombie its pid and process
 * group id cannot be reused, so kill(-pgid) stays safe. Orphans reparented
 * to us (we are a child subreaper, or PID 1) are reaped by pid as waitid
 * shows them; our own children are listed from /proc/self/task/<tid>/children
 * only when the run ends (to end what is left) and when a leader zombie has
 * to stay. The keeper (keeper.h) is our child too, and is never a stray. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"
#include "proc.h"
#include "procparse.h"
#include "supervisor.h"
#include "sys.h"

/* Compare two pids for qsort and bsearch. */
static int pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* Return the worker whose leader is pid and still unreaped, or NULL
 * (O(log n): the leaders array is sorted by pid). */
static struct worker *leader_worker(const struct supervisor *sv, pid_t pid)
{
	const struct leader *l;
	struct worker *w;

	if (sv->leaders == NULL || sv->nworkers == 0)
		return NULL;
	l = bsearch(&pid, sv->leaders, sv->nworkers, sizeof(*sv->leaders), pid_cmp);
	if (l == NULL)
		return NULL;
	w = &sv->workers[l->index];
	return w->pid == pid && w->pidfd >= 0 ? w : NULL;
}

/* Return true when pid is an unreaped worker leader. */
bool supervisor_is_leader(const struct supervisor *sv, pid_t pid)
{
	return leader_worker(sv, pid) != NULL;
}

/* Return true when pid is a helper of ours (the keeper, the backtrace
 * server): our child, never a worker's leftover. */
bool supervisor_is_helper(const struct supervisor *sv, pid_t pid)
{
	return keeper_is(&sv->keeper, pid) ||
	       (sv->unwinder != NULL && unwinder_server_pid(sv->unwinder) == pid);
}

/* Sort sv->leaders for lookups (called once every worker started). */
void tree_index_leaders(struct supervisor *sv)
{
	if (sv->nworkers > 0)
		qsort(sv->leaders, sv->nworkers, sizeof(*sv->leaders), pid_cmp);
}

/* Call fn(sv, pid, arg) for each of our children that is neither a worker
 * leader nor the keeper; returns how many there were. */
static unsigned for_each_stray(struct supervisor *sv,
			       void (*fn)(struct supervisor *, pid_t, void *), void *arg)
{
	struct strbuf text = STRBUF_INIT;
	unsigned count = 0;
	char path[64], *p, *end;

	snprintf(path, sizeof(path), "/proc/self/task/%d/children", (int)sv->self);
	if (proc_read_all(AT_FDCWD, path, &text) < 0) {
		sb_free(&text);
		return 0;
	}
	for (p = text.buf; *p; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (pid <= 0 || supervisor_is_leader(sv, (pid_t)pid) ||
		    supervisor_is_helper(sv, (pid_t)pid))
			continue;
		count++;
		if (fn)
			fn(sv, (pid_t)pid, arg);
	}
	sb_free(&text);
	return count;
}

/* Reap child pid if it has exited. */
static void reap_one(struct supervisor *sv, pid_t pid, void *arg)
{
	siginfo_t si;

	(void)sv;
	(void)arg;
	sys_waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG, NULL);
}

/* The keeper exited before us: reap it and say once what that means. */
static void keeper_died(struct supervisor *sv)
{
	keeper_stop(&sv->keeper);
	if (sv->keeper_lost)
		return;
	sv->keeper_lost = true;
	msg_say("the keeper process died: if stallsup is killed now, processes its workers "
		"started may survive it");
}

/* The backtrace helper exited before us: release it and say so once. */
static void unwinder_died(struct supervisor *sv)
{
	siginfo_t si;

	sys_waitid(P_PID, (id_t)unwinder_server_pid(sv->unwinder), &si, WEXITED | WNOHANG, NULL);
	unwinder_stop(sv->unwinder);
	sv->unwinder = NULL;
	msg_say("the backtrace helper died: stall reports have no backtraces from now on");
}

/* Reap every exited child that is not a worker leader. waitid(P_ALL,
 * WNOWAIT) shows one exited child at a time: an orphan is reaped by pid, a
 * leader whose exit was not yet seen is handled now (which reaps it unless
 * its tree remains), the keeper is reaped and said to be gone. Only when a
 * leader zombie has to stay (its tree is still ending) could orphans hide
 * behind it: then they are found in /proc (which may miss some while
 * children come and go, so the loop runs again at the next SIGCHLD). */
void tree_reap_orphans(struct supervisor *sv)
{
	struct worker *w;
	siginfo_t si;

	while (sys_waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT, NULL) == 0 &&
	       si.si_pid > 0) {
		if (keeper_is(&sv->keeper, si.si_pid)) {
			keeper_died(sv);
			continue;
		}
		if (supervisor_is_helper(sv, si.si_pid)) {
			unwinder_died(sv);
			continue;
		}
		w = leader_worker(sv, si.si_pid);
		if (w == NULL) {
			reap_one(sv, si.si_pid, NULL);
			continue;
		}
		if (!w->exited)
			supervisor_leader_exited(sv, w);
		if (!w->reaped) {
			for_each_stray(sv, reap_one, NULL);
			return;
		}
	}
}

/* Read the process group of pid; returns it or -errno. */
static pid_t pgrp_of(pid_t pid)
{
	struct taskstat_info st;
	char path[64], text[1024];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	n = proc_read(AT_FDCWD, path, text, sizeof(text));
	if (n < 0)
		return (pid_t)n;
	if (taskstat_parse(text, (size_t)n, &st) < 0 || st.state == 'Z')
		return -ESRCH;
	return st.pgrp;
}

/* Return 1 when processes of w's tree outlive its leader, 0 when not. With
 * process groups: a live child of ours in the leader's group. The leader's
 * children become ours when it exits, and waitid(P_PGID) without WEXITED
 * ignores zombies (the leader's among them) and fails with ECHILD when no
 * live child of ours is in the group: one system call, no /proc reading. */
int tree_remains(struct supervisor *sv, struct worker *w)
{
	siginfo_t si;

	(void)sv;
	if (w->cgroup_fd >= 0)
		return cgroup_populated(w->cgroup_fd) == 1;
	return sys_waitid(P_PGID, (id_t)w->pid, &si, WSTOPPED | WNOHANG | WNOWAIT, NULL) == 0;
}

/* Signal stray child pid (pinned: it is our unreaped child) with *arg. */
static void signal_stray(struct supervisor *sv, pid_t pid, void *arg)
{
	int sig = *(int *)arg;
	int fd = sys_pidfd_open(pid);

	(void)sv;
	if (fd < 0)
		return;
	sys_pidfd_send_signal(fd, sig);
	if (sig != SIGKILL && sig != SIGCONT)
		sys_pidfd_send_signal(fd, SIGCONT);
	close(fd);
}

/* Send sig to every stray child (0: none); return true when there was any. */
bool tree_strays(struct supervisor *sv, int sig)
{
	return for_each_stray(sv, sig ? signal_stray : NULL, &sig) > 0;
}

/* Signal a worker's leader and group, or its cgroup (see supervisor.h). */
int supervisor_signal_worker(struct supervisor *sv, struct worker *w, int sig)
{
	int r = -ESRCH;

	if (w->pidfd >= 0) {
		if (!w->exited && sys_pidfd_send_signal(w->pidfd, sig) == 0)
			r = 0;
		/* the unreaped leader pins its process group id */
		if (kill(-w->pid, sig) == 0)
			r = 0;
	}
	if (w->cgroup_fd >= 0 && w->exited && !w->reaped &&
	    cgroup_signal_procs(&sv->cg, w->cgroup_fd, w->index, sig) > 0)
		r = 0;
	return r;
}

/* Return 1 when pinned process tgid belongs to w, 0 when not, or -errno:
 * it is the leader, or in w's cgroup subtree, or (while the unreaped leader
 * pins the id) in w's process group. */
static int tgid_belongs(struct supervisor *sv, struct worker *w, pid_t tgid)
{
	if (w->pidfd < 0)
		return 0;
	if (tgid == w->pid)
		return 1;
	if (w->cgroup_fd >= 0 && cgroup_holds_pid(&sv->cg, w->index, tgid) == 1)
		return 1;
	return pgrp_of(tgid) == w->pid;
}

/* Signal one process of w's tree race-free (see supervisor.h). */
int supervisor_signal_tgid(struct supervisor *sv, struct worker *w, pid_t tgid, uint64_t start,
			   int sig)
{
	int fd = sys_pidfd_open(tgid), r;
	uint64_t now_start;
	char path[64];

	if (fd < 0)
		return fd;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)tgid);
	r = proc_read_start(AT_FDCWD, path, &now_start);
	if (r == 0 && start != 0 && now_start != start)
		r = -ESRCH; /* tgid is another process's now: never signal a newcomer */
	if (r == 0)
		r = tgid_belongs(sv, w, tgid);
	if (r == 1)
		r = sys_pidfd_send_signal(fd, sig);
	else if (r == 0)
		r = -EPERM;
	close(fd);
	return r;
}

/* SIGKILL w's whole tree now (see supervisor.h). */
int supervisor_kill_tree(struct supervisor *sv, struct worker *w)
{
	char rel[PATH_MAX + 32];
	int r = 0;

	if (w->cgroup_fd >= 0 && !w->reaped) {
		snprintf(rel, sizeof(rel), "%s/w%u", sv->cg.rel, w->index);
		r = cgroup_kill_all(w->cgroup_fd, rel);
	}
	if (w->pidfd >= 0) {
		if (!w->exited)
			sys_pidfd_send_signal(w->pidfd, SIGKILL);
		kill(-w->pid, SIGKILL);
	}
	return r;
}
