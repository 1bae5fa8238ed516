/* stop-self-at: append "PID REALTIME_MS" to the file argv[1], stop with
 * SIGSTOP, then exit 0 once continued. */
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ts;
	FILE *f;

	if (argc < 2 || (f = fopen(argv[1], "a")) == NULL)
		return 2;
	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(f, "%d %lld\n", (int)getpid(),
		(long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
	if (fclose(f) != 0)
		return 2;
	raise(SIGSTOP);
	return 0;
}
