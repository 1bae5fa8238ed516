/* Tests for lib/taskset.c. */
#include "basic.h"

int main(void)
{
	skip_all("not written yet");
}
