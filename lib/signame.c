/* signame: a table of the standard signal names. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <strings.h>

#include "signame.h"

static const struct {
	int sig;
	const char *name;
} signames[] = {
	{ SIGHUP, "HUP" },     { SIGINT, "INT" },     { SIGQUIT, "QUIT" },
	{ SIGILL, "ILL" },     { SIGTRAP, "TRAP" },   { SIGABRT, "ABRT" },
	{ SIGBUS, "BUS" },     { SIGFPE, "FPE" },     { SIGKILL, "KILL" },
	{ SIGUSR1, "USR1" },   { SIGSEGV, "SEGV" },   { SIGUSR2, "USR2" },
	{ SIGPIPE, "PIPE" },   { SIGALRM, "ALRM" },   { SIGTERM, "TERM" },
	{ SIGCHLD, "CHLD" },   { SIGCONT, "CONT" },   { SIGSTOP, "STOP" },
	{ SIGTSTP, "TSTP" },   { SIGTTIN, "TTIN" },   { SIGTTOU, "TTOU" },
	{ SIGURG, "URG" },     { SIGXCPU, "XCPU" },   { SIGXFSZ, "XFSZ" },
	{ SIGVTALRM, "VTALRM" }, { SIGPROF, "PROF" }, { SIGWINCH, "WINCH" },
	{ SIGIO, "IO" },       { SIGPWR, "PWR" },     { SIGSYS, "SYS" },
};

#define NSIGNAMES (sizeof(signames) / sizeof(signames[0]))

/* Parse a decimal signal number into *sig; returns 0 or -EINVAL. */
static int parse_number(const char *s, int *sig)
{
	int v = 0;

	if (*s == '\0')
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 1000)
			return -EINVAL;
		v = v * 10 + (*s - '0');
	}
	if (v < 1 || v > SIGRTMAX)
		return -EINVAL;
	*sig = v;
	return 0;
}

/* Parse a signal name or number (see signame.h). */
int signame_parse(const char *s, int *sig)
{
	size_t i;

	if (s == NULL || *s == '\0')
		return -EINVAL;
	if (*s >= '0' && *s <= '9')
		return parse_number(s, sig);
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; i < NSIGNAMES; i++) {
		if (strcasecmp(s, signames[i].name) == 0) {
			*sig = signames[i].sig;
			return 0;
		}
	}
	return -EINVAL;
}

/* Return the name of sig without "SIG", or NULL. */
const char *signame_name(int sig)
{
	size_t i;

	for (i = 0; i < NSIGNAMES; i++)
		if (signames[i].sig == sig)
			return signames[i].name;
	return NULL;
}
