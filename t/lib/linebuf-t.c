/* Tests for lib/linebuf.c. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "basic.h"
#include "linebuf.h"

/* Feed text in chunks of step bytes, then flush; return the output. */
static const char *run(size_t cap, const char *text, size_t step, struct strbuf *out)
{
	struct linebuf lb;
	size_t off, len = strlen(text);

	sb_reset(out);
	if (linebuf_init(&lb, cap) != 0)
		bail("linebuf_init");
	for (off = 0; off < len; off += step) {
		size_t n = len - off < step ? len - off : step;

		if (linebuf_feed(&lb, text + off, n, "[w1] ", out) != 0)
			bail("linebuf_feed");
	}
	linebuf_flush(&lb, "[w1] ", out);
	linebuf_free(&lb);
	return sb_str(out);
}

int main(void)
{
	struct strbuf out = STRBUF_INIT;
	struct linebuf lb;
	size_t step;

	plan(14);
	is_str("[w1] a\n[w1] bc\n", run(16, "a\nbc\n", 100, &out), "whole lines");
	is_str("[w1] a\n[w1] bc\n", run(16, "a\nbc\n", 1, &out), "byte by byte");
	is_str("[w1] a\n[w1] tail\n", run(16, "a\ntail", 3, &out), "last line without newline");
	is_str("[w1] \n[w1] \n", run(16, "\n\n", 1, &out), "empty lines");
	is_str("", run(16, "", 1, &out), "nothing in, nothing out");
	is_str("[w1] abcd\n[w1] efgh\n[w1] ij\n", run(4, "abcdefghij\n", 100, &out),
	       "long line cut in pieces");
	is_str("[w1] abcd\n[w1] efgh\n[w1] ij\n", run(4, "abcdefghij\n", 3, &out),
	       "long line cut in pieces, small reads");
	is_str("[w1] abcd\n[w1] x\n", run(4, "abcd\nx\n", 2, &out), "line exactly cap");
	is_str("[w1] abcd\n[w1] efgh\n", run(4, "abcdefgh", 5, &out), "pieces then flush");
	for (step = 1; step <= 7; step += 3)
		is_str("[w1] 1\n[w1] 22\n[w1] 333\n", run(3, "1\n22\n333\n", step, &out),
		       "lines of cap size, step %zu", step);
	is_int(-EINVAL, linebuf_init(&lb, 0), "cap 0 is rejected");
	is_int(0, linebuf_init(&lb, 8), "init");
	linebuf_free(&lb);
	sb_free(&out);
	return 0;
}
