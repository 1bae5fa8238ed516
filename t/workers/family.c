/* family: a worker with a plain child and a detached daemon. Appends
 * "leader PID", "child PID" and "daemon PID" lines to the file argv[1], then: an odd STALLSUP_WORKER blocks for good (a
 * stall in progress), an even one keeps waking every 20 ms. The child and
 * the daemon sleep forever. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Append "ROLE PID\n" to the file path. */
static void note(const char *path, const char *role)
{
	char line[64];
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	int n = snprintf(line, sizeof(line), "%s %d\n", role, (int)getpid());

	if (fd >= 0) {
		if (write(fd, line, (size_t)n) != n)
			_exit(1);
		close(fd);
	}
}

/* Block forever. */
static void hang(void)
{
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	const char *w = getenv("STALLSUP_WORKER");
	struct timespec tick = { 0, 20000000 };
	pid_t pid;

	if (argc < 2)
		return 2;
	note(argv[1], "leader");
	if ((pid = fork()) == 0) { /* a plain child, in the worker's process group */
		note(argv[1], "child");
		hang();
	}
	if ((pid = fork()) == 0) { /* a daemon: its own session, then orphaned */
		setsid();
		if (fork() == 0) {
			note(argv[1], "daemon");
			hang();
		}
		_exit(0);
	}
	if (w != NULL && atoi(w) % 2 == 1)
		hang();
	for (;;)
		nanosleep(&tick, NULL);
}
