/* threads: start argv[1] (default 4) spinning threads; main joins them. */
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
	int i, n = argc > 1 ? atoi(argv[1]) : 4;
	pthread_t t;

	for (i = 0; i < n; i++)
		if (pthread_create(&t, NULL, spin, NULL) != 0)
			return 1;
	pthread_join(t, NULL);
	return 0;
}
