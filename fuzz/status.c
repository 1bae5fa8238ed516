/* Fuzz target: status_parse (/proc/<pid>/status).
 *
 * Properties: the result is 0, -ENOENT, -EINVAL or -ERANGE and *out is
 * untouched on failure. On success, a reference reader (fuzz_key_value)
 * finds each key's first line: State's value is one letter, the parsed
 * state; Tgid, PPid, voluntary_ctxt_switches and nonvoluntary_ctxt_switches
 * read back as their values; Tgid and PPid are at most INT_MAX. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "check.h"
#include "procparse.h"

/* Check that key's value in text reads back as v. */
static void check_key(const char *text, size_t len, const char *key, uint64_t v)
{
	const char *val;
	size_t n;

	FUZZ_CHECK(fuzz_key_value(text, len, key, &val, &n) == 1, "%s: no such line", key);
	FUZZ_CHECK(fuzz_digits_are(val, n, v), "%s is %.*s, parsed %" PRIu64, key, (int)n, val, v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *v;
	struct status_info si, unset;
	size_t n;
	int r;

	memset(&si, 0xa5, sizeof(si));
	unset = si;
	r = status_parse(text, size, &si);
	FUZZ_CHECK(r == 0 || r == -ENOENT || r == -EINVAL || r == -ERANGE, "result %d", r);
	if (r < 0) {
		FUZZ_CHECK(memcmp(&si, &unset, sizeof(si)) == 0, "out written on failure");
		return 0;
	}
	FUZZ_CHECK(fuzz_key_value(text, size, "State", &v, &n) == 1, "State: no such line");
	FUZZ_CHECK(n == 1 && v[0] == si.state, "State is %.*s, parsed %c", (int)n, v, si.state);
	FUZZ_CHECK((si.state >= 'A' && si.state <= 'Z') || (si.state >= 'a' && si.state <= 'z'),
		   "state is not a letter");
	FUZZ_CHECK(si.tgid >= 0 && si.ppid >= 0, "negative pid");
	check_key(text, size, "Tgid", (uint64_t)si.tgid);
	check_key(text, size, "PPid", (uint64_t)si.ppid);
	check_key(text, size, "voluntary_ctxt_switches", si.voluntary_ctxt_switches);
	check_key(text, size, "nonvoluntary_ctxt_switches", si.nonvoluntary_ctxt_switches);
	return 0;
}
