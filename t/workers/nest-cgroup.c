/* nest-cgroup: a worker that rearranges its own cgroup v2 tree.
 *
 * Usage: nest-cgroup sub WORK_MS   make "sub" below our cgroup, move a child
 *                                  there that wakes every 2 ms for WORK_MS
 *                                  and then sleeps for good; sleep for good
 *                                  ourselves
 *        nest-cgroup escape        move ourselves to the cgroup above ours,
 *                                  then sleep for good
 * Exits 3 when the cgroup cannot be found or changed (no cgroup v2 of ours). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Put the directory of our own cgroup v2 in dir: the cgroup2 mount point
 * from mountinfo followed by our "0::" path. Returns 0 or -1. */
static int own_cgroup(char *dir, size_t size)
{
	char line[4096], mnt[PATH_MAX] = "", path[PATH_MAX] = "";
	FILE *f = fopen("/proc/self/mountinfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!*mnt && strstr(line, " - cgroup2 "))
			sscanf(line, "%*s %*s %*s %*s %4095s", mnt);
	if (f)
		fclose(f);
	f = fopen("/proc/self/cgroup", "r");
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "0::", 3) == 0)
			sscanf(line + 3, "%4095s", path);
	if (f)
		fclose(f);
	if (!*mnt || !*path)
		return -1;
	return snprintf(dir, size, "%s%s", mnt, strcmp(path, "/") ? path : "") < (int)size ? 0 : -1;
}

/* Move the calling process into cgroup directory dir; returns 0 or -1. */
static int move_self(const char *dir)
{
	char procs[PATH_MAX + 16];
	int fd, ok;

	snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
	fd = open(procs, O_WRONLY);
	if (fd < 0)
		return -1;
	ok = write(fd, "0", 1) == 1;
	close(fd);
	return ok ? 0 : -1;
}

/* Work for ms milliseconds without hogging a CPU: wake every 2 ms. */
static void work_for(unsigned ms)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		usleep(2000);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
}

/* Sleep for good. */
static void idle(void)
{
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	char dir[PATH_MAX], sub[PATH_MAX + 8];
	pid_t child;

	if (argc < 2 || own_cgroup(dir, sizeof(dir)) < 0)
		return 3;
	if (strcmp(argv[1], "escape") == 0) {
		*strrchr(dir, '/') = '\0';
		if (move_self(dir) < 0)
			return 3;
		idle();
	}
	if (strcmp(argv[1], "sub") != 0 || argc < 3)
		return 2;
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	if (mkdir(sub, 0755) < 0 && errno != EEXIST)
		return 3;
	child = fork();
	if (child == 0) {
		if (move_self(sub) < 0)
			_exit(3);
		work_for((unsigned)atoi(argv[2]));
		idle();
	}
	idle();
}
