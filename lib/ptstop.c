/* ptstop: PTRACE_SEIZE + PTRACE_INTERRUPT stops with a deadline; see ptstop.h. */
#include "ptstop.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "text.h"

#ifndef PTRACE_EVENT_STOP
#define PTRACE_EVENT_STOP 128
#endif
#define RESCAN_MS 20 /* rescan even without SIGCHLD, at most this far apart */
#define REGROUP_WAIT_MS 200 /* a released task back in its group stop, at most this long */

uint64_t ptstop_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int ptstop_begin(struct ptstop *ps, struct ptstop_task *tasks, size_t n)
{
	struct sigaction dfl;
	sigset_t chld;

	memset(ps, 0, sizeof(*ps));
	ps->tasks = tasks;
	ps->n = n;
	ps->sigfd = -1;
	ps->proc_fd = -1;
	ps->ready = calloc(n + 1, sizeof(*ps->ready));
	if (ps->ready == NULL)
		return -ENOMEM;
	/* Stops of tracees are announced by SIGCHLD unless it is ignored or
	 * SA_NOCLDSTOP: take the default, blocked, read through a signalfd. */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, &ps->oldmask) < 0 ||
	    sigaction(SIGCHLD, &dfl, &ps->oldchld) < 0)
		return -errno;
	ps->sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	return ps->sigfd < 0 ? -errno : 0;
}

/* Seize task t and ask it to stop. */
static void seize_one(struct ptstop_task *t)
{
	if (ptrace(PTRACE_SEIZE, t->tid, NULL, NULL) < 0) {
		t->err = -errno;
		return;
	}
	t->state = PTSTOP_SEIZED;
	/* Already in a stop (job control), INTERRUPT may fail: the seize
	 * itself makes the kernel report that stop, so carry on. */
	ptrace(PTRACE_INTERRUPT, t->tid, NULL, NULL);
}

size_t ptstop_seize_all(struct ptstop *ps)
{
	size_t i, seized = 0;

	for (i = 0; i < ps->n; i++) {
		if (ps->tasks[i].state != PTSTOP_IDLE)
			continue;
		seize_one(&ps->tasks[i]);
		seized += ps->tasks[i].state == PTSTOP_SEIZED;
	}
	return seized;
}

/* Record wait status st of task t: stopped (keeping a signal that was being
 * delivered, to hand it back) or ended. */
static void take_status(struct ptstop_task *t, int st)
{
	if (!WIFSTOPPED(st)) {
		t->state = PTSTOP_DONE;
		t->err = -ESRCH;
		return;
	}
	t->state = PTSTOP_STOPPED;
	/* (st >> 16) is the ptrace event: PTRACE_EVENT_STOP for our interrupt
	 * and for a group stop (nothing to hand back); 0 for a
	 * signal-delivery-stop, whose signal must still be delivered. */
	t->sig = (st >> 16) == 0 ? WSTOPSIG(st) : 0;
	/* a group stop is an event stop with the stopping signal, our
	 * interrupt one with SIGTRAP */
	t->group_stop = (st >> 16) == PTRACE_EVENT_STOP && WSTOPSIG(st) != SIGTRAP;
}

/* Poll every seized task once without blocking; queue those that changed.
 * Returns the number still seized. */
static size_t scan(struct ptstop *ps)
{
	size_t i, seized = 0;
	int st;
	pid_t r;

	for (i = 0; i < ps->n; i++) {
		struct ptstop_task *t = &ps->tasks[i];

		if (t->state != PTSTOP_SEIZED)
			continue;
		r = waitpid(t->tid, &st, __WALL | WNOHANG);
		if (r == 0 || (r < 0 && errno == EINTR)) {
			seized++;
			continue;
		}
		if (r < 0) {
			t->state = PTSTOP_DONE;
			t->err = -ESRCH;
		} else {
			take_status(t, st);
		}
		ps->ready[ps->nready++] = i;
	}
	return seized;
}

