/* Fuzz target: GitHub workflow command escaping (gha_escape_data,
 * gha_escape_property, gha_command_line) and gha_md_escape.
 *
 * Input: a byte of max for gha_command_line, a byte picking the command, a
 * length byte and the title, then the message (any bytes; the whole input
 * is also escaped by each function).
 *
 * Properties:
 * - gha_escape_data's output holds no raw '%', CR or LF except as %25, %0D,
 *   %0A, and decodes back to the input exactly;
 * - gha_escape_property's also holds no ':' or ',' (%3A, %2C), and decodes
 *   back;
 * - gha_command_line writes exactly one line "::COMMAND title=T::M\n": T
 *   decodes to the title (as a C string) and M to the message cut by
 *   utf8_cut to max, less its trailing newlines, followed by "\n[...]"
 *   exactly when cut;
 * - gha_md_escape's output is valid UTF-8 with no control byte, no C1
 *   control, no newline or CR, and every character of \ ` * _ ~ [ ] ! < > &
 *   | $ @ # : preceded by a backslash (a backslash starts only such an
 *   escape or a \xNN). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gha.h"
#include "utf8.h"

/* Decode percent-encoded e[0..n) into out: only the codes of the bytes in
 * codes may appear (upper-case hex), and no raw byte of codes. */
static bool decode(const char *e, size_t n, const char *codes, struct strbuf *out)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		const char *h, *l;
		char c;

		if (e[i] != '%' && e[i] != '\0' && strchr(codes, e[i]))
			return false;
		if (e[i] != '%') {
			sb_putc(out, e[i]);
			continue;
		}
		if (n - i < 3 || !(h = strchr(hex, e[i + 1])) || !(l = strchr(hex, e[i + 2])) ||
		    !e[i + 1] || !e[i + 2])
			return false;
		c = (char)((h - hex) << 4 | (l - hex));
		if (!strchr(codes, c) || c == '\0')
			return false;
		sb_putc(out, c);
		i += 2;
	}
	return true;
}

/* Check that esc decodes (by codes) to s[0..n). */
static void check_decodes(const char *what, const struct strbuf *esc, const char *codes,
			  const char *s, size_t n)
{
	struct strbuf back = STRBUF_INIT;

	FUZZ_CHECK(decode(sb_str(esc), esc->len, codes, &back), "%s: a raw or unknown code", what);
	FUZZ_CHECK(back.len == n && memcmp(sb_str(&back), s, n) == 0, "%s: does not decode back",
		   what);
	sb_free(&back);
}

/* Check gha_md_escape's output e[0..n) (see above). */
static void check_md(const char *e, size_t n)
{
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		if (e[i] == '\\') {
			FUZZ_CHECK(i + 1 < n, "md: a lone backslash at the end");
			if (e[i + 1] == 'x') {
				FUZZ_CHECK(n - i >= 4 && strchr("0123456789abcdef", e[i + 2]) && e[i + 2] &&
						   strchr("0123456789abcdef", e[i + 3]) && e[i + 3],
					   "md: a bad \\x escape at %zu", i);
				i += 4;
			} else {
				FUZZ_CHECK(e[i + 1] && strchr("\\`*_~[]!<>&|$@#:", e[i + 1]),
					   "md: a backslash before an ordinary byte at %zu", i);
				i += 2;
			}
			continue;
		}
		FUZZ_CHECK(!strchr("`*_~[]!>&|$@#:", e[i]) || e[i] == '\0',
			   "md: a raw markup character at %zu", i);
		if (e[i] == '<') {
			FUZZ_CHECK(n - i >= 4 && memcmp(e + i, "<br>", 4) == 0, "md: a raw '<' at %zu", i);
			i += 4;
			continue;
		}
		len = fuzz_utf8(e + i, n - i, &cp);
		FUZZ_CHECK(len > 0, "md: invalid UTF-8 at %zu", i);
		FUZZ_CHECK(cp >= 0x20 && (cp < 0x7f || cp > 0x9f), "md: a control character at %zu", i);
		i += len;
	}
}

/* Check gha_command_line (see above). */
static void check_line(const char *command, const char *title, const char *msg, size_t n,
		       size_t max)
{
	struct strbuf line = STRBUF_INIT, want = STRBUF_INIT, t = STRBUF_INIT, m = STRBUF_INIT;
	size_t cut = utf8_cut(msg, n, max), keep = cut;
	const char *s, *sep;

	gha_command_line(&line, command, title, msg, n, max);
	s = sb_str(&line);
	FUZZ_CHECK(line.len > 0 && s[line.len - 1] == '\n', "line: no final newline");
	FUZZ_CHECK(!memchr(s, '\n', line.len - 1) && !memchr(s, '\r', line.len),
		   "line: more than one line");
	sb_printf(&want, "::%s title=", command);
	FUZZ_CHECK(strncmp(s, want.buf, want.len) == 0, "line: does not start with %s", want.buf);
	s += want.len;
	sep = strstr(s, "::");
	FUZZ_CHECK(sep != NULL, "line: no :: after the title");
	FUZZ_CHECK(decode(s, (size_t)(sep - s), "%\r\n:,", &t) && t.len == strlen(title) &&
			   memcmp(sb_str(&t), title, t.len) == 0,
		   "line: the title does not decode back");
	while (keep > 0 && msg[keep - 1] == '\n')
		keep--;
	sb_reset(&want);
	sb_add(&want, msg, keep);
	if (cut < n)
		sb_puts(&want, "\n[...]");
	sep += 2;
	FUZZ_CHECK(decode(sep, (size_t)(line.buf + line.len - 1 - sep), "%\r\n", &m) &&
			   m.len == want.len && memcmp(sb_str(&m), sb_str(&want), m.len) == 0,
		   "line: the message does not decode to the input cut");
	FUZZ_CHECK(keep <= max || cut == n, "line: more than max bytes of the message");
	sb_free(&line);
	sb_free(&want);
	sb_free(&t);
	sb_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const commands[] = { "error", "warning", "notice" };
	const char *s = (const char *)data, *p;
	struct fuzz_in in = { data, size };
	struct strbuf esc = STRBUF_INIT;
	size_t max = fuzz_byte(&in), k;
	const char *command = commands[fuzz_byte(&in) % 3];
	char *title;

	gha_escape_data(&esc, s, size);
	check_decodes("data", &esc, "%\r\n", s, size);
	sb_reset(&esc);
	gha_escape_property(&esc, s, size);
	check_decodes("property", &esc, "%\r\n:,", s, size);
	sb_reset(&esc);
	gha_md_escape(&esc, s, size);
	check_md(sb_str(&esc), esc.len);
	sb_free(&esc);
	k = fuzz_take(&in, fuzz_byte(&in), &p);
	title = fuzz_cstring((const uint8_t *)p, k);
	k = fuzz_take(&in, in.n, &p);
	check_line(command, title, p, k, max);
	free(title);
	return 0;
}
