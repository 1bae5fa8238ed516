/* Live test of lib/syscall.c: run t/workers/block-in in real blocking calls
 * and check the decoder's verdict on their real /proc/<tid>/syscall files.
 * Each worker is killed by pid and reaped before the next one starts. The
 * only bound is a generous one for a hung worker, never a timing check. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "basic.h"
#include "proc.h"
#include "strbuf.h"
#include "syscall.h"

#define POLLS 2000 /* of 10 ms: 20 s for a worker to reach its call */

/* Mode, the names its call may have (per architecture and libc), verdict. */
static const struct {
	const char *mode;
	const char *names;
	enum wait_kind kind;
} live[] = {
	{ "futex-wait", " futex futex_time64 ", WAIT_UNTIMED },
	{ "futex-wait-timed", " futex futex_time64 ", WAIT_TIMED },
	{ "cond-wait", " futex futex_time64 ", WAIT_UNTIMED },
	{ "cond-timedwait", " futex futex_time64 ", WAIT_TIMED },
	{ "mutex-deadlock", " futex futex_time64 ", WAIT_UNTIMED },
	{ "nanosleep", " nanosleep ", WAIT_TIMED },
	{ "sleep", " clock_nanosleep clock_nanosleep_time64 nanosleep ", WAIT_TIMED },
	{ "poll-inf", " poll ppoll ppoll_time64 ", WAIT_UNTIMED },
	{ "poll-timed", " poll ppoll ppoll_time64 ", WAIT_TIMED },
	{ "select-inf", " select _newselect pselect6 pselect6_time64 ", WAIT_UNTIMED },
	{ "select-timed", " select _newselect pselect6 pselect6_time64 ", WAIT_TIMED },
	{ "epoll-inf", " epoll_wait epoll_pwait ", WAIT_UNTIMED },
	{ "epoll-timed", " epoll_wait epoll_pwait ", WAIT_TIMED },
	{ "read-pipe", " read ", WAIT_UNTIMED },
	{ "wait4", " wait4 waitid ", WAIT_UNTIMED },
	{ "pause", " pause rt_sigsuspend ", WAIT_UNTIMED },
	{ "sigwaitinfo", " rt_sigtimedwait rt_sigtimedwait_time64 ", WAIT_UNTIMED },
	{ "sigtimedwait", " rt_sigtimedwait rt_sigtimedwait_time64 ", WAIT_TIMED },
	{ "flock", " flock ", WAIT_UNTIMED },
};

/* Start block-in MODE with its stdout on a pipe; returns the pid and sets *out
 * to the pipe's read end. */
static pid_t start(const char *prog, const char *mode, int *out)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		sysbail("pipe");
	if ((pid = fork()) < 0)
		sysbail("fork");
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		execl(prog, prog, mode, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	*out = p[0];
	return pid;
}

/* Read "ready TID\n" from fd; returns TID or -1 when the worker ended. */
static long ready_tid(int fd)
{
	char line[64];
	size_t n = 0;
	ssize_t r;

	while (n + 1 < sizeof(line) && (r = read(fd, line + n, 1)) == 1 && line[n] != '\n')
		n++;
	line[n] = '\0';
	return strncmp(line, "ready ", 6) == 0 ? atol(line + 6) : -1;
}

/* Read and parse pid's task tid's syscall file into *si, naming its call. */
static int read_syscall(int proc, pid_t pid, long tid, struct syscall_info *si, char *name)
{
	char rel[64], buf[256];
	ssize_t n;

	snprintf(rel, sizeof(rel), "%d/task/%ld/syscall", (int)pid, tid);
	if ((n = proc_read(proc, rel, buf, sizeof(buf))) < 0)
		return (int)n;
	if (syscall_parse(buf, (size_t)n, si) < 0)
		return -EINVAL;
	syscall_name(si->nr, name, SYSCALL_NAME_MAX);
	return 0;
}

/* Wait until the task is in one of names (space-separated, padded);
 * returns 0, or -ETIMEDOUT with *si the last thing seen. */
static int await_call(int proc, pid_t pid, long tid, const char *names, struct syscall_info *si,
		      char *name)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	char key[SYSCALL_NAME_MAX + 2];

	for (int i = 0; i < POLLS; i++) {
		if (read_syscall(proc, pid, tid, si, name) == 0 && si->state == SYSCALL_IN) {
			snprintf(key, sizeof(key), " %s ", name);
			if (strstr(names, key) != NULL)
				return 0;
		}
		nanosleep(&tick, NULL);
	}
	return -ETIMEDOUT;
}

/* Run one mode and check its verdict. */
static void check_mode(int proc, const char *prog, size_t i)
{
	struct syscall_info si = { SYSCALL_RUNNING, -1, { 0 }, 0, 0 };
	struct strbuf desc = STRBUF_INIT;
	char name[SYSCALL_NAME_MAX] = "";
	int fd, r = -ESRCH;
	pid_t pid = start(prog, live[i].mode, &fd);
	long tid = ready_tid(fd);

	if (tid > 0)
		r = await_call(proc, pid, tid, live[i].names, &si, name);
	syscall_describe(&desc, &si);
	if (ok(r == 0, "%s: blocked in one of%s", live[i].mode, live[i].names))
		is_str(wait_kind_name(live[i].kind), wait_kind_name(syscall_wait_kind(&si)),
		       "%s: %s", live[i].mode, sb_str(&desc));
	else
		ok(0, "%s: last seen %s", live[i].mode, sb_str(&desc));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(fd);
	sb_free(&desc);
}

int main(void)
{
	const char *build = getenv("BUILD");
	char prog[4096];
	int proc;

	if (access("/proc/self/syscall", R_OK) != 0)
		skip_all("no /proc/<pid>/syscall (a kernel without CONFIG_HAVE_ARCH_TRACEHOOK)");
	snprintf(prog, sizeof(prog), "%s/t/workers/block-in", build ? build : ".");
	if (access(prog, X_OK) != 0)
		skip_all("%s is not built", prog);
	if ((proc = proc_root_open(NULL)) < 0)
		bail("cannot open /proc");
	plan_lazy();
	for (size_t i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		check_mode(proc, prog, i);
	close(proc);
	return 0;
}
