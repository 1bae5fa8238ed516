/* Tests for lib/proc.c. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic.h"
#include "proc.h"

/* Opening roots: /proc, a fixture tree, a missing path, a file. */
static int test_roots(void)
{
	char *path = test_file_path("proc");
	char *file = test_file_path("capture-proc.sh");
	int fd = proc_root_open(NULL);

	ok(fd >= 0, "NULL opens /proc");
	if (fd >= 0)
		close(fd);
	is_int(-ENOENT, proc_root_open("/nonexistent-stallsup"), "missing root is -ENOENT");
	is_int(-ENOTDIR, proc_root_open(file), "a file is not a root");
	fd = proc_root_open(path);
	ok(fd >= 0, "fixture tree opens");
	free(path);
	free(file);
	return fd;
}

/* Reads relative to a fixture root: whole file, truncation, re-read, missing. */
static void test_reads(int root)
{
	char buf[64], small[5];
	ssize_t n;
	int fd;

	n = proc_read(root, "src-nosched/100/task/100/schedstat", buf, sizeof(buf));
	is_str("825612 3102874 2\n", buf, "whole file read and NUL-terminated");
	is_int(17, n, "byte count");
	n = proc_read(root, "src-nosched/100/task/100/schedstat", small, sizeof(small));
	is_int(4, n, "truncated to size-1");
	is_str("8256", small, "truncated text NUL-terminated");
	is_int(-ENOENT, proc_read(root, "src-nosched/999/schedstat", buf, sizeof(buf)),
	       "missing path is -ENOENT");
	fd = proc_open(root, "src-nosched/100/task/100/schedstat");
	ok(fd >= 0, "proc_open");
	proc_pread(fd, buf, sizeof(buf));
	n = proc_pread(fd, buf, sizeof(buf));
	ok(n == 17 && strcmp(buf, "825612 3102874 2\n") == 0, "second pread reads from offset 0");
	is_int(-EINVAL, proc_pread(fd, buf, 0), "zero-size buffer");
	close(fd);
}

/* A kept fd on a real task that was killed and reaped reads as -ESRCH. */
static void test_gone(void)
{
	char path[64], buf[128];
	pid_t pid = fork();
	int root, fd;

	if (pid < 0)
		sysbail("fork");
	if (pid == 0) {
		pause();
		_exit(0);
	}
	root = proc_root_open(NULL);
	snprintf(path, sizeof(path), "%d/schedstat", (int)pid);
	fd = proc_open(root, path);
	ok(fd >= 0 && proc_pread(fd, buf, sizeof(buf)) > 0, "live child readable");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	is_int(-ESRCH, proc_pread(fd, buf, sizeof(buf)), "killed and reaped child is -ESRCH");
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof(path), "%d/task/%d/schedstat", (int)pid, (int)pid);
	is_int(-ENOENT, proc_open(root, path), "opening a reaped task is -ENOENT");
	close(root);
}

int main(void)
{
	int root;

	plan_lazy();
	root = test_roots();
	if (root >= 0) {
		test_reads(root);
		close(root);
	}
	test_gone();
	return 0;
}
