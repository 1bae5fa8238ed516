/* sigstate: with -b SIG block a signal, with -i SIG ignore it, then run
 * the command after --; without a command, print which of HUP, INT, QUIT,
 * PIPE, TERM, USR1 and USR2 are blocked and which are ignored, as
 * "blocked=USR1 ignored=PIPE,HUP" (in that fixed order). With an option,
 * those signals start at their defaults, unblocked, so that the state is
 * only what the options set: a test run under nohup or as a background job
 * of a shell inherits HUP, or INT and QUIT, ignored. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const struct {
	const char *name;
	int sig;
} sigs[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "PIPE", SIGPIPE },
	{ "TERM", SIGTERM }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
};
#define NSIGS (sizeof(sigs) / sizeof(sigs[0]))

/* The number of signal name, or 0. */
static int sig_of(const char *name)
{
	for (size_t i = 0; i < NSIGS; i++)
		if (strcmp(sigs[i].name, name) == 0)
			return sigs[i].sig;
	return 0;
}

/* Print the state of each signal of the table. */
static void show(void)
{
	struct sigaction sa;
	sigset_t mask;
	const char *sep = "";

	sigprocmask(SIG_BLOCK, NULL, &mask);
	printf("blocked=");
	for (size_t i = 0; i < NSIGS; i++)
		if (sigismember(&mask, sigs[i].sig) == 1) {
			printf("%s%s", sep, sigs[i].name);
			sep = ",";
		}
	printf(" ignored=");
	sep = "";
	for (size_t i = 0; i < NSIGS; i++)
		if (sigaction(sigs[i].sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN) {
			printf("%s%s", sep, sigs[i].name);
			sep = ",";
		}
	printf("\n");
}

int main(int argc, char **argv)
{
	sigset_t set;
	int i;

	if (argc > 2 && argv[1][0] == '-' && argv[1][1] != '-') {
		sigemptyset(&set);
		for (size_t k = 0; k < NSIGS; k++) {
			signal(sigs[k].sig, SIG_DFL);
			sigaddset(&set, sigs[k].sig);
		}
		sigprocmask(SIG_UNBLOCK, &set, NULL);
	}
	for (i = 1; i + 1 < argc && argv[i][0] == '-' && argv[i][1] != '-'; i += 2) {
		int sig = sig_of(argv[i + 1]);

		if (sig == 0)
			return 2;
		if (argv[i][1] == 'i')
			signal(sig, SIG_IGN);
		else {
			sigemptyset(&set);
			sigaddset(&set, sig);
			sigprocmask(SIG_BLOCK, &set, NULL);
		}
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		show();
		return 0;
	}
	execvp(argv[i], argv + i);
	return 127;
}
