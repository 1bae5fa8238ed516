/* escape: make untrusted text (a comm, a wchan, a /proc file) safe for a terminal.
 *
 * Printable ASCII passes through; backslash and double quote are escaped;
 * \n \t \r become two-character escapes; every other byte (control bytes, ESC,
 * DEL, and all bytes >= 0x80) becomes \xNN. The result never contains a byte a
 * terminal would interpret. */
#ifndef STALLSUP_ESCAPE_H
#define STALLSUP_ESCAPE_H

#include <stddef.h>

#include "strbuf.h"

/* Append the escaped form of s[0..n) to out. */
void escape_human(struct strbuf *out, const char *s, size_t n);
/* Like escape_human but keeps \n as a real newline (for multi-line /proc files
 * shown as a block); every other control byte is still escaped. */
void escape_human_block(struct strbuf *out, const char *s, size_t n);

#endif
