/* taskset: enumerate a worker's tasks; see taskset.h. */
#define _GNU_SOURCE
#include "taskset.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgfile.h"
#include "proc.h"
#include "procparse.h"

#define TASKSET_BUF_MIN 16384
#define TASKSET_MAX_PROCS (1u << 22)  /* bound on a tree walk, against races */
#define TASKSET_MAX_CGROUPS 65536     /* bound on a sub-cgroup walk */

void taskset_init(struct taskset *ts)
{
	ts->ids = NULL;
	ts->n = ts->cap = 0;
	ts->buf = NULL;
	ts->bufsize = 0;
	sb_init(&ts->text);
	sb_init(&ts->dirs);
	ts->queue = NULL;
	ts->qcap = 0;
}

void taskset_free(struct taskset *ts)
{
	free(ts->ids);
	free(ts->buf);
	sb_free(&ts->text);
	sb_free(&ts->dirs);
	free(ts->queue);
	taskset_init(ts);
}

void taskset_clear(struct taskset *ts)
{
	ts->n = 0;
}

/* Make room for at least want elements of size sz in *arr of capacity *cap. */
static int grow(void **arr, size_t *cap, size_t want, size_t sz)
{
	size_t ncap = *cap ? *cap : 64;
	void *p;

	if (want <= *cap)
		return 0;
	while (ncap < want)
		ncap *= 2;
	p = realloc(*arr, ncap * sz);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

/* Append (tid, pid) to ts. */
static int ids_push(struct taskset *ts, pid_t tid, pid_t pid)
{
	int r = grow((void **)&ts->ids, &ts->cap, ts->n + 1, sizeof(*ts->ids));

	if (r < 0)
		return r;
	ts->ids[ts->n].tid = tid;
	ts->ids[ts->n].pid = pid;
	ts->n++;
	return 0;
}

/* Make the getdents buffer at least TASKSET_BUF_MIN bytes. */
static int buf_reserve(struct taskset *ts)
{
	char *p;

	if (ts->bufsize >= TASKSET_BUF_MIN)
		return 0;
	p = realloc(ts->buf, TASKSET_BUF_MIN);
	if (!p)
		return -ENOMEM;
	ts->buf = p;
	ts->bufsize = TASKSET_BUF_MIN;
	return 0;
}

/* Parse the decimal number at *p (skipping leading blanks), advancing *p;
 * returns it, 0 at the end of the text or -1 on garbage. */
static long next_number(const char **p)
{
	char *end;
	long v;

	while (**p == ' ' || **p == '\n' || **p == '\t')
		(*p)++;
	if (!**p)
		return 0;
	v = strtol(*p, &end, 10);
	if (end == *p || v <= 0 || v > INT_MAX)
		return -1;
	*p = end;
	return v;
}

/* True for errors that mean "that process or cgroup is gone". */
static bool gone(int err)
{
	return err == -ENOENT || err == -ESRCH || err == -ENODEV;
}

/* Open directory relpath under dirfd; returns the fd or -errno. */
static int open_dir(int dirfd, const char *relpath)
{
	int fd = openat(dirfd, relpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* Call fn(ts, name, type, arg) for each entry of directory fd but . and ..;
 * stops at the first error fn returns. Returns 0 or -errno. */
static int each_entry(struct taskset *ts, int fd,
		      int (*fn)(struct taskset *, const char *, unsigned char, void *), void *arg)
{
	ssize_t n = 0;
	int r = buf_reserve(ts);

	while (r == 0 && (n = getdents64(fd, ts->buf, ts->bufsize)) > 0) {
		for (ssize_t off = 0; off < n && r == 0;) {
			struct dirent64 *d = (struct dirent64 *)(ts->buf + off);

			if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
				r = fn(ts, d->d_name, d->d_type, arg);
			off += d->d_reclen;
		}
	}
	if (r == 0 && n < 0 && !gone(-errno))
		r = -errno;
	return r;
}

/* each_entry callback: append thread name of process *(pid_t *)arg. */
static int add_thread_entry(struct taskset *ts, const char *name, unsigned char type, void *arg)
{
	const char *p = name;
	long tid = next_number(&p);

	(void)type;
	return tid > 0 && !*p ? ids_push(ts, (pid_t)tid, *(pid_t *)arg) : 0;
}

/* Append the threads listed in "<pid>/task" to ts. */
static int add_threads(struct taskset *ts, int dirfd, pid_t pid)
{
	char rel[32];
	int fd, r;

	snprintf(rel, sizeof(rel), "%d/task", (int)pid);
	fd = open_dir(dirfd, rel);
	if (fd < 0)
		return gone(fd) ? 0 : fd;
	r = each_entry(ts, fd, add_thread_entry, &pid);
	close(fd);
	return r;
}

/* Exchange two task ids. */
static void swap_ids(struct task_id *a, struct task_id *b)
{
	struct task_id t = *a;

	*a = *b;
	*b = t;
}

/* Sift ids[i] down the max-heap ids[0..n) ordered by tid. */
static void sift_down(struct task_id *ids, size_t i, size_t n)
{
	for (;;) {
		size_t big = i, l = 2 * i + 1, r = l + 1;

		if (l < n && ids[l].tid > ids[big].tid)
			big = l;
		if (r < n && ids[r].tid > ids[big].tid)
			big = r;
		if (big == i)
			return;
		swap_ids(&ids[i], &ids[big]);
		i = big;
	}
}

void taskset_finish(struct taskset *ts)
{
	struct task_id *ids = ts->ids;
	size_t n = ts->n, out = 0;
	bool sorted = true;

	for (size_t i = 1; i < n && sorted; i++)
		sorted = ids[i - 1].tid < ids[i].tid;
	if (!sorted) {
		for (size_t i = n / 2; i-- > 0;)
			sift_down(ids, i, n);
		for (size_t end = n; end-- > 1;) {
			swap_ids(&ids[0], &ids[end]);
			sift_down(ids, 0, end);
		}
	}
	for (size_t i = 0; i < n; i++)
		if (out == 0 || ids[out - 1].tid != ids[i].tid)
			ids[out++] = ids[i];
	ts->n = out;
}

size_t taskset_find(const struct task_id *ids, size_t n, pid_t tid)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ids[mid].tid == tid)
			return mid;
		if (ids[mid].tid < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return n;
}

int taskset_add_leader(struct taskset *ts, pid_t pid)
{
	return ids_push(ts, pid, pid);
}

int taskset_add_process(struct taskset *ts, int dirfd, pid_t pid)
{
	return add_threads(ts, dirfd, pid);
}

/* Queue the children listed in "<pid>/task/<tid>/children" (read to its
 * end); *qn is the queue length. */
static int queue_children(struct taskset *ts, int dirfd, pid_t pid, pid_t tid, size_t *qn)
{
	char rel[64];
	const char *p;
	ssize_t n;
	long child;

	snprintf(rel, sizeof(rel), "%d/task/%d/children", (int)pid, (int)tid);
	n = proc_read_all(dirfd, rel, &ts->text);
	if (n < 0)
		return gone((int)n) ? 0 : (int)n;
	p = ts->text.buf;
	while ((child = next_number(&p)) > 0) {
		int r = grow((void **)&ts->queue, &ts->qcap, *qn + 1, sizeof(*ts->queue));

		if (r < 0)
			return r;
		if (*qn >= TASKSET_MAX_PROCS)
			return -E2BIG;
		ts->queue[(*qn)++] = (pid_t)child;
	}
	return 0;
}

int taskset_add_children(struct taskset *ts, int dirfd, pid_t pid)
{
	size_t start = ts->n, qn = 0;
	int r = add_threads(ts, dirfd, pid);

	for (size_t i = start; i < ts->n && r == 0; i++)
		r = queue_children(ts, dirfd, pid, ts->ids[i].tid, &qn);
	ts->n = start; /* pid's own threads were only the way to its children */
	for (size_t q = 0; q < qn && r == 0; q++)
		r = ids_push(ts, ts->queue[q], ts->queue[q]);
	return r;
}

int taskset_add_tree(struct taskset *ts, int dirfd, pid_t pid)
{
	size_t qn = 1;
	int r = grow((void **)&ts->queue, &ts->qcap, 1, sizeof(*ts->queue));

	if (r < 0)
		return r;
	ts->queue[0] = pid;
	for (size_t qi = 0; qi < qn; qi++) {
		pid_t p = ts->queue[qi];
		size_t start = ts->n;

		r = add_threads(ts, dirfd, p);
		for (size_t i = start; i < ts->n && r == 0; i++)
			r = queue_children(ts, dirfd, p, ts->ids[i].tid, &qn);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Thread group of tid: from known when listed there, else from "<tid>/status".
 * Returns the tgid, or -errno (-ENOENT/-ESRCH when the task is gone). */
static int tgid_of(int dirfd, pid_t tid, const struct task_id *known, size_t nknown)
{
	size_t i = taskset_find(known, nknown, tid);
	char rel[32], text[8192];
	struct status_info st;
	ssize_t n;
	int r;

	if (i < nknown)
		return known[i].pid;
	snprintf(rel, sizeof(rel), "%d/status", (int)tid);
	n = proc_read(dirfd, rel, text, sizeof(text));
	if (n < 0)
		return (int)n;
	r = status_parse(text, (size_t)n, &st);
	return r < 0 ? r : st.tgid;
}

/* Append the tids of the list in ts->text, mapped to their thread groups. */
static int add_tid_list(struct taskset *ts, int dirfd, const struct task_id *known,
			size_t nknown)
{
	const char *p = ts->text.buf ? ts->text.buf : "";
	long tid;

	while ((tid = next_number(&p)) > 0) {
		int pid = tgid_of(dirfd, (pid_t)tid, known, nknown);

		if (pid < 0 && gone(pid))
			continue;
		if (pid < 0)
			return pid;
		if (ids_push(ts, (pid_t)tid, (pid_t)pid) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Read the cgroup.threads of relpath under cgroup_fd ("" for cgroup_fd
 * itself, through threads_fd when that is open) into ts->text; returns 0,
 * 1 when the cgroup is gone, or -errno. */
static int read_threads(struct taskset *ts, int cgroup_fd, int threads_fd, const char *relpath)
{
	char rel[PATH_MAX];
	ssize_t n;

	if (threads_fd >= 0) {
		n = proc_pread_all(threads_fd, &ts->text);
	} else {
		if (snprintf(rel, sizeof(rel), "%s%scgroup.threads", relpath,
			     *relpath ? "/" : "") >= (int)sizeof(rel))
			return -ENAMETOOLONG;
		n = proc_read_all(cgroup_fd, rel, &ts->text);
	}
	if (n < 0)
		return gone((int)n) ? 1 : (int)n;
	return 0;
}

/* True when the cgroup directory cgroup_fd may have cgroups below it. A
 * directory's link count is 2 plus its subdirectories on cgroupfs (kernfs)
 * as on most filesystems: one fstat, where reading cgroup.stat's
 * nr_descendants costs an open, a read and a close. A count of 1 (a
 * filesystem that does not count) asks cgroup.stat. */
static bool has_subcgroups(int cgroup_fd)
{
	char text[512];
	struct stat st;
	uint64_t count;
	ssize_t n;

	if (fstat(cgroup_fd, &st) == 0 && st.st_nlink != 1)
		return st.st_nlink > 2;
	n = proc_read(cgroup_fd, "cgroup.stat", text, sizeof(text));
	return n >= 0 && cgfile_descendants(text, (size_t)n, &count) == 0 && count > 0;
}

/* Where a sub-cgroup walk is: the queue of relative paths in ts->dirs. */
struct cg_walk {
	const char *parent;  /* the directory being listed */
	size_t queued;       /* paths queued so far */
};

/* each_entry callback: queue sub-cgroup name of walk->parent in ts->dirs. */
static int queue_subdir(struct taskset *ts, const char *name, unsigned char type, void *arg)
{
	struct cg_walk *walk = arg;

	if (type != DT_DIR && type != DT_UNKNOWN)
		return 0;
	if (++walk->queued > TASKSET_MAX_CGROUPS)
		return -E2BIG;
	if (*walk->parent) {
		sb_puts(&ts->dirs, walk->parent);
		sb_putc(&ts->dirs, '/');
	}
	sb_puts(&ts->dirs, name);
	sb_putc(&ts->dirs, '\0');
	return ts->dirs.err;
}

/* Append the threads of every cgroup below cgroup_fd, breadth first, one
 * directory fd open at a time. The queue holds paths, so a parent's path
 * is copied before its entries may move the buffer. */
static int add_subcgroups(struct taskset *ts, int cgroup_fd, int dirfd,
			  const struct task_id *known, size_t nknown)
{
	struct cg_walk walk = { "", 0 };
	char parent[PATH_MAX];
	size_t off = 0;
	int r = 0, fd;

	sb_reset(&ts->dirs);
	sb_putc(&ts->dirs, '\0'); /* "": the cgroup itself, already listed */
	while (r == 0 && off < ts->dirs.len) {
		snprintf(parent, sizeof(parent), "%s", ts->dirs.buf + off);
		off += strlen(ts->dirs.buf + off) + 1;
		walk.parent = parent;
		fd = open_dir(cgroup_fd, *parent ? parent : ".");
		if (fd < 0) {
			r = gone(fd) || fd == -ENOTDIR ? 0 : fd;
			continue;
		}
		r = each_entry(ts, fd, queue_subdir, &walk);
		close(fd);
		if (r == 0 && *parent && (r = read_threads(ts, cgroup_fd, -1, parent)) == 0)
			r = add_tid_list(ts, dirfd, known, nknown);
		if (r == 1)
			r = 0; /* removed while we walked */
	}
	return r < 0 ? r : ts->dirs.err;
}

int taskset_add_cgroup(struct taskset *ts, int cgroup_fd, int threads_fd, int dirfd,
		       const struct task_id *known, size_t nknown)
{
	int r = read_threads(ts, cgroup_fd, threads_fd, "");

	if (r == 0)
		r = add_tid_list(ts, dirfd, known, nknown);
	if (r != 0)
		return r < 0 ? r : 0;
	if (!has_subcgroups(cgroup_fd))
		return 0;
	return add_subcgroups(ts, cgroup_fd, dirfd, known, nknown);
}

int taskset_leader(struct taskset *ts, pid_t pid)
{
	taskset_clear(ts);
	return taskset_add_leader(ts, pid);
}

/* Finish ts after an add that returned r; returns r. */
static int finished(struct taskset *ts, int r)
{
	if (r == 0)
		taskset_finish(ts);
	return r;
}

int taskset_process(struct taskset *ts, int dirfd, pid_t pid)
{
	taskset_clear(ts);
	return finished(ts, taskset_add_process(ts, dirfd, pid));
}

int taskset_tree(struct taskset *ts, int dirfd, pid_t pid)
{
	taskset_clear(ts);
	return finished(ts, taskset_add_tree(ts, dirfd, pid));
}

int taskset_cgroup(struct taskset *ts, int cgroup_fd, int dirfd,
		   const struct task_id *known, size_t nknown)
{
	return taskset_cgroup_fd(ts, cgroup_fd, -1, dirfd, known, nknown);
}

int taskset_cgroup_fd(struct taskset *ts, int cgroup_fd, int threads_fd, int dirfd,
		      const struct task_id *known, size_t nknown)
{
	taskset_clear(ts);
	return finished(ts, taskset_add_cgroup(ts, cgroup_fd, threads_fd, dirfd, known, nknown));
}

int taskset_cgroup_path(int dirfd, pid_t pid, char *out, size_t size)
{
	char rel[32], text[4096];
	ssize_t n;

	snprintf(rel, sizeof(rel), "%d/cgroup", (int)pid);
	n = proc_read(dirfd, rel, text, sizeof(text));
	if (n < 0)
		return (int)n;
	return cgfile_v2_path(text, (size_t)n, out, size);
}
