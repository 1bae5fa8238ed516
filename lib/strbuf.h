/* strbuf: a growable, always NUL-terminated byte buffer.
 *
 * Appends never fail visibly: on allocation failure the buffer remembers
 * -ENOMEM in err and ignores further appends, so callers check once at the end. */
#ifndef STALLSUP_STRBUF_H
#define STALLSUP_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;   /* NUL-terminated contents, or NULL before the first append */
	size_t len;  /* bytes used, not counting the NUL */
	size_t cap;  /* bytes allocated */
	int err;     /* 0, or -ENOMEM after a failed allocation */
};

#define STRBUF_INIT { NULL, 0, 0, 0 }

/* Make sb empty and unallocated. */
void sb_init(struct strbuf *sb);
/* Release sb's memory and make it empty. */
void sb_free(struct strbuf *sb);
/* Truncate sb to zero length, keeping its memory and clearing err. */
void sb_reset(struct strbuf *sb);
/* Append n bytes of s. */
void sb_add(struct strbuf *sb, const char *s, size_t n);
/* Append a NUL-terminated string. */
void sb_puts(struct strbuf *sb, const char *s);
/* Append one byte. */
void sb_putc(struct strbuf *sb, char c);
/* Append printf-formatted text. */
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append vprintf-formatted text. */
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Return the contents ("" when nothing was appended). */
const char *sb_str(const struct strbuf *sb);

#endif
