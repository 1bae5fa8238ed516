/* Tests for lib/taskstat.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "procfix.h"
#include "procparse.h"

/* taskstat_parse through the procfix signature. */
static int parse_stat(const char *text, size_t len)
{
	struct taskstat_info ts;

	return taskstat_parse(text, len, &ts);
}

/* Parse the NUL-terminated s. */
static int parse_str(const char *s, struct taskstat_info *ts)
{
	return taskstat_parse(s, strlen(s), ts);
}

/* The comm "a) (b) c" holds spaces and ") (": fields come after the last ')'. */
static void test_comm_paren(void)
{
	struct taskstat_info ts;
	size_t len;
	char *buf = procfix_slurp("proc/edge/stat-comm-paren", &len);

	is_int(0, taskstat_parse(buf, len, &ts), "comm with ') (' parses");
	is_str("a) (b) c", ts.comm, "comm kept whole");
	is_int(1234, ts.pid, "pid");
	is_int('R', ts.state, "state");
	is_int(1, ts.ppid, "ppid");
	is_int(1234, ts.pgrp, "pgrp");
	is_uint64(3, ts.utime, "utime");
	is_uint64(4, ts.stime, "stime");
	is_uint64(2, ts.num_threads, "num_threads");
	is_uint64(99, ts.starttime, "starttime");
	free(buf);
}

/* Truncated, empty, garbage and overflowing stat lines. */
static void test_bad(void)
{
	struct taskstat_info ts;
	static const char garbage[] = "12 (x\0y) S 1 1 1 0 -1 0\0\xff";
	static const char base[] = "7 (x) S 1 7 7 0 -1 0 0 0 0 0 ";
	static const char nul_state[] = "7 (x) \0 1 7 7 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 5\n";

	is_int(-ENOENT, taskstat_parse("", 0, &ts), "empty");
	is_int(-EINVAL, parse_str("7 (x) S 1 7 7 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0", &ts),
	       "truncated before starttime");
	is_int(-EINVAL, parse_str("7 (x S 1 7\n", &ts), "no ')'");
	is_int(-EINVAL, parse_str("(x) S 1 7\n", &ts), "no pid");
	is_int(-EINVAL, taskstat_parse(garbage, sizeof(garbage) - 1, &ts), "binary garbage");
	{
		char line[256];

		snprintf(line, sizeof(line), "%s18446744073709551615 0 0 0 20 0 1 0 5 0\n", base);
		is_int(0, parse_str(line, &ts), "utime at the u64 limit");
		is_uint64(UINT64_MAX, ts.utime, "utime read");
		snprintf(line, sizeof(line), "%s18446744073709551616 0 0 0 20 0 1 0 5 0\n", base);
		is_int(-ERANGE, parse_str(line, &ts), "utime past u64");
	}
	is_int(-ERANGE, parse_str("7 (x) S 2147483648 7 7 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 5\n", &ts),
	       "ppid past pid_t");
	/* Found by fuzz/taskstat.c: the state was any byte. */
	is_int(-EINVAL, parse_str("7 (x) 1 1 7 7 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 5\n", &ts),
	       "a state that is not a letter (a digit)");
	is_int(-EINVAL, taskstat_parse(nul_state, sizeof(nul_state) - 1, &ts),
	       "a state that is not a letter (NUL)");
	is_int(0, parse_str("7 (x) I 1 7 7 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 5\n", &ts), "state I");
}

int main(void)
{
	unsigned n;

	plan_lazy();
	test_comm_paren();
	test_bad();
	n = procfix_parse_all("stat", parse_stat);
	ok(n >= 4, "found %u captured stat files", n);
	procfix_parse_prefixes("stat", parse_stat);
	return 0;
}
