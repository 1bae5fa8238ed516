/* fork-wait: fork a child that spins (the work) while the parent waits for
 * it in waitpid; exit with the child's status (128+N if killed by N). */
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	volatile unsigned long n = 0;
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return 1;
	if (pid == 0)
		for (;;)
			n++;
	if (waitpid(pid, &status, 0) < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
