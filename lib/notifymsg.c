/* notifymsg: parse notify protocol messages; see notifymsg.h. */
#include <config.h>

#include "notifymsg.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* One line of a message: key=value, key_len bytes of key. */
struct line {
	const char *key, *value;
	size_t key_len, value_len;
};

/* True when the line's key is name. */
static bool key_is(const struct line *l, const char *name)
{
	return l->key_len == strlen(name) && memcmp(l->key, name, l->key_len) == 0;
}

/* True when the line's value is exactly text. */
static bool value_is(const struct line *l, const char *text)
{
	return l->value_len == strlen(text) && memcmp(l->value, text, l->value_len) == 0;
}

/* Parse a decimal uint64 of s[0..n) (digits only) into *v; 0 or -EINVAL. */
static int parse_u64(const char *s, size_t n, uint64_t *v)
{
	uint64_t x = 0;

	if (n == 0 || n > 20)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (d > 9 || x > (UINT64_MAX - d) / 10)
			return -EINVAL;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

/* Record a "KEY=1"-style flag: bit when the value is "1", else a bad value. */
static void flag(struct notify_msg *m, const struct line *l, unsigned bit)
{
	if (value_is(l, "1"))
		m->has |= bit;
	else
		m->bad++;
}

/* Apply WATCHDOG=: "1" a heartbeat, "trigger" a forced miss. */
static void watchdog(struct notify_msg *m, const struct line *l)
{
	if (value_is(l, "1"))
		m->has |= NOTIFY_WATCHDOG;
	else if (value_is(l, "trigger"))
		m->has |= NOTIFY_TRIGGER;
	else
		m->bad++;
}

/* Apply one assignment l to m, unless its key was seen already (the first
 * counts, as in systemd); *seen holds the keys seen (bits by table row). */
static void assign(struct notify_msg *m, const struct line *l, unsigned *seen)
{
	static const char *const keys[] = { "WATCHDOG", "WATCHDOG_USEC", "READY", "STOPPING",
					    "STATUS" };
	unsigned k;

	for (k = 0; k < sizeof(keys) / sizeof(keys[0]) && !key_is(l, keys[k]); k++)
		;
	if (k == sizeof(keys) / sizeof(keys[0])) {
		m->unknown++;
		return;
	}
	if (*seen & (1u << k))
		return;
	*seen |= 1u << k;
	if (k == 0)
		watchdog(m, l);
	else if (k == 1 && parse_u64(l->value, l->value_len, &m->watchdog_usec) == 0)
		m->has |= NOTIFY_WATCHDOG_USEC;
	else if (k == 1)
		m->bad++;
	else if (k == 2)
		flag(m, l, NOTIFY_READY);
	else if (k == 3)
		flag(m, l, NOTIFY_STOPPING);
	else {
		m->has |= NOTIFY_STATUS;
		m->status = l->value;
		m->status_len = l->value_len;
	}
}

/* Split s[0..n) (one line, no newline) at its first '=' into *l; false
 * when there is none or the key is empty. */
static bool split(const char *s, size_t n, struct line *l)
{
	const char *eq = memchr(s, '=', n);

	if (eq == NULL || eq == s)
		return false;
	l->key = s;
	l->key_len = (size_t)(eq - s);
	l->value = eq + 1;
	l->value_len = n - l->key_len - 1;
	return true;
}

int notifymsg_parse(const char *buf, size_t len, struct notify_msg *out)
{
	const char *p = buf, *end = buf + len;
	unsigned seen = 0;

	memset(out, 0, sizeof(*out));
	if (buf == NULL || len == 0 || len > NOTIFY_MSG_MAX)
		return -EINVAL;
	if (buf[len - 1] == '\0')
		end--; /* one trailing NUL is permitted, as systemd permits it */
	if (end == buf || memchr(buf, '\0', (size_t)(end - buf)) != NULL)
		return -EINVAL;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct line l;

		if (n > 0 && split(p, n, &l))
			assign(out, &l, &seen);
		else if (n > 0)
			out->unknown++;
		p += n + 1;
	}
	return 0;
}

int notify_cgroup_worker(const char *path, const char *run, unsigned *index)
{
	size_t rn = run ? strlen(run) : 0;
	const char *p;
	unsigned long v = 0;

	while (rn > 1 && run[rn - 1] == '/')
		rn--;
	if (path == NULL || rn == 0 || strncmp(path, run, rn) != 0)
		return -ENOENT;
	p = path + rn;
	if (rn == 1 && run[0] == '/')
		p = path + 1; /* the run is the root: "/w3" */
	else if (*p++ != '/')
		return -ENOENT;
	if (p[0] != 'w' || p[1] < '0' || p[1] > '9' || (p[1] == '0' && p[2] >= '0' && p[2] <= '9'))
		return -ENOENT;
	for (p++; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > 0xffffffffUL)
			return -ENOENT;
	}
	if (*p != '\0' && *p != '/')
		return -ENOENT;
	*index = (unsigned)v;
	return 0;
}
