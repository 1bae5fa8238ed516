/* Fuzz target: escape_human, escape_human_block and json_escape over any
 * bytes.
 *
 * Properties:
 * - escape_human's output is printable ASCII only (0x20..0x7e), and
 *   escape_human_block's also holds newlines, one for each newline of the
 *   input and nothing else a terminal would interpret;
 * - both are decoded back to the input exactly (\\ \" \t \r \n \xNN);
 * - json_escape's output, quoted, is a strictly valid JSON string, and
 *   decodes to the input: each \u00XX is the byte XX (control bytes, DEL
 *   and the bytes of invalid UTF-8), other characters are themselves. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "escape.h"
#include "json.h"
#include "jsoncheck.h"

/* Return the value of hex digit c (lower case), or -1. */
static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decode n hex digits at s into *v; returns false when they are not. */
static bool hexn(const char *s, size_t n, unsigned *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (hexval(s[i]) < 0)
			return false;
		*v = *v << 4 | (unsigned)hexval(s[i]);
	}
	return true;
}

/* Decode escape_human's output e[0..n) into out; returns false when it is
 * not something escape_human writes. */
static bool unescape_human(const char *e, size_t n, struct strbuf *out)
{
	unsigned v;

	for (size_t i = 0; i < n; i++) {
		if (e[i] != '\\') {
			sb_putc(out, e[i]);
			continue;
		}
		if (++i == n)
			return false;
		switch (e[i]) {
		case '\\': case '"': sb_putc(out, e[i]); break;
		case 't': sb_putc(out, '\t'); break;
		case 'r': sb_putc(out, '\r'); break;
		case 'n': sb_putc(out, '\n'); break;
		case 'x':
			if (n - i < 3 || !hexn(e + i + 1, 2, &v))
				return false;
			sb_putc(out, (char)v);
			i += 2;
			break;
		default:
			return false;
		}
	}
	return true;
}

/* Decode json_escape's output e[0..n) into out (see above). */
static bool unescape_json(const char *e, size_t n, struct strbuf *out)
{
	unsigned v;

	for (size_t i = 0; i < n; i++) {
		if (e[i] != '\\') {
			sb_putc(out, e[i]);
			continue;
		}
		if (++i == n)
			return false;
		switch (e[i]) {
		case '\\': case '"': sb_putc(out, e[i]); break;
		case 't': sb_putc(out, '\t'); break;
		case 'r': sb_putc(out, '\r'); break;
		case 'n': sb_putc(out, '\n'); break;
		case 'u':
			if (n - i < 5 || memcmp(e + i + 1, "00", 2) != 0 || !hexn(e + i + 3, 2, &v))
				return false;
			sb_putc(out, (char)v);
			i += 4;
			break;
		default:
			return false;
		}
	}
	return true;
}

/* Check that esc[0..n) decodes by dec to s[0..len). */
static void check_roundtrip(const char *what, const struct strbuf *esc, const char *s,
			    size_t len, bool (*dec)(const char *, size_t, struct strbuf *))
{
	struct strbuf back = STRBUF_INIT;

	FUZZ_CHECK(dec(esc->buf ? esc->buf : "", esc->len, &back), "%s: undecodable output", what);
	FUZZ_CHECK(back.len == len && (len == 0 || memcmp(back.buf, s, len) == 0),
		   "%s: output does not decode to the input", what);
	sb_free(&back);
}

/* Count the bytes equal to c in s[0..n). */
static size_t count(const char *s, size_t n, char c)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *why;
	struct strbuf sb = STRBUF_INIT, quoted = STRBUF_INIT;
	size_t at;

	escape_human(&sb, s, size);
	FUZZ_CHECK(fuzz_printable(sb.buf, sb.len, false), "escape_human: unprintable output");
	check_roundtrip("escape_human", &sb, s, size, unescape_human);
	sb_reset(&sb);
	escape_human_block(&sb, s, size);
	FUZZ_CHECK(fuzz_printable(sb.buf, sb.len, true), "escape_human_block: unprintable output");
	FUZZ_CHECK(count(sb.buf, sb.len, '\n') == count(s, size, '\n'), "block: newlines");
	check_roundtrip("escape_human_block", &sb, s, size, unescape_human);
	sb_reset(&sb);
	json_escape(&sb, s, size);
	sb_printf(&quoted, "\"%s\"", sb_str(&sb));
	FUZZ_CHECK(jsoncheck(quoted.buf, quoted.len, &why, &at) == 0, "json_escape: %s at %zu", why,
		   at);
	check_roundtrip("json_escape", &sb, s, size, unescape_json);
	sb_free(&quoted);
	sb_free(&sb);
	return 0;
}
