/* status: parse /proc/<pid>/status; see procparse.h. */
#include "procparse.h"

#include <errno.h>

#include "text.h"

/* Parse the state letter of "State:\tS (sleeping)". */
static int parse_state(const char *text, size_t len, char *state)
{
	const char *end = text + len;
	const char *p = text_find_key(text, len, "State");
	char c;

	if (!p)
		return -ENOENT;
	p = text_key_value(p, end);
	if (!p || p >= end)
		return -EINVAL;
	c = *p;
	if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
		return -EINVAL;
	if (!text_at_value_end(p + 1, end))
		return -EINVAL;
	*state = c;
	return 0;
}

int status_parse(const char *text, size_t len, struct status_info *out)
{
	struct status_info si;
	int rc;

	rc = parse_state(text, len, &si.state);
	if (rc == 0)
		rc = text_key_pid(text, len, "Tgid", &si.tgid);
	if (rc == 0)
		rc = text_key_pid(text, len, "PPid", &si.ppid);
	if (rc == 0)
		rc = text_key_u64(text, len, "voluntary_ctxt_switches",
				  &si.voluntary_ctxt_switches);
	if (rc == 0)
		rc = text_key_u64(text, len, "nonvoluntary_ctxt_switches",
				  &si.nonvoluntary_ctxt_switches);
	if (rc < 0)
		return rc;
	*out = si;
	return 0;
}
