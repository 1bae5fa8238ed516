/* duration: the one parser for every DURATION stallsup accepts.
 *
 * A duration is a non-negative integer or decimal ("2", "1.5", ".5", "5.")
 * with an optional unit suffix: ms, s, m or h. A bare number is seconds, as
 * for timeout(1). The value is converted to exact nanoseconds with integer
 * arithmetic (fraction digits finer than a nanosecond are dropped). */
#ifndef STALLSUP_DURATION_H
#define STALLSUP_DURATION_H

#include <stdint.h>

/* Parse s into *ns. Returns 0, -EINVAL (empty, sign, garbage, unknown unit,
 * no digits) or -ERANGE (does not fit in 64 bits of nanoseconds). *ns is
 * written only on success. */
int duration_parse(const char *s, uint64_t *ns);

#endif
