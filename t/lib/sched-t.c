/* Tests for lib/sched.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "procfix.h"
#include "procparse.h"

/* sched_parse through the procfix signature. */
static int parse_sched(const char *text, size_t len)
{
	struct sched_info si;

	return sched_parse(text, len, &si);
}

/* Parse the NUL-terminated s; returns sched_parse's result, fills *si. */
static int parse_str(const char *s, struct sched_info *si)
{
	return sched_parse(s, strlen(s), si);
}

/* Check that "se.sum_exec_runtime : value" parses to want_ns. */
static void runtime_is(const char *value, uint64_t want_ns)
{
	char text[256];
	struct sched_info si = { 0, 0 };
	int rc;

	snprintf(text, sizeof(text), "nr_switches : 1\nse.sum_exec_runtime : %s\n", value);
	rc = parse_str(text, &si);
	is_int(0, rc, "runtime %s parses", value);
	is_uint64(want_ns, si.sum_exec_runtime_ns, "runtime %s is %llu ns", value,
		  (unsigned long long)want_ns);
}

/* Check that "se.sum_exec_runtime : value" is rejected with want_rc. */
static void runtime_fails(const char *value, int want_rc)
{
	char text[256];
	struct sched_info si;

	snprintf(text, sizeof(text), "nr_switches : 1\nse.sum_exec_runtime : %s\n", value);
	is_int(want_rc, parse_str(text, &si), "runtime \"%s\" rejected", value);
}

/* Parse a fixture file under t/data/proc/edge. */
static int parse_edge(const char *name, struct sched_info *si)
{
	char rel[128];
	size_t len;
	char *buf;
	int rc;

	snprintf(rel, sizeof(rel), "proc/edge/%s", name);
	buf = procfix_slurp(rel, &len);
	rc = sched_parse(buf, len, si);
	free(buf);
	return rc;
}

/* Edge cases from hand-made files and inline buffers. */
static void test_edges(void)
{
	struct sched_info si;
	static const char garbage[] = "\x01\x00nr_switches\x00:\xff 12";

	is_int(0, parse_edge("sched-no-se", &si), "key without se. accepted");
	is_uint64(1500000, si.sum_exec_runtime_ns, "1.5 ms is 1500000 ns");
	is_uint64(5, si.nr_switches, "nr_switches read");
	is_int(0, parse_edge("sched-reordered-max", &si), "reordered keys, u64 max");
	is_uint64(UINT64_MAX, si.nr_switches, "nr_switches at the u64 limit");
	is_int(-ENOENT, parse_edge("sched-truncated", &si), "truncated file: keys missing");
	is_int(-ENOENT, parse_edge("empty", &si), "empty file");
	is_int(-ENOENT, sched_parse("", 0, &si), "empty buffer");
	is_int(-ERANGE, parse_str("nr_switches : 18446744073709551616\n"
				  "se.sum_exec_runtime : 1.0\n", &si), "nr_switches past u64");
	is_int(-ENOENT, parse_str("nr_voluntary_switches : 3\nse.sum_exec_runtime : 1.0\n", &si),
	       "nr_voluntary_switches is not nr_switches");
	is_int(-ENOENT, parse_str("nr_switches : 3\nse.sum_exec_runtime_foo : 1.0\n", &si),
	       "se.sum_exec_runtime_foo is not the runtime");
	is_int(-EINVAL, parse_str("nr_switches : x\nse.sum_exec_runtime : 1.0\n", &si),
	       "non-numeric value");
	is_int(-EINVAL, parse_str("nr_switches 3\nse.sum_exec_runtime : 1.0\n", &si),
	       "key without ':'");
	is_int(-ENOENT, sched_parse(garbage, sizeof(garbage) - 1, &si), "binary garbage");
	is_int(-EINVAL, sched_parse("nr_switches : 1\nse.sum_exec_runtime : 1.", 40, &si),
	       "value cut after the point, no NUL");
}

int main(void)
{
	unsigned n;

	plan_lazy();
	runtime_is("306.474672", 306474672ULL);
	runtime_is("  306.474672", 306474672ULL);
	runtime_is("1.000001", 1000001ULL);
	runtime_is("1.5", 1500000ULL);
	runtime_is("0", 0);
	runtime_is("18446744073709.551615", UINT64_MAX);
	runtime_fails("18446744073709.551616", -ERANGE);
	runtime_fails("18446744073710.0", -ERANGE);
	runtime_fails("1.0000001", -EINVAL);
	runtime_fails("1.", -EINVAL);
	runtime_fails("-1.0", -EINVAL);
	runtime_fails("1.5x", -EINVAL);
	runtime_fails("", -EINVAL);
	test_edges();
	n = procfix_parse_all("sched", parse_sched);
	ok(n >= 4, "found %u captured sched files", n);
	procfix_parse_prefixes("sched", parse_sched);
	return 0;
}
