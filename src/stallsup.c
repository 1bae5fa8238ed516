/* stallsup: run COMMAND as N workers and supervise them to the end.
 *
 * main turns the command line into options, errors into one-line messages
 * and exit status 125, and leaves the rest to the supervisor. */
#include <config.h>

#include <cap-ng.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "exitstatus.h"
#include "msg.h"
#include "options.h"
#include "src/capng-version.h"
#include "supervisor.h"

/* Print the version and the libraries we were built with. */
static void print_version(void)
{
	const struct scmp_version *v = seccomp_version();

	printf("%s\n", PACKAGE_STRING);
	printf("built with libseccomp %d.%d.%d (running %u.%u.%u), libcap-ng %s\n",
	       SCMP_VER_MAJOR, SCMP_VER_MINOR, SCMP_VER_MICRO, v->major, v->minor, v->micro,
	       CAPNG_VERSION_STRING);
}

/* Die by sig as the single worker did (timeout(1) does the same), without
 * a core dump of our own; returns when that is not possible (PID 1, or core
 * dumps cannot be disabled), and the caller exits with 128+sig. */
static void die_by(int sig)
{
	struct rlimit none = { 0, 0 };
	sigset_t set;

	if (prctl(PR_SET_DUMPABLE, 0) != 0 && setrlimit(RLIMIT_CORE, &none) != 0)
		return;
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}

int main(int argc, char **argv)
{
	struct strbuf err = STRBUF_INIT;
	struct supervisor sv;
	struct options opt;
	int r, status, sig;

	r = options_parse(argc, argv, &opt, &err);
	if (r < 0) {
		msg_say("%s (try 'stallsup --help')", sb_str(&err));
		sb_free(&err);
		return EXIT_OWN_ERROR;
	}
	sb_free(&err);
	if (r == OPTIONS_HELP) {
		options_usage(stdout);
		return 0;
	}
	if (r == OPTIONS_VERSION) {
		print_version();
		return 0;
	}
	fflush(stdout);
	if (supervisor_init(&sv, &opt, &err) < 0) {
		msg_say("%s", sb_str(&err));
		supervisor_free(&sv);
		sb_free(&err);
		return EXIT_OWN_ERROR;
	}
	status = supervisor_run(&sv);
	sig = sv.raise_signal;
	supervisor_free(&sv);
	sb_free(&err);
	if (sig)
		die_by(sig);
	return status;
}
