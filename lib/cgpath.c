/* cgpath: the cgroup v2 mount point and a process's v2 path; see cgpath.h. */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "cgpath.h"
#include "text.h"

#define MOUNT_POINT_FIELD 4 /* field 5 of mountinfo, counted from 0 */

/* A field: p[0..n). */
struct field {
	const char *p;
	size_t n;
};

/* Copy f NUL-terminated into out (size bytes). Returns 0 or -ENAMETOOLONG. */
static int copy_out(struct field f, char *out, size_t size)
{
	if (f.n >= size)
		return -ENAMETOOLONG;
	memcpy(out, f.p, f.n);
	out[f.n] = '\0';
	return 0;
}

/* Find field idx (from 0) of [p, end), fields being separated by runs of
 * spaces. Returns true and fills *f, or false when there are fewer fields. */
static bool nth_field(const char *p, const char *end, int idx, struct field *f)
{
	for (int i = 0;; i++) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			return false;
		f->p = p;
		while (p < end && *p != ' ')
			p++;
		f->n = (size_t)(p - f->p);
		if (i == idx)
			return true;
	}
}

/* True when the fields after the separator at sep (" - ") of a line ending at
 * eol start with the file system type cgroup2. */
static bool is_cgroup2(const char *sep, const char *eol)
{
	const char *type = sep + 3;
	size_t n = sizeof("cgroup2") - 1;

	return (size_t)(eol - type) >= n && memcmp(type, "cgroup2", n) == 0 &&
	       (type + n == eol || type[n] == ' ');
}

/* Find the usable cgroup2 mount point of the mountinfo line [p, eol) (see
 * cgpath.h). Returns true and fills *mnt, or false. */
static bool line_mount(const char *p, const char *eol, struct field *mnt)
{
	const char *sep = memmem(p, (size_t)(eol - p), " - ", 3);

	if (sep == NULL || !is_cgroup2(sep, eol))
		return false;
	if (!nth_field(p, sep, MOUNT_POINT_FIELD, mnt) || mnt->p[0] != '/')
		return false;
	return memchr(mnt->p, '\\', mnt->n) == NULL && memchr(mnt->p, '\0', mnt->n) == NULL;
}

int cgpath_v2_mount(const char *text, size_t len, char *mnt, size_t size)
{
	const char *p = text, *end = text + len;
	struct field f;

	while (p < end) {
		const char *eol = text_line_end(p, end);

		if (line_mount(p, eol, &f))
			return copy_out(f, mnt, size);
		p = eol + 1;
	}
	return -ENOENT;
}

int cgpath_v2_path(const char *text, size_t len, char *out, size_t size)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *eol = text_line_end(p, end);
		struct field f = { p + 3, 0 };

		if (eol - p >= 3 && memcmp(p, "0::", 3) == 0) {
			f.n = (size_t)(eol - f.p);
			if (f.n == 0 || f.p[0] != '/' || memchr(f.p, '\0', f.n) != NULL)
				return -EINVAL;
			return copy_out(f, out, size);
		}
		p = eol + 1;
	}
	return -ENOENT;
}
