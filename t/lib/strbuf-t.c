/* Tests for lib/strbuf.c. */
#include <string.h>

#include "basic.h"
#include "strbuf.h"

int main(void)
{
	struct strbuf sb = STRBUF_INIT;

	plan(6);
	is_str("", sb_str(&sb), "empty buffer reads as empty string");
	sb_puts(&sb, "abc");
	sb_putc(&sb, '-');
	sb_printf(&sb, "%d/%s", 42, "x");
	is_str("abc-42/x", sb_str(&sb), "puts, putc and printf append");
	is_int(8, (long long)sb.len, "length tracks contents");
	for (int i = 0; i < 1000; i++)
		sb_puts(&sb, "0123456789");
	is_int(10008, (long long)sb.len, "buffer grows past many doublings");
	sb_reset(&sb);
	is_str("", sb_str(&sb), "reset empties");
	sb_add(&sb, "a\0b", 3);
	ok(sb.len == 3 && memcmp(sb.buf, "a\0b", 4) == 0, "embedded NUL kept, NUL-terminated");
	sb_free(&sb);
	return 0;
}
