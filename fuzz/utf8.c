/* Fuzz target: utf8_decode and utf8_cut over any bytes.
 *
 * Input: two bytes of max for utf8_cut (little-endian), then the text.
 *
 * Properties:
 * - utf8_decode agrees with the reference decoder of check.c (written from
 *   the Unicode standard's table of well-formed sequences) at every offset
 *   of the text, for every length from 0 to 5 bytes and for the rest of the
 *   text: the same length, and the same code point when valid; a NULL cp
 *   gives the same length;
 * - utf8_cut(text, n, max) agrees with a reference: n when it fits; else
 *   just after the last '\n' of the first max bytes; else max, moved back
 *   to the start of the one valid sequence that max would cut, if any (so
 *   bytes that are not part of a valid sequence are never dropped for it);
 *   the result is at most max when the text does not fit. */
#include <config.h>

#include <string.h>

#include "check.h"
#include "utf8.h"

/* The reference of utf8_cut (see above). */
static size_t ref_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	for (size_t k = max; k > 0; k--)
		if (s[k - 1] == '\n')
			return k;
	for (size_t b = 1; b <= 3 && b <= max; b++)
		if (fuzz_utf8(s + max - b, n - (max - b), NULL) > b)
			return max - b;
	return max;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	size_t max = fuzz_byte(&in), n, got, want;
	const char *s;

	max |= (size_t)fuzz_byte(&in) << 8;
	n = fuzz_take(&in, in.n, &s);
	for (size_t i = 0; i <= n; i++) {
		for (size_t k = 0; k <= 6 && i + k <= n; k++) {
			size_t len = k == 6 ? n - i : k;
			uint32_t cp = 0xffffffff, rcp = 0xfffffffe;

			got = utf8_decode(s + i, len, &cp);
			want = fuzz_utf8(s + i, len, &rcp);
			FUZZ_CHECK(got == want, "utf8_decode at %zu of %zu bytes: %zu, the reference %zu",
				   i, len, got, want);
			FUZZ_CHECK(got == 0 || cp == rcp, "utf8_decode at %zu: U+%04X, the reference U+%04X",
				   i, (unsigned)cp, (unsigned)rcp);
			FUZZ_CHECK(utf8_decode(s + i, len, NULL) == got, "utf8_decode with a NULL cp");
		}
	}
	got = utf8_cut(s, n, max);
	want = ref_cut(s, n, max);
	FUZZ_CHECK(got == want, "utf8_cut(%zu bytes, max %zu): %zu, the reference %zu", n, max, got,
		   want);
	FUZZ_CHECK(n <= max || got <= max, "utf8_cut: more than max");
	return 0;
}
