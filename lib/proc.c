/* proc: the one reader of /proc (or of a fixture tree); see proc.h. */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "procparse.h"

#define LIST_CHUNK 4096  /* a seq file's page: what one read of a list gives */
#define STAT_BUF 1024    /* a stat record is ~300 bytes */

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

/* Read from offset 0 until a short read, EOF or size-1 bytes. A short read
 * is the end of a record file (proc.h), so the usual cost is one pread. */
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

/* pread whatever fd has at offset into chunk, retrying on EINTR; returns the
 * byte count (0 at EOF) or -errno. */
static ssize_t pread_chunk(int fd, char *chunk, size_t size, size_t offset)
{
	ssize_t n;

	do
		n = pread(fd, chunk, size, (off_t)offset);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

ssize_t proc_pread_all(int fd, struct strbuf *out)
{
	char chunk[LIST_CHUNK];
	ssize_t n;

	sb_reset(out);
	while ((n = pread_chunk(fd, chunk, sizeof(chunk), out->len)) > 0) {
		if (out->len + (size_t)n > PROC_LIST_MAX)
			return -EFBIG;
		sb_add(out, chunk, (size_t)n);
		if (out->err)
			return out->err;
	}
	if (n < 0)
		return n;
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

int proc_read_start(int dirfd, const char *relpath, uint64_t *start)
{
	char text[STAT_BUF];
	struct taskstat_info st;
	ssize_t n = proc_read(dirfd, relpath, text, sizeof(text));
	int r;

	if (n < 0)
		return (int)n;
	r = taskstat_parse(text, (size_t)n, &st);
	if (r < 0)
		return r;
	*start = st.starttime;
	return 0;
}
