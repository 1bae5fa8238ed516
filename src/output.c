/* output: --tag-output, whole prefixed lines from every worker's pipes.
 *
 * Lines go to the standard output or standard error sink (sink.h), which
 * never blocks. A pipe is read only while its sink has room for what one
 * read can become (each byte may end a line and gain a prefix, and the
 * partial line waiting in the line buffer comes out with it); otherwise it
 * is paused (left unread, so the worker's own writes block as they would
 * without stallsup) until the sink drains to half. A sink whose reader is
 * gone for good makes its pipes close, so the workers see EPIPE as they
 * would without stallsup. One read per readiness event and per pipe keeps a
 * flooding worker from starving the others (epoll is level-triggered); the
 * line buffer of each pipe is bounded (a longer line is written in pieces). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "ci.h"
#include "silence.h"
#include "supervisor.h"

#define READ_CHUNK 65536
#define PREFIX_MAX 24

/* The sink pipe which (0 stdout, 1 stderr) of a worker feeds. */
static struct sink *pipe_sink(struct supervisor *sv, int which)
{
	return &sv->sinks[which == 0 ? SINK_OUT : SINK_ERR];
}

/* How many bytes of pipe which of w can be read now without the output
 * outgrowing the sink's room (0: none). */
static size_t readable_now(struct supervisor *sv, struct worker *w, int which, size_t plen)
{
	size_t room = sink_room(pipe_sink(sv, which)), pending = w->out_lb[which].len + plen + 2;
	size_t n;

	if (room <= pending)
		return 0;
	n = (room - pending) / (plen + 2);
	return n < READ_CHUNK ? n : READ_CHUNK;
}

/* Write w's line prefix into prefix (PREFIX_MAX bytes): "[wN] " with
 * --tag-output, else empty (the output is carried unchanged, for
 * --silence-after); returns its length. */
static size_t line_prefix(const struct supervisor *sv, const struct worker *w, char *prefix)
{
	prefix[0] = '\0';
	if (!sv->opt->tag_output)
		return 0;
	return (size_t)snprintf(prefix, PREFIX_MAX, "[w%u] ", w->index);
}

/* Stop or start watching pipe which of w for input. */
static void set_paused(struct supervisor *sv, struct worker *w, int which, bool paused)
{
	struct epoll_event ev = { .events = paused ? 0 : EPOLLIN,
				  .data.u64 = EV_TAG(which ? EV_ERR : EV_OUT, w->index) };

	if (w->out_paused[which] == paused)
		return;
	epoll_ctl(sv->epfd, EPOLL_CTL_MOD, w->out_fd[which], &ev);
	w->out_paused[which] = paused;
	if (paused)
		sv->paused_pipes++;
	else
		sv->paused_pipes--;
}

/* Write the pending partial line of pipe which and close the pipe. */
static void close_pipe(struct supervisor *sv, struct worker *w, int which, const char *prefix)
{
	struct strbuf sb = STRBUF_INIT;

	linebuf_flush(&w->out_lb[which], prefix, &sb);
	sink_put(pipe_sink(sv, which), sb.buf ? sb.buf : "", sb.len);
	sb_free(&sb);
	set_paused(sv, w, which, false);
	epoll_ctl(sv->epfd, EPOLL_CTL_DEL, w->out_fd[which], NULL);
	close(w->out_fd[which]);
	w->out_fd[which] = -1;
	linebuf_free(&w->out_lb[which]);
	sv->open_pipes--;
}

/* Read at most max bytes from pipe which of w; returns the read(2) result. */
static ssize_t read_once(struct supervisor *sv, struct worker *w, int which, size_t max,
			 const char *prefix)
{
	static char chunk[READ_CHUNK];
	struct strbuf sb = STRBUF_INIT;
	ssize_t n = read(w->out_fd[which], chunk, max);

	if (n > 0) {
		sv->output_read += (uint64_t)n;
		ci_output(sv, w, which, chunk, (size_t)n);
		silence_output(sv, w, which, chunk, (size_t)n);
		if (prefix[0] == '\0') { /* carried untagged: unchanged */
			sink_put(pipe_sink(sv, which), chunk, (size_t)n);
			return n;
		}
		linebuf_feed(&w->out_lb[which], chunk, (size_t)n, prefix, &sb);
		sink_put(pipe_sink(sv, which), sb.buf ? sb.buf : "", sb.len);
	}
	sb_free(&sb);
	return n;
}

/* Pipe which (0 stdout, 1 stderr) of w is readable: pass its lines on. */
void output_readable(struct supervisor *sv, struct worker *w, int which)
{
	char prefix[PREFIX_MAX];
	size_t max, plen;
	ssize_t n;

	if (w->out_fd[which] < 0)
		return;
	plen = line_prefix(sv, w, prefix);
	if (pipe_sink(sv, which)->mode == SINK_DEAD) {
		close_pipe(sv, w, which, prefix); /* nobody reads: the worker gets EPIPE */
		return;
	}
	max = readable_now(sv, w, which, plen);
	if (max == 0) {
		set_paused(sv, w, which, true);
		return;
	}
	n = read_once(sv, w, which, max, prefix);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		close_pipe(sv, w, which, prefix);
}

/* A sink wrote some of its queue: resume the pipes it has room for again
 * (half of its bound), or close them if the sink died. */
void output_resume(struct supervisor *sv)
{
	if (sv->paused_pipes == 0)
		return;
	for (unsigned i = 0; i < sv->nworkers && sv->paused_pipes > 0; i++) {
		struct worker *w = &sv->workers[i];

		for (int which = 0; which < 2; which++) {
			struct sink *s = pipe_sink(sv, which);

			if (!w->out_paused[which])
				continue;
			if (s->mode == SINK_DEAD)
				output_readable(sv, w, which);
			else if (sink_room(s) >= s->q.limit / 2)
				set_paused(sv, w, which, false);
		}
	}
}

/* The run is over and a reader stopped reading: close every pipe, losing
 * what is still unread. */
void output_close_all(struct supervisor *sv)
{
	char prefix[PREFIX_MAX];

	for (unsigned i = 0; i < sv->nworkers; i++) {
		struct worker *w = &sv->workers[i];

		line_prefix(sv, w, prefix);
		for (int which = 0; which < 2; which++)
			if (w->out_fd[which] >= 0)
				close_pipe(sv, w, which, prefix);
	}
}
