/* cmdline: a process's command line as one short, safe line for a headline.
 *
 * The input is the raw bytes of /proc/<pid>/cmdline: words separated by NUL
 * bytes, the last one usually NUL-terminated (a final word without its NUL,
 * as after a short read or a rewritten argv, is taken as it is). Trailing
 * NUL bytes are dropped: setproctitle pads the argument area with them, so
 * trailing empty words are not shown. The output
 * is the words separated by single spaces, each written so a POSIX shell
 * reads it back as the same word:
 * - as is when it is non-empty and holds only A-Z a-z 0-9 and _@%+=:,./-
 *   (the first word also without '=', which a shell would take as an
 *   assignment);
 * - in single quotes when it holds other printable ASCII: 'a b', 'it'\''s';
 * - as $'...' when it holds a control byte, DEL or a byte >= 0x80: \n \t \r
 *   \\ \' and \xNN for the rest (bash, zsh, ksh and POSIX 2024 read it);
 *   so the line never holds a byte a terminal would interpret, and invalid
 *   UTF-8 is shown byte by byte.
 * When the line would pass max bytes, it is cut between characters (never
 * inside an escape; an open quote is closed) and ends with "...", so it never
 * passes max. */
#ifndef STALLSUP_CMDLINE_H
#define STALLSUP_CMDLINE_H

#include <stddef.h>

#include "strbuf.h"

/* The smallest max cmdline_format accepts. */
#define CMDLINE_MIN_MAX 16
/* The length a headline uses. */
#define CMDLINE_HEADLINE_MAX 200

/* Append raw[0..len) as one line of at most max bytes to out (see above).
 * Returns 0, -ENODATA when raw holds nothing but NUL bytes (len 0: a kernel
 * thread or a zombie; show "[comm]" instead), -EINVAL when max <
 * CMDLINE_MIN_MAX, or -ENOMEM. */
int cmdline_format(struct strbuf *out, const char *raw, size_t len, size_t max);

#endif
