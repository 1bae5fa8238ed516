/* Fuzz target: options_poll_env (STALLSUP_POLL_MS), linked from src/options.c.
 *
 * The input up to its first NUL byte is the variable's value. A reference
 * written from options.h decides the outcome:
 * - 1 to 18 decimal digits of value V milliseconds: V = 0 keeps the default;
 *   1 <= V < 10 is refused (-EINVAL) with a one-line printable reason that
 *   names STALLSUP_POLL_MS; otherwise the interval is V * 10^6 ns
 *   (saturated to DURATION_NEVER);
 * - anything else (empty, a sign, a blank, a suffix, 19 digits or more)
 *   keeps the default and returns 0 with no reason.
 * NULL (the variable unset) keeps the default too. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "duration.h"
#include "options.h"

#define UNSET 4242ULL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstring(data, size);
	struct strbuf err = STRBUF_INIT;
	size_t n = strlen(s);
	uint64_t ns = UNSET, v = 0, want = UNSET;
	int r, want_r = 0;

	if (n >= 1 && n <= 18 && fuzz_span_digits(s, n) == n) {
		for (size_t i = 0; i < n; i++)
			v = v * 10 + (uint64_t)(s[i] - '0');
		if (v >= 1 && v < 10)
			want_r = -EINVAL;
		else if (v >= 10)
			want = v > DURATION_NEVER / 1000000 ? DURATION_NEVER : v * 1000000;
	}
	r = options_poll_env(s, &ns, &err);
	FUZZ_CHECK(r == want_r && ns == want, "'%s': %d, %" PRIu64 " ns; wanted %d, %" PRIu64, s, r,
		   ns, want_r, want);
	if (r < 0)
		FUZZ_CHECK(err.len > 0 && fuzz_printable(err.buf, err.len, false) &&
				   strstr(err.buf, "STALLSUP_POLL_MS") != NULL,
			   "reason '%s'", sb_str(&err));
	else
		FUZZ_CHECK(err.len == 0, "a reason without an error: '%s'", err.buf);
	ns = UNSET;
	FUZZ_CHECK(options_poll_env(NULL, &ns, &err) == 0 && ns == UNSET, "NULL changed the interval");
	sb_free(&err);
	free(s);
	return 0;
}
