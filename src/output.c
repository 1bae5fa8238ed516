/* output: --tag-output, whole prefixed lines from every worker's pipes.
 *
 * One read per readiness event and per pipe keeps a flooding worker from
 * starving the others (epoll is level-triggered); the line buffer of each
 * pipe is bounded (a longer line is written in pieces). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "supervisor.h"

#define READ_CHUNK 65536

/* Write all of sb to fd, retrying on EINTR; output to a closed fd is dropped. */
static void write_all(int fd, const struct strbuf *sb)
{
	size_t off = 0;

	while (off < sb->len) {
		ssize_t n = write(fd, sb->buf + off, sb->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		off += (size_t)n;
	}
}

/* Write the pending partial line of pipe which and close the pipe. */
static void close_pipe(struct supervisor *sv, struct worker *w, int which, const char *prefix)
{
	struct strbuf sb = STRBUF_INIT;

	linebuf_flush(&w->out_lb[which], prefix, &sb);
	write_all(which == 0 ? 1 : 2, &sb);
	sb_free(&sb);
	epoll_ctl(sv->epfd, EPOLL_CTL_DEL, w->out_fd[which], NULL);
	close(w->out_fd[which]);
	w->out_fd[which] = -1;
	linebuf_free(&w->out_lb[which]);
	sv->open_pipes--;
}

/* Read once from pipe which of w; returns the read(2) result. */
static ssize_t read_once(struct worker *w, int which, const char *prefix)
{
	static char chunk[READ_CHUNK];
	struct strbuf sb = STRBUF_INIT;
	ssize_t n = read(w->out_fd[which], chunk, sizeof(chunk));

	if (n > 0) {
		linebuf_feed(&w->out_lb[which], chunk, (size_t)n, prefix, &sb);
		write_all(which == 0 ? 1 : 2, &sb);
	}
	sb_free(&sb);
	return n;
}

/* Pipe which (0 stdout, 1 stderr) of w is readable: pass its lines on. */
void output_readable(struct supervisor *sv, struct worker *w, int which)
{
	char prefix[24];
	ssize_t n;

	if (w->out_fd[which] < 0)
		return;
	snprintf(prefix, sizeof(prefix), "[w%u] ", w->index);
	n = read_once(w, which, prefix);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		close_pipe(sv, w, which, prefix);
}

/* Everything has ended: read what is left in every pipe and close it. */
void output_drain_all(struct supervisor *sv)
{
	char prefix[24];
	unsigned i;
	int which;

	for (i = 0; i < sv->nworkers; i++) {
		struct worker *w = &sv->workers[i];

		snprintf(prefix, sizeof(prefix), "[w%u] ", w->index);
		for (which = 0; which < 2; which++) {
			if (w->out_fd[which] < 0)
				continue;
			while (read_once(w, which, prefix) > 0)
				;
			close_pipe(sv, w, which, prefix);
		}
	}
}
