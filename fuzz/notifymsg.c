/* Fuzz target: notifymsg_parse over any datagram.
 *
 * Properties:
 * - -EINVAL exactly when the message is empty, longer than NOTIFY_MSG_MAX or
 *   holds a NUL byte other than one trailing NUL, and then *out is all zero;
 *   else 0;
 * - a reference written here from the header's contract (lines split at
 *   '\n', KEY=VALUE at the first '=', the first assignment of a known key
 *   counts, WATCHDOG=1|trigger, WATCHDOG_USEC=1..20 digits fitting 64 bits,
 *   READY=1, STOPPING=1, STATUS=any; empty lines skipped; other non-empty
 *   lines unknown) gives the same has, watchdog_usec, status, bad, unknown;
 * - status points into the buffer (a substring of the input: the value of
 *   the first STATUS= line) and holds no newline or NUL;
 * - round trip: the recognized assignments written back as a message parse
 *   to the same has, watchdog_usec and status bytes, with nothing bad or
 *   unknown. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "notifymsg.h"
#include "strbuf.h"

/* The reference's reading of a decimal value: true with *v when s[0..n) is
 * 1..20 digits whose value fits 64 bits. */
static bool ref_u64(const char *s, size_t n, uint64_t *v)
{
	unsigned __int128 x = 0;

	if (n == 0 || n > 20)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		x = x * 10 + (unsigned)(s[i] - '0');
	}
	if (x > UINT64_MAX)
		return false;
	*v = (uint64_t)x;
	return true;
}

/* True when s[0..n) is the C string t. */
static bool eq(const char *s, size_t n, const char *t)
{
	return n == strlen(t) && memcmp(s, t, n) == 0;
}

/* Apply the reference to the line k[0..kn) = v[0..vn) on *m; *seen holds the
 * keys seen (bit per key name, in order of the header's list). */
static void ref_assign(struct notify_msg *m, const char *k, size_t kn, const char *v, size_t vn,
		       unsigned *seen)
{
	static const char *const names[] = { "WATCHDOG", "WATCHDOG_USEC", "READY", "STOPPING",
					     "STATUS" };
	unsigned i = 0;

	while (i < 5 && !eq(k, kn, names[i]))
		i++;
	if (i == 5) {
		m->unknown++;
		return;
	}
	if (*seen >> i & 1)
		return;
	*seen |= 1u << i;
	if (i == 0 && eq(v, vn, "1"))
		m->has |= NOTIFY_WATCHDOG;
	else if (i == 0 && eq(v, vn, "trigger"))
		m->has |= NOTIFY_TRIGGER;
	else if (i == 1 && ref_u64(v, vn, &m->watchdog_usec))
		m->has |= NOTIFY_WATCHDOG_USEC;
	else if ((i == 2 || i == 3) && eq(v, vn, "1"))
		m->has |= i == 2 ? NOTIFY_READY : NOTIFY_STOPPING;
	else if (i == 4) {
		m->has |= NOTIFY_STATUS;
		m->status = v;
		m->status_len = vn;
	} else
		m->bad++;
}

/* The reference parser: returns 0 with *m, or -EINVAL. */
static int ref_parse(const char *s, size_t n, struct notify_msg *m)
{
	unsigned seen = 0;
	size_t i = 0;

	memset(m, 0, sizeof(*m));
	if (n == 0 || n > NOTIFY_MSG_MAX)
		return -EINVAL;
	if (s[n - 1] == '\0')
		n--;
	if (n == 0 || memchr(s, '\0', n))
		return -EINVAL;
	while (i < n) {
		size_t j = i, e;

		while (j < n && s[j] != '\n')
			j++;
		for (e = i; e < j && s[e] != '='; e++)
			;
		if (e < j && e > i)
			ref_assign(m, s + i, e - i, s + e + 1, j - e - 1, &seen);
		else if (j > i)
			m->unknown++;
		i = j + 1;
	}
	return 0;
}

/* Check that a and b hold the same assignments (status by content). */
static void check_same(const char *what, const struct notify_msg *a, const struct notify_msg *b,
		       bool counts)
{
	FUZZ_CHECK(a->has == b->has, "%s: has %#x, expected %#x", what, a->has, b->has);
	FUZZ_CHECK(a->watchdog_usec == b->watchdog_usec, "%s: watchdog_usec", what);
	FUZZ_CHECK(a->status_len == b->status_len &&
			   (a->status_len == 0 || memcmp(a->status, b->status, a->status_len) == 0),
		   "%s: status", what);
	FUZZ_CHECK((a->status == NULL) == (b->status == NULL), "%s: status NULL", what);
	if (counts)
		FUZZ_CHECK(a->bad == b->bad && a->unknown == b->unknown,
			   "%s: bad %u unknown %u, expected %u %u", what, a->bad, a->unknown,
			   b->bad, b->unknown);
}

/* Write the recognized assignments of m as a message into sb. */
static void write_back(const struct notify_msg *m, struct strbuf *sb)
{
	if (m->has & NOTIFY_WATCHDOG)
		sb_puts(sb, "WATCHDOG=1\n");
	if (m->has & NOTIFY_TRIGGER)
		sb_puts(sb, "WATCHDOG=trigger\n");
	if (m->has & NOTIFY_WATCHDOG_USEC)
		sb_printf(sb, "WATCHDOG_USEC=%llu\n", (unsigned long long)m->watchdog_usec);
	if (m->has & NOTIFY_READY)
		sb_puts(sb, "READY=1\n");
	if (m->has & NOTIFY_STOPPING)
		sb_puts(sb, "STOPPING=1\n");
	if (m->has & NOTIFY_STATUS) {
		sb_puts(sb, "STATUS=");
		sb_add(sb, m->status, m->status_len);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct notify_msg m, ref, back, zero;
	struct strbuf sb = STRBUF_INIT;
	int r, rr;

	memset(&zero, 0, sizeof(zero));
	memset(&m, 0x5a, sizeof(m));
	r = notifymsg_parse(size ? s : "", size, &m);
	rr = ref_parse(size ? s : "", size, &ref);
	FUZZ_CHECK(r == rr, "returned %d, the reference %d", r, rr);
	if (r != 0) {
		FUZZ_CHECK(memcmp(&m, &zero, sizeof(m)) == 0, "refused but out not all zero");
		return 0;
	}
	check_same("reference", &m, &ref, true);
	FUZZ_CHECK(m.status == ref.status, "status does not point at the first STATUS= value");
	if (m.has & NOTIFY_STATUS) {
		FUZZ_CHECK(m.status >= s && m.status + m.status_len <= s + size,
			   "status is not in the buffer");
		FUZZ_CHECK(!memchr(m.status, '\n', m.status_len) &&
				   !memchr(m.status, '\0', m.status_len),
			   "status holds a newline or a NUL");
	}
	FUZZ_CHECK(!(m.has & NOTIFY_WATCHDOG && m.has & NOTIFY_TRIGGER),
		   "WATCHDOG=1 and WATCHDOG=trigger both taken");
	write_back(&m, &sb);
	if (sb.len > 0) {
		FUZZ_CHECK(notifymsg_parse(sb.buf, sb.len, &back) == 0 || sb.len > NOTIFY_MSG_MAX,
			   "round trip refused");
		if (sb.len <= NOTIFY_MSG_MAX) {
			check_same("round trip", &back, &m, false);
			FUZZ_CHECK(back.bad == 0 && back.unknown == 0, "round trip: bad or unknown");
		}
	}
	sb_free(&sb);
	return 0;
}
