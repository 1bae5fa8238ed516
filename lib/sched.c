/* sched: parse /proc/<pid>/sched; see procparse.h. */
#include "procparse.h"

#include <errno.h>

#include "text.h"

#define NS_PER_MS 1000000ULL
#define FRACTION_DIGITS 6

/* Parse up to six fraction digits at p as nanoseconds ("5" => 500000). */
static int parse_fraction_ns(const char *p, const char *end, uint64_t *ns, const char **next)
{
	uint64_t v = 0;
	unsigned n = 0;

	while (p < end && *p >= '0' && *p <= '9') {
		if (++n > FRACTION_DIGITS)
			return -EINVAL;
		v = v * 10 + (uint64_t)(*p - '0');
		p++;
	}
	if (n == 0)
		return -EINVAL;
	for (; n < FRACTION_DIGITS; n++)
		v *= 10;
	*ns = v;
	*next = p;
	return 0;
}

/* Parse "ms[.ffffff]" at p into exact nanoseconds, with no floating point. */
static int parse_ms_as_ns(const char *p, const char *end, uint64_t *out)
{
	uint64_t ms, frac = 0;
	int rc = text_u64(p, end, &ms, &p);

	if (rc < 0)
		return rc;
	if (p < end && *p == '.') {
		rc = parse_fraction_ns(p + 1, end, &frac, &p);
		if (rc < 0)
			return rc;
	}
	if (!text_at_value_end(p, end))
		return -EINVAL;
	if (ms > (UINT64_MAX - frac) / NS_PER_MS)
		return -ERANGE;
	*out = ms * NS_PER_MS + frac;
	return 0;
}

/* Find the runtime key, with or without its "se." prefix, and parse it. */
static int parse_runtime(const char *text, size_t len, uint64_t *out)
{
	const char *end = text + len;
	const char *p = text_find_key(text, len, "se.sum_exec_runtime");

	if (!p)
		p = text_find_key(text, len, "sum_exec_runtime");
	if (!p)
		return -ENOENT;
	p = text_key_value(p, end);
	if (!p)
		return -EINVAL;
	return parse_ms_as_ns(p, end, out);
}

int sched_parse(const char *text, size_t len, struct sched_info *out)
{
	struct sched_info si;
	int rc;

	rc = text_key_u64(text, len, "nr_switches", &si.nr_switches);
	if (rc < 0)
		return rc;
	rc = parse_runtime(text, len, &si.sum_exec_runtime_ns);
	if (rc < 0)
		return rc;
	*out = si;
	return 0;
}
