/* Tests for lib/duration.c. */
#include <config.h>

#include <errno.h>
#include <stddef.h>

#include "basic.h"
#include "duration.h"

static const struct {
	const char *text;
	int ret;
	uint64_t ns;
} cases[] = {
	{ "1.5", 0, 1500000000ULL },
	{ "500ms", 0, 500000000ULL },
	{ "2m", 0, 120000000000ULL },
	{ "0", 0, 0 },
	{ "1h", 0, 3600000000000ULL },
	{ "10s", 0, 10000000000ULL },
	{ ".5", 0, 500000000ULL },
	{ "5.", 0, 5000000000ULL },
	{ "1.5ms", 0, 1500000ULL },
	{ "0.000000001", 0, 1 },
	{ "0.0000000019", 0, 1 },
	{ "18446744073", 0, 18446744073000000000ULL },
	{ "18446744074", -ERANGE, 0 },
	{ "99999999999999999999999", -ERANGE, 0 },
	{ "5124096h", -ERANGE, 0 },
	{ "-1", -EINVAL, 0 },
	{ "+1", -EINVAL, 0 },
	{ "1x", -EINVAL, 0 },
	{ "", -EINVAL, 0 },
	{ ".", -EINVAL, 0 },
	{ "s", -EINVAL, 0 },
	{ "1 s", -EINVAL, 0 },
	{ "1.2.3", -EINVAL, 0 },
	{ "1ms5", -EINVAL, 0 },
};

int main(void)
{
	size_t i, n = sizeof(cases) / sizeof(cases[0]);
	uint64_t ns;

	plan(n * 2 + 1);
	for (i = 0; i < n; i++) {
		ns = 424242;
		is_int(cases[i].ret, duration_parse(cases[i].text, &ns),
		       "duration_parse(\"%s\") returns %d", cases[i].text, cases[i].ret);
		is_uint64(cases[i].ret == 0 ? cases[i].ns : 424242, ns,
			  "duration_parse(\"%s\") value", cases[i].text);
	}
	is_int(-EINVAL, duration_parse(NULL, &ns), "NULL is rejected");
	return 0;
}
