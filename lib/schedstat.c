/* schedstat: parse /proc/<pid>/schedstat; see procparse.h. */
#include "procparse.h"

#include <errno.h>

#include "text.h"

int schedstat_parse(const char *text, size_t len, struct schedstat_info *out)
{
	const char *p = text, *end = text + len;
	uint64_t v[3];
	int rc;

	if (len == 0)
		return -ENOENT;
	for (int i = 0; i < 3; i++) {
		if (i > 0) {
			if (p >= end || !text_is_blank(*p))
				return -EINVAL;
			p = text_skip_blanks(p, end);
		}
		rc = text_u64_value(p, end, &v[i], &p);
		if (rc < 0)
			return rc;
	}
	if (p < end && *p == '\n')
		p++;
	if (p != end)
		return -EINVAL;
	out->sum_exec_runtime_ns = v[0];
	out->run_delay_ns = v[1];
	out->pcount = v[2];
	return 0;
}
