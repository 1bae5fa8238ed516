/* signame: signal names and numbers, as timeout(1) spells them; see signame.h. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "signame.h"

/* The named signals. An alias is accepted but never printed. */
static const struct {
	int sig;
	const char *name;
	bool alias;
} signames[] = {
	{ SIGHUP, "HUP", false },     { SIGINT, "INT", false },     { SIGQUIT, "QUIT", false },
	{ SIGILL, "ILL", false },     { SIGTRAP, "TRAP", false },   { SIGABRT, "ABRT", false },
	{ SIGBUS, "BUS", false },     { SIGFPE, "FPE", false },     { SIGKILL, "KILL", false },
	{ SIGUSR1, "USR1", false },   { SIGSEGV, "SEGV", false },   { SIGUSR2, "USR2", false },
	{ SIGPIPE, "PIPE", false },   { SIGALRM, "ALRM", false },   { SIGTERM, "TERM", false },
	{ SIGCHLD, "CHLD", false },   { SIGCONT, "CONT", false },   { SIGSTOP, "STOP", false },
	{ SIGTSTP, "TSTP", false },   { SIGTTIN, "TTIN", false },   { SIGTTOU, "TTOU", false },
	{ SIGURG, "URG", false },     { SIGXCPU, "XCPU", false },   { SIGXFSZ, "XFSZ", false },
	{ SIGVTALRM, "VTALRM", false }, { SIGPROF, "PROF", false }, { SIGWINCH, "WINCH", false },
	{ SIGIO, "IO", false },       { SIGSYS, "SYS", false },
#ifdef SIGPWR
	{ SIGPWR, "PWR", false },
#endif
#ifdef SIGSTKFLT
	{ SIGSTKFLT, "STKFLT", false },
#endif
#ifdef SIGIOT
	{ SIGIOT, "IOT", true },
#endif
#ifdef SIGCLD
	{ SIGCLD, "CLD", true },
#endif
#ifdef SIGPOLL
	{ SIGPOLL, "POLL", true },
#endif
	{ 0, "EXIT", true },
};

#define NSIGNAMES (sizeof(signames) / sizeof(signames[0]))

/* True when sig has a name: 0, a table entry, or a real-time signal. */
static bool has_name(int sig)
{
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		return true;
	for (size_t i = 0; i < NSIGNAMES; i++)
		if (signames[i].sig == sig)
			return true;
	return false;
}

/* Parse s as strtol would in base 10, without blanks: an optional sign and
 * at least one digit, to the end of s. Returns 0 or -EINVAL (also when the
 * magnitude passes INT_MAX). */
static int parse_long(const char *s, long *out)
{
	bool minus = *s == '-';
	long v = 0;

	if (*s == '+' || *s == '-')
		s++;
	if (*s == '\0')
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT_MAX - (*s - '0')) / 10)
			return -EINVAL;
		v = v * 10 + (*s - '0');
	}
	*out = minus ? -v : v;
	return 0;
}

/* Parse "RTMIN[N]" or "RTMAX[N]" (upper case, no "SIG"); returns the
 * signal or -1. "RTMIN" alone is N = 0, as strtol of "" gives. */
static int parse_realtime(const char *s)
{
	int rtmin = SIGRTMIN, rtmax = SIGRTMAX;
	long n = 0;

	if (strncmp(s, "RTMIN", 5) != 0 && strncmp(s, "RTMAX", 5) != 0)
		return -1;
	if (s[5] != '\0' && parse_long(s + 5, &n) < 0)
		return -1;
	if (s[4] == 'N' && n >= 0 && n <= rtmax - rtmin)
		return rtmin + (int)n;
	if (s[4] == 'X' && n <= 0 && n >= rtmin - rtmax)
		return rtmax + (int)n;
	return -1;
}

/* Look up one spelling without "SIG" (already upper case); returns the
 * signal or -1. A number here is taken as is (str2sig does not mask it). */
static int lookup_name(const char *s)
{
	long n;

	if (*s >= '0' && *s <= '9')
		return parse_long(s, &n) == 0 && n <= SIGRTMAX ? (int)n : -1;
	for (size_t i = 0; i < NSIGNAMES; i++)
		if (strcmp(s, signames[i].name) == 0)
			return signames[i].sig;
	return parse_realtime(s);
}

/* Parse a signal name, with or without SIG, in any case; returns the
 * signal or -1. */
static int parse_name(const char *s)
{
	char up[32];
	size_t i;
	int sig;

	for (i = 0; s[i] && i + 1 < sizeof(up); i++)
		up[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 'a' + 'A') : s[i];
	if (s[i] != '\0')
		return -1;
	up[i] = '\0';
	sig = lookup_name(up);
	if (sig < 0 && strncmp(up, "SIG", 3) == 0)
		sig = lookup_name(up + 3);
	return sig;
}

/* Parse a number as an exit status would hold a signal (see signame.h);
 * returns the signal or -1. */
static int parse_number(const char *s)
{
	long n;

	if (parse_long(s, &n) < 0)
		return -1;
	return (int)(n & (n >= 0xff ? 0xff : 0x7f));
}

/* Parse a signal name or number (see signame.h). */
int signame_parse(const char *s, int *sig)
{
	int v;

	if (s == NULL || *s == '\0')
		return -EINVAL;
	v = (*s >= '0' && *s <= '9') ? parse_number(s) : parse_name(s);
	if (v < 0 || !has_name(v))
		return -EINVAL;
	*sig = v;
	return 0;
}

/* Return the fixed name of sig without "SIG", or NULL. */
const char *signame_name(int sig)
{
	for (size_t i = 0; i < NSIGNAMES; i++)
		if (signames[i].sig == sig && !signames[i].alias)
			return signames[i].name;
	return NULL;
}

/* Write sig's name or number into buf (see signame.h). */
const char *signame_format(int sig, char *buf, size_t size)
{
	const char *name = signame_name(sig);
	int rtmin = SIGRTMIN, rtmax = SIGRTMAX;

	if (name != NULL)
		snprintf(buf, size, "%s", name);
	else if (sig == 0)
		snprintf(buf, size, "EXIT");
	else if (sig == rtmin || sig == rtmax)
		snprintf(buf, size, "%s", sig == rtmin ? "RTMIN" : "RTMAX");
	else if (sig > rtmin && sig <= (rtmin + rtmax) / 2)
		snprintf(buf, size, "RTMIN+%d", sig - rtmin);
	else if (sig > rtmin && sig < rtmax)
		snprintf(buf, size, "RTMAX-%d", rtmax - sig);
	else
		snprintf(buf, size, "%d", sig);
	return buf;
}
