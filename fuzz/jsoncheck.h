/* jsoncheck: a strict JSON validator for the fuzz targets that emit JSON.
 *
 * Strict means RFC 8259 with every SHOULD taken as a MUST, and nothing more:
 * - exactly one value, with optional white space (space, tab, newline,
 *   carriage return) around it and between tokens; nothing after it;
 * - literals true, false, null in lower case;
 * - numbers -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?: no leading zero,
 *   no '+', no bare '.', no NaN or Infinity;
 * - strings hold valid UTF-8 (no overlong form, no surrogate, nothing over
 *   U+10FFFF), no byte below 0x20 and no unescaped '"' or '\\'; escapes are
 *   \" \\ \/ \b \f \n \r \t and \uXXXX, where a high surrogate must be
 *   followed by a \u low surrogate and a low one must follow a high one;
 * - object keys are strings followed by ':'; no trailing comma anywhere;
 * - nesting up to JSONCHECK_MAX_DEPTH levels (deeper is refused, so the
 *   validator's own recursion is bounded).
 * Duplicate keys are not checked (RFC 8259 only says they SHOULD be unique,
 * and the writer does not know what its caller repeats). */
#ifndef STALLSUP_FUZZ_JSONCHECK_H
#define STALLSUP_FUZZ_JSONCHECK_H

#include <stddef.h>

#define JSONCHECK_MAX_DEPTH 512

/* Return 0 when s[0..n) is one strictly valid JSON text, or -EINVAL with
 * *why set to what was wrong (a static string) and *at to its offset. */
int jsoncheck(const char *s, size_t n, const char **why, size_t *at);

#endif
