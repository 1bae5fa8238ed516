/* tree: signalling a worker's tree race-free, and reaping what it leaves.
 *
 * A worker's leader is reaped only through its pidfd, and only once the rest
 * of its tree is gone: while it is an unreaped zombie its pid and process
 * group id cannot be reused, so kill(-pgid) stays safe. Orphans reparented
 * to us (we are a child subreaper, or PID 1) are reaped by pid, found in
 * /proc/self/task/<tid>/children. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

	if (sv->leaders == NULL)
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

/* Sort sv->leaders for lookups (called once every worker started). */
void tree_index_leaders(struct supervisor *sv)
{
	qsort(sv->leaders, sv->nworkers, sizeof(*sv->leaders), pid_cmp);
}

/* Read our children into sv->children_buf; returns 0 or -errno. */
static int read_children(struct supervisor *sv)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/task/%d/children", (int)sv->self);
	n = proc_read(AT_FDCWD, path, sv->children_buf, sv->children_size);
	if (n < 0) {
		sv->children_buf[0] = '\0';
		return (int)n;
	}
	return 0;
}

/* Call fn(sv, pid, arg) for each of our children that is not a worker leader. */
static void for_each_stray(struct supervisor *sv,
			   void (*fn)(struct supervisor *, pid_t, void *), void *arg)
{
	char *p, *end;

	if (read_children(sv) < 0)
		return;
	for (p = sv->children_buf; *p; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (pid > 0 && !supervisor_is_leader(sv, (pid_t)pid))
			fn(sv, (pid_t)pid, arg);
	}
}

/* Reap child pid if it has exited. */
static void reap_one(struct supervisor *sv, pid_t pid, void *arg)
{
	siginfo_t si;

	(void)sv;
	(void)arg;
	sys_waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG, NULL);
}

/* Reap every exited child that is not a worker leader. waitid(P_ALL,
 * WNOWAIT) shows one exited child at a time: an orphan is reaped by pid, a
 * leader whose exit was not yet seen is handled now (which reaps it unless
 * its tree remains). Only when a leader zombie has to stay (its tree is
 * still ending) could orphans hide behind it: then they are found in /proc
 * (which may miss some while children come and go, so the loop runs again
 * at the next SIGCHLD). */
void tree_reap_orphans(struct supervisor *sv)
{
	struct worker *w;
	siginfo_t si;

	while (sys_waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT, NULL) == 0 &&
	       si.si_pid > 0) {
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

/* Count a live stray child in the process group *arg points at. */
static void count_in_group(struct supervisor *sv, pid_t pid, void *arg)
{
	pid_t *group_and_count = arg;

	(void)sv;
	if (pgrp_of(pid) == group_and_count[0])
		group_and_count[1]++;
}

/* Return 1 when processes of w's tree outlive its leader, 0 when not. */
int tree_remains(struct supervisor *sv, struct worker *w)
{
	pid_t gc[2] = { w->pid, 0 };

	if (w->cgroup_fd >= 0)
		return cgroup_populated(w->cgroup_fd) == 1;
	for_each_stray(sv, count_in_group, gc);
	return gc[1] > 0;
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

/* Send sig to every non-worker child; return true when there was any. */
bool tree_strays(struct supervisor *sv, int sig)
{
	char *p;

	if (read_children(sv) < 0)
		return false;
	for (p = sv->children_buf; *p == ' ' || *p == '\n'; p++)
		;
	if (*p == '\0')
		return false;
	if (sig != 0)
		for_each_stray(sv, signal_stray, &sig);
	return true;
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

/* Return 1 when pinned process tgid belongs to w, 0 when not, or -errno. */
static int tgid_belongs(struct supervisor *sv, struct worker *w, pid_t tgid)
{
	if (w->cgroup_fd >= 0)
		return cgroup_holds_pid(&sv->cg, w->index, tgid);
	if (w->pidfd < 0)
		return 0;
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
	int r = 0;

	if (w->cgroup_fd >= 0 && !w->reaped)
		r = cgroup_kill(&sv->cg, w->cgroup_fd, w->index);
	if (w->pidfd >= 0) {
		if (!w->exited)
			sys_pidfd_send_signal(w->pidfd, SIGKILL);
		kill(-w->pid, SIGKILL);
	}
	return r;
}
