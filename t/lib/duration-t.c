/* Tests for lib/duration.c: the timeout(1) facts of t/data/duration, cases no
 * shared table can hold, a property test against an independent 128-bit
 * reference, and the saturating arithmetic. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "duration.h"
#include "escape.h"

#define UNTOUCHED 424242ULL

/* Check one input: the return value, and the value (or *ns untouched). */
static void check(const char *text, int ret, uint64_t want, const char *why)
{
	struct strbuf shown = STRBUF_INIT;
	uint64_t ns = UNTOUCHED;
	int r = duration_parse(text, &ns);
	const char *t;

	escape_human(&shown, text, strlen(text));
	t = sb_str(&shown);
	if (is_int(ret, r, "%s \"%s\" returns %d", why, t, ret) && ret == 0)
		is_uint64(want, ns, "%s \"%s\" is %" PRIu64 " ns", why, t, want);
	else if (ret != 0)
		is_uint64(UNTOUCHED, ns, "%s \"%s\" leaves *ns alone", why, t);
	else
		ok(0, "%s \"%s\" value not checked", why, t);
	sb_free(&shown);
}

/* Split one facts line "KIND\tNS\tTEXT" in place; returns 0 or -1. */
static int split_fact(char *line, char **kind, char **ns, char **text)
{
	char *tab1 = strchr(line, '\t'), *tab2;

	if (tab1 == NULL || (tab2 = strchr(tab1 + 1, '\t')) == NULL)
		return -1;
	*tab1 = *tab2 = '\0';
	*kind = line;
	*ns = tab1 + 1;
	*text = tab2 + 1;
	return 0;
}

/* Check one fact: valid and ours parse to NS; invalid and since-9.7 fail. */
static void check_fact(char *line)
{
	char *kind, *ns, *text;

	line[strcspn(line, "\n")] = '\0';
	if (line[0] == '#' || line[0] == '\0')
		return;
	if (split_fact(line, &kind, &ns, &text) < 0)
		bail("malformed fact line: %s", line);
	if (strcmp(kind, "valid") == 0 || strcmp(kind, "ours") == 0)
		check(text, 0, strtoull(ns, NULL, 10), kind);
	else if (strcmp(kind, "invalid") == 0 || strcmp(kind, "since-9.7") == 0)
		check(text, -EINVAL, 0, kind);
	else
		bail("unknown kind %s in facts", kind);
}

/* Every fact of t/data/duration/timeout-facts.tsv. */
static void test_facts(void)
{
	char *path = test_file_path("duration/timeout-facts.tsv");
	FILE *f = fopen(path, "r");
	char line[512];

	if (f == NULL)
		sysbail("open %s", path);
	while (fgets(line, sizeof(line), f) != NULL)
		check_fact(line);
	fclose(f);
	free(path);
}

/* Inputs a tab-separated table cannot hold, and API edges. */
static void test_edges(void)
{
	uint64_t ns;

	check("\t1", 0, 1000000000ULL, "leading tab");
	check("\n\v\f\r 2", 0, 2000000000ULL, "leading white space");
	check("1\t", -EINVAL, 0, "trailing tab");
	check("1\n", -EINVAL, 0, "trailing newline");
	check("0.000000000000000000000000000000000000000000000000000000000000000001", 0, 1,
	      "a long fraction");
	check("000000000000000000000000000000000000000000000000000001.5", 0, 1500000000ULL,
	      "long leading zeros");
	check("0.33333333333333333333333333333333333333333333333333m", 0, 20000000000ULL,
	      "a third of a minute, every digit kept");
	check("0.333333333333333333333333333333333333333333333333334m", 0, 20000000001ULL,
	      "a last digit rounds up");
	is_int(-EINVAL, duration_parse(NULL, &ns), "NULL is rejected");
}

/* Saturating arithmetic. */
static void test_arith(void)
{
	is_uint64(5, dur_add_sat(2, 3), "2 + 3");
	is_uint64(DURATION_NEVER, dur_add_sat(DURATION_NEVER - 1, 2), "add saturates");
	is_uint64(DURATION_NEVER, dur_add_sat(DURATION_NEVER, DURATION_NEVER), "never + never");
	is_uint64(DURATION_NEVER - 1, dur_add_sat(DURATION_NEVER - 2, 1), "add just fits");
	is_uint64(1, dur_sub_sat(3, 2), "3 - 2");
	is_uint64(0, dur_sub_sat(2, 3), "sub floors at 0");
	is_uint64(0, dur_sub_sat(2, 2), "2 - 2");
	is_uint64(DURATION_NEVER, dur_sub_sat(DURATION_NEVER, 12345), "never - x is never");
	is_uint64(12, dur_mul_sat(3, 4), "3 * 4");
	is_uint64(0, dur_mul_sat(DURATION_NEVER, 0), "never * 0");
	is_uint64(DURATION_NEVER, dur_mul_sat(1ULL << 32, 1ULL << 32), "mul saturates");
	is_uint64(DURATION_NEVER - 1, dur_mul_sat((DURATION_NEVER - 1) / 2, 2), "mul just fits");
}

