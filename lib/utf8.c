/* utf8: strict decoding of one sequence; see utf8.h. */
#include "utf8.h"

/* Return the length a sequence starting with lead byte b has (2..4), with
 * the lead's payload bits in *cp, or 0 for a byte that cannot lead one. */
static size_t lead_len(unsigned char b, uint32_t *cp)
{
	if (b >= 0xc2 && b <= 0xdf) {
		*cp = b & 0x1f;
		return 2;
	}
	if (b >= 0xe0 && b <= 0xef) {
		*cp = b & 0x0f;
		return 3;
	}
	if (b >= 0xf0 && b <= 0xf4) {
		*cp = b & 0x07;
		return 4;
	}
	return 0;
}

/* Decode one sequence (see utf8.h). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t v = 0;
	size_t len;

	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		if (cp)
			*cp = u[0];
		return 1;
	}
	len = lead_len(u[0], &v);
	if (len == 0 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (u[i] & 0x3f);
	}
	if ((len == 3 && (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))) ||
	    (len == 4 && (v < 0x10000 || v > 0x10ffff)))
		return 0;
	if (cp)
		*cp = v;
	return len;
}

/* Where to cut text (see utf8.h). */
size_t utf8_cut(const char *s, size_t n, size_t max)
{
	size_t k = max;

	if (n <= max)
		return n;
	while (k > 0 && s[k - 1] != '\n')
		k--;
	if (k > 0)
		return k;
	for (size_t back = 1; back <= 3 && back <= max; back++)
		if (utf8_decode(s + max - back, n - (max - back), NULL) > back)
			return max - back; /* the valid sequence max would cut */
	return max;
}
