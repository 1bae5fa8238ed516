/* Live test of lib/corepat.c: let a child dump core under this machine's
 * core_pattern and find the file where corepat_locate says it is. Runs only
 * when the pattern is a path that lands in a scratch directory (nothing is
 * written elsewhere); the core is removed afterwards. */
#include <config.h>

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic.h"
#include "corepat.h"

/* Read a small /proc file into buf (NUL-terminated); returns its length. */
static size_t read_small(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, size - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return n;
}

/* Fork a child that aborts with a core in dir; returns its pid. */
static pid_t dump_child(const char *dir)
{
	struct rlimit rl;
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	getrlimit(RLIMIT_CORE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 1);
	if (chdir(dir) < 0)
		_exit(1);
	signal(SIGABRT, SIG_DFL);
	abort();
}

/* Fill p with what this process knows of the child pid (time and CPU are
 * not known: they become '*'). */
static void describe_child(struct corepat_proc *p, pid_t pid, const char *dir, char *comm,
			   char *exe, struct utsname *u)
{
	ssize_t n;

	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->uid = getuid();
	p->gid = getgid();
	p->signal = SIGABRT;
	p->dumpable = 1;
	p->cpu = -1;
	p->time = -1;
	p->core_limit = RLIM_INFINITY;
	read_small("/proc/self/comm", comm, 32);
	comm[strcspn(comm, "\n")] = '\0';
	p->comm = comm;
	n = readlink("/proc/self/exe", exe, PATH_MAX - 1);
	exe[n > 0 ? n : 0] = '\0';
	p->exe = exe;
	uname(u);
	p->hostname = u->nodename;
	p->cwd = dir;
}

int main(void)
{
	char pattern[256], uses[16], comm[32], exe[PATH_MAX];
	struct corepat_where w;
	struct corepat_proc p;
	struct utsname u;
	glob_t g;
	size_t n = read_small("/proc/sys/kernel/core_pattern", pattern, sizeof(pattern));
	char *dir;
	int status, uses_pid;
	pid_t pid;

	read_small("/proc/sys/kernel/core_uses_pid", uses, sizeof(uses));
	uses_pid = atoi(uses);
	if (n == 0 || corepat_kind(pattern, n) != COREPAT_FILE)
		skip_all("core_pattern here is not a path");
	dir = test_tmpdir();
	describe_child(&p, 99999, dir, comm, exe, &u);
	corepat_where_init(&w);
	if (corepat_locate(pattern, n, uses_pid, &p, &w) < 0 ||
	    strncmp(sb_str(&w.path), dir, strlen(dir)) != 0) {
		test_tmpdir_free(dir);
		skip_all("core_pattern here writes outside the working directory");
	}
	pid = dump_child(dir);
	waitpid(pid, &status, 0);
	if (!WIFSIGNALED(status) || !WCOREDUMP(status)) {
		test_tmpdir_free(dir);
		skip_all("no core was dumped here (RLIMIT_CORE, a container, a policy)");
	}
	plan(2);
	describe_child(&p, pid, dir, comm, exe, &u);
	is_int(0, corepat_locate(pattern, n, uses_pid, &p, &w), "the core is located");
	ok(glob(sb_str(&w.path), 0, NULL, &g) == 0 && g.gl_pathc == 1,
	   "the core is at %s", sb_str(&w.path));
	if (g.gl_pathc == 1)
		unlink(g.gl_pathv[0]);
	globfree(&g);
	corepat_where_free(&w);
	test_tmpdir_free(dir);
	return 0;
}
