/* cgroup: per-worker cgroup v2 directories, ownership, killing and removal. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgpath.h"
#include "cgroup.h"
#include "clock.h"
#include "msg.h"
#include "proc.h"
#include "sys.h"

#define RUN_PREFIX "stallsup."
#define SWEEP_WAIT_NS 1000000000ULL   /* a leftover's processes get 1 s to die */
#define REMOVE_WAIT_NS 1000000000ULL  /* rmdir retries EBUSY for up to 1 s */

/* Read the v2 cgroup path of process pid ("self" when 0) into out. */
static int read_v2_path(pid_t pid, char *out, size_t size)
{
	struct strbuf text = STRBUF_INIT;
	char path[64];
	ssize_t n;
	int r;

	if (pid == 0)
		snprintf(path, sizeof(path), "/proc/self/cgroup");
	else
		snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	n = proc_read_all(AT_FDCWD, path, &text);
	r = n < 0 ? (int)n : cgpath_v2_path(sb_str(&text), text.len, out, size);
	sb_free(&text);
	return r;
}

/* Find the v2 mount point and our own cgroup's absolute directory. */
static int own_dir(char *mnt, size_t msize, char *own, size_t osize)
{
	struct strbuf text = STRBUF_INIT;
	ssize_t n = proc_read_all(AT_FDCWD, "/proc/self/mountinfo", &text);
	int r = n < 0 ? (int)n : cgpath_v2_mount(sb_str(&text), text.len, mnt, msize);

	sb_free(&text);
	if (r == 0)
		r = read_v2_path(0, own, osize);
	if (r == 0 && strcmp(own, "/") == 0)
		own[0] = '\0';
	return r;
}

/* Return 1 when pid's cgroup is rel or below it, 0 when not, or -errno. */
static int pid_under(pid_t pid, const char *rel)
{
	char have[PATH_MAX];
	size_t n = strlen(rel);
	int r = read_v2_path(pid, have, sizeof(have));

	if (r < 0)
		return r;
	return strncmp(have, rel, n) == 0 && (have[n] == '\0' || have[n] == '/');
}

/* Signal pid through a pidfd if it is still under rel. */
static int signal_member(const char *rel, pid_t pid, int sig)
{
	int pidfd = sys_pidfd_open(pid), r;

	if (pidfd < 0)
		return pidfd;
	r = pid_under(pid, rel);
	if (r == 1)
		r = sys_pidfd_send_signal(pidfd, sig);
	close(pidfd);
	return r;
}

/* Signal every process listed in dirfd's cgroup.procs and in the cgroups
 * nested below it (each checked to be under rel); returns the count. */
static int signal_tree(int dirfd, const char *rel, int sig)
{
	struct strbuf text = STRBUF_INIT;
	ssize_t n = proc_read_all(dirfd, "cgroup.procs", &text);
	int count = 0, fd;
	struct dirent *de;
	char *p, *end;
	DIR *d;

	for (p = n > 0 ? text.buf : ""; *p; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (pid > 0 && signal_member(rel, (pid_t)pid, sig) == 0)
			count++;
	}
	sb_free(&text);
	fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = fd >= 0 ? fdopendir(fd) : NULL;
	while (d && (de = readdir(d)) != NULL) {
		int sub;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		sub = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sub < 0)
			continue;
		n = signal_tree(sub, rel, sig);
		count += n > 0 ? (int)n : 0;
		close(sub);
	}
	if (d)
		closedir(d);
	else if (fd >= 0)
		close(fd);
	return count;
}

int cgroup_kill_all(int dirfd, const char *rel)
{
	int fd = openat(dirfd, "cgroup.kill", O_WRONLY | O_CLOEXEC), r = 0;

	if (fd < 0) { /* before Linux 5.14: one process at a time */
		signal_tree(dirfd, rel, SIGKILL);
		return 0;
	}
	if (write(fd, "1", 1) != 1)
		r = -errno;
	close(fd);
	return r;
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

/* Sleep for 2 ms. */
static void short_pause(void)
{
	struct timespec pause = { 0, 2000000 };

	nanosleep(&pause, NULL);
}

int cgroup_wait_empty(int dirfd, uint64_t timeout_ns)
{
	uint64_t until = dur_add_sat(clock_now(), timeout_ns);

	while (cgroup_populated(dirfd) == 1) {
		if (clock_now() >= until)
			return -ETIMEDOUT;
		short_pause();
	}
	return 0;
}

/* Remove the cgroups nested in dirfd, deepest first; 0 or the first -errno. */
static int rm_children(int dirfd, uint64_t until)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), r = 0;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;

	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return -errno;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		int rr = cgroup_rmtree(dirfd, de->d_name, until > clock_now() ? until - clock_now() : 0);

		if (rr < 0 && r == 0)
			r = rr;
	}
	closedir(d);
	return r;
}

