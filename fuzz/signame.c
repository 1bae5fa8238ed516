/* Fuzz target: signame_parse (-s SIGNAL), signame_format, signame_name.
 *
 * The input up to its first NUL byte is the string. Properties:
 * - the result is 0 or -EINVAL, and *sig is untouched on failure;
 * - a valid signal is 0..SIGRTMAX and has a name: 0, a standard signal
 *   (1..31 on Linux), or a real-time one (not 32 and 33);
 * - signame_format's name of it parses back to it, with or without "SIG"
 *   and in lower case, and is printable; signame_name, when not NULL, is
 *   that name;
 * - names are case-insensitive: the input in upper or lower case parses the
 *   same way;
 * - a string of decimal digits is valid exactly when its value fits an int
 *   and, masked as an exit status (& 0x7f, or & 0xff from 255 up), names a
 *   signal; the signal is that masked value. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "signame.h"

/* True when signal sig has a name (signame.h). */
static bool named(long sig)
{
	return sig == 0 || (sig >= 1 && sig <= 31) || (sig >= SIGRTMIN && sig <= SIGRTMAX);
}

/* Check the digits-only string s against the exit-status rule. */
static void check_number(const char *s, int r, int sig)
{
	long v = 0;
	bool fits = true;

	for (const char *p = s; *p; p++) {
		fits = fits && v <= (INT_MAX - (*p - '0')) / 10;
		v = fits ? v * 10 + (*p - '0') : v;
	}
	v &= v >= 255 ? 0xff : 0x7f;
	FUZZ_CHECK((r == 0) == (fits && named(v)), "'%s': result %d", s, r);
	FUZZ_CHECK(r != 0 || sig == v, "'%s' is %d, not %ld", s, sig, v);
}

/* Return s with its ASCII letters in upper case (or lower case), malloc'd. */
static char *recase(const char *s, bool upper)
{
	char *t = strdup(s);

	if (t == NULL)
		abort();
	for (char *p = t; *p; p++) {
		if (upper && *p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!upper && *p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	}
	return t;
}

/* Check that s parses as sig, or is invalid as the original was (r). */
static void check_same(const char *s, int r, int sig)
{
	int back = -1, rb = signame_parse(s, &back);

	FUZZ_CHECK(rb == r && (r != 0 || back == sig), "'%s': %d/%d, the original %d/%d", s, rb,
		   back, r, sig);
}

/* Check the name of a valid signal sig. */
static void check_name(int sig)
{
	char buf[32], with_sig[40];
	const char *name = signame_name(sig);
	char *lower;

	signame_format(sig, buf, sizeof(buf));
	FUZZ_CHECK(buf[0] && fuzz_printable(buf, strlen(buf), false), "name of %d", sig);
	FUZZ_CHECK(name == NULL || strcmp(name, buf) == 0, "signame_name(%d) is %s, format %s", sig,
		   name, buf);
	check_same(buf, 0, sig);
	snprintf(with_sig, sizeof(with_sig), "SIG%s", buf);
	check_same(with_sig, 0, sig);
	lower = recase(with_sig, false);
	check_same(lower, 0, sig);
	free(lower);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstring(data, size), *t;
	int sig = 12345, r = signame_parse(s, &sig);

	FUZZ_CHECK(r == 0 || r == -EINVAL, "'%s': result %d", s, r);
	FUZZ_CHECK(r == 0 || sig == 12345, "'%s': out written on failure", s);
	if (s[0] && fuzz_span_digits(s, strlen(s)) == strlen(s))
		check_number(s, r, sig);
	if (r == 0) {
		FUZZ_CHECK(sig >= 0 && sig <= SIGRTMAX && named(sig), "'%s' is %d", s, sig);
		check_name(sig);
	}
	t = recase(s, true);
	check_same(t, r, sig);
	free(t);
	t = recase(s, false);
	check_same(t, r, sig);
	free(t);
	free(s);
	return 0;
}
