/* Fuzz target: cmdline_format (/proc/<pid>/cmdline as a headline).
 *
 * The first input byte sets max (8..263, so values under CMDLINE_MIN_MAX are
 * tried too); the rest is the raw command line. Properties:
 * - the result is -EINVAL exactly when max < CMDLINE_MIN_MAX, else -ENODATA
 *   exactly when the raw bytes are all NUL, else 0; what out held before is
 *   untouched, and nothing is appended on failure;
 * - the line appended is at most max bytes of printable ASCII;
 * - read back by a POSIX shell's rules for what the formatter writes (words
 *   split on single spaces; bare words of A-Z a-z 0-9 _@%+=:,./- only;
 *   '...', \' and $'...' with \n \t \r \\ \' \xNN), the line gives back the
 *   words of the raw command line (NUL-separated, trailing NULs dropped);
 *   or, when it was cut, the line without its final "..." gives a strict
 *   prefix of them (the last word possibly cut);
 * - the first word is never a bare word holding '=' (a shell would take it
 *   for an assignment). */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "check.h"
#include "cmdline.h"

#define PREFIX "held: "

/* True for a byte a bare word may hold. */
static bool bare(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("_@%+=:,./-", c) != NULL);
}

/* Value of lower-case hex digit c, or -1. */
static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Read the $'...' body at s[*i..n) (after "$'") into w; false if malformed. */
static bool ansi_body(const char *s, size_t n, size_t *i, struct strbuf *w)
{
	static const char from[] = "ntr\\'", to[] = "\n\t\r\\'";

	while (*i < n && s[*i] != '\'') {
		const char *e;

		if (s[*i] != '\\') {
			sb_putc(w, s[(*i)++]);
			continue;
		}
		if (++*i == n)
			return false;
		if (s[*i] == 'x') {
			if (n - *i < 3 || hexval(s[*i + 1]) < 0 || hexval(s[*i + 2]) < 0)
				return false;
			sb_putc(w, (char)(hexval(s[*i + 1]) * 16 + hexval(s[*i + 2])));
			*i += 3;
			continue;
		}
		if ((e = strchr(from, s[*i])) == NULL || s[*i] == '\0')
			return false;
		sb_putc(w, to[e - from]);
		(*i)++;
	}
	return *i < n ? (++*i, true) : false;
}

/* Read one word at s[*i..n) into w (NUL-free); false if malformed. *eq_bare
 * tells whether a bare '=' was seen. */
static bool read_word(const char *s, size_t n, size_t *i, struct strbuf *w, bool *eq_bare)
{
	size_t start = *i;

	*eq_bare = false;
	while (*i < n && s[*i] != ' ') {
		char c = s[*i];

		if (c == '\'') {
			const char *q = memchr(s + *i + 1, '\'', n - *i - 1);

			if (q == NULL)
				return false;
			sb_add(w, s + *i + 1, (size_t)(q - s - *i - 1));
			*i = (size_t)(q - s) + 1;
		} else if (c == '$' && *i + 1 < n && s[*i + 1] == '\'') {
			*i += 2;
			if (!ansi_body(s, n, i, w))
				return false;
		} else if (c == '\\' && *i + 1 < n && s[*i + 1] == '\'') {
			sb_putc(w, '\'');
			*i += 2;
		} else if (bare(c)) {
			*eq_bare = *eq_bare || c == '=';
			sb_putc(w, c);
			(*i)++;
		} else {
			return false;
		}
	}
	return *i > start; /* an empty word is written '' */
}

/* Read the words of line s[0..n) into out, NUL-separated (as a raw command
 * line without its final NUL). Returns false when the line is malformed. */
static bool read_words(const char *s, size_t n, struct strbuf *out)
{
	size_t i = 0;
	bool eq_bare;

	if (n == 0)
		return true;
	for (int k = 0;; k++) {
		struct strbuf w = STRBUF_INIT;
		bool ok = (i < n) && read_word(s, n, &i, &w, &eq_bare);

		ok = ok && !(k == 0 && eq_bare) && memchr(sb_str(&w), '\0', w.len) == NULL;
		if (k > 0)
			sb_putc(out, '\0');
		sb_add(out, sb_str(&w), w.len);
		sb_free(&w);
		if (!ok)
			return false;
		if (i == n)
			return true;
		i++; /* the single space */
	}
}

/* Check line[0..n), the formatted raw[0..len) (trailing NULs dropped). */
static void check_line(const char *line, size_t n, const char *raw, size_t len)
{
	struct strbuf words = STRBUF_INIT;

	if (read_words(line, n, &words) && words.len == len && memcmp(sb_str(&words), raw, len) == 0) {
		sb_free(&words);
		return;
	}
	sb_reset(&words);
	FUZZ_CHECK(n >= 3 && memcmp(line + n - 3, "...", 3) == 0,
		   "the line is not the command line and does not end with ...: %.*s", (int)n, line);
	FUZZ_CHECK(read_words(line, n - 3, &words), "the cut line does not read back: %.*s", (int)n,
		   line);
	FUZZ_CHECK(words.len < len && memcmp(sb_str(&words), raw, words.len) == 0,
		   "the cut line is not a strict prefix of the command line: %.*s", (int)n, line);
	sb_free(&words);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned b = fuzz_byte(&in);
	size_t max = b + 8, len = in.n, plen = strlen(PREFIX);
	const char *raw = (const char *)in.p;
	struct strbuf out = STRBUF_INIT;
	int r;

	sb_puts(&out, PREFIX);
	r = cmdline_format(&out, raw, len, max);
	while (len > 0 && raw[len - 1] == '\0')
		len--;
	FUZZ_CHECK(r == (max < CMDLINE_MIN_MAX ? -EINVAL : len == 0 ? -ENODATA : 0), "result %d", r);
	FUZZ_CHECK(memcmp(out.buf, PREFIX, plen) == 0, "the earlier text changed");
	if (r < 0) {
		FUZZ_CHECK(out.len == plen, "text appended on failure");
	} else {
		FUZZ_CHECK(out.len - plen <= max, "%zu bytes over max %zu", out.len - plen, max);
		FUZZ_CHECK(fuzz_printable(out.buf + plen, out.len - plen, false), "unprintable");
		check_line(out.buf + plen, out.len - plen, raw, len);
	}
	sb_free(&out);
	return 0;
}
