/* text: bounded helpers for parsing /proc text held in (buffer, length).
 *
 * Nothing here reads outside [p, end) or expects a NUL terminator; embedded
 * NUL bytes are ordinary (non-digit, non-blank) bytes. Errors are -errno:
 * -EINVAL for a malformed value, -ERANGE for a number that does not fit. */
#ifndef STALLSUP_TEXT_H
#define STALLSUP_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* True for a space or a tab. */
bool text_is_blank(char c);
/* True for the end of a value: end of buffer, space, tab or newline. */
bool text_at_value_end(const char *p, const char *end);
/* Return the first byte at or after p that is not a space or a tab. */
const char *text_skip_blanks(const char *p, const char *end);
/* Return the '\n' ending the line that holds p, or end when there is none. */
const char *text_line_end(const char *p, const char *end);
/* Parse decimal digits at p into *out; *next gets the byte after them.
 * Returns 0, -EINVAL (no digit at p) or -ERANGE (more than UINT64_MAX). */
int text_u64(const char *p, const char *end, uint64_t *out, const char **next);
/* Like text_u64, then require the value to end there (text_at_value_end). */
int text_u64_value(const char *p, const char *end, uint64_t *out, const char **next);
/* Parse a whole decimal value that must fit a pid_t (0..INT_MAX). */
int text_pid_value(const char *p, const char *end, pid_t *out, const char **next);
/* Find a line that starts (after optional blanks) with key followed by a
 * blank or ':'; return the byte after the key, or NULL. A key never matches
 * a longer key it is a prefix of (nr_switches vs nr_switches_x). */
const char *text_find_key(const char *text, size_t len, const char *key);
/* From just after a key, skip "<blanks>:<blanks>" and return the value's
 * first byte, or NULL when there is no ':' on the line. */
const char *text_key_value(const char *p, const char *end);
/* Find key and its ':' and parse its whole u64 value into *out.
 * Returns 0, -ENOENT (no such key), -EINVAL or -ERANGE. */
int text_key_u64(const char *text, size_t len, const char *key, uint64_t *out);
/* text_key_u64 for a value that must fit a pid_t. */
int text_key_pid(const char *text, size_t len, const char *key, pid_t *out);

#endif
