/* Tests for lib/monitor.c. */
#include "basic.h"

int main(void)
{
	skip_all("not written yet");
}
