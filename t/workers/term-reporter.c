/* term-reporter: on SIGTERM/SIGINT/SIGUSR1 append "<worker> <SIGNAME>" to
 * the file argv[1] and exit 0; say "ready" when the handler is set. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *file, *worker;

/* Record the signal and exit. */
static void on_signal(int sig)
{
	char line[64];
	const char *w = worker;
	int fd = open(file, O_WRONLY | O_APPEND | O_CREAT, 0644);
	int n = snprintf(line, sizeof(line), "%s %s\n", w ? w : "-",
			 sig == SIGTERM ? "TERM" : sig == SIGINT ? "INT" : "USR1");

	if (fd >= 0 && write(fd, line, (size_t)n) < 0)
		_exit(2);
	_exit(0);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	file = argv[1];
	worker = getenv("STALLSUP_WORKER");
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGUSR1, on_signal);
	puts("ready");
	fflush(stdout);
	for (;;)
		pause();
}
