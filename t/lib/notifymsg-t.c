/* Tests for lib/notifymsg.c: notify protocol messages and cgroup paths. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "basic.h"
#include "notifymsg.h"

/* One table row: a message and what it should parse into. */
struct msg_case {
	const char *text;
	size_t len;               /* 0: strlen(text) */
	int ret;
	unsigned has, bad, unknown;
	uint64_t usec;
	const char *status;       /* NULL: none */
};

static const struct msg_case cases[] = {
	{ "WATCHDOG=1", 0, 0, NOTIFY_WATCHDOG, 0, 0, 0, NULL },
	{ "WATCHDOG=1\n", 0, 0, NOTIFY_WATCHDOG, 0, 0, 0, NULL },
	{ "WATCHDOG=trigger", 0, 0, NOTIFY_TRIGGER, 0, 0, 0, NULL },
	{ "WATCHDOG=2", 0, 0, 0, 1, 0, 0, NULL },
	{ "WATCHDOG=", 0, 0, 0, 1, 0, 0, NULL },
	{ "WATCHDOG=1 ", 0, 0, 0, 1, 0, 0, NULL },
	{ "WATCHDOG_USEC=20000000", 0, 0, NOTIFY_WATCHDOG_USEC, 0, 0, 20000000, NULL },
	{ "WATCHDOG_USEC=0", 0, 0, NOTIFY_WATCHDOG_USEC, 0, 0, 0, NULL },
	{ "WATCHDOG_USEC=18446744073709551615", 0, 0, NOTIFY_WATCHDOG_USEC, 0, 0, UINT64_MAX,
	  NULL },
	{ "WATCHDOG_USEC=18446744073709551616", 0, 0, 0, 1, 0, 0, NULL },
	{ "WATCHDOG_USEC=-1", 0, 0, 0, 1, 0, 0, NULL },
	{ "WATCHDOG_USEC=1x", 0, 0, 0, 1, 0, 0, NULL },
	{ "WATCHDOG_USEC=", 0, 0, 0, 1, 0, 0, NULL },
	{ "WATCHDOG_USEC=infinity", 0, 0, 0, 1, 0, 0, NULL },
	{ "READY=1\nSTATUS=Processing requests", 0, 0, NOTIFY_READY | NOTIFY_STATUS, 0, 0, 0,
	  "Processing requests" },
	{ "STATUS=", 0, 0, NOTIFY_STATUS, 0, 0, 0, "" },
	{ "STATUS=a=b=c", 0, 0, NOTIFY_STATUS, 0, 0, 0, "a=b=c" },
	{ "STATUS=first\nSTATUS=second", 0, 0, NOTIFY_STATUS, 0, 0, 0, "first" },
	{ "STATUS=\x1b[31mred\xff", 0, 0, NOTIFY_STATUS, 0, 0, 0, "\x1b[31mred\xff" },
	{ "STOPPING=1", 0, 0, NOTIFY_STOPPING, 0, 0, 0, NULL },
	{ "READY=0", 0, 0, 0, 1, 0, 0, NULL },
	{ "WATCHDOG=1\nWATCHDOG=trigger", 0, 0, NOTIFY_WATCHDOG, 0, 0, 0, NULL },
	{ "MAINPID=42\nX_FOO=bar\nRELOADING=1", 0, 0, 0, 0, 3, 0, NULL },
	{ "no assignment here", 0, 0, 0, 0, 1, 0, NULL },
	{ "=1", 0, 0, 0, 0, 1, 0, NULL },
	{ "\n\n\nWATCHDOG=1\n\n", 0, 0, NOTIFY_WATCHDOG, 0, 0, 0, NULL },
	{ "watchdog=1", 0, 0, 0, 0, 1, 0, NULL },
	{ " WATCHDOG=1", 0, 0, 0, 0, 1, 0, NULL },
	{ "WATCHDOG=1\r", 0, 0, 0, 1, 0, 0, NULL },
	{ "READY=1\nWATCHDOG=1\nWATCHDOG_USEC=5000000\nSTATUS=up\nSTOPPING=1\nFOO=x", 0, 0,
	  NOTIFY_READY | NOTIFY_WATCHDOG | NOTIFY_WATCHDOG_USEC | NOTIFY_STATUS | NOTIFY_STOPPING,
	  0, 1, 5000000, "up" },
	/* one trailing NUL is permitted; any other NUL refuses the message */
	{ "WATCHDOG=1\0", 11, 0, NOTIFY_WATCHDOG, 0, 0, 0, NULL },
	{ "WATCHDOG=1\0\0", 12, -EINVAL, 0, 0, 0, 0, NULL },
	{ "WATCHDOG=1\0READY=1", 18, -EINVAL, 0, 0, 0, 0, NULL },
	{ "\0", 1, -EINVAL, 0, 0, 0, 0, NULL },
	{ "", 0, -EINVAL, 0, 0, 0, 0, NULL },
};

