/* proc: the one way stallsup reads /proc.
 *
 * A proc root is a directory fd opened once (normally on /proc; tests point it
 * at a fixture tree under t/data/). Every path is relative to it, e.g.
 * "1234/task/1240/schedstat". Errors are negative errno values; a task that
 * is gone reads as -ESRCH or -ENOENT. */
#ifndef STALLSUP_PROC_H
#define STALLSUP_PROC_H

#include <stddef.h>
#include <sys/types.h>

#include "strbuf.h"

/* Open root (NULL means "/proc") as a directory fd (O_PATH is not used, so
 * openat works on it); returns the fd or -errno. */
int proc_root_open(const char *root);
/* Open relpath under dirfd read-only and close-on-exec; returns fd or -errno. */
int proc_open(int dirfd, const char *relpath);
/* Read the whole of fd from offset 0 into buf (at most size-1 bytes) and
 * NUL-terminate it; returns the byte count or -errno. A file longer than the
 * buffer is truncated (the caller's parser sees what fits). */
ssize_t proc_pread(int fd, char *buf, size_t size);
/* proc_open + proc_pread + close; returns the byte count or -errno. */
ssize_t proc_read(int dirfd, const char *relpath, char *buf, size_t size);
/* Read the whole of fd from offset 0 into out (replacing its contents),
 * calling pread until it returns 0, whatever the file's size: lists served
 * by seq files (cgroup.procs, cgroup.threads, children) come at most a page
 * per read. Returns the byte count or -errno (out's -ENOMEM included). */
ssize_t proc_pread_all(int fd, struct strbuf *out);
/* proc_open + proc_pread_all + close; returns the byte count or -errno. */
ssize_t proc_read_all(int dirfd, const char *relpath, struct strbuf *out);

#endif
