/* catch-abrt: catch SIGABRT (counting it in the file argv[1]) and block
 * again after each one: a worker that --on-stall=abort cannot end by
 * SIGABRT, only by the SIGKILL that follows. */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static const char *file;

/* Append one line to file per SIGABRT. */
static void on_abrt(int sig)
{
	int fd = open(file, O_WRONLY | O_APPEND | O_CREAT, 0644);

	(void)sig;
	if (fd >= 0) {
		if (write(fd, "ABRT\n", 5) != 5)
			_exit(1);
		close(fd);
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa;

	if (argc < 2)
		return 2;
	file = argv[1];
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_abrt;
	sigaction(SIGABRT, &sa, NULL);
	for (;;)
		pause();
}