#ifdef __SIZEOF_INT128__
typedef unsigned __int128 u128;

/* xorshift64: a fixed sequence, so a failure reproduces. */
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* Return a random integer in [lo, hi]. */
static long pick(uint64_t *st, long lo, long hi)
{
	return lo + (long)(next_random(st) % (uint64_t)(hi - lo + 1));
}

/* Append n random digits of base to s; add their value to *v (as base^n * v + digits). */
static void random_digits(uint64_t *st, char *s, int n, unsigned base, u128 *v)
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < n; i++) {
		unsigned d = (unsigned)pick(st, 0, (long)base - 1);

		strncat(s, &hex[d], 1);
		*v = *v * base + d;
	}
}

/* Clamp a 128-bit value to the 64-bit result range. */
static uint64_t clamp64(u128 v)
{
	return v > (u128)UINT64_MAX ? UINT64_MAX : (uint64_t)v;
}

/* Reference: ceil(m * 10^p), saturated; m < 10^38. */
static uint64_t ref_scale10(u128 m, int p)
{
	u128 d = 1;

	if (m == 0)
		return 0;
	for (; p > 0; p--) {
		if (m > (u128)UINT64_MAX)
			return UINT64_MAX;
		m *= 10;
	}
	for (; p < 0 && d <= m; p++)
		d *= 10;
	if (p < 0)
		return 1; /* m < d: a positive value below 1 ns */
	return clamp64(m / d + (m % d != 0));
}

/* Reference: ceil(m * 2^q), saturated; m < 2^112. */
static uint64_t ref_scale2(u128 m, int q)
{
	if (m == 0)
		return 0;
	for (; q > 0; q--) {
		if (m > (u128)UINT64_MAX)
			return UINT64_MAX;
		m <<= 1;
	}
	if (q <= -112)
		return 1;
	return clamp64((m >> -q) + ((m & (((u128)1 << -q) - 1)) != 0));
}

/* Build one random duration into s; return the reference value. */
static uint64_t random_case(uint64_t *st, char *s)
{
	static const char *const sfx[] = { "", "s", "ms", "m", "h", "d" };
	static const uint64_t unit[] = { 1000000000ULL, 1000000000ULL, 1000000ULL,
					 60000000000ULL, 3600000000000ULL, 86400000000000ULL };
	int si = (int)pick(st, 0, 5), hex = pick(st, 0, 3) == 0;
	int nint = (int)pick(st, 0, hex ? 8 : 12), nfrac = (int)pick(st, nint ? 0 : 1, hex ? 8 : 12);
	int e = pick(st, 0, 1) ? (int)pick(st, hex ? -40 : -25, hex ? 40 : 25) : 0;
	u128 m = 0;

	strcpy(s, pick(st, 0, 9) == 0 ? "+" : "");
	strcat(s, hex ? "0x" : "");
	random_digits(st, s, nint, hex ? 16 : 10, &m);
	strcat(s, nfrac || pick(st, 0, 1) ? "." : "");
	random_digits(st, s, nfrac, hex ? 16 : 10, &m);
	if (e != 0 || pick(st, 0, 3) == 0 || (hex && si == 5)) /* 0x1d is hex */
		sprintf(s + strlen(s), "%s%d", hex ? "p" : "e", e);
	strcat(s, sfx[si]);
	if (hex)
		return ref_scale2(m * unit[si], e - 4 * nfrac);
	return ref_scale10(m * (unit[si] / 1000000), e - nfrac + 6);
}

/* Random numbers in every form against the 128-bit reference. */
static void test_property(void)
{
	uint64_t st = 0x9e3779b97f4a7c15ULL, want, got;
	unsigned long n = 200000, bad = 0;
	char s[128];

	for (unsigned long i = 0; i < n; i++) {
		want = random_case(&st, s);
		got = UNTOUCHED;
		if (duration_parse(s, &got) == 0 && got == want)
			continue;
		if (bad++ < 5)
			diag("\"%s\": want %" PRIu64 ", got %" PRIu64, s, want, got);
	}
	is_int(0, (long long)bad, "%lu random durations match the 128-bit reference", n);
}
#else
static void test_property(void)
{
	skip(1, "no 128-bit integers for the reference");
}
#endif

int main(void)
{
	plan_lazy();
	test_facts();
	test_edges();
	test_arith();
	test_property();
	return 0;
}
