/* Tests for lib/status.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "procfix.h"
#include "procparse.h"

/* status_parse through the procfix signature. */
static int parse_status(const char *text, size_t len)
{
	struct status_info si;

	return status_parse(text, len, &si);
}

/* Parse the NUL-terminated s. */
static int parse_str(const char *s, struct status_info *si)
{
	return status_parse(s, strlen(s), si);
}

/* A real capture of a stopped process. */
static void test_stopped(void)
{
	struct status_info si;
	size_t len;
	char *buf = procfix_slurp("proc/live-stopped/7418/status", &len);

	is_int(0, status_parse(buf, len, &si), "stopped process status parses");
	is_int('T', si.state, "state T");
	is_int(7418, si.tgid, "tgid");
	free(buf);
}

int main(void)
{
	struct status_info si;
	static const char garbage[] = "State:\0R\nTgid:\t\xff\n";
	size_t len;
	char *buf;
	unsigned n;

	plan_lazy();
	test_stopped();
	is_int(0, parse_str("nonvoluntary_ctxt_switches:\t7\nvoluntary_ctxt_switches:\t"
			    "18446744073709551615\nPPid:\t1\nTgid:\t42\nState:\tR (running)\n", &si),
	       "reordered keys, u64 limit");
	is_int('R', si.state, "state");
	is_int(42, si.tgid, "tgid");
	is_int(1, si.ppid, "ppid");
	is_uint64(UINT64_MAX, si.voluntary_ctxt_switches, "voluntary at the u64 limit");
	is_uint64(7, si.nonvoluntary_ctxt_switches, "nonvoluntary");
	is_int(-ERANGE, parse_str("State:\tR\nTgid:\t1\nPPid:\t1\nvoluntary_ctxt_switches:\t"
				  "18446744073709551616\nnonvoluntary_ctxt_switches:\t1\n", &si),
	       "past u64");
	buf = procfix_slurp("proc/edge/status-missing-switches", &len);
	is_int(-ENOENT, status_parse(buf, len, &si), "missing switch counts");
	free(buf);
	is_int(-ENOENT, status_parse("", 0, &si), "empty");
	is_int(-EINVAL, parse_str("State:\t(sleeping)\n", &si), "state without a letter");
	is_int(-EINVAL, status_parse(garbage, sizeof(garbage) - 1, &si), "binary garbage");
	n = procfix_parse_all("status", parse_status);
	ok(n >= 4, "found %u captured status files", n);
	procfix_parse_prefixes("status", parse_status);
	return 0;
}
