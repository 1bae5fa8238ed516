/* fork-grandchild: fork a child that sleeps forever (in the same process
 * group, or its own session with argv[1] = "setsid"), write its pid to the
 * file argv[2] when given (or stdout), and exit 0 at once. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	pid_t pid = fork();
	FILE *f = stdout;

	if (pid < 0)
		return 1;
	if (pid == 0) {
		if (argc > 1 && strcmp(argv[1], "setsid") == 0)
			setsid();
		for (;;)
			pause();
	}
	if (argc > 2 && (f = fopen(argv[2], "a")) == NULL)
		return 1;
	fprintf(f, "%d\n", (int)pid);
	fclose(f);
	return 0;
}
