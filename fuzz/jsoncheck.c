/* jsoncheck: a strict recursive-descent JSON validator; see jsoncheck.h. */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "jsoncheck.h"

/* Where the validator is. */
struct jc {
	const unsigned char *p, *start, *end;
	const char *why; /* the first error, or NULL */
	unsigned depth;
};

/* Record error why at the current position (the first one wins); return false. */
static bool fail(struct jc *jc, const char *why)
{
	if (jc->why == NULL)
		jc->why = why;
	return false;
}

/* True when at least n bytes are left. */
static bool left(const struct jc *jc, size_t n)
{
	return (size_t)(jc->end - jc->p) >= n;
}

/* Skip JSON white space. */
static void skip_ws(struct jc *jc)
{
	while (left(jc, 1) && (*jc->p == ' ' || *jc->p == '\t' || *jc->p == '\n' || *jc->p == '\r'))
		jc->p++;
}

/* Consume the literal word (true, false, null). */
static bool literal(struct jc *jc, const char *word)
{
	size_t n = strlen(word);

	if (!left(jc, n) || memcmp(jc->p, word, n) != 0)
		return fail(jc, "bad literal");
	jc->p += n;
	return true;
}

/* Consume one or more decimal digits. */
static bool digits(struct jc *jc)
{
	const unsigned char *q = jc->p;

	while (left(jc, 1) && *jc->p >= '0' && *jc->p <= '9')
		jc->p++;
	return jc->p > q ? true : fail(jc, "digit expected");
}

/* Consume a number. */
static bool number(struct jc *jc)
{
	if (left(jc, 1) && *jc->p == '-')
		jc->p++;
	if (left(jc, 1) && *jc->p == '0')
		jc->p++;
	else if (!left(jc, 1) || *jc->p < '1' || *jc->p > '9')
		return fail(jc, "bad number");
	else
		digits(jc);
	if (left(jc, 1) && *jc->p == '.') {
		jc->p++;
		if (!digits(jc))
			return false;
	}
	if (left(jc, 1) && (*jc->p == 'e' || *jc->p == 'E')) {
		jc->p++;
		if (left(jc, 1) && (*jc->p == '+' || *jc->p == '-'))
			jc->p++;
		if (!digits(jc))
			return false;
	}
	return true;
}

/* Consume four hex digits of a \u escape into *v. */
static bool hex4(struct jc *jc, unsigned *v)
{
	*v = 0;
	if (!left(jc, 4))
		return fail(jc, "short \\u escape");
	for (int i = 0; i < 4; i++, jc->p++) {
		unsigned char c = *jc->p;
		unsigned d = c >= '0' && c <= '9' ? c - '0' + 0u
			   : c >= 'a' && c <= 'f' ? c - 'a' + 10u
			   : c >= 'A' && c <= 'F' ? c - 'A' + 10u
						  : 16u;

		if (d == 16)
			return fail(jc, "bad hex digit in \\u escape");
		*v = *v << 4 | d;
	}
	return true;
}

/* Consume the rest of a \u escape (after "\\u"): a surrogate must pair. */
static bool unicode_escape(struct jc *jc)
{
	unsigned hi, lo;

	if (!hex4(jc, &hi))
		return false;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return fail(jc, "lone low surrogate escape");
	if (hi < 0xd800 || hi > 0xdbff)
		return true;
	if (!left(jc, 2) || jc->p[0] != '\\' || jc->p[1] != 'u')
		return fail(jc, "high surrogate escape without low one");
	jc->p += 2;
	if (!hex4(jc, &lo))
		return false;
	return lo >= 0xdc00 && lo <= 0xdfff ? true : fail(jc, "high surrogate escape without low one");
}

/* Consume an escape (after the backslash). */
static bool escape(struct jc *jc)
{
	if (!left(jc, 1))
		return fail(jc, "unterminated escape");
	switch (*jc->p++) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
		return true;
	case 'u':
		return unicode_escape(jc);
	default:
		return fail(jc, "unknown escape");
	}
}

