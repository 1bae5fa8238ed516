/* leader-exit: start argv[1] (default 2) spinning threads, then end the
 * main thread with pthread_exit; the process lives on in its threads. */
#include <pthread.h>
#include <stdlib.h>

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
	int i, n = argc > 1 ? atoi(argv[1]) : 2;
	pthread_t t;

	for (i = 0; i < n; i++)
		if (pthread_create(&t, NULL, spin, NULL) != 0)
			return 1;
	pthread_exit(NULL);
}
