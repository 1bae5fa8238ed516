/* Tests for lib/outq.c. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "basic.h"
#include "outq.h"

/* The pending bytes of q as a string (for comparisons). */
static const char *pending(const struct outq *q, char *buf, size_t size)
{
	const char *p;
	size_t n = outq_peek(q, &p);

	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

int main(void)
{
	struct outq q;
	char buf[256], big[9000];
	const char *p;

	plan(19);
	outq_init(&q, 32);
	is_int(32, (long long)outq_room(&q), "an empty queue has its whole bound as room");
	is_int(0, (long long)outq_peek(&q, &p), "nothing pending");
	is_int(0, outq_put(&q, "one\n", 4), "a line goes in");
	is_int(0, outq_put(&q, "two\n", 4), "a second line goes in");
	is_str("one\ntwo\n", pending(&q, buf, sizeof(buf)), "both pending, in order");
	is_int(2, (long long)outq_lines(&q), "two lines pending");
	is_int(-ENOBUFS, outq_put(&q, "a line far too long for the rest\n", 33),
	       "a line past the bound is refused");
	is_str("one\ntwo\n", pending(&q, buf, sizeof(buf)), "... and nothing of it goes in");

	outq_consume(&q, 2);
	is_int(2, (long long)q.partial, "two bytes into the first line");
	is_str("e\ntwo\n", pending(&q, buf, sizeof(buf)), "the rest is pending");
	outq_consume(&q, 3);
	is_int(1, (long long)q.partial, "a line finished, one byte into the next");
	is_int(1, (long long)outq_lines(&q), "a started line counts as pending");
	is_int(0, outq_put(&q, "0123456789012345678901234", 25), "room is reused after a write");
	is_int(2, (long long)outq_drop(&q), "drop returns the lines dropped (started one included)");
	is_int(0, (long long)q.partial, "nothing is partial after a drop");
	outq_free(&q);

	outq_init(&q, 16384);
	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = '\n';
	is_int(0, outq_put(&q, big, sizeof(big)), "a line bigger than the first block grows the buffer");
	outq_consume(&q, sizeof(big));
	is_int(0, (long long)q.partial, "a whole line consumed leaves nothing partial");
	is_int(0, outq_put(&q, big, sizeof(big)), "and the buffer is reused");
	ok(q.cap <= 16384, "the buffer never grows past the bound (%zu)", q.cap);
	outq_free(&q);
	return 0;
}
