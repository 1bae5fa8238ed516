/* pause: sleep until a signal ends the process. */
#include <unistd.h>

int main(void)
{
	for (;;)
		pause();
}
