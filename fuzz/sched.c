/* Fuzz target: sched_parse (/proc/<pid>/sched).
 *
 * Properties: the result is 0, -ENOENT, -EINVAL or -ERANGE, and *out is
 * untouched on failure. On success, a reference reader (fuzz_key_value)
 * finds the same lines: nr_switches reads back as its value, and
 * se.sum_exec_runtime (or sum_exec_runtime) is "MS[.F]" with one to six
 * fraction digits whose exact nanoseconds are the value; the values printed
 * back as a sched file parse to themselves. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "procparse.h"

/* Check that the runtime value v[0..n) ("MS[.F]") is ns nanoseconds. */
static void check_runtime(const char *v, size_t n, uint64_t ns)
{
	size_t ms_n = fuzz_span_digits(v, n), frac_n;
	uint64_t frac = 0;

	FUZZ_CHECK(fuzz_digits_are(v, ms_n, ns / 1000000), "runtime milliseconds %.*s vs %" PRIu64,
		   (int)n, v, ns);
	if (ms_n == n) {
		FUZZ_CHECK(ns % 1000000 == 0, "runtime without fraction has nanoseconds");
		return;
	}
	FUZZ_CHECK(v[ms_n] == '.', "runtime: byte after milliseconds is not '.'");
	frac_n = fuzz_span_digits(v + ms_n + 1, n - ms_n - 1);
	FUZZ_CHECK(frac_n >= 1 && frac_n <= 6 && ms_n + 1 + frac_n == n, "runtime fraction %.*s",
		   (int)n, v);
	for (size_t i = 0; i < 6; i++)
		frac = frac * 10 + (i < frac_n ? (uint64_t)(v[ms_n + 1 + i] - '0') : 0);
	FUZZ_CHECK(frac == ns % 1000000, "runtime fraction %.*s vs %" PRIu64, (int)n, v, ns);
}

/* Check that si printed as a sched file parses back to itself. */
static void check_reprint(const struct sched_info *si)
{
	struct sched_info back;
	char text[128];
	int n = snprintf(text, sizeof(text),
			 "se.sum_exec_runtime : %" PRIu64 ".%06" PRIu64 "\nnr_switches : %" PRIu64 "\n",
			 si->sum_exec_runtime_ns / 1000000, si->sum_exec_runtime_ns % 1000000,
			 si->nr_switches);

	FUZZ_CHECK(sched_parse(text, (size_t)n, &back) == 0, "reprinted sched does not parse");
	FUZZ_CHECK(back.nr_switches == si->nr_switches &&
			   back.sum_exec_runtime_ns == si->sum_exec_runtime_ns,
		   "reprinted sched parses to other values");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *v;
	struct sched_info si, unset;
	size_t vn;
	int r, k;

	memset(&si, 0xa5, sizeof(si));
	unset = si;
	r = sched_parse(text, size, &si);
	FUZZ_CHECK(r == 0 || r == -ENOENT || r == -EINVAL || r == -ERANGE, "result %d", r);
	if (r < 0) {
		FUZZ_CHECK(memcmp(&si, &unset, sizeof(si)) == 0, "out written on failure");
		return 0;
	}
	FUZZ_CHECK(fuzz_key_value(text, size, "nr_switches", &v, &vn) == 1, "no nr_switches line");
	FUZZ_CHECK(fuzz_digits_are(v, vn, si.nr_switches), "nr_switches %.*s vs %" PRIu64, (int)vn,
		   v, si.nr_switches);
	k = fuzz_key_value(text, size, "se.sum_exec_runtime", &v, &vn);
	if (k < 0)
		k = fuzz_key_value(text, size, "sum_exec_runtime", &v, &vn);
	FUZZ_CHECK(k == 1, "no runtime line");
	check_runtime(v, vn, si.sum_exec_runtime_ns);
	check_reprint(&si);
	return 0;
}
