/* Tests for lib/lastlines.c: the last lines of a worker's output. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "lastlines.h"
#include "strbuf.h"

/* Render what l holds as "1|text" lines ("2" for stderr; "+" partial, "~"
 * cut) joined with ';' into sb, for comparison. */
static const char *render(const struct lastlines *l, struct strbuf *sb)
{
	struct stall_line *v;
	size_t n;

	sb_reset(sb);
	if (lastlines_copy(l, &v, &n) < 0)
		return "ENOMEM";
	for (size_t i = 0; i < n; i++)
		sb_printf(sb, "%s%d%s%s|%s", i ? ";" : "", v[i].stream, v[i].partial ? "+" : "",
			  v[i].cut ? "~" : "", v[i].text);
	stall_lines_free(v, n);
	return sb_str(sb);
}

/* Feed a NUL-terminated string. */
static void feed(struct lastlines *l, int stream, const char *s)
{
	lastlines_feed(l, stream, s, strlen(s));
}

static void test_basic(struct strbuf *sb)
{
	struct lastlines l;

	lastlines_init(&l, 16);
	is_str("", render(&l, sb), "nothing written: nothing held");
	feed(&l, 1, "one\ntwo\n");
	is_str("1|one;1|two", render(&l, sb), "two whole lines");
	feed(&l, 1, "thr");
	is_str("1|one;1|two;1+|thr", render(&l, sb), "a partial line comes last");
	feed(&l, 2, "oops");
	feed(&l, 1, "ee\nfo");
	is_str("1|one;1|two;1|three;1+|fo;2+|oops", render(&l, sb),
	       "a line completed across chunks; partial lines of both streams");
	feed(&l, 2, "!\n");
	is_str("1|one;1|two;1|three;2|oops!;1+|fo", render(&l, sb), "stderr's line completed");
	feed(&l, 1, "\n\n");
	is_str("1|one;1|two;1|three;2|oops!;1|fo;1|", render(&l, sb), "an empty line is a line");
	is_int(-EINVAL, lastlines_feed(&l, 3, "x", 1), "stream 3 is refused");
	lastlines_free(&l);
	is_str("", render(&l, sb), "freed: empty");
}

static void test_bounds(struct strbuf *sb)
{
	struct lastlines l;
	char chunk[4096];
	size_t k = 0;

	lastlines_init(&l, 8);
	feed(&l, 1, "0123456789abcdef\n");
	is_str("1~|01234567", render(&l, sb), "a long line keeps its start, marked cut");
	feed(&l, 1, "0123456789");
	feed(&l, 1, "abcdef");
	is_str("1~|01234567;1+~|01234567", render(&l, sb), "a long partial line too");
	feed(&l, 1, "\n");
	is_str("1~|01234567;1~|01234567", render(&l, sb), "... and once complete");
	lastlines_free(&l);

	lastlines_init(&l, 8);
	for (int i = 0; i < 100; i++)
		k += (size_t)snprintf(chunk + k, sizeof(chunk) - k, "l%d\n", i);
	lastlines_feed(&l, 1, chunk, k);
	render(&l, sb);
	ok(strncmp(sb_str(sb), "1|l80;1|l81;", 12) == 0 && strstr(sb_str(sb), ";1|l99") &&
	   !strstr(sb_str(sb), "l79"), "a chunk of 100 lines: its last 20");
	feed(&l, 2, "tail");
	feed(&l, 1, "part");
	render(&l, sb);
	ok(strncmp(sb_str(sb), "1|l82;", 6) == 0 && strstr(sb_str(sb), ";1|l99;1+|part;2+|tail"),
	   "two partial lines: at most 20 in all, the oldest whole lines left out");
	lastlines_free(&l);

	lastlines_init(&l, 8);
	feed(&l, 1, "pending");
	k = 0;
	for (int i = 0; i < 25; i++)
		k += (size_t)snprintf(chunk + k, sizeof(chunk) - k, "m%d\n", i);
	lastlines_feed(&l, 1, chunk, k);
	render(&l, sb);
	ok(strncmp(sb_str(sb), "1|m5;", 5) == 0 && !strstr(sb_str(sb), "pending"),
	   "a partial line older than the last 20 is dropped");
	lastlines_free(&l);

	lastlines_init(&l, 0);
	feed(&l, 1, "x\n");
	is_str("", render(&l, sb), "keep 0 keeps nothing");
}

/* Random chunking gives the same lines as one chunk. */
static void test_chunking(struct strbuf *sb)
{
	struct lastlines whole, pieces;
	struct strbuf a = STRBUF_INIT;
	char text[2000];
	size_t n = 0, at = 0;

	srand(7);
	for (int i = 0; i < 150 && n + 20 < sizeof(text); i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%.*s\n", rand() % 12,
				      "abcdefghijklmnop");
	lastlines_init(&whole, 10);
	lastlines_init(&pieces, 10);
	lastlines_feed(&whole, 1, text, n);
	while (at < n) {
		size_t c = (size_t)(rand() % 30);

		c = c > n - at ? n - at : c;
		lastlines_feed(&pieces, 1, text + at, c);
		at += c;
	}
	sb_puts(&a, render(&whole, sb));
	is_str(sb_str(&a), render(&pieces, sb), "any chunking keeps the same last lines");
	sb_free(&a);
	lastlines_free(&whole);
	lastlines_free(&pieces);
}

int main(void)
{
	struct strbuf sb = STRBUF_INIT;

	plan_lazy();
	test_basic(&sb);
	test_bounds(&sb);
	test_chunking(&sb);
	sb_free(&sb);
	return 0;
}
