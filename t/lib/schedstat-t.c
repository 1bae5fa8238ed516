/* Tests for lib/schedstat.c. */
#include <errno.h>
#include <string.h>

#include "basic.h"
#include "procfix.h"
#include "procparse.h"

/* schedstat_parse through the procfix signature. */
static int parse_schedstat(const char *text, size_t len)
{
	struct schedstat_info ss;

	return schedstat_parse(text, len, &ss);
}

/* Parse the NUL-terminated s. */
static int parse_str(const char *s, struct schedstat_info *ss)
{
	return schedstat_parse(s, strlen(s), ss);
}

int main(void)
{
	struct schedstat_info ss;
	static const char garbage[] = "12\0 34 56\n";
	unsigned n;

	plan_lazy();
	is_int(0, parse_str("26247984 1415775 96\n", &ss), "three numbers");
	is_uint64(26247984, ss.sum_exec_runtime_ns, "runtime");
	is_uint64(1415775, ss.run_delay_ns, "run_delay");
	is_uint64(96, ss.pcount, "pcount");
	is_int(0, schedstat_parse("1 2 3", 5, &ss), "no newline, no NUL");
	is_uint64(3, ss.pcount, "last number read up to len");
	is_int(0, parse_str("0 0 0\n", &ss), "0 0 0 parses (the sampler rejects it)");
	is_int(0, parse_str("18446744073709551615 0 18446744073709551615\n", &ss), "u64 limit");
	is_uint64(UINT64_MAX, ss.sum_exec_runtime_ns, "runtime at the u64 limit");
	is_int(-ERANGE, parse_str("18446744073709551616 0 1\n", &ss), "past u64");
	is_int(-ENOENT, schedstat_parse("", 0, &ss), "empty");
	is_int(-EINVAL, parse_str("1 2\n", &ss), "two numbers");
	is_int(-EINVAL, parse_str("1 2 ", &ss), "truncated after the second");
	is_int(-EINVAL, parse_str("1 2 3 4\n", &ss), "four numbers");
	is_int(-EINVAL, parse_str("1 x 3\n", &ss), "letter");
	is_int(-EINVAL, parse_str("-1 2 3\n", &ss), "negative");
	is_int(-EINVAL, schedstat_parse(garbage, sizeof(garbage) - 1, &ss), "embedded NUL");
	n = procfix_parse_all("schedstat", parse_schedstat);
	ok(n >= 4, "found %u captured schedstat files", n);
	procfix_parse_prefixes("schedstat", parse_schedstat);
	return 0;
}
