/* Tests for lib/text.c. */
#include <errno.h>
#include <string.h>

#include "basic.h"
#include "text.h"

/* Decimal parsing: limits, overflow, no digits, bounded by end. */
static void test_u64(void)
{
	const char *s = "18446744073709551615", *next;
	uint64_t v = 7;

	is_int(0, text_u64(s, s + strlen(s), &v, &next), "u64 max parses");
	is_uint64(UINT64_MAX, v, "u64 max value");
	ok(next == s + strlen(s), "next after the digits");
	s = "18446744073709551616";
	is_int(-ERANGE, text_u64(s, s + strlen(s), &v, &next), "u64 max + 1 is -ERANGE");
	s = "99999999999999999999999";
	is_int(-ERANGE, text_u64(s, s + strlen(s), &v, &next), "long number is -ERANGE");
	s = "x1";
	is_int(-EINVAL, text_u64(s, s + 2, &v, &next), "no digit is -EINVAL");
	s = "123";
	is_int(0, text_u64(s, s + 2, &v, &next), "bounded by end");
	is_uint64(12, v, "only the first two digits");
	is_int(-EINVAL, text_u64(s, s, &v, &next), "empty range");
	s = "12ab";
	is_int(-EINVAL, text_u64_value(s, s + 4, &v, &next), "value must end at a blank");
	s = "12\t";
	is_int(0, text_u64_value(s, s + 3, &v, &next), "value ended by a tab");
}

/* Key lookup: line start, separators, prefixes of longer keys. */
static void test_keys(void)
{
	static const char text[] = "nr_switches_x : 1\n  nr_switches : 2\nfoo:nr_switches : 3\n"
				   "Tgid:\t5";
	size_t len = sizeof(text) - 1;
	uint64_t v = 0;
	pid_t pid = 0;

	is_int(0, text_key_u64(text, len, "nr_switches", &v), "key after leading blanks");
	is_uint64(2, v, "longer key skipped");
	is_int(0, text_key_pid(text, len, "Tgid", &pid), "key with ':' and no newline");
	is_int(5, pid, "tgid");
	is_int(-EINVAL, text_key_u64(text, len, "foo", &v), "foo:nr_switches is key foo, bad value");
	is_int(-ENOENT, text_key_u64(text, len, "switches", &v), "mid-line text is not a key");
	is_int(-ENOENT, text_key_u64(text, 0, "nr_switches", &v), "empty buffer");
	is_int(-ENOENT, text_key_u64("nr_switches", 11, "nr_switches", &v),
	       "key alone at the end has no separator");
	is_int(-EINVAL, text_key_u64("nr_switches \n", 13, "nr_switches", &v), "no ':'");
	is_int(-ERANGE, text_key_pid("Tgid:\t2147483648\n", 16, "Tgid", &pid), "pid past INT_MAX");
}

/* Line helpers stay inside the range. */
static void test_lines(void)
{
	static const char s[] = "ab\ncd", b[] = " \t x";

	ok(text_line_end(s, s + 5) == s + 2, "line end at newline");
	ok(text_line_end(s + 3, s + 5) == s + 5, "line end at end of buffer");
	ok(text_line_end(s + 5, s + 5) == s + 5, "line end of an empty range");
	ok(text_skip_blanks(b, b + 2) == b + 2, "skip_blanks stops at end");
	ok(text_skip_blanks(b, b + 4) == b + 3, "skip_blanks stops at a non-blank");
}

int main(void)
{
	plan_lazy();
	test_u64();
	test_keys();
	test_lines();
	return 0;
}
