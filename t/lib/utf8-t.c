/* Tests for lib/utf8.c. */
#include <stdint.h>
#include <string.h>

#include "basic.h"
#include "utf8.h"

/* Decode s (n bytes): the returned length, with the code point in *cp. */
static size_t dec(const char *s, size_t n, uint32_t *cp)
{
	*cp = 0xdeadbeef;
	return utf8_decode(s, n, cp);
}

int main(void)
{
	uint32_t cp;

	plan(23);
	is_int(1, (long long)dec("a", 1, &cp), "ASCII: one byte");
	is_int('a', cp, "... code point");
	is_int(2, (long long)dec("\xc3\xa9", 2, &cp), "e acute: two bytes");
	is_int(0xe9, cp, "... U+00E9");
	is_int(3, (long long)dec("\xe2\x82\xac", 3, &cp), "euro: three bytes");
	is_int(0x20ac, cp, "... U+20AC");
	is_int(4, (long long)dec("\xf0\x9f\x98\x80", 4, &cp), "emoji: four bytes");
	is_int(0x1f600, cp, "... U+1F600");
	is_int(0, (long long)dec("\xc0\xaf", 2, &cp), "overlong two-byte form refused");
	is_int(0, (long long)dec("\xe0\x80\xaf", 3, &cp), "overlong three-byte form refused");
	is_int(0, (long long)dec("\xed\xa0\x80", 3, &cp), "surrogate U+D800 refused");
	is_int(0, (long long)dec("\xf4\x90\x80\x80", 4, &cp), "above U+10FFFF refused");
	is_int(0, (long long)dec("\x80", 1, &cp), "stray continuation byte refused");
	is_int(0, (long long)dec("\xe2\x82", 2, &cp), "sequence cut by the end refused");
	is_int(0, (long long)dec("\xe2(\xac", 3, &cp), "bad continuation refused");
	is_int(0, (long long)utf8_decode("", 0, NULL), "empty buffer: 0");
	is_int(5, (long long)utf8_cut("abcde", 5, 9), "cut: what fits is kept whole");
	is_int(6, (long long)utf8_cut("l1\nl2\nl3\n", 9, 7), "cut: at the last line end within max");
	is_int(3, (long long)utf8_cut("caf\xc3\xa9", 5, 4), "cut: never inside a UTF-8 sequence");
	is_int(4, (long long)utf8_cut("abcdef", 6, 4), "cut: no line end, at max");
	is_int(0, (long long)utf8_cut("abc", 3, 0), "cut: max 0 keeps nothing");
	/* Found by fuzz/utf8: bytes that are no part of a valid sequence were
	 * dropped as if they were one. */
	is_int(3, (long long)utf8_cut("\x80\x80\x80\x80\x80\x80", 6, 3),
	       "cut: stray continuation bytes are kept up to max");
	is_int(3, (long long)utf8_cut("\xc0\x80\xc1\xbf\xe0", 5, 3),
	       "cut: an overlong form is not moved back over");
	return 0;
}