/* Wait for SIGCHLD (or RESCAN_MS) but not past deadline_ns; drain it. */
static void wait_chld(struct ptstop *ps, uint64_t deadline_ns)
{
	uint64_t now = ptstop_now(), ms = (deadline_ns - now + 999999) / 1000000;
	struct pollfd pfd = {ps->sigfd, POLLIN, 0};
	struct signalfd_siginfo si;

	poll(&pfd, 1, ms < RESCAN_MS ? (int)ms : RESCAN_MS);
	while (read(ps->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		;
}

ssize_t ptstop_next(struct ptstop *ps, uint64_t deadline_ns)
{
	size_t seized;

	for (;;) {
		if (ps->nready > 0)
			return (ssize_t)ps->ready[--ps->nready];
		seized = scan(ps);
		if (ps->nready > 0)
			continue;
		if (seized == 0)
			return -ENOENT;
		if (ptstop_now() >= deadline_ns)
			return -ETIMEDOUT;
		wait_chld(ps, deadline_ns);
	}
}

/* Wait, at most REGROUP_WAIT_MS, until task tid is back in a stop (state T
 * in its stat under proc_fd): a task taken in its group stop is woken by the
 * detach to go back to it, and does so when it next gets a CPU. */
static void wait_regrouped(int proc_fd, pid_t tid)
{
	char path[48], text[512];
	const char *p;

	snprintf(path, sizeof(path), "%d/stat", (int)tid);
	for (int i = 0; i < REGROUP_WAIT_MS; i++) {
		ssize_t n = proc_read(proc_fd, path, text, sizeof(text) - 1);

		if (n <= 0)
			return; /* gone */
		text[n] = '\0';
		if ((p = strrchr(text, ')')) == NULL || p[1] != ' ' || p[2] == 'T')
			return;
		usleep(1000);
	}
}

int ptstop_release(struct ptstop *ps, size_t i)
{
	struct ptstop_task *t = &ps->tasks[i];
	int r = 0;

	if (t->state != PTSTOP_STOPPED)
		return -EINVAL;
	if (ptrace(PTRACE_DETACH, t->tid, NULL, (void *)(long)t->sig) < 0)
		r = -errno;
	else if (t->group_stop && ps->proc_fd >= 0)
		wait_regrouped(ps->proc_fd, t->tid);
	t->state = PTSTOP_DONE;
	return r;
}

void ptstop_end(struct ptstop *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (ps->tasks[i].state == PTSTOP_STOPPED)
			ptstop_release(ps, i);
	if (ps->sigfd >= 0)
		close(ps->sigfd);
	ps->sigfd = -1;
	if (ps->ready != NULL) {
		sigaction(SIGCHLD, &ps->oldchld, NULL);
		sigprocmask(SIG_SETMASK, &ps->oldmask, NULL);
	}
	free(ps->ready);
	ps->ready = NULL;
}

/* Read Yama's ptrace_scope under proc_fd, or -1 when there is none. */
static int yama_scope(int proc_fd)
{
	char text[32];
	const char *next;
	uint64_t v;
	ssize_t n = proc_read(proc_fd, "sys/kernel/yama/ptrace_scope", text, sizeof(text));

	if (n <= 0 || text_u64(text, text + n, &v, &next) < 0 || v > 3)
		return -1;
	return (int)v;
}

void ptstop_denied_reason(int proc_fd, pid_t pid, pid_t tid, pid_t self, uid_t euid, char *buf,
			  size_t size)
{
	char path[64], text[4096];
	pid_t tracer = 0;
	uint64_t uid = 0;
	int scope = yama_scope(proc_fd);
	ssize_t n;

	snprintf(path, sizeof(path), "%d/task/%d/status", (int)pid, (int)tid);
	n = proc_read(proc_fd, path, text, sizeof(text));
	if (n > 0 && text_key_pid(text, (size_t)n, "TracerPid", &tracer) == 0 && tracer > 0 &&
	    tracer != self)
		snprintf(buf, size, "ptrace not permitted: already traced by pid %d", (int)tracer);
	else if (scope >= 1)
		snprintf(buf, size, "ptrace not permitted (Yama ptrace_scope %d)", scope);
	else if (n > 0 && text_key_u64(text, (size_t)n, "Uid", &uid) == 0 && uid != euid)
		snprintf(buf, size, "ptrace not permitted: owned by uid %llu",
			 (unsigned long long)uid);
	else
		snprintf(buf, size, "ptrace not permitted");
}
