/* proc: the one reader of /proc (or of a fixture tree); see proc.h. */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int proc_root_open(const char *root)
{
	int fd = open(root ? root : "/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int proc_open(int dirfd, const char *relpath)
{
	int fd = openat(dirfd, relpath, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	return fd < 0 ? -errno : fd;
}

/* Read from offset 0 until EOF or size-1 bytes. A short read is taken as the
 * end of the file (true of /proc single-record files and regular files), so
 * the usual cost is one pread. */
ssize_t proc_pread(int fd, char *buf, size_t size)
{
	size_t total = 0;

	if (size == 0)
		return -EINVAL;
	while (total < size - 1) {
		size_t want = size - 1 - total;
		ssize_t n = pread(fd, buf + total, want, (off_t)total);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		total += (size_t)n;
		if (n == 0 || (size_t)n < want)
			break;
	}
	buf[total] = '\0';
	return (ssize_t)total;
}

ssize_t proc_read(int dirfd, const char *relpath, char *buf, size_t size)
{
	int fd = proc_open(dirfd, relpath);
	ssize_t n;

	if (fd < 0)
		return fd;
	n = proc_pread(fd, buf, size);
	close(fd);
	return n;
}

ssize_t proc_pread_all(int fd, struct strbuf *out)
{
	char chunk[4096];
	ssize_t n;

	sb_reset(out);
	for (;;) {
		n = pread(fd, chunk, sizeof(chunk), (off_t)out->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		sb_add(out, chunk, (size_t)n);
		if (out->err)
			return out->err;
	}
	sb_add(out, "", 0); /* NUL-terminated even when empty */
	return out->err ? out->err : (ssize_t)out->len;
}

ssize_t proc_read_all(int dirfd, const char *relpath, struct strbuf *out)
{
	int fd = proc_open(dirfd, relpath);
	ssize_t n;

	if (fd < 0)
		return fd;
	n = proc_pread_all(fd, out);
	close(fd);
	return n;
}