int cgroup_rmtree(int parent_fd, const char *name, uint64_t timeout_ns)
{
	uint64_t until = dur_add_sat(clock_now(), timeout_ns);
	int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	r = rm_children(fd, until);
	close(fd);
	if (r < 0)
		return r;
	for (;;) {
		if (unlinkat(parent_fd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY || clock_now() >= until)
			return -errno;
		short_pause();
	}
}

/* Kill what a leftover run directory name under parent_fd still holds and
 * remove it, if its owners are gone (we can take its lock). Returns 1 when
 * swept, 0 when it is owned, or -errno. */
static int sweep_one(int parent_fd, const char *name, const char *own_rel)
{
	char rel[PATH_MAX];
	int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return errno == EWOULDBLOCK ? 0 : -errno;
	}
	snprintf(rel, sizeof(rel), "%s/%s", own_rel, name);
	cgroup_kill_all(fd, rel);
	cgroup_wait_empty(fd, SWEEP_WAIT_NS);
	r = cgroup_rmtree(parent_fd, name, REMOVE_WAIT_NS);
	close(fd);
	return r < 0 ? r : 1;
}

/* True when name is a run directory of ours: stallsup.<pid>.<8 hex digits>
 * (an older stallsup's stallsup.<pid> holds no lock and is left alone). */
static bool is_run_name(const char *name)
{
	const char *p = name + strlen(RUN_PREFIX);
	size_t digits = strspn(p, "0123456789"), hex;

	if (strncmp(name, RUN_PREFIX, strlen(RUN_PREFIX)) != 0 || digits == 0 || p[digits] != '.')
		return false;
	p += digits + 1;
	hex = strspn(p, "0123456789abcdef");
	return hex == 8 && p[hex] == '\0';
}

/* Sweep every unowned run directory in our own cgroup dir. */
static void sweep(const char *own_path, const char *own_rel)
{
	int fd = open(own_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;

	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_type != DT_DIR || !is_run_name(de->d_name))
			continue;
		r = sweep_one(dirfd(d), de->d_name, own_rel);
		if (r == 1)
			msg_say("removed cgroup %s/%s, left by an earlier run whose stallsup was killed",
				own_path, de->d_name);
		else if (r < 0)
			msg_say("cannot remove cgroup %s/%s, left by an earlier run: %s", own_path,
				de->d_name, strerror(-r));
	}
	closedir(d);
}

/* Make, open and lock a run directory with a fresh name; 0, -EAGAIN (a
 * sweeper got to it first: try another name) or -errno. */
static int make_run_dir(struct cgroup_set *cg, const char *mnt, const char *own, pid_t self)
{
	unsigned rnd = 0;

	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
		rnd = (unsigned)clock_now() ^ (unsigned)self;
	snprintf(cg->rel, sizeof(cg->rel), "%s/" RUN_PREFIX "%d.%08x", own, (int)self, rnd);
	if ((size_t)snprintf(cg->path, sizeof(cg->path), "%s%s", mnt, cg->rel) >= sizeof(cg->path))
		return -ENAMETOOLONG;
	if (mkdir(cg->path, 0755) < 0)
		return errno == EEXIST ? -EAGAIN : -errno;
	cg->dir_fd = open(cg->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cg->dir_fd < 0)
		return -errno;
	if (flock(cg->dir_fd, LOCK_EX | LOCK_NB) == 0 &&
	    faccessat(cg->dir_fd, "cgroup.procs", F_OK, 0) == 0)
		return 0;
	close(cg->dir_fd); /* a sweeper locked (and may remove) it: not ours */
	cg->dir_fd = -1;
	return -EAGAIN;
}

int cgroup_setup(struct cgroup_set *cg, pid_t self)
{
	char mnt[PATH_MAX], own[PATH_MAX], own_path[PATH_MAX * 2];
	int r, tries;

	cg->dir_fd = -1;
	if ((r = own_dir(mnt, sizeof(mnt), own, sizeof(own))) < 0)
		return r;
	snprintf(own_path, sizeof(own_path), "%s%s", mnt, own);
	if (access(own_path, W_OK) < 0)
		return -errno;
	sweep(own_path, own);
	for (tries = 0, r = -EAGAIN; r == -EAGAIN && tries < 16; tries++)
		r = make_run_dir(cg, mnt, own, self);
	return r;
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

/* Put the hierarchy path of worker index's cgroup in out. */
static void worker_rel(const struct cgroup_set *cg, unsigned index, char *out, size_t size)
{
	snprintf(out, size, "%s/w%u", cg->rel, index);
}

/* Return 1 when pid is in the cgroup of worker index or below, 0 when not. */
int cgroup_holds_pid(struct cgroup_set *cg, unsigned index, pid_t pid)
{
	char want[PATH_MAX + 32];

	worker_rel(cg, index, want, sizeof(want));
	return pid_under(pid, want);
}

/* Signal every process of worker index's subtree; return the count. */
int cgroup_signal_procs(struct cgroup_set *cg, int dirfd, unsigned index, int sig)
{
	char want[PATH_MAX + 32];

	worker_rel(cg, index, want, sizeof(want));
	return signal_tree(dirfd, want, sig);
}

/* Remove w<index> and what it nested. */
int cgroup_worker_remove(struct cgroup_set *cg, unsigned index)
{
	char name[32];

	snprintf(name, sizeof(name), "w%u", index);
	return cgroup_rmtree(cg->dir_fd, name, REMOVE_WAIT_NS);
}

/* Remove the run directory and close its fd. */
int cgroup_teardown(struct cgroup_set *cg)
{
	int r = 0;

	if (cg->dir_fd < 0)
		return 0;
	if (rmdir(cg->path) < 0)
		r = -errno;
	close(cg->dir_fd);
	cg->dir_fd = -1;
	return r;
}
