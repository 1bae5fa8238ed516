/* confine: confine the supervisor once its workers run.
 *
 * confine_record is called at start and reads the capabilities stallsup was
 * given. confine_supervisor is called once, after the last worker was
 * spawned (the keeper and the backtrace helper were forked earlier: neither
 * inherits anything of it; stallsup never starts a process after it). It
 * trims the supervisor's capabilities to what the run still needs (caps.h,
 * lib/privs.h), then, unless --no-sandbox (or under AddressSanitizer or
 * valgrind), loads the seccomp allow-list of lib/sandbox.h with
 * no_new_privs: every other system call fails with EPERM, nothing is killed.
 * A failure never stops the run: the workers already run, so it is said and
 * the run goes on unconfined. doc/sandbox.md. */
#ifndef STALLSUP_CONFINE_H
#define STALLSUP_CONFINE_H

struct supervisor;

/* Record the capabilities stallsup holds into sv->caps; when they cannot be
 * read, say so (nothing is trimmed later). */
void confine_record(struct supervisor *sv);
/* Trim the capabilities and load the filter (see above); with --verbose,
 * say what was kept and whether the filter was loaded. With
 * STALLSUP_SANDBOX_PROBE=1 in the environment (for tests), try socket(2) and
 * execve(2) afterwards and say how each fared. */
void confine_supervisor(struct supervisor *sv);

#endif
