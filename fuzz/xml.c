/* Fuzz target: the XML writer (xml_begin, xml_attr, xml_attr_n,
 * xml_attr_u64, xml_text, xml_end, xml_finish) and xml_escape.
 *
 * Input: each byte picks a call (its low 3 bits); the following bytes are
 * its arguments: a length byte then the bytes of a value or text (any
 * bytes, NULs included), 8 bytes of a number.
 *
 * Properties:
 * - a model of the writer's rules says whether xml_finish must succeed
 *   (exactly one root element, every element closed, no attribute outside a
 *   start tag, no text outside an element, no end without an element, at
 *   most XML_MAX_DEPTH levels): it returns 0 exactly then, else -EINVAL;
 * - whenever it returns 0 the text written is a well-formed XML 1.0
 *   document, checked by a strict checker written here (the declaration,
 *   one root element, names, unique attributes, quoted values with no raw
 *   '<' or '&', only the five entities and character references to Chars,
 *   no "]]>" in text, every character valid UTF-8 and an XML Char), and it
 *   holds no control byte but \t and \n, no C1 control and no raw \r;
 * - xml_escape's output, read back (entities and character references
 *   decoded), is the input with each byte the header names (control bytes,
 *   DEL, C1 controls, U+FFFE, U+FFFF, bytes outside valid UTF-8) shown as
 *   \xNN, decided by the reference UTF-8 decoder of check.c; in attribute
 *   mode it holds no raw \t, \n, \r, '"' or '<'. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "xml.h"

/* True when cp is an XML 1.0 Char. */
static bool is_char(uint32_t cp)
{
	return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
	       (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/* A document being checked: its text and the read position. */
struct doc {
	const char *s;
	size_t n, i;
};

/* Read one character at d->i into *cp (valid UTF-8 and a Char, with no raw
 * control other than \t \n, no C1); false when it is not. */
static bool next_char(struct doc *d, uint32_t *cp)
{
	size_t len = fuzz_utf8(d->s + d->i, d->n - d->i, cp);

	if (len == 0 || !is_char(*cp) || *cp == '\r' || (*cp >= 0x7f && *cp <= 0x9f))
		return false;
	d->i += len;
	return true;
}

/* True when the next bytes are t (then skip them). */
static bool eat(struct doc *d, const char *t)
{
	size_t k = strlen(t);

	if (d->n - d->i < k || memcmp(d->s + d->i, t, k) != 0)
		return false;
	d->i += k;
	return true;
}

/* Skip white space (S). */
static void skip_space(struct doc *d)
{
	while (d->i < d->n && strchr(" \t\r\n", d->s[d->i]) && d->s[d->i])
		d->i++;
}

/* Read a Name (ASCII subset) into *p, *k; false when there is none. */
static bool name(struct doc *d, const char **p, size_t *k)
{
	size_t b = d->i;

	while (d->i < d->n && (strchr("_:.-", d->s[d->i]) || (d->s[d->i] >= 'a' && d->s[d->i] <= 'z') ||
			       (d->s[d->i] >= 'A' && d->s[d->i] <= 'Z') ||
			       (d->i > b && d->s[d->i] >= '0' && d->s[d->i] <= '9')) && d->s[d->i])
		d->i++;
	*p = d->s + b;
	*k = d->i - b;
	return *k > 0 && d->s[b] != '-' && d->s[b] != '.';
}

/* Read a reference after '&' into *cp; false when it is not one. */
static bool reference(struct doc *d, uint32_t *cp)
{
	static const char *const ents[] = { "amp;", "lt;", "gt;", "quot;", "apos;" };
	static const char vals[] = "&<>\"'";
	unsigned long v = 0;
	size_t digits = 0;
	bool hex;

	for (size_t e = 0; e < 5; e++)
		if (eat(d, ents[e])) {
			*cp = (unsigned char)vals[e];
			return true;
		}
	if (!eat(d, "#"))
		return false;
	hex = eat(d, "x");
	for (; d->i < d->n && d->s[d->i] != ';' && v <= 0x10ffff; d->i++, digits++) {
		char c = d->s[d->i];
		int x = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
			: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (x < 0)
			return false;
		v = v * (hex ? 16 : 10) + (unsigned)x;
	}
	*cp = (uint32_t)v;
	return digits > 0 && eat(d, ";") && is_char(*cp);
}

/* Check character data or an attribute value (quote q, else 0) up to '<'
 * (or q); append what it reads as (UTF-8 of each character) to back when
 * not NULL. False when it is not well-formed. */
static bool chardata(struct doc *d, char q, struct strbuf *back)
{
	uint32_t cp;

	while (d->i < d->n && d->s[d->i] != (q ? q : '<')) {
		size_t b = d->i;

		if (d->s[d->i] == '<' || (!q && eat(d, "]]>")))
			return false;
		if (eat(d, "&")) {
			if (!reference(d, &cp))
				return false;
			if (back && cp < 0x80)
				sb_putc(back, (char)cp);
			else if (back)
				return false; /* the writer refers only to ASCII */
			continue;
		}
		if (!next_char(d, &cp))
			return false;
		if (back)
			sb_add(back, d->s + b, d->i - b);
	}
	return true;
}

/* Check one element at d->i, nested depth deep. */
static bool element(struct doc *d, unsigned depth)
{
	const char *nm, *an, *seen[64], *en;
	size_t nk, ak, seenk[64], ns = 0, ek;

	if (depth > 64 || !eat(d, "<") || !name(d, &nm, &nk))
		return false;
	for (;;) {
		size_t before = d->i;
		char q;

		skip_space(d);
		if (eat(d, "/>"))
			return true;
		if (eat(d, ">"))
			break;
		if (d->i == before || !name(d, &an, &ak) || ns == 64)
			return false;
		for (size_t k = 0; k < ns; k++)
			if (seenk[k] == ak && memcmp(seen[k], an, ak) == 0)
				return false;
		seen[ns] = an;
		seenk[ns++] = ak;
		skip_space(d);
		if (!eat(d, "="))
			return false;
		skip_space(d);
		if (d->i == d->n || (d->s[d->i] != '"' && d->s[d->i] != '\''))
			return false;
		q = d->s[d->i++];
		if (!chardata(d, q, NULL) || d->i == d->n)
			return false;
		d->i++;
	}
	for (;;) {
		if (!chardata(d, 0, NULL) || d->i == d->n)
			return false;
		if (eat(d, "</"))
			break;
		if (!element(d, depth + 1))
			return false;
	}
	if (!name(d, &en, &ek) || ek != nk || memcmp(en, nm, nk) != 0)
		return false;
	skip_space(d);
	return eat(d, ">");
}

/* True when s[0..n) is a well-formed document as xml_init starts it. */
static bool well_formed(const char *s, size_t n)
{
	struct doc d = { s, n, 0 };

	if (!eat(&d, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
		return false;
	skip_space(&d);
	if (!element(&d, 0))
		return false;
	skip_space(&d);
	return d.i == d.n;
}

/* The reading back of xml_escape(s[0..n)) the header promises. */
static void expected_text(const char *s, size_t n, struct strbuf *out)
{
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		len = fuzz_utf8(s + i, n - i, &cp);
		if (len == 1 && (cp == '\t' || cp == '\n' || cp == '\r')) {
			sb_putc(out, s[i]);
		} else if (len == 0 || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xfffe ||
			   cp == 0xffff) {
			for (size_t k = 0; k < (len ? len : 1); k++)
				sb_printf(out, "\\x%02x", (unsigned char)s[i + k]);
		} else {
			sb_add(out, s + i, len);
		}
		i += len ? len : 1;
	}
}

/* Check xml_escape on s[0..n) in both modes. */
static void check_escape(const char *s, size_t n)
{
	struct strbuf esc = STRBUF_INIT, back = STRBUF_INIT, want = STRBUF_INIT;

	expected_text(s, n, &want);
	for (int attr = 0; attr < 2; attr++) {
		struct doc d;

		sb_reset(&esc);
		sb_reset(&back);
		xml_escape(&esc, s, n, attr);
		d = (struct doc){ sb_str(&esc), esc.len, 0 };
		FUZZ_CHECK(chardata(&d, attr ? '"' : 0, &back) && d.i == d.n,
			   "xml_escape (attr %d): not well-formed at %zu", attr, d.i);
		FUZZ_CHECK(back.len == want.len && memcmp(sb_str(&back), sb_str(&want), want.len) == 0,
			   "xml_escape (attr %d): does not read back as the input", attr);
		if (attr && esc.len > 0) /* (an empty buffer may have no memory) */
			FUZZ_CHECK(!memchr(esc.buf, '\t', esc.len) && !memchr(esc.buf, '\n', esc.len) &&
					   !memchr(esc.buf, '"', esc.len),
				   "xml_escape: raw tab, newline or quote in an attribute value");
	}
	sb_free(&esc);
	sb_free(&back);
	sb_free(&want);
}

/* The model: what xml_finish must say. */
struct model {
	unsigned depth, roots, attrs;
	bool in_tag, misuse;
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "a", "report", "x:y", "B_1.c-d" };
	static const char *const attrs[] = { "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7" };
	struct fuzz_in in = { data, size };
	struct strbuf out = STRBUF_INIT;
	struct model m = { 0, 0, 0, false, false };
	struct xml x;
	size_t start, k;
	const char *p;
	char *c;
	int r;

	sb_puts(&out, "kept");
	start = out.len;
	xml_init(&x, &out);
	while (in.n > 0) {
		unsigned op = fuzz_byte(&in);

		switch (op & 7) {
		case 0:
			m.misuse |= m.depth == XML_MAX_DEPTH || (m.depth == 0 && m.roots > 0);
			if (m.depth < XML_MAX_DEPTH) {
				m.roots += m.depth == 0;
				m.depth++;
				m.in_tag = true;
				m.attrs = 0;
			}
			xml_begin(&x, names[op >> 3 & 3]);
			break;
		case 1: case 7: case 3:
			if (m.attrs == 8)
				break; /* attribute names must be unique */
			m.misuse |= !m.in_tag;
			if ((op & 7) == 3) {
				xml_attr_u64(&x, attrs[m.attrs], fuzz_u64(&in));
			} else if ((op & 7) == 1) {
				k = fuzz_take(&in, fuzz_byte(&in), &p);
				xml_attr_n(&x, attrs[m.attrs], p, k);
			} else {
				k = fuzz_take(&in, fuzz_byte(&in), &p);
				c = fuzz_cstring((const uint8_t *)p, k);
				xml_attr(&x, attrs[m.attrs], c);
				free(c);
			}
			m.attrs += m.in_tag;
			break;
		case 2:
			xml_attr(&x, attrs[0], NULL); /* writes nothing */
			break;
		case 4:
			m.misuse |= m.depth == 0;
			m.in_tag = false;
			k = fuzz_take(&in, fuzz_byte(&in), &p);
			xml_text(&x, p, k);
			break;
		case 5:
			m.misuse |= m.depth == 0;
			m.depth -= m.depth > 0;
			m.in_tag = false;
			xml_end(&x);
			break;
		default:
			k = fuzz_take(&in, fuzz_byte(&in), &p);
			check_escape(p, k);
			break;
		}
	}
	r = xml_finish(&x);
	FUZZ_CHECK(r == (m.misuse || m.depth || m.roots != 1 ? -EINVAL : 0),
		   "xml_finish returned %d, the model %s", r,
		   m.misuse || m.depth || m.roots != 1 ? "-EINVAL" : "0");
	FUZZ_CHECK(memcmp(out.buf, "kept", 4) == 0, "the text before xml_init was changed");
	if (r == 0)
		FUZZ_CHECK(well_formed(out.buf + start, out.len - start),
			   "xml_finish returned 0 but the document is not well-formed");
	sb_free(&out);
	return 0;
}
