/* stop-one: append "WORKER PID" to the file argv[2]; worker argv[1] then
 * stops with SIGSTOP, every other worker burns CPU until the file
 * argv[3] exists and exits 0. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Burn CPU, looking for the file every few million iterations. */
static int spin_until(const char *path)
{
	volatile unsigned long n = 0;

	for (;;) {
		for (n = 0; n < 4000000; n++)
			;
		if (access(path, F_OK) == 0)
			return 0;
	}
}

int main(int argc, char **argv)
{
	const char *w = getenv("STALLSUP_WORKER");
	FILE *f;

	if (argc < 4 || !w || (f = fopen(argv[2], "a")) == NULL)
		return 2;
	fprintf(f, "%s %d\n", w, (int)getpid());
	if (fclose(f) != 0)
		return 2;
	if (strcmp(w, argv[1]) == 0)
		raise(SIGSTOP);
	return spin_until(argv[3]);
}
