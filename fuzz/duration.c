/* Fuzz target: duration_parse (DURATION arguments: -t, -k, -i).
 *
 * The input up to its first NUL byte is the string. A reference written here
 * from duration.h's grammar, with its own scanner and unsigned 128-bit
 * arithmetic, decides validity and computes the value:
 * - the parser accepts exactly what the reference accepts;
 * - when the significand has at most 35 decimal (16 hex) significant digits
 *   the value is exact: ceil(S * base^exp * unit) in nanoseconds, saturated
 *   to DURATION_NEVER; with more digits, the reference truncates S and
 *   checks the value lies between those of the truncated S and of S plus one
 *   unit in its last kept digit;
 * - a value printed back as "SECONDS.NNNNNNNNN" parses to itself.
 * *ns is untouched on failure. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "duration.h"

typedef unsigned __int128 u128;

#define EXP_MAX 1000000000000LL /* exponents are saturated here */
#define DEC_DIGITS 35           /* S < 10^35: S * 864 fits in 128 bits */
#define HEX_DIGITS 16           /* S < 2^64: S * 86400e9 fits in 128 bits */

/* A duration as the reference reads it. */
struct ref {
	bool inf, negative;
	unsigned base;          /* 10 or 16 */
	char *digits;           /* the significand's digits, '.' left out */
	size_t ndigits;
	long long exp;          /* S * base^exp for base 10, S * 2^exp for base 16 */
	unsigned long long ns;  /* the unit in nanoseconds */
};

/* Value of digit c in base, or -1. */
static int dval(char c, unsigned base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* Return a + b saturated to [-EXP_MAX, EXP_MAX]. */
static long long exp_sat(long long a, long long b)
{
	long long r = a + b;

	return r > EXP_MAX ? EXP_MAX : r < -EXP_MAX ? -EXP_MAX : r;
}

/* Scan the digits and one optional '.' of the significand at *p. */
static void ref_significand(const char **p, struct ref *r)
{
	bool dot = false;

	for (;; (*p)++) {
		if (**p == '.' && !dot) {
			dot = true;
		} else if (dval(**p, r->base) >= 0) {
			r->digits[r->ndigits++] = **p;
			if (dot)
				r->exp -= r->base == 16 ? 4 : 1;
		} else {
			return;
		}
	}
}

/* Scan an exponent "e|E|p|P [+-] DIGITS" at *p, if there is a whole one. */
static void ref_exponent(const char **p, struct ref *r)
{
	const char *q = *p;
	long long e = 0;
	bool minus;

	if ((*q | 0x20) != (r->base == 16 ? 'p' : 'e'))
		return;
	q++;
	minus = *q == '-';
	if (*q == '+' || *q == '-')
		q++;
	if (*q < '0' || *q > '9')
		return;
	for (; *q >= '0' && *q <= '9'; q++)
		e = e < EXP_MAX ? e * 10 + (*q - '0') : e;
	r->exp = exp_sat(r->exp, minus ? -e : e);
	*p = q;
}

/* Parse s by the grammar of duration.h into *r, whose digits have room for
 * strlen(s) bytes. Returns true when valid. */
static bool ref_scan(const char *s, struct ref *r)
{
	static const struct { const char *name; unsigned long long ns; } units[] = {
		{ "", 1000000000ULL }, { "s", 1000000000ULL }, { "ms", 1000000ULL },
		{ "m", 60000000000ULL }, { "h", 3600000000000ULL }, { "d", 86400000000000ULL },
	};
	const char *p = s;
	bool hex;

	r->inf = r->negative = false;
	r->ndigits = 0;
	r->exp = 0;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\v' || *p == '\f' || *p == '\r')
		p++;
	r->negative = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	r->base = 10;
	if (strncasecmp(p, "inf", 3) == 0) {
		r->inf = true;
		p += strncasecmp(p, "infinity", 8) == 0 ? 8 : 3;
	} else {
		hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
		      (dval(p[2], 16) >= 0 || (p[2] == '.' && dval(p[3], 16) >= 0));
		r->base = hex ? 16 : 10;
		p += hex ? 2 : 0;
		ref_significand(&p, r);
		if (r->ndigits == 0)
			return false;
		ref_exponent(&p, r);
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(p, units[i].name) == 0) {
			r->ns = units[i].ns;
			return true;
		}
	}
	return false;
}

/* ceil(v / d) saturated to 64 bits. */
static uint64_t ceil_div_sat(u128 v, u128 d)
{
	u128 q = v / d + (v % d != 0);

	return q > UINT64_MAX ? DURATION_NEVER : (uint64_t)q;
}

