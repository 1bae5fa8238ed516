/* Tests for lib/proc.c. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

#define NCHILDREN 1200  /* about 6 KiB of "children": more than one page */

/* Count the numbers in text and how many of want[0..n) are among them. */
static size_t count_pids(const char *text, const pid_t *want, size_t n, size_t *found)
{
	size_t count = 0;
	char *end;

	*found = 0;
	for (const char *p = text;; p = end) {
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		count++;
		for (size_t i = 0; i < n; i++)
			if (want[i] == (pid_t)v) {
				(*found)++;
				break;
			}
	}
	return count;
}

/* A real list longer than a page, served a page per read: our children. */
static void test_read_all_children(void)
{
	static pid_t kids[NCHILDREN];
	struct strbuf sb = STRBUF_INIT;
	char rel[64], *big = malloc(1 << 16);
	int root = proc_root_open(NULL), fd;
	size_t found, count;
	ssize_t n, first;

	for (size_t i = 0; i < NCHILDREN; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			sysbail("fork");
		if (kids[i] == 0) {
			pause();
			_exit(0);
		}
	}
	snprintf(rel, sizeof(rel), "%d/task/%d/children", (int)getpid(), (int)getpid());
	fd = proc_open(root, rel);
	first = pread(fd, big, 1 << 16, 0);
	n = proc_pread_all(fd, &sb);
	diag("children: one read gave %zd bytes of %zd", first, n);
	ok(n > 4096 && (size_t)n == sb.len, "children read to the end: %zd bytes", n);
	count = count_pids(sb_str(&sb), kids, NCHILDREN, &found);
	is_int(NCHILDREN, (long long)count, "every child listed once");
	is_int(NCHILDREN, (long long)found, "every child found");
	ok(first > 0 && first < n, "the list came in pieces (a short read is not the end)");
	is_int(n, proc_pread_all(fd, &sb), "a kept fd is read again from offset 0");
	is_int(n, proc_read_all(root, rel, &sb), "proc_read_all reads the same");
	close(fd);
	for (size_t i = 0; i < NCHILDREN; i++)
		kill(kids[i], SIGKILL);
	for (size_t i = 0; i < NCHILDREN; i++)
		waitpid(kids[i], NULL, 0);
	is_int(0, proc_read_all(root, rel, &sb), "no children: an empty list");
	is_str("", sb_str(&sb), "empty list is an empty string");
	sb_free(&sb);
	free(big);
	close(root);
}

#define NMAPS 1600  /* ~120 KiB of maps, one line per mapping */

/* Another list: /proc/self/maps with NMAPS mappings, each found whole. */
static void test_read_all_maps(void)
{
	const char *preload = getenv("LD_PRELOAD");
	long page = sysconf(_SC_PAGESIZE);
	char *base = mmap(NULL, (size_t)page * NMAPS, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct strbuf sb = STRBUF_INIT;
	char line[64];
	size_t missing = 0;
	int root = proc_root_open(NULL);
	ssize_t n;

	if (base == MAP_FAILED)
		sysbail("mmap");
	if (preload != NULL && strstr(preload, "vgpreload") != NULL) {
		/* valgrind keeps the client's mappings its own way */
		skip(2, "under valgrind, maps do not show the client's mappings as made");
		munmap(base, (size_t)page * NMAPS);
		close(root);
		return;
	}
	for (size_t i = 0; i < NMAPS; i += 2)
		mprotect(base + i * (size_t)page, (size_t)page, PROT_READ);
	n = proc_read_all(root, "self/maps", &sb);
	ok(n > 64 * 1024, "maps read to the end: %zd bytes", n);
	for (size_t i = 0; i < NMAPS; i++) {
		snprintf(line, sizeof(line), "\n%" PRIxPTR "-", (uintptr_t)(base + i * (size_t)page));
		missing += strstr(sb_str(&sb), line) == NULL;
	}
	is_int(0, (long long)missing, "every one of %d mappings listed", NMAPS);
	munmap(base, (size_t)page * NMAPS);
	sb_free(&sb);
	close(root);
}

/* The start time (identity) of a process and of a thread. */
static void test_start(int root)
{
	uint64_t start = 0;
	int live = proc_root_open(NULL);
	char rel[64];

	is_int(0, proc_read_start(root, "src-status/100/task/100/stat", &start), "fixture start");
	ok(start > 0, "fixture start time %" PRIu64, start);
	is_int(-ENOENT, proc_read_start(root, "src-status/999/stat", &start), "gone: -ENOENT");
	is_int(-EINVAL, proc_read_start(root, "src-status/100/task/100/status", &start),
	       "not a stat file: -EINVAL");
	snprintf(rel, sizeof(rel), "%d/stat", (int)getpid());
	ok(proc_read_start(live, rel, &start) == 0 && start > 0, "our own start time");
	close(live);
}

int main(void)
{
	int root;

	plan_lazy();
	root = test_roots();
	if (root >= 0) {
		test_reads(root);
		test_start(root);
		close(root);
	}
	test_gone();
	test_read_all_children();
	test_read_all_maps();
	return 0;
}
