/* gha: GitHub Actions' workflow commands and job summary, as text.
 *
 * A workflow command is one line on standard output that the runner reads:
 *   ::error title=TITLE::MESSAGE
 * Its data is escaped as GitHub documents it (the toolkit's escapeData and
 * escapeProperty): in the message % \r \n become %25 %0D %0A; in a
 * property (title) also : and , become %3A and %2C. So no byte of the data
 * can end the line or the property list.
 *
 * The job summary is GitHub-flavoured Markdown appended to the file named
 * by $GITHUB_STEP_SUMMARY. Untrusted text in it (the command line, stall
 * headlines) goes through gha_md_escape: each character that can start
 * inline markup is backslash-escaped (\ ` * _ ~ [ ] ! < > & | $ @ # :,
 * which CommonMark renders as themselves), so no table cell ends at a |, and
 * no code span, emphasis, link, image, HTML, entity, math, mention, issue
 * reference, emoji or URL can be made; a newline becomes <br>, \r is
 * dropped, a tab becomes a space, and control bytes, the C1 controls and
 * invalid UTF-8 become a visible \xNN. The text is always written after
 * some text of ours, so the constructs of a line's start (headings, lists,
 * quotes) cannot apply. */
#ifndef STALLSUP_GHA_H
#define STALLSUP_GHA_H

#include <stddef.h>
#include <stdint.h>

#include "outcome.h"
#include "strbuf.h"

/* At most this many worker rows in the summary's table (then only the
 * failed workers are listed, and a line counts the others). */
#define GHA_SUMMARY_ROWS 100
/* At most this many stall headlines in the summary. */
#define GHA_SUMMARY_HEADLINES 20

/* Append s[0..n) escaped as a command's data (the message) to out. */
void gha_escape_data(struct strbuf *out, const char *s, size_t n);
/* Append s[0..n) escaped as a command's property value to out. */
void gha_escape_property(struct strbuf *out, const char *s, size_t n);
/* Append the line "::COMMAND title=TITLE::MESSAGE\n" to out (command is
 * "error", "warning" or "notice"), the message being msg[0..n) cut to at
 * most max bytes (at a line end when there is one, never inside a UTF-8
 * sequence) followed by "\n[...]" when cut. */
void gha_command_line(struct strbuf *out, const char *command, const char *title,
		      const char *msg, size_t n, size_t max);
/* Append s[0..n) escaped as Markdown inline text (see above) to out. */
void gha_md_escape(struct strbuf *out, const char *s, size_t n);

/* What the job summary shows. */
struct gha_summary {
	const struct outcome *workers;   /* every worker */
	size_t nworkers;
	const char *const *headlines;    /* per worker: its first stall's headline, or NULL */
	const char *command;             /* the command line (untrusted), or NULL */
	int status;                      /* stallsup's exit status */
	const char *status_text;         /* what it means (outcome_status_text) */
	uint64_t wall_ms;                /* the run's wall time */
};

/* Append the Markdown job summary of s to out: a heading with the exit
 * status and its meaning, the command, a table of the workers (index, pid,
 * result, stalls, wall time) and the stall headlines. */
void gha_summary(const struct gha_summary *s, struct strbuf *out);

#endif