/* Consume one UTF-8 encoded character of U+0080 or more (RFC 3629). */
static bool utf8_char(struct jc *jc)
{
	unsigned char c = *jc->p;
	unsigned len, cp, min;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1fu, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0fu, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07u, min = 0x10000;
	else
		return fail(jc, "invalid UTF-8 lead byte");
	if (!left(jc, len))
		return fail(jc, "truncated UTF-8 sequence");
	for (unsigned i = 1; i < len; i++) {
		if ((jc->p[i] & 0xc0) != 0x80)
			return fail(jc, "invalid UTF-8 continuation byte");
		cp = cp << 6 | (jc->p[i] & 0x3fu);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return fail(jc, "overlong, surrogate or out-of-range UTF-8");
	jc->p += len;
	return true;
}

/* Consume a string (at its opening quote). */
static bool string(struct jc *jc)
{
	if (!left(jc, 1) || *jc->p != '"')
		return fail(jc, "string expected");
	jc->p++;
	for (;;) {
		if (!left(jc, 1))
			return fail(jc, "unterminated string");
		if (*jc->p == '"') {
			jc->p++;
			return true;
		}
		if (*jc->p < 0x20)
			return fail(jc, "control byte in a string");
		if (*jc->p == '\\') {
			jc->p++;
			if (!escape(jc))
				return false;
		} else if (*jc->p < 0x80) {
			jc->p++;
		} else if (!utf8_char(jc)) {
			return false;
		}
	}
}

static bool value(struct jc *jc);

/* Consume the members of an object or the elements of an array, after its
 * opening byte, up to and including close. */
static bool members(struct jc *jc, char close, bool keyed)
{
	skip_ws(jc);
	if (left(jc, 1) && *jc->p == close) {
		jc->p++;
		return true;
	}
	for (;;) {
		if (keyed) {
			if (!string(jc))
				return false;
			skip_ws(jc);
			if (!left(jc, 1) || *jc->p != ':')
				return fail(jc, "':' expected after a key");
			jc->p++;
		}
		if (!value(jc))
			return false;
		if (left(jc, 1) && *jc->p == close) {
			jc->p++;
			return true;
		}
		if (!left(jc, 1) || *jc->p != ',')
			return fail(jc, keyed ? "',' or '}' expected" : "',' or ']' expected");
		jc->p++;
		skip_ws(jc);
	}
}

/* Consume a container opened by open ('{' or '['), bounding the depth. */
static bool container(struct jc *jc, char open)
{
	bool ok;

	if (++jc->depth > JSONCHECK_MAX_DEPTH)
		return fail(jc, "nested too deep");
	jc->p++;
	ok = members(jc, open == '{' ? '}' : ']', open == '{');
	jc->depth--;
	return ok;
}

/* Consume one value with the white space around it. */
static bool value(struct jc *jc)
{
	bool ok;

	skip_ws(jc);
	if (!left(jc, 1))
		return fail(jc, "value expected");
	switch (*jc->p) {
	case '{': case '[': ok = container(jc, (char)*jc->p); break;
	case '"': ok = string(jc); break;
	case 't': ok = literal(jc, "true"); break;
	case 'f': ok = literal(jc, "false"); break;
	case 'n': ok = literal(jc, "null"); break;
	default: ok = number(jc); break;
	}
	skip_ws(jc);
	return ok;
}

int jsoncheck(const char *s, size_t n, const char **why, size_t *at)
{
	struct jc jc = { (const unsigned char *)s, (const unsigned char *)s,
			 (const unsigned char *)s + n, NULL, 0 };

	if (value(&jc) && jc.p != jc.end)
		fail(&jc, "text after the value");
	*why = jc.why;
	*at = (size_t)(jc.p - jc.start);
	return jc.why ? -EINVAL : 0;
}
