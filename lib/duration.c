/* duration: parse timeout(1) durations into exact nanoseconds; saturating
 * time arithmetic. See duration.h for the syntax and the rounding rules.
 *
 * The value is S * base^exp * unit, where S is the integer written by the
 * significand's digits (the '.' only moves exp). It is computed by one long
 * multiplication of the digit string by the unit, from the last digit to the
 * first, with each product digit added where its weight puts it: into the
 * 64-bit integer part of the result, into an overflow flag, or (below 1 ns)
 * into a "sticky" flag that rounds the result up. No digit is dropped, so the
 * result is exact however many digits or how large an exponent is written. */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "duration.h"

/* Exponents are clamped to this magnitude: beyond it the value is 0 or
 * saturated either way (a digit string longer than 10^9 bytes is not an
 * argument anyone can pass). */
#define EXP_CAP 1000000000LL

/* A number as written: its significand text (digits with at most one '.'),
 * the base of those digits, and the exponent that scales their integer value
 * S: the number is S * 10^exp in base 10, S * 2^exp in base 16. */
struct numtext {
	const char *first, *end;
	unsigned base;
	long long exp;
	bool inf;
	bool negative;
};

/* A unit as a multiplier: decimal numbers multiply by k and shift by 10^z
 * (ns = S * k * 10^(exp+z)); hex numbers multiply by ns, the whole unit. */
struct unit {
	unsigned k;
	int z;
	unsigned long long ns;
};

/* The result being summed one product digit at a time. */
struct nsacc {
	uint64_t whole; /* integer nanoseconds so far */
	bool over;      /* the integer part does not fit in 64 bits */
	bool sticky;    /* a nonzero part below one nanosecond was seen */
};

static const uint64_t pow10_table[20] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
	100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
	10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL,
};

