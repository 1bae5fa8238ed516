/* Tests for lib/signame.c. */
#include <config.h>

#include <errno.h>
#include <signal.h>

#include "basic.h"
#include "signame.h"

static const struct {
	const char *text;
	int ret;
	int sig;
} cases[] = {
	{ "TERM", 0, SIGTERM },   { "SIGTERM", 0, SIGTERM }, { "term", 0, SIGTERM },
	{ "sigkill", 0, SIGKILL }, { "9", 0, 9 },             { "15", 0, 15 },
	{ "HUP", 0, SIGHUP },     { "USR2", 0, SIGUSR2 },    { "0", -EINVAL, 0 },
	{ "", -EINVAL, 0 },       { "SIG", -EINVAL, 0 },     { "FOO", -EINVAL, 0 },
	{ "99999", -EINVAL, 0 },  { "-9", -EINVAL, 0 },      { "9x", -EINVAL, 0 },
};

int main(void)
{
	size_t i, n = sizeof(cases) / sizeof(cases[0]);
	int sig;

	plan(n * 2 + 4);
	for (i = 0; i < n; i++) {
		sig = -1;
		is_int(cases[i].ret, signame_parse(cases[i].text, &sig),
		       "signame_parse(\"%s\")", cases[i].text);
		is_int(cases[i].ret == 0 ? cases[i].sig : -1, sig,
		       "signame_parse(\"%s\") value", cases[i].text);
	}
	is_str("TERM", signame_name(SIGTERM), "name of SIGTERM");
	is_str("KILL", signame_name(SIGKILL), "name of SIGKILL");
	is_str("ABRT", signame_name(SIGABRT), "name of SIGABRT");
	ok(signame_name(SIGRTMIN + 1) == NULL, "real-time signals have no name");
	return 0;
}
