/* Fuzz target: the line buffer (lib/linebuf.h) splitting a worker's output.
 *
 * The input gives the bound (cap, 1..64), a prefix (0..15 bytes, without
 * NUL or newline), then the stream in chunks of random sizes; the stream is
 * fed chunk by chunk, then flushed. Properties:
 * - the output is the one of a byte-at-a-time model written here from
 *   linebuf.h: a newline ends a line; a byte that finds cap bytes pending
 *   first emits them as a piece; the flush emits what is pending (so the
 *   output does not depend on how the stream was cut into chunks);
 * - every output line starts with the prefix and holds at most cap bytes
 *   after it, and the output ends with a newline (or is empty);
 * - the payloads (lines without prefix and newline) concatenated equal the
 *   stream with its newlines removed. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "linebuf.h"

/* The model: append prefix + each line of s[0..n) + '\n' to out. */
static void model(const char *s, size_t n, size_t cap, const char *prefix, struct strbuf *out)
{
	size_t pending = 0;
	const char *start = s;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n' && pending == cap) {
			sb_printf(out, "%s", prefix);
			sb_add(out, start, pending);
			sb_putc(out, '\n');
			pending = 0;
		}
		if (pending == 0)
			start = s + i;
		if (s[i] == '\n') {
			sb_printf(out, "%s", prefix);
			sb_add(out, start, pending);
			sb_putc(out, '\n');
			pending = 0;
			continue;
		}
		pending++;
	}
	if (pending > 0) {
		sb_printf(out, "%s", prefix);
		sb_add(out, start, pending);
		sb_putc(out, '\n');
	}
}

/* Check the lines of out: prefix, at most cap bytes, payloads = stream
 * without newlines. */
static void check_lines(const struct strbuf *out, const char *prefix, size_t cap,
			const char *s, size_t n)
{
	struct strbuf payload = STRBUF_INIT, want = STRBUF_INIT;
	size_t plen = strlen(prefix), i = 0;

	while (i < out->len) {
		const char *nl = memchr(out->buf + i, '\n', out->len - i);
		size_t len;

		FUZZ_CHECK(nl != NULL, "the output does not end with a newline");
		len = (size_t)(nl - (out->buf + i));
		FUZZ_CHECK(len >= plen && memcmp(out->buf + i, prefix, plen) == 0,
			   "a line without the prefix");
		FUZZ_CHECK(len - plen <= cap, "a line of %zu bytes over the bound %zu", len - plen, cap);
		sb_add(&payload, out->buf + i + plen, len - plen);
		i += len + 1;
	}
	for (size_t k = 0; k < n; k++)
		if (s[k] != '\n')
			sb_putc(&want, s[k]);
	FUZZ_CHECK(payload.len == want.len && memcmp(sb_str(&payload), sb_str(&want), want.len) == 0,
		   "the payloads are not the stream without its newlines");
	sb_free(&payload);
	sb_free(&want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct strbuf out = STRBUF_INIT, stream = STRBUF_INIT, want = STRBUF_INIT;
	size_t cap = 1 + fuzz_byte(&in) % 64, plen = fuzz_byte(&in) % 16, n;
	char prefix[16];
	struct linebuf lb;
	const char *p;

	n = fuzz_take(&in, plen, &p);
	for (size_t i = 0; i < n; i++)
		prefix[i] = p[i] == '\0' || p[i] == '\n' ? '.' : p[i];
	prefix[n] = '\0';
	FUZZ_CHECK(linebuf_init(&lb, cap) == 0, "linebuf_init");
	while (in.n > 0) {
		n = fuzz_take(&in, fuzz_byte(&in) % 80, &p);
		sb_add(&stream, p, n);
		FUZZ_CHECK(linebuf_feed(&lb, p, n, prefix, &out) == 0, "linebuf_feed");
	}
	FUZZ_CHECK(linebuf_flush(&lb, prefix, &out) == 0, "linebuf_flush");
	model(sb_str(&stream), stream.len, cap, prefix, &want);
	FUZZ_CHECK(out.len == want.len && memcmp(sb_str(&out), sb_str(&want), want.len) == 0,
		   "the output is not the model's");
	check_lines(&out, prefix, cap, sb_str(&stream), stream.len);
	linebuf_free(&lb);
	sb_free(&out);
	sb_free(&stream);
	sb_free(&want);
	return 0;
}
