/* comm-name: set the comm to "be<newline>n<ESC>[31m\"x" with prctl, say
 * "ready PID" on stdout, then sleep until a signal ends the process. */
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(void)
{
	if (prctl(PR_SET_NAME, "be\nn\033[31m\"x", 0, 0, 0) != 0)
		return 1;
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	for (;;)
		pause();
}
