/* Tests for lib/cmdline.c: quoting, hostile bytes, truncation, and a
 * property test that decodes the output as a shell would. */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "cmdline.h"
#include "escape.h"

/* A raw cmdline with its length (it holds NUL bytes). */
#define RAW(s) s, sizeof(s) - 1

static const struct {
	const char *raw;
	size_t len;
	const char *want;
} cases[] = {
	{ RAW("python3\0hang.py\0"), "python3 hang.py" },
	{ RAW("/usr/bin/java\0-Xmx2g\0-cp\0a.jar:b.jar\0Main\0"),
	  "/usr/bin/java -Xmx2g -cp a.jar:b.jar Main" },
	{ RAW("sh\0-c\0echo hi; sleep 1\0"), "sh -c 'echo hi; sleep 1'" },
	{ RAW("echo\0it's\0"), "echo 'it'\\''s'" },
	{ RAW("printf\0a\nb\0"), "printf $'a\\nb'" },
	{ RAW("x\0\x1b[31mred\0"), "x $'\\x1b[31mred'" },
	{ RAW("x\0caf\xc3\xa9\0"), "x $'caf\\xc3\\xa9'" },
	{ RAW("x\0\xff\xfe\0"), "x $'\\xff\\xfe'" },
	{ RAW("x\0a\tb\rc\x7f\0"), "x $'a\\tb\\rc\\x7f'" },
	{ RAW("x\0it's\n\0"), "x $'it\\'s\\n'" },
	{ RAW("x\0back\\slash\0"), "x 'back\\slash'" },
	{ RAW("x\0back\\slash\n\0"), "x $'back\\\\slash\\n'" },
	{ RAW("FOO=bar\0x\0"), "'FOO=bar' x" },
	{ RAW("env\0FOO=bar\0x\0"), "env FOO=bar x" },
	{ RAW("a\0\0b\0"), "a '' b" },
	{ RAW("nginx: worker process\0\0\0\0\0\0"), "'nginx: worker process'" },
	{ RAW("no-terminator"), "no-terminator" },
	{ RAW("~user\0*.c\0$HOME\0a|b\0"), "'~user' '*.c' '$HOME' 'a|b'" },
	{ RAW("x\0-_@%+=:,./\0"), "x -_@%+=:,./" },
};

/* Format raw with max and check the result. */
static void check(const char *raw, size_t len, size_t max, int ret, const char *want,
		  const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	int r = cmdline_format(&sb, raw, len, max);

	is_int(ret, r, "%s: returns %d", what, ret);
	if (want != NULL)
		is_str(want, sb_str(&sb), "%s: text", what);
	sb_free(&sb);
}

/* Every table case, with room to spare. */
static void test_cases(void)
{
	struct strbuf what = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_reset(&what);
		escape_human(&what, cases[i].want, strlen(cases[i].want));
		check(cases[i].raw, cases[i].len, CMDLINE_HEADLINE_MAX, 0, cases[i].want,
		      sb_str(&what));
	}
	sb_free(&what);
	check("", 0, 200, -ENODATA, "", "empty: a kernel thread");
	check(RAW("\0\0\0"), 200, -ENODATA, "", "only NUL bytes");
	check(RAW("a\0"), 15, -EINVAL, "", "max under the minimum");
}

/* Cutting: never over max, never inside an escape, quotes closed. */
static void test_cuts(void)
{
	char big[1001];
	struct strbuf want = STRBUF_INIT;

	memset(big, 'a', 1000);
	big[1000] = '\0';
	sb_add(&want, big, 197);
	sb_puts(&want, "...");
	check(big, 1000, 200, 0, sb_str(&want), "a 1000-byte word cut to 200");
	check(RAW("abcdefghijklmno\0p\0"), 16, 0, "abcdefghijklm...", "cut between words");
	check(RAW("abcdefghijklmn\0p\0"), 16, 0, "abcdefghijklmn p", "exactly max fits whole");
	check(RAW("abc\0d e f g h i j k\0"), 16, 0, "abc 'd e f g'...", "a quoted word is closed");
	check(RAW("abc\0\n\n\n\n\n\n\n\n\0"), 16, 0, "abc $'\\n\\n\\n'...",
	      "a cut falls between escapes");
	check(RAW("abcdefghijkl\0\x01\0"), 16, 0, "abcdefghijkl...", "no room for one escape");
	check(RAW("abcdefghij\0xyzwvu\0"), 16, 0, "abcdefghij xy...", "a plain word is cut");
	sb_free(&want);
}

