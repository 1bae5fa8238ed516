/* dump-marker: stand-in for a runtime that writes its own dump on a signal
 * (a JVM or Go on SIGQUIT, Python's faulthandler): on SIGUSR1 it writes
 * "dump-marker: thread dump of PID" on stdout and goes on waiting in pause(),
 * as those runtimes do. It says "ready" on stdout once the handler is set. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char marker[64];
static size_t marker_len;

/* Write the marker (async-signal-safe: one write of a prepared line). */
static void on_usr1(int sig)
{
	(void)sig;
	if (write(STDOUT_FILENO, marker, marker_len) < 0)
		_exit(2);
}

int main(void)
{
	struct sigaction sa;
	int n = snprintf(marker, sizeof(marker), "dump-marker: thread dump of %d\n", (int)getpid());

	if (n < 0 || (size_t)n >= sizeof(marker))
		return 2;
	marker_len = (size_t)n;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) < 0)
		return 2;
	if (write(STDOUT_FILENO, "ready\n", 6) != 6)
		return 2;
	for (;;)
		pause();
}
