/* gha: GitHub Actions workflow commands and job summary; see gha.h. */
#include "gha.h"

#include <string.h>

#include "utf8.h"

/* Append s[0..n) with % \r \n (and : , when property) percent-encoded. */
static void gha_escape(struct strbuf *out, const char *s, size_t n, bool property)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '%' || c == '\r' || c == '\n' || (property && (c == ':' || c == ',')))
			sb_printf(out, "%%%02X", (unsigned char)c);
		else
			sb_putc(out, c);
	}
}

/* Escape a command's data (see gha.h). */
void gha_escape_data(struct strbuf *out, const char *s, size_t n)
{
	gha_escape(out, s, n, false);
}

/* Escape a command's property (see gha.h). */
void gha_escape_property(struct strbuf *out, const char *s, size_t n)
{
	gha_escape(out, s, n, true);
}

/* Append a workflow command line (see gha.h). */
void gha_command_line(struct strbuf *out, const char *command, const char *title,
		      const char *msg, size_t n, size_t max)
{
	size_t cut = utf8_cut(msg, n, max), keep = cut;

	while (keep > 0 && msg[keep - 1] == '\n')
		keep--; /* a trailing newline would show as an empty line */
	sb_printf(out, "::%s title=", command);
	gha_escape_property(out, title, strlen(title));
	sb_puts(out, "::");
	gha_escape_data(out, msg, keep);
	if (cut < n)
		gha_escape_data(out, "\n[...]", 6);
	sb_putc(out, '\n');
}

/* Append one character of untrusted text as Markdown; return its length. */
static size_t md_char(struct strbuf *out, const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t len;

	if (c == '\n' || c == '\r' || c == '\t') {
		sb_puts(out, c == '\n' ? "<br>" : c == '\t' ? " " : "");
		return 1;
	}
	if (c != 0 && strchr("\\`*_~[]!<>&|$@#:", c)) {
		sb_putc(out, '\\');
		sb_putc(out, (char)c);
		return 1;
	}
	len = c >= 0x20 && c != 0x7f ? utf8_decode(s, n, NULL) : 0;
	if (len == 0 || (len == 2 && c == 0xc2 && (unsigned char)s[1] < 0xa0)) {
		for (size_t i = 0; i < (len ? len : 1); i++)
			sb_printf(out, "\\x%02x", (unsigned char)s[i]);
		return len ? len : 1;
	}
	sb_add(out, s, len);
	return len;
}

/* Escape Markdown inline text (see gha.h). */
void gha_md_escape(struct strbuf *out, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n)
		i += md_char(out, s + i, n - i);
}

/* Append the heading and the lines about the run. */
static void put_head(const struct gha_summary *s, unsigned failed, uint64_t stalls,
		     struct strbuf *out)
{
	sb_printf(out, "### stallsup: exit status %d\n\n", s->status);
	sb_printf(out, "Exit status %d: %s.\n", s->status, s->status_text ? s->status_text : "");
	sb_printf(out, "%zu worker%s, %u failed, %llu stall%s, ", s->nworkers,
		  s->nworkers == 1 ? "" : "s", failed, (unsigned long long)stalls,
		  stalls == 1 ? "" : "s");
	outcome_seconds(s->wall_ms, out);
	sb_puts(out, ".\n");
	if (s->command) {
		sb_puts(out, "\nCommand: ");
		gha_md_escape(out, s->command, strlen(s->command));
		sb_putc(out, '\n');
	}
}

/* Append the table row of worker o. */
static void put_row(const struct outcome *o, struct strbuf *out)
{
	struct strbuf result = STRBUF_INIT;

	outcome_message(o, &result);
	sb_printf(out, "| %u | ", o->index);
	if (o->pid)
		sb_printf(out, "%d", (int)o->pid);
	else
		sb_puts(out, "-");
	sb_puts(out, " | ");
	gha_md_escape(out, sb_str(&result), result.len);
	sb_printf(out, " | %u | ", o->stalls);
	outcome_seconds(o->wall_ms, out);
	sb_puts(out, " |\n");
	sb_free(&result);
}

/* Append the table of workers: all of them, or only the failed ones when
 * there are more than GHA_SUMMARY_ROWS, and a line for those left out. */
static void put_table(const struct gha_summary *s, struct strbuf *out)
{
	bool all = s->nworkers <= GHA_SUMMARY_ROWS;
	size_t rows = 0, left = 0, left_failed = 0;

	sb_puts(out, "\n| worker | pid | result | stalls | wall time |\n");
	sb_puts(out, "| ---: | ---: | :--- | ---: | ---: |\n");
	for (size_t i = 0; i < s->nworkers; i++) {
		const struct outcome *o = &s->workers[i];
		bool failed = outcome_failed(o);

		if (rows < GHA_SUMMARY_ROWS && (all || failed)) {
			put_row(o, out);
			rows++;
		} else {
			left++;
			left_failed += failed;
		}
	}
	if (left > 0)
		sb_printf(out, "\n%zu more worker%s not listed (%zu of them failed).\n", left,
			  left == 1 ? "" : "s", left_failed);
}

/* Append the stall headlines, at most GHA_SUMMARY_HEADLINES of them. */
static void put_headlines(const struct gha_summary *s, struct strbuf *out)
{
	size_t shown = 0, total = 0;

	for (size_t i = 0; s->headlines && i < s->nworkers; i++) {
		const char *h = s->headlines[i];

		if (!h)
			continue;
		if (total++ == 0)
			sb_puts(out, "\n#### Stalls\n\n");
		if (shown >= GHA_SUMMARY_HEADLINES)
			continue;
		sb_printf(out, "- worker %u: ", s->workers[i].index);
		gha_md_escape(out, h, strlen(h));
		sb_putc(out, '\n');
		shown++;
	}
	if (total > shown)
		sb_printf(out, "- and %zu more stalled worker%s\n", total - shown,
			  total - shown == 1 ? "" : "s");
}

/* Append the job summary (see gha.h). */
void gha_summary(const struct gha_summary *s, struct strbuf *out)
{
	unsigned failed = 0;
	uint64_t stalls = 0;

	for (size_t i = 0; i < s->nworkers; i++) {
		failed += outcome_failed(&s->workers[i]);
		stalls += s->workers[i].stalls;
	}
	put_head(s, failed, stalls, out);
	put_table(s, out);
	put_headlines(s, out);
	sb_putc(out, '\n');
}
