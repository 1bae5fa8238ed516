/* escape: make untrusted text safe for a terminal; see escape.h. */
#include "escape.h"

#include <stdbool.h>
#include <stdio.h>

/* Append the escaped form of one byte c; keep_newline passes '\n' through. */
static void escape_byte(struct strbuf *out, unsigned char c, bool keep_newline)
{
	char hex[8];

	switch (c) {
	case '\\': sb_puts(out, "\\\\"); return;
	case '"': sb_puts(out, "\\\""); return;
	case '\t': sb_puts(out, "\\t"); return;
	case '\r': sb_puts(out, "\\r"); return;
	case '\n':
		sb_puts(out, keep_newline ? "\n" : "\\n");
		return;
	default:
		break;
	}
	if (c >= 0x20 && c < 0x7f) {
		sb_putc(out, (char)c);
		return;
	}
	snprintf(hex, sizeof(hex), "\\x%02x", c);
	sb_puts(out, hex);
}

void escape_human(struct strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		escape_byte(out, (unsigned char)s[i], false);
}

void escape_human_block(struct strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		escape_byte(out, (unsigned char)s[i], true);
}
