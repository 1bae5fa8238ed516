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
#include <unistd.h>

#include "proc.h"
#include "procparse.h"

#define TASKSET_BUF_MIN 16384
#define TASKSET_MAX_PROCS (1u << 22)  /* bound on a tree walk, against races */

void taskset_init(struct taskset *ts)
{
	ts->ids = NULL;
	ts->n = ts->cap = 0;
	ts->buf = NULL;
	ts->bufsize = 0;
	ts->queue = NULL;
	ts->qcap = 0;
}

void taskset_free(struct taskset *ts)
{
	free(ts->ids);
	free(ts->buf);
	free(ts->queue);
	taskset_init(ts);
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

/* Make the read buffer at least size bytes. */
static int buf_reserve(struct taskset *ts, size_t size)
{
	char *p;

	if (ts->bufsize >= size)
		return 0;
	p = realloc(ts->buf, size);
	if (!p)
		return -ENOMEM;
	ts->buf = p;
	ts->bufsize = size;
	return 0;
}

/* Read all of open file fd from offset 0 into ts->buf (NUL-terminated),
 * growing it as needed; returns the length or -errno. */
static ssize_t read_fd(struct taskset *ts, int fd)
{
	int r = buf_reserve(ts, TASKSET_BUF_MIN);
	ssize_t n;

	if (r < 0)
		return r;
	while ((n = proc_pread(fd, ts->buf, ts->bufsize)) == (ssize_t)ts->bufsize - 1) {
		r = buf_reserve(ts, ts->bufsize * 2);
		if (r < 0)
			return r;
	}
	return n;
}

/* Read all of relpath under dirfd into ts->buf; returns the length or -errno. */
static ssize_t read_whole(struct taskset *ts, int dirfd, const char *relpath)
{
	int fd = proc_open(dirfd, relpath);
	ssize_t n;

	if (fd < 0)
		return fd;
	n = read_fd(ts, fd);
	close(fd);
	return n;
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

/* Append the threads listed in "<pid>/task" to ts. */
static int add_threads(struct taskset *ts, int dirfd, pid_t pid)
{
	char rel[32];
	int fd, r = buf_reserve(ts, TASKSET_BUF_MIN);
	ssize_t n;

	if (r < 0)
		return r;
	snprintf(rel, sizeof(rel), "%d/task", (int)pid);
	fd = openat(dirfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return gone(-errno) ? 0 : -errno;
	while ((n = getdents64(fd, ts->buf, ts->bufsize)) > 0) {
		for (ssize_t off = 0; off < n && r == 0;) {
			struct dirent64 *d = (struct dirent64 *)(ts->buf + off);
			const char *name = d->d_name;
			long tid = next_number(&name);

			if (tid > 0 && !*name)
				r = ids_push(ts, (pid_t)tid, pid);
			off += d->d_reclen;
		}
		if (r < 0)
			break;
	}
	if (n < 0 && r == 0 && !gone(-errno))
		r = -errno;
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

/* Sort ts by tid (in place, no allocation) and drop duplicate tids. */
static void sort_unique(struct taskset *ts)
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

int taskset_leader(struct taskset *ts, pid_t pid)
{
	ts->n = 0;
	return ids_push(ts, pid, pid);
}

int taskset_process(struct taskset *ts, int dirfd, pid_t pid)
{
	int r;

	ts->n = 0;
	r = add_threads(ts, dirfd, pid);
	if (r < 0)
		return r;
	sort_unique(ts);
	return 0;
}

/* Queue the children listed in "<pid>/task/<tid>/children"; *qn is the queue length. */
static int queue_children(struct taskset *ts, int dirfd, pid_t pid, pid_t tid, size_t *qn)
{
	char rel[64];
	const char *p;
	ssize_t n;
	long child;

	snprintf(rel, sizeof(rel), "%d/task/%d/children", (int)pid, (int)tid);
	n = read_whole(ts, dirfd, rel);
	if (n < 0)
		return gone((int)n) ? 0 : (int)n;
	p = ts->buf;
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

int taskset_tree(struct taskset *ts, int dirfd, pid_t pid)
{
	size_t qn = 1;
	int r = grow((void **)&ts->queue, &ts->qcap, 1, sizeof(*ts->queue));

	if (r < 0)
		return r;
	ts->n = 0;
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
	sort_unique(ts);
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

int taskset_cgroup(struct taskset *ts, int cgroup_fd, int dirfd,
		   const struct task_id *known, size_t nknown)
{
	int fd = proc_open(cgroup_fd, "cgroup.threads"), r;

	if (fd < 0) {
		ts->n = 0;
		return gone(fd) ? 0 : fd;
	}
	r = taskset_cgroup_fd(ts, fd, dirfd, known, nknown);
	close(fd);
	return r;
}

int taskset_cgroup_fd(struct taskset *ts, int threads_fd, int dirfd,
		      const struct task_id *known, size_t nknown)
{
	ssize_t n = read_fd(ts, threads_fd);
	const char *p;
	long tid;

	ts->n = 0;
	if (n < 0)
		return gone((int)n) ? 0 : (int)n;
	p = ts->buf;
	while ((tid = next_number(&p)) > 0) {
		int pid = tgid_of(dirfd, (pid_t)tid, known, nknown);

		if (pid < 0 && gone(pid))
			continue;
		if (pid < 0)
			return pid;
		if (ids_push(ts, (pid_t)tid, (pid_t)pid) < 0)
			return -ENOMEM;
	}
	sort_unique(ts);
	return 0;
}
