/* sink: non-blocking, bounded output; see sink.h. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sink.h"

/* Record the first failure err (-errno) and tell on_fail once. */
static void fail(struct sink *s, int err)
{
	if (s->err != 0)
		return;
	s->err = err;
	if (s->on_fail)
		s->on_fail(s, err);
}

/* Start or stop watching s for EPOLLOUT. */
static void arm(struct sink *s, bool on)
{
	struct epoll_event ev = { .events = EPOLLOUT, .data.u64 = s->tag };

	if (s->poll_fd < 0 || s->epfd < 0 || s->armed == on)
		return;
	if (epoll_ctl(s->epfd, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, s->poll_fd, &ev) == 0)
		s->armed = on;
}

/* Common setup of an empty sink. */
static void init(struct sink *s, const char *name, size_t limit, int epfd, uint64_t tag)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->fd = s->poll_fd = -1;
	s->epfd = epfd;
	s->tag = tag;
	s->mode = SINK_DEAD;
	outq_init(&s->q, limit);
}

/* Reopen descriptor fd as a non-blocking description of our own; -errno. */
static int reopen_nonblocking(int fd)
{
	char path[64];
	int r;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	r = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	return r < 0 ? -errno : r;
}

/* Choose how to write to fd (see sink.h) and set s up for it. */
static void adopt(struct sink *s, int fd, bool own)
{
	struct stat st;
	int nb;

	if (fstat(fd, &st) < 0) {
		s->mode = SINK_DEAD;
		return;
	}
	if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode) || S_ISDIR(st.st_mode)) {
		s->mode = SINK_FILE;
		s->fd = fd;
	} else if (S_ISSOCK(st.st_mode)) {
		s->mode = SINK_SOCKET;
		s->fd = fd;
		s->poll_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	} else if (own) { /* opened by us with O_NONBLOCK */
		s->mode = SINK_STREAM;
		s->fd = s->poll_fd = fd;
	} else if ((nb = reopen_nonblocking(fd)) >= 0) {
		s->mode = SINK_STREAM;
		s->fd = s->poll_fd = nb;
	} else if (nb == -ENXIO) { /* a pipe or FIFO whose reader is gone */
		s->mode = SINK_DEAD;
		fail(s, -EPIPE);
	} else {
		s->mode = SINK_POLLED;
		s->fd = fd;
	}
}

int sink_open_fd(struct sink *s, const char *name, int fd, size_t limit, int epfd,
		 uint64_t tag)
{
	init(s, name, limit, epfd, tag);
	if (fcntl(fd, F_GETFD) < 0)
		return 0; /* not open: a dead sink that loses everything */
	adopt(s, fd, false);
	return 0;
}

/* Open s->path for appending without blocking; returns the fd or -errno. */
static int open_path(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NONBLOCK | O_CLOEXEC | O_NOCTTY,
		      0644);

	return fd < 0 ? -errno : fd;
}

int sink_open_path(struct sink *s, const char *name, const char *path, size_t limit,
		   int epfd, uint64_t tag)
{
	int fd;

	init(s, name, limit, epfd, tag);
	s->path = strdup(path);
	if (s->path == NULL)
		return -ENOMEM;
	fd = open_path(path);
	if (fd == -ENXIO) { /* a FIFO nobody reads yet */
		s->mode = SINK_WAITING;
		return 0;
	}
	if (fd < 0)
		return fd;
	adopt(s, fd, true);
	if (s->mode == SINK_FILE)
		fcntl(fd, F_SETFL, O_APPEND); /* plain blocking appends */
	return 0;
}

size_t sink_room(const struct sink *s)
{
	return s->mode == SINK_DEAD ? 0 : outq_room(&s->q);
}

bool sink_pending(const struct sink *s)
{
	return s->mode != SINK_DEAD && s->q.len > 0;
}

/* A regular file was left mid-line by a failed write: cut the piece of
 * line off again, if nothing else was appended since. */
