/* fork-hang: fork a child that sleeps forever (in its own session with
 * argv[2] = "setsid"), append "PARENT CHILD" to the file argv[1], then
 * sleep forever too. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	pid_t pid;
	FILE *f;

	if (argc < 2)
		return 2;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		if (argc > 2 && strcmp(argv[2], "setsid") == 0)
			setsid();
		for (;;)
			pause();
	}
	if ((f = fopen(argv[1], "a")) == NULL)
		return 1;
	fprintf(f, "%d %d\n", (int)getpid(), (int)pid);
	fclose(f);
	for (;;)
		pause();
}
