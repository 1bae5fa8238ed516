/* duration: parse "1.5", "500ms", "2m", "1h" into nanoseconds. */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "duration.h"

#define NS_PER_SEC 1000000000ULL

/* Return the nanoseconds in one unit named by suffix, or 0 if unknown. */
static uint64_t unit_ns(const char *suffix)
{
	if (*suffix == '\0' || strcmp(suffix, "s") == 0)
		return NS_PER_SEC;
	if (strcmp(suffix, "ms") == 0)
		return 1000000ULL;
	if (strcmp(suffix, "m") == 0)
		return 60 * NS_PER_SEC;
	if (strcmp(suffix, "h") == 0)
		return 3600 * NS_PER_SEC;
	return 0;
}

/* Accumulate the leading digits of *p into *whole; advance *p. Returns the
 * number of digits, or -ERANGE on overflow. */
static int parse_whole(const char **p, uint64_t *whole)
{
	int n = 0;

	*whole = 0;
	for (; **p >= '0' && **p <= '9'; (*p)++, n++) {
		uint64_t d = (uint64_t)(**p - '0');

		if (*whole > (UINT64_MAX - d) / 10)
			return -ERANGE;
		*whole = *whole * 10 + d;
	}
	return n;
}

/* Convert the fraction digits at *p to nanoseconds of unit; advance *p.
 * Returns the number of digits. */
static int parse_fraction(const char **p, uint64_t unit, uint64_t *frac_ns)
{
	uint64_t scale = unit;
	int n = 0;

	*frac_ns = 0;
	for (; **p >= '0' && **p <= '9'; (*p)++, n++) {
		scale /= 10;
		*frac_ns += (uint64_t)(**p - '0') * scale;
	}
	return n;
}

/* Parse a duration into nanoseconds (see duration.h). */
int duration_parse(const char *s, uint64_t *ns)
{
	const char *p = s, *end;
	uint64_t whole, frac_ns = 0, unit, total;
	int nwhole, nfrac = 0;

	if (s == NULL)
		return -EINVAL;
	nwhole = parse_whole(&p, &whole);
	if (nwhole < 0)
		return nwhole;
	end = p;
	if (*end == '.') {
		end++;
		while (*end >= '0' && *end <= '9')
			end++;
	}
	unit = unit_ns(end);
	if (unit == 0)
		return -EINVAL;
	if (*p == '.') {
		p++;
		nfrac = parse_fraction(&p, unit, &frac_ns);
	}
	if (nwhole + nfrac == 0)
		return -EINVAL;
	if (whole > UINT64_MAX / unit)
		return -ERANGE;
	total = whole * unit;
	if (total > UINT64_MAX - frac_ns)
		return -ERANGE;
	*ns = total + frac_ns;
	return 0;
}
