/* xml: write an XML 1.0 document into a strbuf, untrusted text made safe.
 *
 * Element and attribute names are the caller's constants, written as given.
 * Every value and every piece of text is escaped totally:
 *   &  <  >  "  '        become &amp; &lt; &gt; &quot; &apos;
 *   \t \n                kept in text; &#9; &#10; in attribute values (a
 *                        parser would turn them into spaces there)
 *   \r                   &#13; (a parser would turn it into \n)
 *   other control bytes, DEL, the C1 controls U+0080..U+009F, U+FFFE,
 *   U+FFFF and every byte that is not part of valid UTF-8
 *                        a visible \xNN per byte (so "\x1b[31m" shows as
 *                        text; nothing a terminal would interpret remains)
 * So any bytes make well-formed XML, and "]]>" is harmless (no CDATA is
 * written). Elements are indented by two spaces per level, except inside an
 * element that holds text, whose content is written exactly. */
#ifndef STALLSUP_XML_H
#define STALLSUP_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

#define XML_MAX_DEPTH 16

struct xml {
	struct strbuf *out;                  /* where text goes */
	const char *open[XML_MAX_DEPTH];     /* names of the open elements */
	bool children[XML_MAX_DEPTH + 1];    /* an element child was written at this level */
	bool text[XML_MAX_DEPTH + 1];        /* text was written at this level */
	unsigned depth;                      /* open elements */
	bool in_tag;                         /* a start tag is open: attributes may follow */
	int err;                             /* 0, or -EINVAL on misuse */
};

/* Start a document in out (appending): writes the XML declaration. The
 * caller may empty out between calls (to stream a large document). */
void xml_init(struct xml *x, struct strbuf *out);
/* Return 0 when exactly one root element was written and every element
 * was closed, else -EINVAL (misuse: no root or a second one included) or
 * out's -ENOMEM. */
int xml_finish(const struct xml *x);

/* Open element name: its attributes may follow, then text or children. */
void xml_begin(struct xml *x, const char *name);
/* Add attribute name="value" to the element just opened (before any text or
 * child); a NULL value writes nothing. */
void xml_attr(struct xml *x, const char *name, const char *value);
void xml_attr_n(struct xml *x, const char *name, const char *value, size_t n);
void xml_attr_u64(struct xml *x, const char *name, uint64_t v);
/* Append text s[0..n) to the open element. */
void xml_text(struct xml *x, const char *s, size_t n);
/* Close the innermost open element ("<a/>" when it is empty). */
void xml_end(struct xml *x);

/* Append s[0..n) escaped as text content (attr false) or as an attribute
 * value (attr true) to out, following the table above. */
void xml_escape(struct strbuf *out, const char *s, size_t n, bool attr);

#endif
