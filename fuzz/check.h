/* check: what every fuzz target shares.
 *
 * A target is one file fuzz/<target>.c defining LLVMFuzzerTestOneInput. It is
 * linked twice: with libFuzzer (make fuzz, clang -fsanitize=fuzzer) and with
 * fuzz/driver.c, a main() that replays files (make check). A target checks
 * properties with FUZZ_CHECK, which prints what failed and aborts: libFuzzer
 * then saves the input as a crash, and the replay driver names the file. */
#ifndef STALLSUP_FUZZ_CHECK_H
#define STALLSUP_FUZZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The entry point every target defines (libFuzzer's name). Returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The file being replayed, set by the replay driver (NULL under libFuzzer). */
extern const char *fuzz_input_name;

/* Print "file:line: property failed: <message>" and the input's name, then
 * abort. */
void fuzz_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

/* Fail with the message when cond is false. */
#define FUZZ_CHECK(cond, ...)                                    \
	do {                                                     \
		if (!(cond))                                     \
			fuzz_fail(__FILE__, __LINE__, __VA_ARGS__); \
	} while (0)

/* Bytes not yet consumed, for targets that read structured input. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

/* Return the next byte, or 0 when the input is exhausted. */
unsigned fuzz_byte(struct fuzz_in *in);
/* Return the next 8 bytes as a little-endian number (missing bytes are 0). */
uint64_t fuzz_u64(struct fuzz_in *in);
/* Point *p at the next min(want, left) bytes and return that count. */
size_t fuzz_take(struct fuzz_in *in, size_t want, const char **p);

/* Return a malloc'd NUL-terminated copy of data[0..size) (the string a C
 * function sees ends at the first NUL byte). Aborts when out of memory. */
char *fuzz_cstring(const uint8_t *data, size_t size);
/* True when every byte of s[0..n) is printable ASCII (0x20..0x7e), or a
 * newline when newline_ok: nothing a terminal would interpret. */
bool fuzz_printable(const char *s, size_t n, bool newline_ok);
/* True when s[0..n) is decimal digits that, leading zeros aside, spell v
 * (the number printed back reads as it was written). */
bool fuzz_digits_are(const char *s, size_t n, uint64_t v);
/* Return the number of decimal digits at s[0..n). */
size_t fuzz_span_digits(const char *s, size_t n);

/* A reference reader of "Key: value" files (/proc/<pid>/sched, status),
 * written apart from lib/text.c: find the first line of text[0..len) that
 * starts, after spaces and tabs, with key followed by a space, a tab or ':'.
 * Returns -1 when there is none, 0 when that line has no ':' after the key
 * and blanks, else 1 with *v and *vn set to the value: after the ':' and
 * blanks, up to a blank, a newline or the end. */
int fuzz_key_value(const char *text, size_t len, const char *key, const char **v, size_t *vn);

/* A reference UTF-8 decoder written from the Unicode standard's table of
 * well-formed byte sequences (Table 3-7), apart from lib/utf8.c: return the
 * length (1..4) of the well-formed sequence at s[0..n) with its code point
 * in *cp, or 0 when s does not start one (n == 0 included). */
size_t fuzz_utf8(const char *s, size_t n, uint32_t *cp);

#endif
