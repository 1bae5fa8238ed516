/* taskstat: parse /proc/<pid>/stat; see procparse.h. */
#include "procparse.h"

#include <errno.h>
#include <string.h>

#include "text.h"

/* Fields after the comm, counted from 0 (man proc: field number minus 3). */
enum {
	F_STATE = 0,
	F_PPID = 1,
	F_PGRP = 2,
	F_UTIME = 11,
	F_STIME = 12,
	F_NUM_THREADS = 17,
	F_STARTTIME = 19,
	F_LAST = F_STARTTIME,
};

/* Return the last ')' in [p, end), or NULL. */
static const char *last_paren(const char *p, const char *end)
{
	while (end > p) {
		end--;
		if (*end == ')')
			return end;
	}
	return NULL;
}

/* Parse "pid (comm)" up to the last ')'; *rest gets the byte after it. */
static int parse_head(const char *text, const char *end, struct taskstat_info *ts,
		      const char **rest)
{
	const char *p, *close;
	size_t n;
	int rc;

	rc = text_pid_value(text, end, &ts->pid, &p);
	if (rc < 0)
		return rc;
	if (end - p < 2 || p[0] != ' ' || p[1] != '(')
		return -EINVAL;
	p += 2;
	close = last_paren(p, end);
	if (!close)
		return -EINVAL;
	n = (size_t)(close - p);
	if (n >= sizeof(ts->comm))
		n = sizeof(ts->comm) - 1;
	memcpy(ts->comm, p, n);
	ts->comm[n] = '\0';
	*rest = close + 1;
	return 0;
}

/* Store field number idx whose text starts at p; other fields are skipped. */
static int parse_field(int idx, const char *p, const char *end, struct taskstat_info *ts)
{
	const char *next;

	switch (idx) {
	case F_STATE: /* one letter: R S D T t Z X I ... */
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) ||
		    !text_at_value_end(p + 1, end))
			return -EINVAL;
		ts->state = *p;
		return 0;
	case F_PPID: return text_pid_value(p, end, &ts->ppid, &next);
	case F_PGRP: return text_pid_value(p, end, &ts->pgrp, &next);
	case F_UTIME: return text_u64_value(p, end, &ts->utime, &next);
	case F_STIME: return text_u64_value(p, end, &ts->stime, &next);
	case F_NUM_THREADS: return text_u64_value(p, end, &ts->num_threads, &next);
	case F_STARTTIME: return text_u64_value(p, end, &ts->starttime, &next);
	default: return 0;
	}
}

int taskstat_parse(const char *text, size_t len, struct taskstat_info *out)
{
	const char *end = text + len, *p;
	struct taskstat_info ts;
	int rc;

	if (len == 0)
		return -ENOENT;
	memset(&ts, 0, sizeof(ts));
	rc = parse_head(text, end, &ts, &p);
	if (rc < 0)
		return rc;
	for (int idx = 0; idx <= F_LAST; idx++) {
		if (p >= end || *p != ' ')
			return -EINVAL;
		p++;
		if (p >= end || text_at_value_end(p, end))
			return -EINVAL;
		rc = parse_field(idx, p, end, &ts);
		if (rc < 0)
			return rc;
		while (p < end && !text_at_value_end(p, end))
			p++;
	}
	*out = ts;
	return 0;
}
