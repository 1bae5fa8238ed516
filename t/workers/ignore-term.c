/* ignore-term: ignore SIGTERM (and SIGINT), say "ready" on stdout, sleep. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	puts("ready");
	fflush(stdout);
	for (;;)
		pause();
}
