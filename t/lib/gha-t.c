/* Tests for lib/gha.c. */
#include <signal.h>
#include <string.h>

#include "basic.h"
#include "gha.h"

/* Return s escaped by fn (buffer reused per call). */
static const char *esc(void (*fn)(struct strbuf *, const char *, size_t), const char *s,
		       size_t n)
{
	static struct strbuf sb;

	sb_reset(&sb);
	fn(&sb, s, n);
	return sb_str(&sb);
}

/* Workflow command escaping, as GitHub documents it. */
static void test_commands(void)
{
	struct strbuf sb = STRBUF_INIT;
	static const char report[] = "stallsup: worker 0 stall detected\n  50% done, a:b\r\n";

	is_str("50%25 a%0Db%0Ac: d, e", esc(gha_escape_data, "50% a\rb\nc: d, e", 16),
	       "data: percent, CR, LF encoded; colon and comma kept");
	is_str("50%25 a%0Db%0Ac%3A d%2C e", esc(gha_escape_property, "50% a\rb\nc: d, e", 16),
	       "property: : and , encoded too");
	gha_command_line(&sb, "error", "stallsup: worker 0 stalled (sleeping), kill", report,
		       sizeof(report) - 1, 4096);
	is_str("::error title=stallsup%3A worker 0 stalled (sleeping)%2C kill::stallsup: worker 0 "
	       "stall detected%0A  50%25 done, a:b%0D\n", sb_str(&sb),
	       "one ::error line: escaped title and message, no trailing newline");
	sb_reset(&sb);
	gha_command_line(&sb, "error", "t", "line one\nline two\n", 18, 12);
	is_str("::error title=t::line one%0A[...]\n", sb_str(&sb), "cut at a line end when too long");
	sb_reset(&sb);
	gha_command_line(&sb, "warning", "t", "caf\xc3\xa9", 5, 4);
	is_str("::warning title=t::caf%0A[...]\n", sb_str(&sb), "never cut inside a UTF-8 sequence");
	ok(strchr(sb_str(&sb), '\n') == sb_str(&sb) + sb.len - 1, "exactly one line");
	sb_free(&sb);
}

/* Markdown escaping of untrusted text. */
static void test_markdown(void)
{
	is_str("a \\| b", esc(gha_md_escape, "a | b", 5), "a pipe cannot end a cell");
	is_str("l1<br>l2", esc(gha_md_escape, "l1\r\nl2", 6), "newline: <br>, CR dropped");
	is_str("\\<script\\>\\[x\\](y) \\*b\\* \\@me \\#1 \\:smile\\:",
	       esc(gha_md_escape, "<script>[x](y) *b* @me #1 :smile:", 33),
	       "HTML, links, emphasis, mentions, references, emoji: all literal");
	is_str("\\x1b\\x00\\xff\\xc2\\x9b caf\xc3\xa9", esc(gha_md_escape, "\x1b\0\xff\xc2\x9b caf\xc3\xa9", 11),
	       "control bytes, C1 and invalid UTF-8 visible, UTF-8 kept");
	is_str("a\\\\b", esc(gha_md_escape, "a\\b", 3), "a backslash stays a backslash");
	is_str("it's (a) \\$x \\~y\\~ \\`z\\` \\_w\\_ a\\&amp;",
	       esc(gha_md_escape, "it's (a) $x ~y~ `z` _w_ a&amp;", 30),
	       "math, strikethrough, code, emphasis, entities literal; quotes, parentheses raw");
}

/* The job summary. */
static void test_summary(void)
{
	static const struct outcome w[] = {
		{ .index = 0, .pid = 10, .exited = true, .exit_signal = SIGKILL, .stalls = 1,
		  .stall_class = "sleeping", .stall_action = "kill", .observed = true, .wall_ms = 1200 },
		{ .index = 1, .pid = 11, .exited = true, .exit_code = 3, .observed = true, .wall_ms = 5 },
		{ .index = 2, .pid = 12, .exited = true, .observed = true, .wall_ms = 6 },
	};
	const char *heads[] = { "stallsup: worker 0 | stall <b>", NULL, NULL };
	struct gha_summary s = { .workers = w, .nworkers = 3, .headlines = heads,
				 .command = "./bench | rm", .status = 123,
				 .status_text = "a stall policy acted", .wall_ms = 1300 };
	struct strbuf sb = STRBUF_INIT;

	gha_summary(&s, &sb);
	is_str("### stallsup: exit status 123\n\n"
	       "Exit status 123: a stall policy acted.\n"
	       "3 workers, 2 failed, 1 stall, 1.300s.\n\n"
	       "Command: ./bench \\| rm\n\n"
	       "| worker | pid | result | stalls | wall time |\n"
	       "| ---: | ---: | :--- | ---: | ---: |\n"
	       "| 0 | 10 | stalled (sleeping), killed | 1 | 1.200s |\n"
	       "| 1 | 11 | exit 3 | 0 | 0.005s |\n"
	       "| 2 | 12 | ok | 0 | 0.006s |\n\n"
	       "#### Stalls\n\n"
	       "- worker 0: stallsup\\: worker 0 \\| stall \\<b\\>\n\n",
	       sb_str(&sb), "summary: heading, status, command, table, headlines");
	sb_free(&sb);
}

/* A large run lists only its failed workers, and counts the rest. */
static void test_large(void)
{
	static struct outcome w[GHA_SUMMARY_ROWS + 50];
	static const char *heads[GHA_SUMMARY_ROWS + 50];
	struct gha_summary s = { .workers = w, .nworkers = GHA_SUMMARY_ROWS + 50,
				 .headlines = heads, .status = 123, .status_text = "x" };
	struct strbuf sb = STRBUF_INIT;
	size_t rows = 0, items = 0;
	const char *p;

	for (size_t i = 0; i < s.nworkers; i++) {
		w[i] = (struct outcome){ .index = (unsigned)i, .pid = 100 + (int)i, .exited = true,
					 .observed = true };
		if (i % 5 == 0) {
			w[i].stalls = 1;
			heads[i] = "h";
		}
	}
	gha_summary(&s, &sb);
	for (p = sb_str(&sb); (p = strstr(p, "\n| ")) != NULL; p++)
		rows++;
	for (p = sb_str(&sb); (p = strstr(p, "\n- worker")) != NULL; p++)
		items++;
	is_int(2 + 30, (long long)rows, "150 workers: header, separator and the 30 failed rows only");
	ok(strstr(sb_str(&sb), "120 more workers not listed (0 of them failed).") != NULL,
	   "... and a line counting the others");
	is_int(GHA_SUMMARY_HEADLINES, (long long)items, "headlines bounded");
	ok(strstr(sb_str(&sb), "- and 10 more stalled workers\n") != NULL, "... and counted");
	sb_free(&sb);
}

int main(void)
{
	plan(17);
	test_commands();
	test_markdown();
	test_summary();
	test_large();
	return 0;
}
