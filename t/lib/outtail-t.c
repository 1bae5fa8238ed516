/* Tests for lib/outtail.c. */
#include <string.h>

#include "basic.h"
#include "outtail.h"

/* Return what t shows (buffer reused per call). */
static const char *shown(const struct outtail *t)
{
	static struct strbuf sb;

	sb_reset(&sb);
	outtail_render(t, &sb);
	return sb_str(&sb);
}

/* Feed s to t. */
static void feed(struct outtail *t, const char *s)
{
	outtail_feed(t, s, strlen(s));
}

/* Within the bound: everything, as fed, over several feeds. */
static void test_small(void)
{
	struct outtail t;

	outtail_init(&t, 16);
	is_str("", shown(&t), "empty tail shows nothing");
	ok(t.buf == NULL, "nothing allocated before the first byte");
	feed(&t, "one\n");
	feed(&t, "two\nthr");
	is_str("one\ntwo\nthr", shown(&t), "short output kept whole");
	outtail_free(&t);
}

/* Over the bound: the last cap bytes, from the first whole line. */
static void test_wrap(void)
{
	struct outtail t;

	outtail_init(&t, 16);
	feed(&t, "line1\nline2\n");
	feed(&t, "line3\nline4\n");
	is_int(16, (long long)t.len, "never more than cap bytes held");
	is_str("[12 earlier bytes not kept]\nline3\nline4\n", shown(&t),
	       "wrapped: a cut line is left out whole");
	feed(&t, "x");
	is_str("[12 earlier bytes not kept]\nline3\nline4\nx", shown(&t),
	       "a partial last line is shown");
	outtail_free(&t);
}

/* One feed larger than the ring keeps its last bytes. */
static void test_big_feed(void)
{
	struct outtail t;
	char big[100];

	memset(big, 'a', sizeof(big));
	big[89] = '\n';
	outtail_init(&t, 16);
	feed(&t, "old\n");
	outtail_feed(&t, big, sizeof(big));
	is_str("[94 earlier bytes not kept]\naaaaaaaaaa", shown(&t),
	       "a feed over the bound: its last line");
	memset(big, 'b', sizeof(big));
	outtail_feed(&t, big, sizeof(big));
	is_str("[188 earlier bytes not kept]\nbbbbbbbbbbbbbbbb", shown(&t),
	       "a line longer than the bound: its last bytes, cut");
	outtail_free(&t);
}

/* A bound of 0 keeps nothing and allocates nothing. */
static void test_zero(void)
{
	struct outtail t;

	outtail_init(&t, 0);
	feed(&t, "abc\n");
	ok(t.buf == NULL && t.len == 0, "cap 0: nothing kept");
	is_str("", shown(&t), "cap 0: nothing shown");
}

/* Many feeds of every size keep exactly the stream's last bytes. */
static void test_stream(void)
{
	struct strbuf all = STRBUF_INIT, got = STRBUF_INIT;
	struct outtail t;
	char chunk[40];
	int bad = 0;

	outtail_init(&t, 64);
	for (int i = 0; i < 500; i++) {
		size_t n = (size_t)(i * 7 % 40);

		for (size_t k = 0; k < n; k++)
			chunk[k] = (char)('a' + (i + k) % 26);
		outtail_feed(&t, chunk, n);
		sb_add(&all, chunk, n);
		sb_reset(&got);
		if (t.len != (all.len < 64 ? all.len : 64))
			bad++;
		for (size_t k = 0; k < t.len; k++)
			if (t.buf[(t.head + k) % t.cap] != all.buf[all.len - t.len + k])
				bad++;
	}
	is_int(0, bad, "500 feeds of 0..39 bytes: the ring always holds the last bytes");
	sb_free(&all);
	sb_free(&got);
	outtail_free(&t);
}

int main(void)
{
	plan(11);
	test_small();
	test_wrap();
	test_big_feed();
	test_zero();
	test_stream();
	return 0;
}
