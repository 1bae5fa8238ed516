/* utf8: decode one UTF-8 sequence of untrusted bytes, strictly; cut text.
 *
 * The one UTF-8 check of the tree (JSON, XML and Markdown writers use it):
 * overlong forms, surrogates (U+D800..U+DFFF), code points above U+10FFFF,
 * stray continuation bytes and sequences cut short by the end of the buffer
 * are all invalid. */
#ifndef STALLSUP_UTF8_H
#define STALLSUP_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Return the length (1..4) of the valid UTF-8 sequence at s[0..n) and store
 * its code point in *cp (cp may be NULL), or return 0 when the bytes at s do
 * not start a valid sequence (n == 0 included). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Return how many bytes of text s[0..n) to keep within max bytes: n when it
 * fits, else up to the last '\n' within max, else max moved back to the
 * start of the valid UTF-8 sequence it would cut, if any (bytes that are no
 * part of a valid sequence are kept up to max; 0 when max is 0). */
size_t utf8_cut(const char *s, size_t n, size_t max);

#endif
