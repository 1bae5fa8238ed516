/* exit-with: exit with code argv[1]; or with "signal N", die by signal N;
 * or with "worker CODE", exit CODE only in worker 0 (STALLSUP_WORKER). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *w = getenv("STALLSUP_WORKER");

	if (argc > 2 && strcmp(argv[1], "signal") == 0) {
		signal(atoi(argv[2]), SIG_DFL);
		raise(atoi(argv[2]));
		pause();
	}
	if (argc > 2 && strcmp(argv[1], "worker") == 0)
		return w && strcmp(w, "0") == 0 ? atoi(argv[2]) : 0;
	return argc > 1 ? atoi(argv[1]) : 0;
}
