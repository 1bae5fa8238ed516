/* msg: stallsup's messages on standard error; see msg.h. */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"
#include "strbuf.h"

static struct sink *err_sink; /* the loop's standard error, once it runs */

void msg_use_sink(struct sink *err)
{
	err_sink = err;
}

/* Write text to descriptor 2 directly (before the loop runs). */
static void write_direct(const char *text, size_t n)
{
	while (n > 0) {
		ssize_t w = write(2, text, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		text += w;
		n -= (size_t)w;
	}
}

void msg_put(const char *text, size_t n)
{
	if (err_sink)
		sink_put(err_sink, text, n);
	else
		write_direct(text, n);
}

void msg_say(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	sb_puts(&sb, "stallsup: ");
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	sb_putc(&sb, '\n');
	if (sb.err == 0)
		msg_put(sb.buf, sb.len);
	sb_free(&sb);
}

void msg_sink_failed(struct sink *s, int err)
{
	if (s == err_sink)
		return; /* nowhere left to say it */
	msg_say("cannot write to %s: %s; lines that cannot be written are counted in the summary",
		s->name, strerror(-err));
}
