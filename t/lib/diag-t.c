/* Tests for lib/diag.c: capture over fixture trees and over a live child. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "basic.h"
#include "procfix.h"
#include "proc.h"
#include "stall.h"

/* Return fixture file proc/<tree>/<rel> minus one trailing newline (static buffer). */
static const char *fixture_text(const char *tree, const char *rel)
{
	static char buf[65536];
	char name[256];
	char *path;
	FILE *f;
	size_t n;

	snprintf(name, sizeof(name), "proc/%s/%s", tree, rel);
	path = test_file_path(name);
	f = fopen(path, "r");
	if (f == NULL)
		sysbail("cannot open %s", path);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	free(path);
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return buf;
}

/* True when exactly one of text and unreadable is set in every field of d. */
static bool exactly_one_everywhere(const struct diag *d)
{
	for (size_t i = 0; i < d->ntasks; i++)
		for (unsigned k = 0; k < DIAG_TASK_FIELDS; k++)
			if ((d->tasks[i].f[k].text == NULL) == (d->tasks[i].f[k].unreadable == NULL))
				return false;
	for (unsigned k = 0; k < DIAG_HOST_FIELDS; k++)
		if ((d->host[k].text == NULL) == (d->host[k].unreadable == NULL))
			return false;
	return true;
}

/* The full tree: every field read as the file holds it, threads copied. */
static void test_full(void)
{
	static const pid_t pid = 100, tid = 100;
	struct stall_thread th[2] = {
		{ .pid = 100, .tid = 100, .state = 'S', .wchan = "hrtimer_nanosleep", .comm = "sleep" },
		{ .pid = 100, .tid = 101, .state = 'R', .wchan = "0", .comm = "helper" },
	};
	struct diag d;
	int fd = procfix_root("proc/diag-full");

	is_int(0, diag_capture(fd, &pid, &tid, 1, th, 2, true, &d), "full: capture");
	is_int(1, d.ntasks, "full: one task");
	ok(exactly_one_everywhere(&d), "full: each field text xor unreadable");
	is_int(100, d.tasks[0].tid, "full: tid recorded");
	for (unsigned k = 0; k < DIAG_TASK_FIELDS; k++) {
		char rel[64];

		snprintf(rel, sizeof(rel), "100/task/100/%s", diag_task_field_name(k));
		is_str(fixture_text("diag-full", rel), d.tasks[0].f[k].text,
		       "full: %s as in the file", diag_task_field_name(k));
	}
	is_str("hrtimer_nanosleep", d.tasks[0].f[DIAG_WCHAN].text, "full: wchan");
	ok(d.tasks[0].f[DIAG_STACK].text[strlen(d.tasks[0].f[DIAG_STACK].text) - 1] != '\n',
	   "full: trailing newline trimmed");
	is_str(fixture_text("diag-full", "loadavg"), d.host[DIAG_LOADAVG].text, "full: loadavg");
	ok(strncmp(d.host[DIAG_PSI_CPU].text, "some avg10=", 11) == 0, "full: psi_cpu");
	is_str("core", d.host[DIAG_CORE_PATTERN].text, "full: core_pattern");
	is_int(2, d.nthreads, "full: threads copied");
	ok(d.threads != th && strcmp(d.threads[1].comm, "helper") == 0 &&
	   d.threads[1].tid == 101 && d.threads[1].state == 'R', "full: thread contents");
	diag_free(&d);
	is_int(0, d.ntasks, "diag_free empties");
	diag_free(&d);
	ok(true, "diag_free twice is safe");

	is_int(0, diag_capture(fd, &pid, &tid, 1, NULL, 0, false, &d), "no cap: capture");
	ok(d.tasks[0].f[DIAG_STACK].text == NULL, "no cap: stack not read");
	is_str("needs CAP_SYS_ADMIN", d.tasks[0].f[DIAG_STACK].unreadable, "no cap: reason");
	ok(d.tasks[0].f[DIAG_WCHAN].text != NULL, "no cap: other fields still read");
	ok(d.threads == NULL && d.nthreads == 0, "no threads given: none copied");
	diag_free(&d);
	close(fd);
}

