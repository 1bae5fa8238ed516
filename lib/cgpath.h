/* cgpath: find the cgroup v2 mount point in /proc/self/mountinfo and a
 * process's v2 cgroup path in /proc/<pid>/cgroup.
 *
 * Both parsers take a buffer and its length (not necessarily NUL-terminated,
 * never read outside it) and copy what they find, NUL-terminated, into a
 * caller's buffer of size bytes, written only on success. Lines end with
 * '\n' (the last one may lack it). Return values:
 *   0              success
 *   -ENOENT        no usable line
 *   -EINVAL        (cgpath_v2_path) the "0::" line holds no absolute path
 *   -ENAMETOOLONG  what was found does not fit in size bytes */
#ifndef STALLSUP_CGPATH_H
#define STALLSUP_CGPATH_H

#include <stddef.h>

/* Copy the mount point (field 5) of the first usable cgroup2 line of
 * mountinfo text into mnt. A line is a cgroup2 line when its fields after
 * the " - " separator start with the type "cgroup2"; it is usable when at
 * least five space-separated fields come before the separator, the fifth
 * starting with '/' and holding no '\\' (the kernel writes space, tab,
 * newline and backslash as octal escapes, which are not decoded here) and no
 * NUL byte. Other lines are skipped. */
int cgpath_v2_mount(const char *text, size_t len, char *mnt, size_t size);

/* Copy the path of the first "0::" line (the cgroup v2 entry) of
 * /proc/<pid>/cgroup text into out: the rest of that line, which must start
 * with '/' and hold no NUL byte (else -EINVAL). */
int cgpath_v2_path(const char *text, size_t len, char *out, size_t size);

#endif
