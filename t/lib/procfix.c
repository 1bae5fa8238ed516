/* procfix: walk the captured /proc fixture trees; see procfix.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "procfix.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "basic.h"
#include "proc.h"

#define MAX_FILES 256

/* nftw has no user argument: the walk fills these (test code only). */
static const char *walk_name;
static char *walk_found[MAX_FILES];
static unsigned walk_count;

/* Read all of path into a malloc'd buffer of exactly its size. */
static char *slurp_path(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) < 0)
		sysbail("open %s", path);
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf)
		sysbail("malloc");
	if (read(fd, buf, (size_t)st.st_size) != st.st_size)
		sysbail("read %s", path);
	close(fd);
	*len = (size_t)st.st_size;
	return buf;
}

char *procfix_slurp(const char *rel, size_t *len)
{
	char *path = test_file_path(rel);
	char *buf = slurp_path(path, len);

	free(path);
	return buf;
}

/* nftw callback: remember regular files called walk_name under a live-* tree. */
static int collect(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *base = path + ftw->base;

	(void)st;
	if (type == FTW_F && strcmp(base, walk_name) == 0 && strstr(path, "/live-")
	    && walk_count < MAX_FILES)
		walk_found[walk_count++] = strdup(path);
	return 0;
}

/* Collect the live fixture files called name into walk_found. */
static void find_live(const char *name)
{
	char *root = test_file_path("proc");

	walk_name = name;
	walk_count = 0;
	if (nftw(root, collect, 16, FTW_PHYS) < 0)
		sysbail("nftw %s", root);
	free(root);
}

unsigned procfix_parse_all(const char *name, procfix_parser parse)
{
	find_live(name);
	for (unsigned i = 0; i < walk_count; i++) {
		size_t len;
		char *buf = slurp_path(walk_found[i], &len);
		int rc = parse(buf, len);

		is_int(0, rc, "parses %s", walk_found[i] + strlen(getenv("SOURCE")));
		free(buf);
		free(walk_found[i]);
	}
	return walk_count;
}

/* True when rc is success or one of the documented parser errors. */
static int allowed(int rc)
{
	return rc == 0 || rc == -ENOENT || rc == -EINVAL || rc == -ERANGE;
}

/* Run parse on each prefix of buf (len bytes), each an exact-size copy. */
static int prefixes_ok(const char *buf, size_t len, procfix_parser parse)
{
	int good = 1;

	for (size_t n = 0; n <= len; n++) {
		char *copy = malloc(n ? n : 1);

		if (!copy)
			sysbail("malloc");
		memcpy(copy, buf, n);
		if (!allowed(parse(copy, n)))
			good = 0;
		free(copy);
	}
	return good;
}

unsigned procfix_parse_prefixes(const char *name, procfix_parser parse)
{
	find_live(name);
	for (unsigned i = 0; i < walk_count; i++) {
		size_t len;
		char *buf = slurp_path(walk_found[i], &len);

		ok(prefixes_ok(buf, len, parse), "every prefix of %s gives a documented result",
		   walk_found[i] + strlen(getenv("SOURCE")));
		free(buf);
		free(walk_found[i]);
	}
	return walk_count;
}

/* Open directory path as a proc root (see procfix.h). */
int procfix_root_abs(const char *path)
{
	int fd = proc_root_open(path);

	if (fd < 0)
		bail("open proc root %s: %s", path, strerror(-fd));
	return fd;
}

/* Open t/data/<rel> as a proc root (see procfix.h). */
int procfix_root(const char *rel)
{
	char *path = test_file_path(rel);
	int fd = procfix_root_abs(path);

	free(path);
	return fd;
}

/* Copy the mount point of the first cgroup2 mount into out; 0 or -errno. */
static int cgroup2_mount(char *out, size_t size)
{
	char line[4096], point[PATH_MAX];
	FILE *f = fopen("/proc/self/mountinfo", "r");
	int r = -ENOENT;

	if (!f)
		return -errno;
	while (r != 0 && fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - ");

		if (sep && strncmp(sep + 3, "cgroup2 ", 8) == 0 &&
		    sscanf(line, "%*s %*s %*s %*s %4095s", point) == 1) {
			snprintf(out, size, "%s", point);
			r = 0;
		}
	}
	fclose(f);
	return r;
}

int procfix_cgroup2_make(const char *name, char *path, size_t size)
{
	char mnt[PATH_MAX];
	int r;

	if (geteuid() != 0)
		return -EPERM;
	if ((r = cgroup2_mount(mnt, sizeof(mnt))) < 0)
		return r;
	snprintf(path, size, "%s/%s", mnt, name);
	return mkdir(path, 0755) == 0 ? 0 : -errno;
}

int procfix_cgroup2_move(const char *path, pid_t pid)
{
	char procs[PATH_MAX + 16], text[32];
	int fd, n = snprintf(text, sizeof(text), "%d\n", (int)pid), r = 0;

	snprintf(procs, sizeof(procs), "%s/cgroup.procs", path);
	fd = open(procs, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, (size_t)n) != n)
		r = -errno;
	close(fd);
	return r;
}
