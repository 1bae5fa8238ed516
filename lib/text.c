/* text: bounded parsing helpers; see text.h. */
#include "text.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

bool text_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

bool text_at_value_end(const char *p, const char *end)
{
	return p >= end || text_is_blank(*p) || *p == '\n';
}

const char *text_skip_blanks(const char *p, const char *end)
{
	while (p < end && text_is_blank(*p))
		p++;
	return p;
}

const char *text_line_end(const char *p, const char *end)
{
	const char *nl;

	if (p >= end)
		return end;
	nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

int text_u64(const char *p, const char *end, uint64_t *out, const char **next)
{
	uint64_t v = 0;
	const char *start = p;

	while (p < end && *p >= '0' && *p <= '9') {
		unsigned d = (unsigned)(*p - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
		p++;
	}
	if (p == start)
		return -EINVAL;
	*out = v;
	*next = p;
	return 0;
}

int text_u64_value(const char *p, const char *end, uint64_t *out, const char **next)
{
	uint64_t v;
	const char *q;
	int rc = text_u64(p, end, &v, &q);

	if (rc < 0)
		return rc;
	if (!text_at_value_end(q, end))
		return -EINVAL;
	*out = v;
	*next = q;
	return 0;
}

int text_pid_value(const char *p, const char *end, pid_t *out, const char **next)
{
	uint64_t v;
	int rc = text_u64_value(p, end, &v, next);

	if (rc < 0)
		return rc;
	if (v > INT_MAX)
		return -ERANGE;
	*out = (pid_t)v;
	return 0;
}

/* True when the line at line (ending at end) starts with key then a blank or ':'. */
static bool line_has_key(const char *line, const char *end, const char *key, size_t klen)
{
	const char *p = text_skip_blanks(line, end);

	if ((size_t)(end - p) < klen || memcmp(p, key, klen) != 0)
		return false;
	p += klen;
	return p < end && (text_is_blank(*p) || *p == ':');
}

const char *text_find_key(const char *text, size_t len, const char *key)
{
	const char *p = text, *end = text + len;
	size_t klen = strlen(key);

	while (p < end) {
		const char *eol = text_line_end(p, end);

		if (line_has_key(p, eol, key, klen))
			return text_skip_blanks(p, eol) + klen;
		if (eol == end)
			break;
		p = eol + 1;
	}
	return NULL;
}

const char *text_key_value(const char *p, const char *end)
{
	p = text_skip_blanks(p, end);
	if (p >= end || *p != ':')
		return NULL;
	return text_skip_blanks(p + 1, end);
}

int text_key_u64(const char *text, size_t len, const char *key, uint64_t *out)
{
	const char *end = text + len, *p, *next;

	p = text_find_key(text, len, key);
	if (!p)
		return -ENOENT;
	p = text_key_value(p, end);
	if (!p)
		return -EINVAL;
	return text_u64_value(p, end, out, &next);
}

int text_key_pid(const char *text, size_t len, const char *key, pid_t *out)
{
	uint64_t v;
	int rc = text_key_u64(text, len, key, &v);

	if (rc < 0)
		return rc;
	if (v > INT_MAX)
		return -ERANGE;
	*out = (pid_t)v;
	return 0;
}