/* True for the bytes strtod skips before a number in the C locale. */
static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Return the value of digit c in base (10 or 16), or -1. */
static int digit_value(char c, unsigned base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (base == 16 && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Return a + b clamped to [-EXP_CAP, EXP_CAP]; both are within 3 * EXP_CAP. */
static long long exp_add(long long a, long long b)
{
	long long r = a + b;

	return r > EXP_CAP ? EXP_CAP : r < -EXP_CAP ? -EXP_CAP : r;
}

/* Skip the digits of base at *p; return how many there were (clamped). */
static long long skip_digits(const char **p, unsigned base)
{
	long long n = 0;

	for (; digit_value(**p, base) >= 0; (*p)++)
		if (n < EXP_CAP)
			n++;
	return n;
}

/* Scan DIGITS[.DIGITS] or .DIGITS at *p into n (first, end, exp for the
 * fraction digits). Returns 0, or -EINVAL when there is no digit. */
static int scan_significand(const char **p, struct numtext *n)
{
	long long nint, nfrac = 0;

	n->first = *p;
	nint = skip_digits(p, n->base);
	if (**p == '.') {
		(*p)++;
		nfrac = skip_digits(p, n->base);
	}
	n->end = *p;
	if (nint + nfrac == 0)
		return -EINVAL;
	n->exp = -(n->base == 16 ? 4 * nfrac : nfrac);
	return 0;
}

/* If *p holds letter (either case), an optional sign and a decimal digit,
 * scan that exponent and add it to n->exp. Otherwise leave *p alone: the
 * letter is then left for the suffix check, which rejects it. */
static void scan_exponent(const char **p, char letter, struct numtext *n)
{
	const char *q = *p;
	long long e = 0;
	bool minus;

	if ((*q | 0x20) != letter)
		return;
	q++;
	minus = *q == '-';
	if (*q == '+' || *q == '-')
		q++;
	if (digit_value(*q, 10) < 0)
		return;
	for (; digit_value(*q, 10) >= 0; q++)
		if (e < EXP_CAP)
			e = e * 10 + (*q - '0');
	n->exp = exp_add(n->exp, minus ? -e : e);
	*p = q;
}

/* Scan "inf" or "infinity" (any case) at *p. */
static bool scan_inf(const char **p)
{
	if (strncasecmp(*p, "inf", 3) != 0)
		return false;
	*p += strncasecmp(*p, "infinity", 8) == 0 ? 8 : 3;
	return true;
}

/* Scan the number at the start of s into n; *rest gets what follows it.
 * Returns 0 or -EINVAL. */
static int scan_number(const char *s, struct numtext *n, const char **rest)
{
	const char *p = s;

	memset(n, 0, sizeof(*n));
	while (is_space(*p))
		p++;
	n->negative = *p == '-';
	if (*p == '+' || *p == '-')
		p++;
	n->inf = scan_inf(&p);
	n->base = 10;
	if (!n->inf && p[0] == '0' && (p[1] | 0x20) == 'x' &&
	    (digit_value(p[2], 16) >= 0 || (p[2] == '.' && digit_value(p[3], 16) >= 0))) {
		n->base = 16;
		p += 2;
	}
	if (!n->inf && scan_significand(&p, n) < 0)
		return -EINVAL;
	if (!n->inf)
		scan_exponent(&p, n->base == 16 ? 'p' : 'e', n);
	*rest = p;
	return 0;
}

/* Fill u for suffix; returns 0, or -EINVAL for an unknown suffix. */
static int unit_for(const char *suffix, struct unit *u)
{
	static const struct {
		const char *name;
		struct unit unit;
	} units[] = {
		{ "", { 1, 9, 1000000000ULL } },        { "s", { 1, 9, 1000000000ULL } },
		{ "ms", { 1, 6, 1000000ULL } },         { "m", { 6, 10, 60000000000ULL } },
		{ "h", { 36, 11, 3600000000000ULL } }, { "d", { 864, 11, 86400000000000ULL } },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(suffix, units[i].name) == 0) {
			*u = units[i].unit;
			return 0;
		}
	}
	return -EINVAL;
}

/* Add v to the integer part of acc, noting overflow. */
static void acc_add(struct nsacc *acc, uint64_t v)
{
	if (acc->whole > UINT64_MAX - v)
		acc->over = true;
	else
		acc->whole += v;
}

/* Add decimal product digit r (1..9) of weight 10^pos nanoseconds. */
static void acc_dec_digit(struct nsacc *acc, unsigned r, long long pos)
{
	if (pos < 0)
		acc->sticky = true;
	else if (pos >= 20 || r > UINT64_MAX / pow10_table[pos])
		acc->over = true;
	else
		acc_add(acc, r * pow10_table[pos]);
}

/* Add hex product digit r (1..15) of weight 2^bit nanoseconds. */
static void acc_hex_digit(struct nsacc *acc, unsigned r, long long bit)
{
	if (bit <= -4) {
		acc->sticky = true;
	} else if (bit < 0) {
		if (r & ((1U << -bit) - 1))
			acc->sticky = true;
		acc_add(acc, r >> -bit);
	} else if (bit >= 64 || r > (UINT64_MAX >> bit)) {
		acc->over = true;
	} else {
		acc_add(acc, (uint64_t)r << bit);
	}
}

/* Add product digit r found at index i (0 = last) of the product. */
static void acc_digit(struct nsacc *acc, const struct numtext *n, unsigned r, long long i)
{
	if (r == 0)
		return;
	if (n->base == 10)
		acc_dec_digit(acc, r, i + n->exp);
	else
		acc_hex_digit(acc, r, 4 * i + n->exp);
}

/* Multiply n's significand by mult, last digit first, summing every product
 * digit into acc. n->exp must already include the unit's power of ten. */
static void multiply(const struct numtext *n, unsigned long long mult, struct nsacc *acc)
{
	unsigned long long carry = 0, t;
	long long i = 0;

	for (const char *p = n->end; p > n->first; p--) {
		if (p[-1] == '.')
			continue;
		t = (unsigned long long)digit_value(p[-1], n->base) * mult + carry;
		acc_digit(acc, n, (unsigned)(t % n->base), i++);
		carry = t / n->base;
	}
	for (; carry > 0; carry /= n->base)
		acc_digit(acc, n, (unsigned)(carry % n->base), i++);
}

/* Convert n in unit u to nanoseconds, rounded up and saturated. */
static uint64_t to_ns(struct numtext n, const struct unit *u)
{
	struct nsacc acc = { 0, false, false };

	if (n.inf)
		return DURATION_NEVER;
	if (n.base == 10)
		n.exp = exp_add(n.exp, u->z);
	multiply(&n, n.base == 10 ? u->k : u->ns, &acc);
	if (acc.over)
		return DURATION_NEVER;
	return dur_add_sat(acc.whole, acc.sticky ? 1 : 0);
}

/* Parse a duration into nanoseconds (see duration.h). */
int duration_parse(const char *s, uint64_t *ns)
{
	struct numtext n;
	struct unit u;
	const char *rest;
	uint64_t v;

	if (s == NULL || scan_number(s, &n, &rest) < 0 || unit_for(rest, &u) < 0)
		return -EINVAL;
	v = to_ns(n, &u);
	if (n.negative && v != 0)
		return -EINVAL;
	*ns = v;
	return 0;
}

uint64_t dur_add_sat(uint64_t a, uint64_t b)
{
	return a > DURATION_NEVER - b ? DURATION_NEVER : a + b;
}

uint64_t dur_sub_sat(uint64_t a, uint64_t b)
{
	if (a == DURATION_NEVER)
		return DURATION_NEVER;
	return a > b ? a - b : 0;
}

uint64_t dur_mul_sat(uint64_t a, uint64_t n)
{
	if (n != 0 && a > DURATION_NEVER / n)
		return DURATION_NEVER;
	return a * n;
}