/* A printable label of text[0..n) (at most 24 bytes of it) in buf. */
static const char *label(const char *text, size_t n, char *buf, size_t size)
{
	size_t k = 0;

	for (size_t i = 0; i < n && i < 24 && k + 5 < size; i++) {
		unsigned char c = (unsigned char)text[i];

		k += (size_t)snprintf(buf + k, size - k, c >= 0x20 && c < 0x7f && c != '#' ? "%c"
										: "\\x%02x", c);
	}
	buf[k] = '\0';
	return buf;
}

/* Check one row. */
static void check(const struct msg_case *c)
{
	size_t len = c->len ? c->len : strlen(c->text);
	struct notify_msg m;
	char status[64], name[128];
	int r = notifymsg_parse(c->text, len, &m);

	is_int(c->ret, r, "\"%s\" (%zu bytes): result", label(c->text, len, name, sizeof(name)),
	       len);
	is_int(c->has, m.has, "... has");
	is_int(c->bad, m.bad, "... bad");
	is_int(c->unknown, m.unknown, "... unknown");
	is_uint64(c->usec, m.watchdog_usec, "... usec");
	snprintf(status, sizeof(status), "%.*s", (int)m.status_len, m.status ? m.status : "");
	is_str(c->status ? c->status : "", status, "... status");
	ok((m.status != NULL) == (c->status != NULL), "... status presence");
}

/* Messages at and past the bound; NULL buffers. */
static void test_bounds(void)
{
	static char big[NOTIFY_MSG_MAX + 2];
	struct notify_msg m;

	memset(big, 'x', sizeof(big));
	memcpy(big, "STATUS=", 7);
	is_int(0, notifymsg_parse(big, NOTIFY_MSG_MAX, &m), "a message of NOTIFY_MSG_MAX bytes");
	is_int((long long)NOTIFY_MSG_MAX - 7, (long long)m.status_len, "... its status whole");
	is_int(-EINVAL, notifymsg_parse(big, NOTIFY_MSG_MAX + 1, &m), "one byte more is refused");
	is_int(-EINVAL, notifymsg_parse(NULL, 5, &m), "NULL is refused");
	is_int(0, (long long)m.has, "... and out is cleared");
}

/* Worker directories in cgroup paths. */
static void test_cgroup(void)
{
	static const struct {
		const char *path, *run;
		int ret;
		unsigned index;
	} c[] = {
		{ "/a/stallsup.1.x/w0", "/a/stallsup.1.x", 0, 0 },
		{ "/a/stallsup.1.x/w17", "/a/stallsup.1.x", 0, 17 },
		{ "/a/stallsup.1.x/w17/nested/deeper", "/a/stallsup.1.x", 0, 17 },
		{ "/a/stallsup.1.x/w3", "/a/stallsup.1.x/", 0, 3 },
		{ "/w5", "/", 0, 5 },
		{ "/a/stallsup.1.x", "/a/stallsup.1.x", -ENOENT, 0 },
		{ "/a/stallsup.1.x/", "/a/stallsup.1.x", -ENOENT, 0 },
		{ "/a/stallsup.1.xy/w1", "/a/stallsup.1.x", -ENOENT, 0 },
		{ "/a/stallsup.1.x/w", "/a/stallsup.1.x", -ENOENT, 0 },
		{ "/a/stallsup.1.x/w1a", "/a/stallsup.1.x", -ENOENT, 0 },
		{ "/a/stallsup.1.x/w01", "/a/stallsup.1.x", -ENOENT, 0 },
		{ "/a/stallsup.1.x/x1", "/a/stallsup.1.x", -ENOENT, 0 },
		{ "/a/stallsup.1.x/w99999999999", "/a/stallsup.1.x", -ENOENT, 0 },
		{ "/other/w1", "/a/stallsup.1.x", -ENOENT, 0 },
		{ "/a/stallsup.1.x/w1", "", -ENOENT, 0 },
		{ "/a/stallsup.1.x/w1", NULL, -ENOENT, 0 },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		unsigned index = 999;
		int r = notify_cgroup_worker(c[i].path, c[i].run, &index);

		is_int(c[i].ret, r, "cgroup %s under %s", c[i].path, c[i].run ? c[i].run : "NULL");
		if (c[i].ret == 0)
			is_int(c[i].index, index, "... worker %u", c[i].index);
	}
}

int main(void)
{
	plan_lazy();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check(&cases[i]);
	test_bounds();
	test_cgroup();
	return 0;
}
