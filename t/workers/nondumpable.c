/* nondumpable: make ourselves non-dumpable (our /proc files then belong to
 * root, and hidepid=2 hides them from our own user), then sleep for good. */
#include <sys/prctl.h>
#include <unistd.h>

int main(void)
{
	if (prctl(PR_SET_DUMPABLE, 0) != 0)
		return 3;
	for (;;)
		pause();
}