/* Missing stack and PSI read as unreadable ENOENT. */
static void test_nostack(void)
{
	static const pid_t pid = 100, tid = 100;
	struct diag d;
	int fd = procfix_root("proc/diag-nostack");

	is_int(0, diag_capture(fd, &pid, &tid, 1, NULL, 0, true, &d), "nostack: capture");
	ok(d.tasks[0].f[DIAG_STACK].text == NULL, "nostack: no stack text");
	is_str("No such file or directory", d.tasks[0].f[DIAG_STACK].unreadable,
	       "nostack: stack reason");
	is_str("No such file or directory", d.host[DIAG_PSI_CPU].unreadable,
	       "nostack: no PSI -> reason");
	is_str("hrtimer_nanosleep", d.tasks[0].f[DIAG_WCHAN].text, "nostack: wchan read");
	ok(exactly_one_everywhere(&d), "nostack: each field text xor unreadable");
	diag_free(&d);
	close(fd);
}

/* A kernel without /proc/<pid>/sched. */
static void test_nosched(void)
{
	static const pid_t pid = 100, tid = 100;
	struct diag d;
	int fd = procfix_root("proc/diag-nosched");

	is_int(0, diag_capture(fd, &pid, &tid, 1, NULL, 0, true, &d), "nosched: capture");
	is_str("No such file or directory", d.tasks[0].f[DIAG_SCHED].unreadable,
	       "nosched: sched reason");
	ok(d.tasks[0].f[DIAG_STATUS].text != NULL && d.tasks[0].f[DIAG_STAT].text != NULL,
	   "nosched: status and stat read");
	ok(d.tasks[0].f[DIAG_STACK].text != NULL, "nosched: stack read");
	diag_free(&d);
	close(fd);
}

/* A directory, an empty file, control bytes, a missing host file. */
static void test_odd(void)
{
	static const pid_t pid = 100, tid = 100;
	struct diag d;
	int fd = procfix_root("proc/diag-odd");

	is_int(0, diag_capture(fd, &pid, &tid, 1, NULL, 0, true, &d), "odd: capture");
	is_str("Is a directory", d.tasks[0].f[DIAG_WCHAN].unreadable, "odd: directory -> reason");
	is_str("", d.tasks[0].f[DIAG_STACK].text, "odd: empty file is readable and empty");
	is_str("evil\033[31m\nline2", d.tasks[0].f[DIAG_SYSCALL].text,
	       "odd: bytes kept raw (escaping is the report's job)");
	is_str("No such file or directory", d.host[DIAG_CORE_PATTERN].unreadable,
	       "odd: missing core_pattern -> reason");
	ok(exactly_one_everywhere(&d), "odd: each field text xor unreadable");
	diag_free(&d);
	close(fd);
}

/* Several tasks, one of them gone. */
static void test_gone(void)
{
	static const pid_t pids[2] = { 100, 999 }, tids[2] = { 100, 1000 };
	struct diag d;
	int fd = procfix_root("proc/diag-full");
	bool all_gone = true;

	is_int(0, diag_capture(fd, pids, tids, 2, NULL, 0, true, &d), "gone: capture");
	is_int(2, d.ntasks, "gone: two tasks");
	ok(d.tasks[0].f[DIAG_WCHAN].text != NULL, "gone: first task read");
	for (unsigned k = 0; k < DIAG_TASK_FIELDS; k++)
		if (d.tasks[1].f[k].unreadable == NULL ||
		    strcmp(d.tasks[1].f[k].unreadable, "No such file or directory") != 0)
			all_gone = false;
	ok(all_gone, "gone: every field of the vanished task unreadable");
	is_int(999, d.tasks[1].pid, "gone: pid recorded");
	diag_free(&d);
	close(fd);
}

