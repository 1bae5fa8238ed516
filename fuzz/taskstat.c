/* Fuzz target: taskstat_parse (/proc/<pid>/stat), whose comm may hold ')',
 * '(', spaces and newlines.
 *
 * Properties, on success:
 * - comm is the bytes between the first '(' and the last ')', cut to
 *   PROC_COMM_MAX - 1 bytes and NUL-terminated;
 * - the pid is the decimal number before " (", and reads back as it;
 * - the fields after the last ')' are separated by single spaces: the state
 *   is a letter, field 1 alone, and ppid, pgrp, utime, stime, num_threads and
 *   starttime read back as their fields;
 * - the comm, escaped for a terminal, is printable; written as a JSON string
 *   into an object, it is strictly valid JSON.
 * On failure the result is -ENOENT (empty), -EINVAL or -ERANGE, and *out is
 * untouched. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "check.h"
#include "escape.h"
#include "json.h"
#include "jsoncheck.h"
#include "procparse.h"

/* Field idx (from 0 = state) after the last ')' at close: *f and *fn. */
static void field_after(const char *close, const char *end, int idx, const char **f, size_t *fn)
{
	const char *p = close + 1;

	for (int i = 0; i <= idx; i++) {
		FUZZ_CHECK(p < end && *p == ' ', "field %d not after one space", i);
		*f = ++p;
		while (p < end && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		*fn = (size_t)(p - *f);
	}
}

/* Check that field idx reads back as v. */
static void check_field(const char *close, const char *end, int idx, uint64_t v)
{
	const char *f;
	size_t fn;

	field_after(close, end, idx, &f, &fn);
	FUZZ_CHECK(fuzz_digits_are(f, fn, v), "field %d is %.*s, parsed %" PRIu64, idx, (int)fn, f,
		   v);
}

/* Check comm against the text, and that it reports safely. */
static void check_comm(const struct taskstat_info *ts, const char *open, const char *close)
{
	size_t n = (size_t)(close - open - 1), cut = n < PROC_COMM_MAX - 1 ? n : PROC_COMM_MAX - 1;
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	const char *why;
	size_t at;

	FUZZ_CHECK(memcmp(ts->comm, open + 1, cut) == 0 && ts->comm[cut] == '\0',
		   "comm is not the text between the first '(' and the last ')'");
	escape_human(&sb, ts->comm, strlen(ts->comm));
	FUZZ_CHECK(fuzz_printable(sb.buf, sb.len, false), "escaped comm not printable");
	sb_reset(&sb);
	json_init(&j, &sb);
	json_object_begin(&j);
	json_kv_string(&j, "comm", ts->comm);
	json_object_end(&j);
	FUZZ_CHECK(json_finish(&j) == 0, "JSON writer refused a comm");
	FUZZ_CHECK(jsoncheck(sb.buf, sb.len, &why, &at) == 0, "comm JSON invalid: %s at %zu", why, at);
	sb_free(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *end = text + size, *open, *close, *f;
	struct taskstat_info ts, unset;
	size_t fn;
	int r;

	memset(&ts, 0xa5, sizeof(ts));
	unset = ts;
	r = taskstat_parse(text, size, &ts);
	if (r < 0) {
		FUZZ_CHECK(size == 0 ? r == -ENOENT : r == -EINVAL || r == -ERANGE, "error %d", r);
		FUZZ_CHECK(memcmp(&ts, &unset, sizeof(ts)) == 0, "out written on failure");
		return 0;
	}
	FUZZ_CHECK(r == 0, "result %d", r);
	open = memchr(text, '(', size);
	close = memrchr(text, ')', size);
	FUZZ_CHECK(open != NULL && close != NULL && close > open, "no ( ... ) in a parsed stat");
	FUZZ_CHECK(open >= text + 2 && open[-1] == ' ', "'(' not after the pid and a space");
	FUZZ_CHECK(fuzz_digits_are(text, (size_t)(open - 1 - text), (uint64_t)ts.pid), "pid");
	check_comm(&ts, open, close);
	field_after(close, end, 0, &f, &fn);
	FUZZ_CHECK(fn == 1 && f[0] == ts.state, "state field is %.*s, parsed %c", (int)fn, f,
		   ts.state);
	FUZZ_CHECK((ts.state >= 'A' && ts.state <= 'Z') || (ts.state >= 'a' && ts.state <= 'z'),
		   "state 0x%02x is not a letter", (unsigned char)ts.state);
	check_field(close, end, 1, (uint64_t)ts.ppid);
	check_field(close, end, 2, (uint64_t)ts.pgrp);
	check_field(close, end, 11, ts.utime);
	check_field(close, end, 12, ts.stime);
	check_field(close, end, 17, ts.num_threads);
	check_field(close, end, 19, ts.starttime);
	return 0;
}
