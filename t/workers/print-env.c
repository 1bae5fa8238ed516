/* print-env: print STALLSUP_WORKER and STALLSUP_WORKERS on one line. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	const char *w = getenv("STALLSUP_WORKER"), *n = getenv("STALLSUP_WORKERS");

	printf("worker=%s workers=%s\n", w ? w : "unset", n ? n : "unset");
	return 0;
}
