/* Tests for lib/cgpath.c: the cgroup v2 mount point and a process's path. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "basic.h"
#include "cgpath.h"

/* mountinfo of a Debian 12 machine (systemd, unified hierarchy), cut short. */
static const char mountinfo[] =
	"22 28 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
	"23 28 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
	"26 22 0:24 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 "
	"rw,nsdelegate,memory_recursiveprot\n"
	"28 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro\n";

/* Return cgpath_v2_mount of text (a string) into a PATH_MAX buffer; *got gets it. */
static int mount_of(const char *text, const char **got)
{
	static char mnt[PATH_MAX];

	strcpy(mnt, "(unset)");
	*got = mnt;
	return cgpath_v2_mount(text, strlen(text), mnt, sizeof(mnt));
}

/* Return cgpath_v2_path of text (a string) into a PATH_MAX buffer; *got gets it. */
static int path_of(const char *text, const char **got)
{
	static char out[PATH_MAX];

	strcpy(out, "(unset)");
	*got = out;
	return cgpath_v2_path(text, strlen(text), out, sizeof(out));
}

static void test_mount(void)
{
	static const char nul_mount[] = "1 2 0:3 / /a\0b rw - cgroup2 none rw\n";
	const char *got;
	char small[15];

	is_int(0, mount_of(mountinfo, &got), "mountinfo: cgroup2 found");
	is_str("/sys/fs/cgroup", got, "... its mount point");
	is_int(-ENOENT, mount_of("31 22 0:27 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n", &got),
	       "a v1 cgroup line is not cgroup2");
	is_int(-ENOENT, mount_of("31 22 0:27 / /x rw - cgroup2x none rw\n", &got),
	       "type cgroup2x is not cgroup2");
	is_int(0, mount_of("31 22 0:27 / /a\\040b rw - cgroup2 none rw\n"
			   "32 22 0:28 / /c rw - cgroup2 none rw", &got),
	       "an escaped mount point is skipped; a last line without newline is read");
	is_str("/c", got, "... the next cgroup2 line is used");
	is_int(0, mount_of("1  2 0:3  /   /m\r  rw - cgroup2 none rw\n", &got),
	       "runs of spaces separate fields; a carriage return is part of the field");
	is_str("/m\r", got, "... the fifth field");
	is_int(-ENOENT, mount_of("1 2 0:3 / - cgroup2 /x rw\n", &got),
	       "fewer than five fields before the separator");
	is_int(-ENOENT, mount_of("1 2 0:3 / rel rw - cgroup2 none rw\n", &got),
	       "a relative mount point");
	is_int(0, mount_of("1 2 0:3 / /t rw - cgroup2\n", &got), "the type may end the line");
	is_int(-ENOENT, mount_of("", &got), "empty text");
	is_str("(unset)", got, "... leaves the output alone");
	is_int(-ENOENT, cgpath_v2_mount(nul_mount, sizeof(nul_mount) - 1, small, sizeof(small)),
	       "a NUL byte in the mount point");
	is_int(-ENAMETOOLONG, cgpath_v2_mount(mountinfo, strlen(mountinfo), small, 14),
	       "a mount point that does not fit");
	is_int(0, cgpath_v2_mount(mountinfo, strlen(mountinfo), small, 15), "... and one that just fits");
	is_str("/sys/fs/cgroup", small, "... whole");
	/* The buffer stops inside the cgroup2 line: its type is cut. */
	is_int(-ENOENT, cgpath_v2_mount(mountinfo, (size_t)(strstr(mountinfo, " - cgroup2") - mountinfo + 6),
					small, sizeof(small)),
	       "the length bounds the text (no NUL needed)");
}

static void test_path(void)
{
	const char *got;
	char small[4];

	is_int(0, path_of("12:pids:/x\n1:name=systemd:/y\n0::/user.slice/a b.scope\n", &got),
	       "cgroup: the 0:: line is found among v1 lines");
	is_str("/user.slice/a b.scope", got, "... its path, spaces included");
	is_int(0, path_of("0::/", &got), "a last line without newline");
	is_str("/", got, "... the root");
	is_int(0, path_of("10::/no\n0::/yes\n0::/later\n", &got), "only a line starting with 0::");
	is_str("/yes", got, "... the first one");
	is_int(-ENOENT, path_of("1:cpu:/\n", &got), "no 0:: line");
	is_int(-EINVAL, path_of("0::\n", &got), "an empty path");
	is_int(-EINVAL, path_of("0::rel\n", &got), "a relative path");
	is_str("(unset)", got, "... leaves the output alone");
	is_int(-EINVAL, cgpath_v2_path("0::/a\0b\n", 8, small, sizeof(small)), "a NUL byte in the path");
	is_int(-ENAMETOOLONG, cgpath_v2_path("0::/abcd\n", 9, small, sizeof(small)),
	       "a path that does not fit");
	is_int(0, cgpath_v2_path("0::/abcd\n", 6, small, sizeof(small)), "the length bounds the text");
	is_str("/ab", small, "... to the bytes given");
}

int main(void)
{
	plan(32);
	test_mount();
	test_path();
	return 0;
}
