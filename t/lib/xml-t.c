/* Tests for lib/xml.c. */
#include <string.h>

#include "basic.h"
#include "xml.h"

/* Return s[0..n) escaped as text (attr 0) or attribute (attr 1); the
 * buffer is reused per call. */
static const char *esc(const char *s, size_t n, int attr)
{
	static struct strbuf sb;

	sb_reset(&sb);
	xml_escape(&sb, s, n, attr != 0);
	return sb_str(&sb);
}

/* Escaping of text and attribute values. */
static void test_escape(void)
{
	is_str("plain text", esc("plain text", 10, 0), "plain text unchanged");
	is_str("&amp;&lt;&gt;&quot;&apos;", esc("&<>\"'", 5, 0), "the five markup characters");
	is_str("]]&gt;", esc("]]>", 3, 0), "]]> cannot end anything");
	is_str("a\tb\nc&#13;", esc("a\tb\nc\r", 6, 0), "text: tab and newline kept, CR a reference");
	is_str("a&#9;b&#10;c&#13;", esc("a\tb\nc\r", 6, 1), "attribute: tab, newline, CR references");
	is_str("\\x1b[31mred\\x00", esc("\033[31mred\0", 9, 0), "ESC and NUL: visible \\xNN");
	is_str("\\x7f\\xc2\\x9b", esc("\x7f\xc2\x9b", 3, 0), "DEL and the C1 CSI escaped");
	is_str("caf\xc3\xa9 \xe2\x82\xac", esc("caf\xc3\xa9 \xe2\x82\xac", 9, 0),
	       "valid UTF-8 kept");
	is_str("\\xff\\xc3(", esc("\xff\xc3(", 3, 0), "invalid UTF-8: each byte escaped");
	is_str("\\xef\\xbf\\xbe\\xef\\xbf\\xbf", esc("\xef\xbf\xbe\xef\xbf\xbf", 6, 0),
	       "U+FFFE and U+FFFF are not XML characters");
	is_str("\\xed\\xa0\\x80", esc("\xed\xa0\x80", 3, 0), "a surrogate is escaped");
}

/* Return true when every byte of s is allowed in XML 1.0 output and no
 * markup character appears outside the expected ones. */
static int all_bytes_safe(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 && c != '\t' && c != '\n')
			return 0;
		if (c == '<' || c == '>' || c == '"' || c == '\'' || c == 0x7f)
			return 0;
	}
	return 1;
}

/* Every byte value, alone and in pairs, escapes to safe text. */
static void test_every_byte(void)
{
	struct strbuf sb = STRBUF_INIT;
	char in[2];
	int bad = 0;

	for (int a = 0; a < 256; a++) {
		for (int b = 0; b < 256; b++) {
			in[0] = (char)a;
			in[1] = (char)b;
			sb_reset(&sb);
			xml_escape(&sb, in, 2, true);
			bad += !all_bytes_safe(sb.buf, sb.len);
		}
	}
	is_int(0, bad, "every pair of bytes escapes to safe attribute text");
	sb_free(&sb);
}

/* A small document: nesting, attributes, empty elements, text. */
static void test_document(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct xml x;

	xml_init(&x, &sb);
	xml_begin(&x, "suite");
	xml_attr(&x, "name", "a<b");
	xml_attr_u64(&x, "tests", 2);
	xml_attr(&x, "skipped", NULL);
	xml_begin(&x, "case");
	xml_attr(&x, "name", "one");
	xml_end(&x);
	xml_begin(&x, "case");
	xml_begin(&x, "out");
	xml_text(&x, "l1\nl2 & ]]>\n", 12);
	xml_end(&x);
	xml_end(&x);
	xml_end(&x);
	is_int(0, xml_finish(&x), "balanced document");
	is_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	       "<suite name=\"a&lt;b\" tests=\"2\">\n"
	       "  <case name=\"one\"/>\n"
	       "  <case>\n"
	       "    <out>l1\nl2 &amp; ]]&gt;\n</out>\n"
	       "  </case>\n"
	       "</suite>\n",
	       sb_str(&sb), "the document as written");
	sb_free(&sb);
}

/* Misuse is reported, not written silently. */
static void test_misuse(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct xml x;

	xml_init(&x, &sb);
	xml_begin(&x, "a");
	is_int(-22, xml_finish(&x), "an open element: -EINVAL");
	xml_text(&x, "t", 1);
	xml_attr(&x, "late", "v");
	xml_end(&x);
	is_int(-22, xml_finish(&x), "an attribute after text: -EINVAL");
	xml_init(&x, &sb);
	xml_end(&x);
	is_int(-22, xml_finish(&x), "closing nothing: -EINVAL");
	xml_init(&x, &sb);
	for (int i = 0; i <= XML_MAX_DEPTH; i++)
		xml_begin(&x, "d");
	is_int(-22, xml_finish(&x), "too deep: -EINVAL");
	/* Found by fuzz/xml: a document needs exactly one root element. */
	xml_init(&x, &sb);
	is_int(-22, xml_finish(&x), "no root element: -EINVAL");
	xml_init(&x, &sb);
	xml_begin(&x, "a");
	xml_end(&x);
	xml_begin(&x, "b");
	xml_end(&x);
	is_int(-22, xml_finish(&x), "a second root element: -EINVAL");
	sb_free(&sb);
}

int main(void)
{
	plan(20);
	test_escape();
	test_every_byte();
	test_document();
	test_misuse();
	return 0;
}
