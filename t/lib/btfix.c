/* btfix: live processes for the backtrace tests; see btfix.h. */
#include <config.h>

#include "btfix.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "basic.h"

/* Workers started and not yet ended, ended at exit (a test that bails
 * leaves nothing behind); only by the process that started them. */
static pid_t spawned[64];
static size_t nspawned;
static pid_t owner;

/* atexit: SIGKILL and reap every worker still running. */
static void end_spawned(void)
{
	if (getpid() != owner)
		return;
	while (nspawned > 0) {
		kill(spawned[--nspawned], SIGKILL);
		waitpid(spawned[nspawned], NULL, 0);
	}
}

/* Remember worker pid until it ends. */
static void track(pid_t pid)
{
	if (owner == 0) {
		owner = getpid();
		atexit(end_spawned);
	}
	if (nspawned < sizeof(spawned) / sizeof(spawned[0]))
		spawned[nspawned++] = pid;
}

/* Forget worker pid: it ended and was reaped. */
static void untrack(pid_t pid)
{
	size_t i;

	for (i = 0; i < nspawned; i++)
		if (spawned[i] == pid) {
			spawned[i] = spawned[--nspawned];
			return;
		}
}

char *btfix_worker(const char *name)
{
	const char *build = getenv("BUILD");
	char *path;

	if (asprintf(&path, "%s/t/workers/%s", build ? build : ".", name) < 0)
		sysbail("asprintf");
	return path;
}

/* Sleep 20 ms. */
static void nap(void)
{
	struct timespec ts = {0, 20 * 1000 * 1000};

	nanosleep(&ts, NULL);
}

/* Read one line from fd into line (no newline), bounded by BTFIX_WAIT_S
 * through the blocking read (the worker writes it at once). */
static void read_line(int fd, char *line, size_t size)
{
	size_t n = 0;
	char c;

	while (n + 1 < size && read(fd, &c, 1) == 1 && c != '\n')
		line[n++] = c;
	line[n] = '\0';
}

pid_t btfix_spawn(char *const argv[], int want_line, char *line, size_t size)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		sysbail("pipe");
	pid = fork();
	if (pid < 0)
		sysbail("fork");
	if (pid == 0) {
		dup2(p[1], 1);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	track(pid);
	alarm(BTFIX_WAIT_S); /* a worker that never prints fails the test */
	if (want_line)
		read_line(p[0], line, size);
	alarm(0);
	close(p[0]);
	if (want_line && strncmp(line, "ready", 5) != 0)
		bail("%s did not start (read \"%s\")", argv[0], line);
	return pid;
}

void btfix_kill(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	untrack(pid);
}

int btfix_wait_exit(pid_t pid)
{
	int i, st;

	for (i = 0; i < BTFIX_WAIT_S * 50; i++) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid) {
			untrack(pid);
			return st;
		}
		if (r < 0)
			return -1;
		nap();
	}
	return -1;
}

/* Read /proc/<pid>/task/<tid>/stat into buf; returns the text after the
 * comm's closing parenthesis, or NULL. */
static const char *stat_fields(pid_t pid, pid_t tid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	buf = strrchr(buf, ')');
	return buf != NULL && buf[1] == ' ' ? buf + 2 : NULL;
}

char btfix_state(pid_t pid, pid_t tid)
{
	char buf[1024];
	const char *f = stat_fields(pid, tid, buf, sizeof(buf));

	return f != NULL ? f[0] : '\0';
}

uint64_t btfix_cputime(pid_t pid, pid_t tid)
{
	unsigned long long ut = 0, st = 0;
	char buf[1024];
	const char *f = stat_fields(pid, tid, buf, sizeof(buf));

	/* state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime */
	if (f == NULL ||
	    sscanf(f, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return 0;
	return ut + st;
}

/* Compare pids for qsort. */
static int pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

size_t btfix_tids(pid_t pid, pid_t *tids, size_t max)
{
	char path[64];
	struct dirent *e;
	size_t n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n < max)
			tids[n] = (pid_t)atoi(e->d_name);
		n++;
	}
	closedir(d);
	qsort(tids, n < max ? n : max, sizeof(*tids), pid_cmp);
	return n;
}

int btfix_wait_state(pid_t pid, pid_t tid, const char *states)
{
	int i;
	char s;

	for (i = 0; i < BTFIX_WAIT_S * 50; i++) {
		s = btfix_state(pid, tid);
		if (s != '\0' && strchr(states, s) != NULL)
			return 1;
		nap();
	}
	return 0;
}

/* True when every thread of pid is in one of states. */
static int all_in(pid_t pid, const char *states)
{
	pid_t tids[1024];
	size_t n = btfix_tids(pid, tids, 1024), i;
	char s;

	if (n == 0 || n > 1024)
		return 0;
	for (i = 0; i < n; i++) {
		s = btfix_state(pid, tids[i]);
		if (s == '\0' || strchr(states, s) == NULL)
			return 0;
	}
	return 1;
}

int btfix_wait_states(pid_t pid, const char *states)
{
	int i;

	for (i = 0; i < BTFIX_WAIT_S * 50; i++) {
		if (all_in(pid, states))
			return 1;
		nap();
	}
	return 0;
}

const char *btfix_ptrace_denied(void)
{
	static char why[128];
	pid_t target, prober;
	int st;

	target = fork();
	if (target < 0)
		sysbail("fork");
	if (target == 0) {
		pause();
		_exit(0);
	}
	prober = fork();
	if (prober < 0)
		sysbail("fork");
	if (prober == 0)
		_exit(ptrace(PTRACE_SEIZE, target, NULL, NULL) == 0 ? 0 : errno);
	waitpid(prober, &st, 0);
	btfix_kill(target);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return NULL;
	snprintf(why, sizeof(why), "ptrace of a sibling process is not permitted here (%s)",
		 WIFEXITED(st) ? strerror(WEXITSTATUS(st)) : "prober died");
	return why;
}
