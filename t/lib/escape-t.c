/* Tests for lib/escape.c. */
#include <string.h>

#include "basic.h"
#include "escape.h"

/* Return the escaped form of s (static buffer reused per call). */
static const char *esc(const char *s, size_t n, int block)
{
	static struct strbuf sb;

	sb_reset(&sb);
	if (block)
		escape_human_block(&sb, s, n);
	else
		escape_human(&sb, s, n);
	return sb_str(&sb);
}

int main(void)
{
	plan(7);
	is_str("bench", esc("bench", 5, 0), "plain text unchanged");
	is_str("a\\nb", esc("a\nb", 3, 0), "newline escaped");
	is_str("\\x1b[31mred", esc("\033[31mred", 8, 0), "ESC escaped as \\x1b");
	is_str("q\\\"\\\\", esc("q\"\\", 3, 0), "quote and backslash escaped");
	is_str("\\x00\\x7f\\xc3\\xa9", esc("\0\x7f\xc3\xa9", 4, 0), "NUL, DEL and high bytes escaped");
	is_str("l1\nl2\\x07", esc("l1\nl2\a", 6, 1), "block form keeps newlines only");
	is_str("tab\\there", esc("tab\there", 8, 0), "tab escaped");
	return 0;
}
