/* cmdline: render /proc/<pid>/cmdline as one quoted, escaped, bounded line;
 * see cmdline.h. */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmdline.h"

/* How one word is written. */
enum style {
	PLAIN,  /* as is */
	SQUOTE, /* '...' */
	ANSI,   /* $'...' */
};

/* One word of the command line. */
struct word {
	const char *p;
	size_t n;
};

#define ELLIPSIS "..."

/* True for a byte a word may hold unquoted. */
static bool is_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("_@%+=:,./-", c) != NULL);
}

/* Return how word w (the command's first when first) must be written. */
static enum style word_style(struct word w, bool first)
{
	enum style s = w.n ? PLAIN : SQUOTE;

	for (size_t i = 0; i < w.n; i++) {
		unsigned char c = (unsigned char)w.p[i];

		if (c < 0x20 || c >= 0x7f)
			return ANSI;
		if (!is_safe(c) || (first && c == '='))
			s = SQUOTE;
	}
	return s;
}

/* Write byte c as style s writes it into buf; returns its length (<= 4). */
static size_t render_byte(enum style s, unsigned char c, char buf[8])
{
	const char *esc = NULL;

	if (s == SQUOTE && c == '\'')
		esc = "'\\''";
	else if (s == ANSI && (c == '\\' || c == '\''))
		return (size_t)snprintf(buf, 8, "\\%c", c);
	else if (s == ANSI && c == '\n')
		esc = "\\n";
	else if (s == ANSI && c == '\t')
		esc = "\\t";
	else if (s == ANSI && c == '\r')
		esc = "\\r";
	else if (s == ANSI && (c < 0x20 || c >= 0x7f))
		return (size_t)snprintf(buf, 8, "\\x%02x", c);
	if (esc == NULL) {
		buf[0] = (char)c;
		buf[1] = '\0';
		return 1;
	}
	return (size_t)snprintf(buf, 8, "%s", esc);
}

/* The opening quote of style s. */
static const char *open_quote(enum style s)
{
	return s == ANSI ? "$'" : s == SQUOTE ? "'" : "";
}

/* Say whether all of w fits in room bytes (quotes included) written in style
 * s; *nbytes gets how many of its leading bytes fit (0 when not even the
 * quotes and one byte do). */
static bool word_fits(struct word w, enum style s, size_t room, size_t *nbytes)
{
	size_t used = strlen(open_quote(s)) + (s == PLAIN ? 0 : 1), i;
	char buf[8];

	*nbytes = 0;
	if (used > room)
		return false;
	for (i = 0; i < w.n; i++) {
		used += render_byte(s, (unsigned char)w.p[i], buf);
		if (used > room)
			return false;
		*nbytes = i + 1;
	}
	return true;
}

/* Append the first nbytes of w in style s, with its quotes. */
static void put_word(struct strbuf *out, struct word w, enum style s, size_t nbytes)
{
	char buf[8];

	sb_puts(out, open_quote(s));
	for (size_t i = 0; i < nbytes; i++) {
		size_t k = render_byte(s, (unsigned char)w.p[i], buf);

		sb_add(out, buf, k);
	}
	if (s != PLAIN)
		sb_putc(out, '\'');
}

/* Return word number *pos of raw[0..end) and advance *pos past it; false
 * when there is none left. */
static bool next_word(const char *raw, size_t end, size_t *pos, struct word *w)
{
	const char *nul;

	if (*pos > end)
		return false;
	w->p = raw + *pos;
	nul = memchr(w->p, '\0', end - *pos);
	w->n = nul ? (size_t)(nul - w->p) : end - *pos;
	*pos += w->n + 1;
	return true;
}

/* Append as many words as fit in budget bytes to the empty line; returns
 * true when all did. A word that does not fit is cut, if a byte of it fits. */
static bool add_words(struct strbuf *line, const char *raw, size_t end, size_t budget)
{
	struct word w;
	size_t pos = 0, nbytes, sep;
	enum style s;

	while (next_word(raw, end, &pos, &w)) {
		sep = line->len > 0 ? 1 : 0;
		s = word_style(w, line->len == 0);
		if (line->len + sep > budget)
			return false;
		if (word_fits(w, s, budget - line->len - sep, &nbytes)) {
			sb_add(line, " ", sep);
			put_word(line, w, s, w.n);
			continue;
		}
		if (nbytes > 0) {
			sb_add(line, " ", sep);
			put_word(line, w, s, nbytes);
		}
		return false;
	}
	return true;
}

int cmdline_format(struct strbuf *out, const char *raw, size_t len, size_t max)
{
	struct strbuf line = STRBUF_INIT;
	int r;

	if (max < CMDLINE_MIN_MAX)
		return -EINVAL;
	while (len > 0 && raw[len - 1] == '\0')
		len--; /* the terminator, and setproctitle's padding */
	if (len == 0)
		return -ENODATA;
	if (!add_words(&line, raw, len, max)) {
		sb_reset(&line); /* too long: again, with room for the ellipsis */
		add_words(&line, raw, len, max - strlen(ELLIPSIS));
		sb_puts(&line, ELLIPSIS);
	}
	sb_add(out, sb_str(&line), line.len);
	r = line.err ? line.err : out->err;
	sb_free(&line);
	return r;
}
