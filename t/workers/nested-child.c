/* nested-child: make a cgroup below the worker's own (cgroup v2 under the
 * mount point argv[1]), fork a child that moves into it, and append
 * "LEADER CHILD" to the file argv[2]. argv[3] says what the child does:
 * "spin" burns CPU, "pause" blocks; the leader then waits for the child.
 * With argv[4] = "exit", the child exits after 0.3 s and so does the leader,
 * leaving the nested cgroup behind for stallsup to remove. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Put the directory of our own v2 cgroup under mount mnt in out. */
static int own_cgroup(const char *mnt, char *out, size_t size)
{
	char line[4096];
	FILE *f = fopen("/proc/self/cgroup", "r");
	int found = 0;

	while (f && !found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(out, size, "%s%s", mnt, line + 3);
			found = 1;
		}
	}
	if (f)
		fclose(f);
	return found ? 0 : -1;
}

/* Move ourselves into the cgroup directory dir. */
static int join(const char *dir)
{
	char path[4200];
	int fd, ok;

	if ((size_t)snprintf(path, sizeof(path), "%s/cgroup.procs", dir) >= sizeof(path))
		return -1;
	fd = open(path, O_WRONLY);
	ok = fd >= 0 && write(fd, "0", 1) == 1;
	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	char own[4096], sub[4200];
	struct timespec t = { 0, 300000000 };
	volatile unsigned long n = 0;
	pid_t pid;
	FILE *f;

	if (argc < 4 || own_cgroup(argv[1], own, sizeof(own)) < 0)
		return 2;
	snprintf(sub, sizeof(sub), "%s/nested", own);
	if (mkdir(sub, 0755) < 0)
		return 3;
	if ((pid = fork()) == 0) {
		if (join(sub) < 0)
			_exit(4);
		if (argc > 4 && strcmp(argv[4], "exit") == 0) {
			nanosleep(&t, NULL);
			_exit(0);
		}
		if (strcmp(argv[3], "spin") == 0)
			for (;;)
				n++;
		for (;;)
			pause();
	}
	if ((f = fopen(argv[2], "a")) != NULL) {
		fprintf(f, "%d %d\n", (int)getpid(), (int)pid);
		fclose(f);
	}
	waitpid(pid, NULL, 0);
	return 0;
}
