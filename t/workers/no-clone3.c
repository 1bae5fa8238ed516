/* no-clone3: run argv[1..] with clone3 failing with ENOSYS, as under the
 * default seccomp profiles of Docker and podman (glibc then falls back to
 * clone, which cannot start a child in a cgroup). */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx;
	int r;

	if (argc < 2)
		return 2;
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (ctx == NULL)
		return 125;
	r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	if (r == 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	if (r < 0) {
		fprintf(stderr, "no-clone3: cannot load the filter: %s\n", strerror(-r));
		return 125;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "no-clone3: %s: %s\n", argv[1], strerror(errno));
	return 127;
}
