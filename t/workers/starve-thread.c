/* starve-thread: a thread moves itself into the cgroup v1 directory argv[1]
 * (by writing its tid to "tasks") and spins there; the main thread spins
 * outside it. Exits 2 when the move fails. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Spin forever. */
static void spin(void)
{
	volatile unsigned long n = 0;

	for (;;)
		n++;
}

/* Write our tid to <dir>/tasks, then spin; exit 2 on failure. */
static void *starve(void *dir)
{
	char path[4096], tid[32];
	int fd, n = snprintf(tid, sizeof(tid), "%ld\n", (long)syscall(SYS_gettid));

	snprintf(path, sizeof(path), "%s/tasks", (const char *)dir);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, tid, (size_t)n) != n)
		exit(2);
	close(fd);
	spin();
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc < 2 || pthread_create(&t, NULL, starve, argv[1]) != 0)
		return 2;
	spin();
}
