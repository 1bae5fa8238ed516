/* check: failing, structured input and text checks for fuzz targets; see check.h. */
#include <config.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

const char *fuzz_input_name;

void fuzz_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: property failed: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (fuzz_input_name != NULL)
		fprintf(stderr, "input: %s\n", fuzz_input_name);
	fflush(stderr);
	abort();
}

unsigned fuzz_byte(struct fuzz_in *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

uint64_t fuzz_u64(struct fuzz_in *in)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)fuzz_byte(in) << (8 * i);
	return v;
}

size_t fuzz_take(struct fuzz_in *in, size_t want, const char **p)
{
	size_t n = want < in->n ? want : in->n;

	*p = (const char *)in->p;
	in->p += n;
	in->n -= n;
	return n;
}

char *fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

bool fuzz_printable(const char *s, size_t n, bool newline_ok)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 || c > 0x7e) && !(newline_ok && c == '\n'))
			return false;
	}
	return true;
}

size_t fuzz_span_digits(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

bool fuzz_digits_are(const char *s, size_t n, uint64_t v)
{
	char buf[24];
	int len = snprintf(buf, sizeof(buf), "%" PRIu64, v);

	if (n == 0 || fuzz_span_digits(s, n) != n)
		return false;
	while (n > 1 && s[0] == '0') {
		s++;
		n--;
	}
	return (size_t)len == n && memcmp(s, buf, n) == 0;
}

/* True for a space or a tab. */
static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* If the line [p, eol) starts with key (after blanks) and a blank or ':',
 * return the byte after the key, else NULL. */
static const char *key_on_line(const char *p, const char *eol, const char *key)
{
	size_t k = strlen(key);

	while (p < eol && blank(*p))
		p++;
	if ((size_t)(eol - p) <= k || memcmp(p, key, k) != 0)
		return NULL;
	p += k;
	return blank(*p) || *p == ':' ? p : NULL;
}

int fuzz_key_value(const char *text, size_t len, const char *key, const char **v, size_t *vn)
{
	const char *end = text + len, *p = text, *eol, *q = NULL;

	for (; p < end && q == NULL; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		eol = eol ? eol : end;
		q = key_on_line(p, eol, key);
	}
	if (q == NULL)
		return -1;
	while (q < eol && blank(*q))
		q++;
	if (q == eol || *q != ':')
		return 0;
	for (q++; q < eol && blank(*q); q++)
		;
	*v = q;
	while (q < eol && !blank(*q))
		q++;
	*vn = (size_t)(q - *v);
	return 1;
}

/* Decode one UTF-8 sequence by Table 3-7 (see check.h). */
size_t fuzz_utf8(const char *s, size_t n, uint32_t *cp)
{
	/* Per lead byte range: the length and the range of the second byte. */
	static const struct {
		unsigned char lo, hi, len, lo2, hi2;
	} rows[] = {
		{ 0xc2, 0xdf, 2, 0x80, 0xbf },
		{ 0xe0, 0xe0, 3, 0xa0, 0xbf }, { 0xe1, 0xec, 3, 0x80, 0xbf },
		{ 0xed, 0xed, 3, 0x80, 0x9f }, { 0xee, 0xef, 3, 0x80, 0xbf },
		{ 0xf0, 0xf0, 4, 0x90, 0xbf }, { 0xf1, 0xf3, 4, 0x80, 0xbf },
		{ 0xf4, 0xf4, 4, 0x80, 0x8f },
	};
	const unsigned char *u = (const unsigned char *)s;
	static const uint32_t lead_mask[5] = { 0, 0, 0x1f, 0x0f, 0x07 };

	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		if (cp)
			*cp = u[0];
		return 1;
	}
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		size_t len = rows[r].len;
		uint32_t v;

		if (u[0] < rows[r].lo || u[0] > rows[r].hi)
			continue;
		if (n < len || u[1] < rows[r].lo2 || u[1] > rows[r].hi2)
			return 0;
		v = u[0] & lead_mask[len];
		for (size_t i = 1; i < len; i++) {
			if (u[i] < 0x80 || u[i] > 0xbf)
				return 0;
			v = v << 6 | (u[i] & 0x3fu);
		}
		if (cp)
			*cp = v;
		return len;
	}
	return 0;
}
