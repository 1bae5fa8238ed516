/* vfork-hang: vfork a child that sleeps forever without exec, so the
 * parent waits in uninterruptible (killable) sleep, state D. */
#include <unistd.h>

int main(void)
{
	pid_t pid = vfork();

	if (pid < 0)
		return 1;
	if (pid == 0)
		for (;;)
			pause();
	return 0;
}
