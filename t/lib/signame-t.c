/* Tests for lib/signame.c: the timeout(1) facts of t/data/signal, names and
 * the formatter. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "signame.h"

/* Resolve a facts SIGNAL column: a number, RTMIN+N or RTMAX-N. */
static int fact_signal(const char *s)
{
	if (strncmp(s, "RTMIN", 5) == 0)
		return SIGRTMIN + atoi(s + 5);
	if (strncmp(s, "RTMAX", 5) == 0)
		return SIGRTMAX + atoi(s + 5);
	return atoi(s);
}

/* Check one fact line "KIND\tSIGNAL\tTEXT". */
static void check_fact(char *line)
{
	char *kind = line, *col, *text;
	int sig = -1, want, r;

	line[strcspn(line, "\n")] = '\0';
	if (line[0] == '#' || line[0] == '\0')
		return;
	if ((col = strchr(line, '\t')) == NULL || (text = strchr(col + 1, '\t')) == NULL)
		bail("malformed fact line: %s", line);
	*col++ = '\0';
	*text++ = '\0';
	r = signame_parse(text, &sig);
	if (strcmp(kind, "valid") == 0) {
		want = fact_signal(col);
		if (is_int(0, r, "valid \"%s\" parses", text))
			is_int(want, sig, "valid \"%s\" is %s (%d)", text, col, want);
		else
			ok(0, "valid \"%s\" value not checked", text);
	} else if (strcmp(kind, "invalid") == 0 || strcmp(kind, "timeout-only") == 0) {
		is_int(-EINVAL, r, "%s \"%s\" is rejected", kind, text);
		is_int(-1, sig, "%s \"%s\" leaves *sig alone", kind, text);
	} else {
		bail("unknown kind %s in facts", kind);
	}
}

/* Every fact of t/data/signal/timeout-facts.tsv. */
static void test_facts(void)
{
	char *path = test_file_path("signal/timeout-facts.tsv");
	FILE *f = fopen(path, "r");
	char line[256];

	if (f == NULL)
		sysbail("open %s", path);
	while (fgets(line, sizeof(line), f) != NULL)
		check_fact(line);
	fclose(f);
	free(path);
}

/* Names: aliases and 0 have none; real-time ones are formatted. */
static void test_names(void)
{
	char buf[16];
	int sig = -1;

	is_str("TERM", signame_name(SIGTERM), "name of SIGTERM");
	is_str("ABRT", signame_name(SIGABRT), "name of SIGABRT, not IOT");
	is_str("CHLD", signame_name(SIGCHLD), "name of SIGCHLD, not CLD");
	is_str("IO", signame_name(SIGIO), "name of SIGIO, not POLL");
	ok(signame_name(0) == NULL, "0 has no fixed name");
	ok(signame_name(SIGRTMIN + 1) == NULL, "real-time signals have no fixed name");
	is_str("KILL", signame_format(SIGKILL, buf, sizeof(buf)), "format SIGKILL");
	is_str("EXIT", signame_format(0, buf, sizeof(buf)), "format 0");
	is_str("RTMIN", signame_format(SIGRTMIN, buf, sizeof(buf)), "format SIGRTMIN");
	is_str("RTMIN+2", signame_format(SIGRTMIN + 2, buf, sizeof(buf)), "format SIGRTMIN+2");
	is_str("RTMAX-1", signame_format(SIGRTMAX - 1, buf, sizeof(buf)), "format SIGRTMAX-1");
	is_str("RTMAX", signame_format(SIGRTMAX, buf, sizeof(buf)), "format SIGRTMAX");
	is_str("32", signame_format(32, buf, sizeof(buf)), "format 32 (no name)");
	is_str("RT", signame_format(SIGRTMIN + 2, buf, 3), "format truncates to the buffer");
	for (int s = 0; s <= SIGRTMAX; s++) {
		signame_format(s, buf, sizeof(buf));
		if (signame_parse(buf, &sig) == 0 && sig == s)
			continue;
		if (s == 32 || s == 33)
			continue;
		ok(0, "signal %d formats as \"%s\", which parses back", s, buf);
		return;
	}
	ok(1, "every named signal formats to a name that parses back");
	is_int(-EINVAL, signame_parse(NULL, &sig), "NULL is rejected");
	is_int(-EINVAL, signame_parse("SIGTERMXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", &sig),
	       "a long name is rejected");
}

int main(void)
{
	plan_lazy();
	test_facts();
	test_names();
	return 0;
}
