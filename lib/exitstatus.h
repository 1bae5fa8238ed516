/* exitstatus: the one place that decides stallsup's exit status.
 *
 *   status  meaning
 *   0       every worker exited 0
 *   1..122  the first failing worker's exit code
 *   123     a stall policy acted, or --fail-on-stall and a stall was seen
 *   124     the --timeout deadline fired (and the workers then ended)
 *   125     stallsup itself failed
 *   126     a worker's command was found but could not be executed
 *   127     a worker's command was not found
 *   128+N   the first failing worker was killed by signal N
 *   137     the deadline fired and SIGKILL was needed (128+9)
 * With --preserve-status neither a deadline nor a stall overrides the
 * workers' status. */
#ifndef STALLSUP_EXITSTATUS_H
#define STALLSUP_EXITSTATUS_H

#include <stdbool.h>

#define EXIT_STALL 123
#define EXIT_TIMEDOUT 124
#define EXIT_OWN_ERROR 125
#define EXIT_CANNOT_EXEC 126
#define EXIT_NOT_FOUND 127
#define EXIT_KILLED_AFTER_DEADLINE (128 + 9)

/* What happened during a run, as the decision needs it. */
struct exit_facts {
	bool own_error;        /* stallsup failed (setup error, lost a worker) */
	bool deadline_fired;   /* --timeout expired */
	bool deadline_killed;  /* ... and SIGKILL had to be sent afterwards */
	bool preserve_status;  /* --preserve-status */
	bool stall_acted;      /* a stall policy acted / --fail-on-stall saw one */
	bool have_failure;     /* some worker ended with a non-zero status */
	int first_failure;     /* that worker's status (code, or 128+signal) */
};

/* Return the exit status for facts f, following the table above. */
int exitstatus_decide(const struct exit_facts *f);
/* Return a worker's status from waitid's si_code and si_status (code, status): the exit
 * code for CLD_EXITED, else 128 + the signal number. */
int exitstatus_of_wait(int code, int status);

#endif
