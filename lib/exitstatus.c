/* exitstatus: decide the exit status from the facts of a run. */
#include <config.h>

#include <signal.h>
#include <sys/wait.h>

#include "exitstatus.h"

/* Return the exit status for facts f (table in exitstatus.h). */
int exitstatus_decide(const struct exit_facts *f)
{
	if (f->own_error)
		return EXIT_OWN_ERROR;
	if (f->deadline_fired && !f->preserve_status)
		return f->deadline_killed ? EXIT_KILLED_AFTER_DEADLINE : EXIT_TIMEDOUT;
	if (f->stall_acted && !f->preserve_status)
		return EXIT_STALL;
	if (f->have_failure)
		return f->first_failure;
	return 0;
}

/* Return a worker's status from waitid's si_code and si_status. */
int exitstatus_of_wait(int code, int status)
{
	if (code == CLD_EXITED)
		return status & 0xff;
	return 128 + status;
}
