/* cgroup: per-worker cgroup v2 directories, killing and removal. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "proc.h"
#include "sys.h"

/* Copy the mount point of the first cgroup2 line of mountinfo text into mnt.
 * Returns 0 or -ENOENT. */
static int find_v2_mount(char *text, char *mnt, size_t size)
{
	char *save = NULL, *line;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *sep = strstr(line, " - ");
		char point[PATH_MAX];

		if (sep == NULL || strncmp(sep + 3, "cgroup2 ", 8) != 0)
			continue;
		if (sscanf(line, "%*s %*s %*s %*s %4095s", point) != 1)
			continue;
		if (strchr(point, '\\') != NULL) /* escaped characters: not handled */
			continue;
		snprintf(mnt, size, "%s", point);
		return 0;
	}
	return -ENOENT;
}

/* Copy the v2 path ("0::/x") of /proc/<pid>/cgroup text into out. */
static int find_v2_path(char *text, char *out, size_t size)
{
	char *save = NULL, *line;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "0::", 3) == 0) {
			snprintf(out, size, "%s", line + 3);
			return 0;
		}
	}
	return -ENOENT;
}

/* Read the v2 cgroup path of process pid ("self" when 0) into out. */
static int read_v2_path(pid_t pid, char *out, size_t size)
{
	char path[64], text[8192];
	ssize_t n;

	if (pid == 0)
		snprintf(path, sizeof(path), "/proc/self/cgroup");
	else
		snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	n = proc_read(AT_FDCWD, path, text, sizeof(text));
	if (n < 0)
		return (int)n;
	return find_v2_path(text, out, size);
}

/* Create stallsup.<self> under our own v2 cgroup (see cgroup.h). */
int cgroup_setup(struct cgroup_set *cg, pid_t self)
{
	size_t size = 256 * 1024;
	char *text = malloc(size);
	char mnt[PATH_MAX], own[PATH_MAX];
	ssize_t n;
	int r;

	cg->dir_fd = -1;
	if (text == NULL)
		return -ENOMEM;
	n = proc_read(AT_FDCWD, "/proc/self/mountinfo", text, size);
	r = n < 0 ? (int)n : find_v2_mount(text, mnt, sizeof(mnt));
	free(text);
	if (r == 0)
		r = read_v2_path(0, own, sizeof(own));
	if (r < 0)
		return r;
	if (strcmp(own, "/") == 0)
		own[0] = '\0';
	snprintf(cg->rel, sizeof(cg->rel), "%s/stallsup.%d", own, (int)self);
	if ((size_t)snprintf(cg->path, sizeof(cg->path), "%s%s", mnt, cg->rel) >= sizeof(cg->path))
		return -ENAMETOOLONG;
	if (mkdir(cg->path, 0755) < 0)
		return -errno;
	cg->dir_fd = open(cg->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cg->dir_fd < 0) {
		r = -errno;
		rmdir(cg->path);
		return r;
	}
	return 0;
}

/* Create w<index> and return its directory fd. */
int cgroup_worker_create(struct cgroup_set *cg, unsigned index)
{
	char name[32];
	int fd;

	snprintf(name, sizeof(name), "w%u", index);
	if (mkdirat(cg->dir_fd, name, 0755) < 0 && errno != EEXIST)
		return -errno;
	fd = openat(cg->dir_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* Return 1 when the cgroup holds processes, 0 when empty, or -errno. */
int cgroup_populated(int dirfd)
{
	char text[256], *p;
	ssize_t n = proc_read(dirfd, "cgroup.events", text, sizeof(text));

	if (n < 0)
		return (int)n;
	p = strstr(text, "populated ");
	if (p == NULL)
		return -EINVAL;
	return p[10] == '1';
}

/* Open cgroup.events of dirfd for polling. */
int cgroup_events_open(int dirfd)
{
	int fd = openat(dirfd, "cgroup.events", O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* Return 1 when pid is in the cgroup of worker index, 0 when not. */
int cgroup_holds_pid(struct cgroup_set *cg, unsigned index, pid_t pid)
{
	char have[PATH_MAX], want[PATH_MAX + 32];
	int r = read_v2_path(pid, have, sizeof(have));

	if (r < 0)
		return r;
	snprintf(want, sizeof(want), "%s/w%u", cg->rel, index);
	return strcmp(have, want) == 0;
}

/* Signal pid through a pidfd if it is still in worker index's cgroup. */
static int signal_member(struct cgroup_set *cg, unsigned index, pid_t pid, int sig)
{
	int pidfd = sys_pidfd_open(pid), r;

	if (pidfd < 0)
		return pidfd;
	r = cgroup_holds_pid(cg, index, pid);
	if (r == 1)
		r = sys_pidfd_send_signal(pidfd, sig);
	close(pidfd);
	return r;
}

/* Signal every process of cgroup.procs still in the cgroup; return the count. */
int cgroup_signal_procs(struct cgroup_set *cg, int dirfd, unsigned index, int sig)
{
	char text[65536], *p, *end;
	ssize_t n = proc_read(dirfd, "cgroup.procs", text, sizeof(text));
	int count = 0;

	if (n < 0)
		return (int)n;
	for (p = text; *p; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (pid > 0 && signal_member(cg, index, (pid_t)pid, sig) == 0)
			count++;
	}
	return count;
}

/* SIGKILL everything in the cgroup. */
int cgroup_kill(struct cgroup_set *cg, int dirfd, unsigned index)
{
	int fd = openat(dirfd, "cgroup.kill", O_WRONLY | O_CLOEXEC), r = 0;

	if (fd < 0) {
		r = cgroup_signal_procs(cg, dirfd, index, SIGKILL);
		return r < 0 ? r : 0;
	}
	if (write(fd, "1", 1) != 1)
		r = -errno;
	close(fd);
	return r;
}

/* Remove w<index>, retrying briefly while the kernel finishes exits. */
int cgroup_worker_remove(struct cgroup_set *cg, unsigned index)
{
	struct timespec pause = { 0, 2000000 };
	char name[32];
	int tries;

	snprintf(name, sizeof(name), "w%u", index);
	for (tries = 0; tries < 500; tries++) {
		if (unlinkat(cg->dir_fd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			return -errno;
		nanosleep(&pause, NULL);
	}
	return -EBUSY;
}

/* Remove stallsup.<pid> and close its fd. */
int cgroup_teardown(struct cgroup_set *cg)
{
	int r = 0;

	if (cg->dir_fd < 0)
		return 0;
	close(cg->dir_fd);
	cg->dir_fd = -1;
	if (rmdir(cg->path) < 0)
		r = -errno;
	return r;
}
