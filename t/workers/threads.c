/* threads: start argv[1] (default 4) spinning threads; the main thread then
 * joins them, or with argv[2] "exit" ends itself with pthread_exit while the
 * process lives on in its threads. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Spin forever. */
static void *spin(void *arg)
{
	volatile unsigned long n = 0;

	(void)arg;
	for (;;)
		n++;
	return NULL;
}

int main(int argc, char **argv)
{
	int i, n = argc > 1 ? atoi(argv[1]) : 4;
	pthread_t t;

	for (i = 0; i < n; i++)
		if (pthread_create(&t, NULL, spin, NULL) != 0)
			return 1;
	if (argc > 2 && strcmp(argv[2], "exit") == 0)
		pthread_exit(NULL);
	pthread_join(t, NULL);
	return 0;
}
