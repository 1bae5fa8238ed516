/* clock: the supervisor's clocks and saturating time arithmetic.
 *
 * Every deadline is CLOCK_MONOTONIC nanoseconds in a uint64_t, and every sum
 * of a time and a duration goes through clock_after, which saturates: a
 * huge duration means "practically never" (UINT64_MAX), never a wrap to the
 * past. */
#ifndef STALLSUP_CLOCK_H
#define STALLSUP_CLOCK_H

#include <stdint.h>

#define CLOCK_NEVER UINT64_MAX

/* Return CLOCK_MONOTONIC in ns. */
uint64_t clock_now(void);
/* Return CLOCK_REALTIME in ns since the epoch. */
int64_t clock_real(void);
/* Return t + d, saturated at CLOCK_NEVER. */
uint64_t clock_after(uint64_t t, uint64_t d);

#endif
