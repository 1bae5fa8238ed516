/* signame: signal names and numbers, as --signal and reports spell them. */
#ifndef STALLSUP_SIGNAME_H
#define STALLSUP_SIGNAME_H

/* Parse "TERM", "SIGTERM", "sigterm" or "15" into *sig (1..SIGRTMAX).
 * Returns 0 or -EINVAL. *sig is written only on success. */
int signame_parse(const char *s, int *sig);
/* Return the name of sig without "SIG" ("TERM"), or NULL if it has none. */
const char *signame_name(int sig);

#endif