/* A huge worker: full diagnostics for DIAG_MAX_TASKS tasks, DIAG_MAX_THREADS
 * threads, and the totals. */
static void test_cap(void)
{
	enum { NT = DIAG_MAX_TASKS + 12, NTH = DIAG_MAX_THREADS + 36 };
	pid_t pids[NT], tids[NT];
	struct stall_thread th[NTH];
	struct diag d;
	int fd = procfix_root("proc/diag-full");

	memset(th, 0, sizeof(th));
	for (int i = 0; i < NT; i++)
		pids[i] = tids[i] = 100 + i;
	for (int i = 0; i < NTH; i++)
		th[i].tid = 100 + i;
	is_int(0, diag_capture(fd, pids, tids, NT, th, NTH, false, &d), "cap: capture");
	is_int(DIAG_MAX_TASKS, d.ntasks, "cap: tasks with full diagnostics");
	is_int(NT, d.ntasks_total, "cap: stalled tasks in all");
	is_int(DIAG_MAX_THREADS, d.nthreads, "cap: threads listed");
	is_int(NTH, d.nthreads_total, "cap: threads in all");
	is_int(100, d.tasks[0].tid, "cap: the first (named) task kept");
	diag_free(&d);
	close(fd);
}

/* Wait (bounded) until pid is in state S; returns true when it is. */
static bool wait_sleeping(int procfd, pid_t pid)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	char rel[64], buf[512];

	snprintf(rel, sizeof(rel), "%d/stat", (int)pid);
	for (int i = 0; i < 3000; i++) {
		ssize_t n = proc_read(procfd, rel, buf, sizeof(buf));
		char *p = n > 0 ? strrchr(buf, ')') : NULL;

		if (p && p[1] == ' ' && p[2] == 'S')
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

/* A live child in pause(): wchan non-empty, stack readable as root. */
static void test_live(void)
{
	struct diag d;
	pid_t pid;
	int procfd = proc_root_open(NULL);

	if (procfd < 0)
		bail("cannot open /proc: %s", strerror(-procfd));
	pid = fork();
	if (pid < 0)
		sysbail("fork");
	if (pid == 0) {
		pause();
		_exit(0);
	}
	ok(wait_sleeping(procfd, pid), "live: child is asleep in pause()");
	is_int(0, diag_capture(procfd, &pid, &pid, 1, NULL, 0, geteuid() == 0, &d),
	       "live: capture");
	ok(d.tasks[0].f[DIAG_WCHAN].text && d.tasks[0].f[DIAG_WCHAN].text[0] != '\0',
	   "live: wchan non-empty");
	ok(d.tasks[0].f[DIAG_STATUS].text && strstr(d.tasks[0].f[DIAG_STATUS].text, "State:"),
	   "live: status read");
	ok(d.host[DIAG_LOADAVG].text != NULL, "live: loadavg read");
	if (geteuid() != 0)
		skip(1, "stack needs root");
	else
		ok(d.tasks[0].f[DIAG_STACK].text != NULL, "live: stack readable as root (%s)",
		   d.tasks[0].f[DIAG_STACK].unreadable ? d.tasks[0].f[DIAG_STACK].unreadable : "ok");
	diag_free(&d);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(procfd);
}

int main(void)
{
	plan(62);
	is_str("wchan", diag_task_field_name(DIAG_WCHAN), "name wchan");
	is_str("sched", diag_task_field_name(DIAG_SCHED), "name sched");
	is_str("psi_cpu", diag_host_field_name(DIAG_PSI_CPU), "name psi_cpu");
	is_str("core_pattern", diag_host_field_name(DIAG_CORE_PATTERN), "name core_pattern");
	test_full();
	test_nostack();
	test_nosched();
	test_odd();
	test_gone();
	test_cap();
	test_live();
	return 0;
}
