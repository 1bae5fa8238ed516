/* signame: signal names and numbers, as --signal and reports spell them.
 *
 * signame_parse accepts what GNU timeout(1) accepts for -s (coreutils
 * operand2sig and gnulib str2sig, on Linux):
 * - a name in any case, with or without "SIG": TERM, SIGterm, the aliases
 *   IOT, CLD and POLL, and EXIT for signal 0;
 * - RTMIN, RTMAX, RTMIN+N and RTMAX-N (SIGRTMIN+N, rtmax-2, ...) inside the
 *   real-time range; a sign and decimal digits follow as strtol reads them,
 *   so RTMIN1 and RTMAX+0 are accepted too;
 * - "SIG" and a decimal number (SIG0, SIG15);
 * - a decimal number: 0 (no signal is sent, only the target's existence is
 *   checked), a standard signal, or a real-time one. A number above 127 is
 *   read as a shell exit status, as timeout(1) and kill(1) read it: 143 is
 *   TERM (143 & 0x7f), 271 is TERM too (from 255 up the mask is 0xff).
 * Whatever the spelling, the signal must have a name: 32 and 33, which glibc
 * keeps for itself, are invalid. One deliberate difference: timeout(1) lets
 * strtol skip blanks after RTMIN ("RTMIN 1"); signame_parse rejects them. */
#ifndef STALLSUP_SIGNAME_H
#define STALLSUP_SIGNAME_H

#include <stddef.h>

/* Parse signal s (see above) into *sig (0..SIGRTMAX). Returns 0 or -EINVAL;
 * *sig is written only on success. */
int signame_parse(const char *s, int *sig);
/* Return the name of sig without "SIG" ("TERM"), or NULL if it has no fixed
 * name (0 and the real-time signals; see signame_format). */
const char *signame_name(int sig);
/* Write sig's name without "SIG" into buf: "TERM", "RTMIN", "RTMIN+2",
 * "RTMAX-1", "EXIT" for 0, or the decimal number when it has no name.
 * Returns buf. */
const char *signame_format(int sig, char *buf, size_t size);

#endif
