/* Fuzz target: schedstat_parse (/proc/<pid>/schedstat).
 *
 * Properties: the parser agrees with a reference written here, which
 * accepts exactly "N<blanks>N<blanks>N" with an optional final newline
 * (blanks: spaces and tabs; each N decimal and at most UINT64_MAX); on
 * success each value reads back as its token, and *out is untouched on
 * failure. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "check.h"
#include "procparse.h"

/* Reference: split text into three tokens tok[i] of tokn[i] bytes; return
 * true when the text has exactly that shape (values not checked). */
static bool ref_shape(const char *text, size_t len, const char *tok[3], size_t tokn[3])
{
	size_t i = 0;

	if (len > 0 && text[len - 1] == '\n')
		len--;
	for (int f = 0; f < 3; f++) {
		size_t start = i;

		if (f > 0) {
			if (i == len || (text[i] != ' ' && text[i] != '\t'))
				return false;
			while (i < len && (text[i] == ' ' || text[i] == '\t'))
				i++;
			start = i;
		}
		i += fuzz_span_digits(text + i, len - i);
		if (i == start)
			return false;
		tok[f] = text + start;
		tokn[f] = i - start;
	}
	return i == len;
}

/* True when the decimal token s[0..n) is at most UINT64_MAX. */
static bool fits_u64(const char *s, size_t n)
{
	static const char max[] = "18446744073709551615";

	while (n > 1 && *s == '0')
		s++, n--;
	return n < sizeof(max) - 1 || (n == sizeof(max) - 1 && memcmp(s, max, n) <= 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *tok[3];
	struct schedstat_info si, unset;
	size_t tokn[3];
	bool shape, fits;
	int r;

	memset(&si, 0xa5, sizeof(si));
	unset = si;
	r = schedstat_parse(text, size, &si);
	shape = ref_shape(text, size, tok, tokn);
	fits = shape && fits_u64(tok[0], tokn[0]) && fits_u64(tok[1], tokn[1]) &&
	       fits_u64(tok[2], tokn[2]);
	FUZZ_CHECK((r == 0) == fits, "parser says %d, reference says %s", r,
		   fits ? "valid" : shape ? "out of range" : "malformed");
	if (r < 0) {
		FUZZ_CHECK(size == 0 ? r == -ENOENT : r == -EINVAL || r == -ERANGE, "error %d", r);
		FUZZ_CHECK(memcmp(&si, &unset, sizeof(si)) == 0, "out written on failure");
		return 0;
	}
	FUZZ_CHECK(fuzz_digits_are(tok[0], tokn[0], si.sum_exec_runtime_ns), "runtime");
	FUZZ_CHECK(fuzz_digits_are(tok[1], tokn[1], si.run_delay_ns), "run delay");
	FUZZ_CHECK(fuzz_digits_are(tok[2], tokn[2], si.pcount), "pcount");
	return 0;
}
