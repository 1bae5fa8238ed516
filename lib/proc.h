/* proc: the one way stallsup reads /proc (and cgroupfs).
 *
 * A proc root is a directory fd opened once (normally on /proc; tests point it
 * at a fixture tree under t/data/). Every path is relative to it, e.g.
 * "1234/task/1240/schedstat". Errors are negative errno values; a task that
 * is gone reads as -ESRCH or -ENOENT.
 *
 * Two kinds of kernel file, two readers (doc/sampling.md, "Reading to the end"):
 *   records  one record formatted by one show() call (schedstat, stat,
 *            status, sched, wchan, cgroup, cpu.stat, cpu.pressure,
 *            cgroup.events, cgroup.stat): the kernel hands it out whole to a
 *            read() large enough for it, so proc_pread/proc_read take a read
 *            shorter than asked as its end: one pread per sample;
 *   lists    one record per item (cgroup.threads, cgroup.procs,
 *            task/<tid>/children, mountinfo, maps): served at most a page
 *            per read(), so a short read is NOT the end; proc_pread_all and
 *            proc_read_all read until read() returns 0, whatever the size. */
#ifndef STALLSUP_PROC_H
#define STALLSUP_PROC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "strbuf.h"

/* Largest list proc_pread_all accepts: 4M tids (pid_max's ceiling) of 8 bytes
 * each, with room to spare; longer is -EFBIG. */
#define PROC_LIST_MAX ((size_t)64 << 20)

/* Open root (NULL means "/proc") as a directory fd (O_PATH is not used, so
 * openat works on it); returns the fd or -errno. */
int proc_root_open(const char *root);
/* Open relpath under dirfd read-only and close-on-exec; returns fd or -errno. */
int proc_open(int dirfd, const char *relpath);
/* Read a record file (see above) from offset 0 into buf, at most size-1
 * bytes, and NUL-terminate it; returns the byte count or -errno. A read
 * shorter than asked is the end; a read that fills the buffer is followed by
 * more until EOF or a full buffer, where the text is cut (the caller's
 * parser sees what fits). Not for lists: use proc_pread_all. */
ssize_t proc_pread(int fd, char *buf, size_t size);
/* proc_open + proc_pread + close; returns the byte count or -errno. */
ssize_t proc_read(int dirfd, const char *relpath, char *buf, size_t size);
/* Read the whole of fd from offset 0 into out (replacing its contents),
 * calling pread until it returns 0, whatever the file's size: lists served
 * by seq files (cgroup.procs, cgroup.threads, children) come at most a page
 * per read. out is NUL-terminated. Returns the byte count or -errno (out's
 * -ENOMEM, -EFBIG past PROC_LIST_MAX). */
ssize_t proc_pread_all(int fd, struct strbuf *out);
/* proc_open + proc_pread_all + close; returns the byte count or -errno. */
ssize_t proc_read_all(int dirfd, const char *relpath, struct strbuf *out);
/* The start time of a task (stat field 22, clock ticks since boot): with
 * relpath "<pid>/stat" that of process pid (its leader's), with
 * "<pid>/task/<tid>/stat" that of thread tid. Together with the number it is
 * the task's identity: a later task with the same number starts later.
 * Returns 0 or -errno (-ENOENT/-ESRCH: gone; -EINVAL: not a stat file). */
int proc_read_start(int dirfd, const char *relpath, uint64_t *start);

#endif
