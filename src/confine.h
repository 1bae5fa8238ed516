/* confine: confine the supervisor once its workers run.
 *
 * confine_record is called at start and reads the capabilities stallsup was
 * given. confine_supervisor is called once, after the last worker was
 * spawned (the keeper and the backtrace helper were forked earlier: neither
 * inherits anything of it; stallsup never starts a process after it). It
 * trims the supervisor's capabilities to what the run still needs (caps.h,
 * lib/privs.h). A failure never stops the run: the workers already run, so
 * it is said and the run goes on. doc/sandbox.md. */
#ifndef STALLSUP_CONFINE_H
#define STALLSUP_CONFINE_H

struct supervisor;

/* Record the capabilities stallsup holds into sv->caps; when they cannot be
 * read, say so (nothing is trimmed later). */
void confine_record(struct supervisor *sv);
/* Trim the capabilities (see above); with --verbose, say what was kept. */
void confine_supervisor(struct supervisor *sv);

#endif