/* Append one shell word decoded from *p (plain, '...', $'...', \c) to out;
 * false when a quote is not closed. */
static bool decode_word(const char **p, struct strbuf *out)
{
	static const char hex[] = "0123456789abcdef";

	while (**p && **p != ' ') {
		if (**p == '\'') {
			const char *q = strchr(*p + 1, '\'');

			if (q == NULL)
				return false;
			sb_add(out, *p + 1, (size_t)(q - *p - 1));
			*p = q + 1;
		} else if (**p == '\\') {
			sb_putc(out, (*p)[1]);
			*p += 2;
		} else if (**p == '$' && (*p)[1] == '\'') {
			for (*p += 2; **p != '\''; (*p)++) {
				if (**p == '\0')
					return false;
				if (**p != '\\') {
					sb_putc(out, **p);
					continue;
				}
				(*p)++;
				if (**p == 'x') {
					sb_putc(out, (char)((strchr(hex, (*p)[1]) - hex) * 16 +
							    (strchr(hex, (*p)[2]) - hex)));
					*p += 2;
				} else {
					sb_putc(out, **p == 'n' ? '\n' : **p == 't' ? '\t' :
						     **p == 'r' ? '\r' : **p);
				}
			}
			(*p)++;
		} else {
			sb_putc(out, *(*p)++);
		}
	}
	return true;
}

/* Decode a formatted line back into NUL-terminated words (a raw cmdline);
 * false when it is not well quoted. */
static bool decode_line(const char *line, struct strbuf *raw)
{
	while (*line) {
		if (!decode_word(&line, raw))
			return false;
		sb_putc(raw, '\0');
		if (*line == ' ')
			line++;
	}
	return true;
}

/* Fill buf with n random hostile bytes: NUL-separated words of printable,
 * quote, control and high bytes. */
static void random_raw(uint64_t *st, char *buf, size_t n)
{
	static const char pool[] = "ab \t\n'\"\\$=~*\x01\x1b\x7f\x80\xc3\xa9\xff";

	for (size_t i = 0; i < n; i++) {
		*st ^= *st << 13, *st ^= *st >> 7, *st ^= *st << 17;
		buf[i] = (*st % 7 == 0) ? '\0' : pool[(*st >> 8) % (sizeof(pool) - 1)];
	}
}

/* True when the line holds only printable ASCII. */
static bool printable(const struct strbuf *sb)
{
	for (size_t i = 0; i < sb->len; i++)
		if ((unsigned char)sb->buf[i] < 0x20 || (unsigned char)sb->buf[i] >= 0x7f)
			return false;
	return true;
}

/* Random input: the line fits, is printable, and reads back as the input
 * (whole) or as a prefix of it (cut). */
static void test_property(void)
{
	uint64_t st = 0x2545f4914f6cdd1dULL;
	struct strbuf out = STRBUF_INIT, back = STRBUF_INIT;
	char raw[400];
	size_t bad = 0, n, max;
	bool fits, cut; /* fits: within max, printable, well quoted */

	for (int round = 0; round < 20000; round++) {
		n = 1 + (size_t)(st % 399);
		max = CMDLINE_MIN_MAX + (size_t)((st >> 20) % 300);
		random_raw(&st, raw, n);
		sb_reset(&out);
		sb_reset(&back);
		if (cmdline_format(&out, raw, n, max) == -ENODATA)
			continue;
		fits = out.len <= max && printable(&out);
		cut = out.len >= 3 && strcmp(out.buf + out.len - 3, "...") == 0;
		out.buf[out.len - (cut ? 3 : 0)] = '\0';
		fits = decode_line(out.buf, &back) && fits;
		while (n > 0 && raw[n - 1] == '\0')
			n--;
		if (!fits || back.len == 0 || (cut ? back.len - 1 > n : back.len - 1 != n) ||
		    memcmp(back.buf, raw, back.len - 1) != 0)
			bad++;
	}
	is_int(0, (long long)bad, "20000 hostile command lines fit, print and read back");
	sb_free(&out);
	sb_free(&back);
}

int main(void)
{
	plan_lazy();
	test_cases();
	test_cuts();
	test_property();
	return 0;
}
