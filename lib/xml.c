/* xml: an XML 1.0 writer with total escaping; see xml.h. */
#include "xml.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

/* True when code point cp may appear as itself: an XML 1.0 Char that is
 * neither a control character (C0, DEL, C1) nor U+FFFE or U+FFFF. Tab,
 * newline and carriage return are handled before this is asked. */
static bool xml_char_ok(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return false;
	return cp != 0xfffe && cp != 0xffff;
}

/* Append the entity or character reference for ASCII byte c if it needs
 * one (in an attribute value when attr); return false when it does not. */
static bool xml_reference(struct strbuf *out, unsigned char c, bool attr)
{
	static const char *const refs[128] = {
		['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;",
		['\''] = "&apos;", ['\r'] = "&#13;",
	};

	if ((c == '\t' || c == '\n') && !attr) {
		sb_putc(out, (char)c);
		return true;
	}
	if (c == '\t' || c == '\n') {
		sb_puts(out, c == '\t' ? "&#9;" : "&#10;");
		return true;
	}
	if (c >= 128 || refs[c] == NULL)
		return false;
	sb_puts(out, refs[c]);
	return true;
}

/* Append bytes s[0..n) as visible \xNN escapes. */
static void xml_hex(struct strbuf *out, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_printf(out, "\\x%02x", s[i]);
}

/* Escape s[0..n) into out (see xml.h). */
void xml_escape(struct strbuf *out, const char *s, size_t n, bool attr)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		if (xml_reference(out, u[i], attr)) {
			i++;
			continue;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			xml_hex(out, u + i, 1);
			i++;
		} else {
			if (xml_char_ok(cp))
				sb_add(out, s + i, len);
			else
				xml_hex(out, u + i, len);
			i += len;
		}
	}
}

/* Start a document (see xml.h). */
void xml_init(struct xml *x, struct strbuf *out)
{
	memset(x, 0, sizeof(*x));
	x->out = out;
	sb_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

/* Whether the document is complete (see xml.h). */
int xml_finish(const struct xml *x)
{
	if (x->err)
		return x->err;
	if (x->depth != 0 || x->in_tag || !x->children[0])
		return -EINVAL; /* open, or no root element */
	return x->out->err;
}

/* End an open start tag with '>' so content can follow. */
static void xml_close_tag(struct xml *x)
{
	if (x->in_tag) {
		sb_putc(x->out, '>');
		x->in_tag = false;
	}
}

/* Start a new line indented for the current depth, unless the element
 * around holds text (its content is written exactly). */
static void xml_indent(struct xml *x)
{
	if (x->text[x->depth])
		return;
	if (x->depth > 0 || x->children[0])
		sb_putc(x->out, '\n');
	for (unsigned i = 0; i < x->depth; i++)
		sb_puts(x->out, "  ");
}

/* Open an element (see xml.h). */
void xml_begin(struct xml *x, const char *name)
{
	if (x->depth >= XML_MAX_DEPTH || (x->depth == 0 && x->children[0])) {
		x->err = -EINVAL; /* too deep, or a second root element */
		return;
	}
	xml_close_tag(x);
	xml_indent(x);
	x->children[x->depth] = true;
	sb_printf(x->out, "<%s", name);
	x->open[x->depth++] = name;
	x->children[x->depth] = x->text[x->depth] = false;
	x->in_tag = true;
}

/* Add an attribute of n bytes (see xml.h). */
void xml_attr_n(struct xml *x, const char *name, const char *value, size_t n)
{
	if (!x->in_tag) {
		x->err = -EINVAL;
		return;
	}
	sb_printf(x->out, " %s=\"", name);
	xml_escape(x->out, value, n, true);
	sb_putc(x->out, '"');
}

/* Add an attribute (see xml.h). */
void xml_attr(struct xml *x, const char *name, const char *value)
{
	if (value)
		xml_attr_n(x, name, value, strlen(value));
}

/* Add a numeric attribute (see xml.h). */
void xml_attr_u64(struct xml *x, const char *name, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	xml_attr(x, name, buf);
}

/* Append text (see xml.h). */
void xml_text(struct xml *x, const char *s, size_t n)
{
	if (x->depth == 0) {
		x->err = -EINVAL;
		return;
	}
	xml_close_tag(x);
	x->text[x->depth] = true;
	xml_escape(x->out, s, n, false);
}

/* Close the innermost element (see xml.h). */
void xml_end(struct xml *x)
{
	const char *name;

	if (x->depth == 0) {
		x->err = -EINVAL;
		return;
	}
	name = x->open[--x->depth];
	if (x->in_tag) {
		sb_puts(x->out, "/>");
		x->in_tag = false;
	} else {
		if (x->children[x->depth + 1] && !x->text[x->depth + 1])
			xml_indent(x);
		sb_printf(x->out, "</%s>", name);
	}
	if (x->depth == 0)
		sb_putc(x->out, '\n');
}
