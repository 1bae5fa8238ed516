/* cgfile: pure parsers of the cgroup v2 files the monitor reads.
 *
 * Same conventions as procparse.h: a buffer and its length (not necessarily
 * NUL-terminated, never read outside it); 0 on success, -ENOENT for a missing
 * key (or an empty buffer), -EINVAL for malformed text, -ERANGE for a number
 * too big. Every cgroup v2 directory has these files, with or without a
 * controller enabled in its parent's subtree_control. */
#ifndef STALLSUP_CGFILE_H
#define STALLSUP_CGFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* cpu.stat: "usage_usec N" (CPU time of every task that ran in the cgroup or
 * below it, exited ones included), in microseconds. */
int cgfile_cpu_usage(const char *text, size_t len, uint64_t *usec);
/* cpu.pressure: the total of the "some" line ("some avg10=.. total=N"),
 * microseconds during which at least one task of the cgroup (or below it)
 * was runnable but waiting for a CPU. */
int cgfile_pressure_some(const char *text, size_t len, uint64_t *total_us);
/* cgroup.stat: "nr_descendants N", the live cgroups below this one. */
int cgfile_descendants(const char *text, size_t len, uint64_t *n);
/* /proc/<pid>/cgroup: copy the path of the v2 line ("0::/a/b") into out
 * (NUL-terminated). -ENOENT without a v2 line, -ERANGE when it does not fit. */
int cgfile_v2_path(const char *text, size_t len, char *out, size_t size);
/* True when cgroup path is base or lies below it ("/a/b" is within "/a",
 * "/ab" is not). */
bool cgfile_path_within(const char *path, const char *base);

#endif
