/* stop-self: stop with SIGSTOP, then exit 0 once continued. */
#include <signal.h>

int main(void)
{
	raise(SIGSTOP);
	return 0;
}