static void trim_partial(struct sink *s)
{
	struct stat st;

	if (s->mode != SINK_FILE || s->q.partial == 0 || fstat(s->fd, &st) < 0 ||
	    (uint64_t)st.st_size < s->q.partial)
		return;
	if (ftruncate(s->fd, st.st_size - (off_t)s->q.partial) < 0)
		return;
}

/* The sink failed for good with err: drop its queue (counted) and stop. */
static void die(struct sink *s, int err)
{
	trim_partial(s);
	s->lost += outq_drop(&s->q);
	arm(s, false);
	s->mode = SINK_DEAD;
	fail(s, err);
}

/* One write attempt of n bytes at p in the sink's mode; returns the count,
 * 0 when it cannot take bytes now, or -errno. */
static ssize_t write_some(struct sink *s, const char *p, size_t n)
{
	ssize_t w;

	if (s->mode == SINK_POLLED) {
		struct pollfd pfd = { .fd = s->fd, .events = POLLOUT };

		if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & POLLOUT))
			return (pfd.revents & (POLLERR | POLLHUP)) ? -EPIPE : 0;
		if (n > PIPE_BUF)
			n = PIPE_BUF;
	}
	do {
		if (s->mode == SINK_SOCKET)
			w = send(s->fd, p, n, MSG_DONTWAIT | MSG_NOSIGNAL);
		else
			w = write(s->fd, p, n);
	} while (w < 0 && errno == EINTR);
	if (w < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
	return w == 0 ? -EIO : w;
}

size_t sink_flush(struct sink *s)
{
	size_t total = 0;
	const char *p;
	size_t n;

	if (s->mode == SINK_DEAD || s->mode == SINK_WAITING)
		return 0;
	while ((n = outq_peek(&s->q, &p)) > 0) {
		ssize_t w = write_some(s, p, n);

		if (w < 0) {
			die(s, (int)w);
			break;
		}
		if (w == 0)
			break;
		outq_consume(&s->q, (size_t)w);
		total += (size_t)w;
	}
	s->written += total;
	arm(s, s->q.len > 0 && s->mode != SINK_DEAD && s->mode != SINK_FILE);
	return total;
}

/* The number of lines in text[0..n) (a last piece without '\n' counts). */
static size_t count_lines(const char *text, size_t n)
{
	size_t lines = 0;

	for (size_t i = 0; i < n; i++)
		lines += text[i] == '\n';
	return lines + (n > 0 && text[n - 1] != '\n');
}

int sink_put(struct sink *s, const char *text, size_t n)
{
	int r;

	if (n == 0)
		return 0;
	if (s->mode == SINK_DEAD) {
		s->lost += count_lines(text, n);
		return s->err ? s->err : -EPIPE;
	}
	r = outq_put(&s->q, text, n);
	if (r < 0) {
		s->lost += count_lines(text, n);
		return r;
	}
	sink_flush(s);
	return s->mode == SINK_DEAD ? s->err : 0;
}

bool sink_retry(struct sink *s)
{
	int fd;

	if (s->mode != SINK_WAITING)
		return s->mode != SINK_DEAD;
	fd = open_path(s->path);
	if (fd == -ENXIO)
		return false;
	if (fd < 0) {
		die(s, fd);
		return false;
	}
	adopt(s, fd, true);
	sink_flush(s);
	return true;
}

void sink_abandon(struct sink *s)
{
	if (s->q.len == 0)
		return;
	trim_partial(s);
	s->lost += outq_drop(&s->q);
	arm(s, false);
}

void sink_close(struct sink *s)
{
	arm(s, false);
	if (s->poll_fd >= 0 && s->poll_fd != s->fd)
		close(s->poll_fd);
	if (s->fd > 2)
		close(s->fd);
	s->fd = s->poll_fd = -1;
	outq_free(&s->q);
	free(s->path);
	s->path = NULL;
	s->mode = SINK_DEAD;
}
