/* print-lines: write argv[1] numbered lines "STALLSUP_WORKER line k" to
 * stdout (and every tenth to stderr), with small writes, then a last line
 * without a newline when argv[2] is "partial". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	long i, n = argc > 1 ? atol(argv[1]) : 10;
	const char *w = getenv("STALLSUP_WORKER");

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++) {
		if (i % 10 == 9)
			fprintf(stderr, "%s err %ld\n", w ? w : "-", i);
		else
			printf("%s line %ld\n", w ? w : "-", i);
	}
	if (argc > 2 && strcmp(argv[2], "partial") == 0)
		printf("%s partial", w ? w : "-");
	return 0;
}