/* ceil(s * unit_ns * 10^exp) saturated, for s < 10^DEC_DIGITS + 1. */
static uint64_t dec_value(u128 s, long long exp, unsigned long long unit_ns)
{
	u128 v = s, p10 = 1;
	int z = 0;

	while (unit_ns % 10 == 0) { /* unit_ns = m * 10^z with m <= 864 */
		unit_ns /= 10;
		z++;
	}
	v *= unit_ns;
	exp = exp_sat(exp, z);
	if (v == 0)
		return 0;
	for (; exp > 0; exp--) {
		if (v > UINT64_MAX)
			return DURATION_NEVER;
		v *= 10;
	}
	if (exp < -38) /* 0 < v < 10^38 <= 10^-exp */
		return 1;
	for (; exp < 0; exp++)
		p10 *= 10;
	return ceil_div_sat(v, p10);
}

/* ceil(s * unit_ns * 2^exp) saturated, for s <= 2^64. */
static uint64_t hex_value(u128 s, long long exp, unsigned long long unit_ns)
{
	u128 v = s * unit_ns;

	if (v == 0)
		return 0;
	for (; exp > 0; exp--) {
		if (v > UINT64_MAX)
			return DURATION_NEVER;
		v <<= 1;
	}
	if (exp < -120) /* 0 < v < 2^112 */
		return 1;
	return ceil_div_sat(v, (u128)1 << -exp);
}

/* The value of r with its significand cut to keep digits (plus one unit in
 * the last kept digit when up), by the exact routines above. */
static uint64_t ref_value_cut(const struct ref *r, size_t keep, bool up)
{
	size_t n = r->ndigits < keep ? r->ndigits : keep;
	long long exp = r->exp;
	u128 s = 0;

	for (size_t i = 0; i < n; i++)
		s = s * r->base + (unsigned)dval(r->digits[i], r->base);
	s += up;
	exp = exp_sat(exp, (long long)(r->ndigits - n) * (r->base == 16 ? 4 : 1));
	return r->base == 16 ? hex_value(s, exp, r->ns) : dec_value(s, exp, r->ns);
}

/* Drop the leading zero digits of r, and its trailing ones into exp. */
static void ref_normalize(struct ref *r)
{
	size_t lead = 0;

	while (lead < r->ndigits && r->digits[lead] == '0')
		lead++;
	memmove(r->digits, r->digits + lead, r->ndigits - lead);
	r->ndigits -= lead;
	while (r->ndigits > 0 && r->digits[r->ndigits - 1] == '0') {
		r->ndigits--;
		r->exp = exp_sat(r->exp, r->base == 16 ? 4 : 1);
	}
}

/* Check v against the reference value of r. */
static void check_value(struct ref *r, uint64_t v, const char *s)
{
	size_t keep;
	uint64_t lo, hi;

	if (r->inf) {
		FUZZ_CHECK(v == DURATION_NEVER, "'%s': infinity is %" PRIu64, s, v);
		return;
	}
	ref_normalize(r);
	keep = r->base == 16 ? HEX_DIGITS : DEC_DIGITS;
	lo = ref_value_cut(r, keep, false);
	hi = r->ndigits > keep ? ref_value_cut(r, keep, true) : lo;
	FUZZ_CHECK(v >= lo && v <= hi, "'%s' is %" PRIu64 " ns, reference [%" PRIu64 ", %" PRIu64 "]",
		   s, v, lo, hi);
}

/* Check that v printed as seconds with nine decimals parses back to v. */
static void check_reprint(uint64_t v)
{
	char text[64];
	uint64_t back;

	if (v == DURATION_NEVER)
		return;
	snprintf(text, sizeof(text), "%" PRIu64 ".%09" PRIu64, v / 1000000000, v % 1000000000);
	FUZZ_CHECK(duration_parse(text, &back) == 0 && back == v, "'%s' does not read back as %" PRIu64,
		   text, v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstring(data, size);
	struct ref ref = { .digits = fuzz_cstring(data, size) };
	uint64_t v = 12345;
	bool valid = ref_scan(s, &ref);
	int r = duration_parse(s, &v);

	if (valid && ref.negative && r == -EINVAL) {
		ref_normalize(&ref); /* a negative duration is invalid unless 0 */
		FUZZ_CHECK(ref.inf || ref.ndigits > 0, "'%s': -0 refused", s);
	} else {
		FUZZ_CHECK(r == (valid ? 0 : -EINVAL), "'%s': parser %d, reference %s", s, r,
			   valid ? "valid" : "invalid");
	}
	if (r == 0) {
		check_value(&ref, v, s);
		FUZZ_CHECK(!ref.negative || v == 0, "'%s': negative accepted", s);
		check_reprint(v);
	} else {
		FUZZ_CHECK(v == 12345, "'%s': out written on failure", s);
	}
	free(ref.digits);
	free(s);
	return 0;
}
