/* clock: the supervisor's clocks.
 *
 * Every deadline is CLOCK_MONOTONIC nanoseconds in a uint64_t, and every sum
 * of a time and a duration goes through dur_add_sat (duration.h), which
 * saturates: a huge duration means "practically never" (DURATION_NEVER),
 * never a wrap to the past. */
#ifndef STALLSUP_CLOCK_H
#define STALLSUP_CLOCK_H

#include <stdint.h>

#include "duration.h"

/* Return CLOCK_MONOTONIC in ns. */
uint64_t clock_now(void);
/* Return CLOCK_REALTIME in ns since the epoch. */
int64_t clock_real(void);

#endif
