/* duration: the one parser for every DURATION stallsup accepts, and the one
 * place where durations and deadlines are added, subtracted and multiplied.
 *
 * Syntax: everything GNU timeout(1) accepts for a DURATION (coreutils, C
 * locale), plus stallsup's own "ms" suffix:
 *
 *   [space][+|-]NUMBER[SUFFIX]
 *   NUMBER  decimal  DIGITS[.DIGITS] | .DIGITS, then optionally e|E[+|-]DIGITS
 *           hex      0x|0X HEX[.HEX] | 0x.HEX, then optionally p|P[+|-]DIGITS
 *                    (a power of two, as for strtod)
 *           inf | infinity, in any case
 *   SUFFIX  s (seconds, the default), m, h, d, or ms; lower case only
 *
 * Leading white space is skipped (strtod does); nothing may follow the suffix
 * ("1 s" and "1ss" are invalid). A '-' is accepted only when the value is
 * zero ("-0" is 0, as in timeout(1)); NaN and negative values are invalid.
 *
 * Conversion is exact integer arithmetic on the digits as written, exponents
 * included (no double anywhere: "0.1" is 100000000 ns, "1e-1m" is 6 s). A
 * value with a remainder finer than a nanosecond is rounded up to the next
 * nanosecond, as timeout(1) rounds (gnulib dtotimespec), so a positive
 * duration never becomes 0: "1e-10000" is 1 ns. A value of DURATION_NEVER ns
 * or more (about 584 years; "inf", "1e400", "99999999999d") saturates to
 * DURATION_NEVER instead of failing, as timeout(1) clamps. */
#ifndef STALLSUP_DURATION_H
#define STALLSUP_DURATION_H

#include <stdint.h>

/* "Practically never": the saturated duration. A caller treats a timeout or
 * deadline of DURATION_NEVER as no deadline at all. */
#define DURATION_NEVER UINT64_MAX

/* Parse s into *ns. Returns 0 or -EINVAL (NULL, empty, garbage, unknown
 * suffix, negative, NaN). Never -ERANGE: large values saturate to
 * DURATION_NEVER. *ns is written only on success. */
int duration_parse(const char *s, uint64_t *ns);

/* Return a + b, or DURATION_NEVER when the sum does not fit in 64 bits. */
uint64_t dur_add_sat(uint64_t a, uint64_t b);
/* Return a - b, or 0 when b >= a (the time left before deadline a at b).
 * DURATION_NEVER minus anything stays DURATION_NEVER. */
uint64_t dur_sub_sat(uint64_t a, uint64_t b);
/* Return a * n, or DURATION_NEVER when the product does not fit. */
uint64_t dur_mul_sat(uint64_t a, uint64_t n);

#endif
