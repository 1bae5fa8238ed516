/* cgfile: parse cpu.stat, cpu.pressure, cgroup.stat and <pid>/cgroup; see cgfile.h. */
#include "cgfile.h"

#include <errno.h>
#include <string.h>

#include "text.h"

/* Parse "key N" (blank-separated, no ':') on its own line into *out. */
static int key_blank_u64(const char *text, size_t len, const char *key, uint64_t *out)
{
	const char *end = text + len, *p = text_find_key(text, len, key), *next;

	if (!p)
		return -ENOENT;
	if (p >= end || !text_is_blank(*p))
		return -EINVAL;
	return text_u64_value(text_skip_blanks(p, end), end, out, &next);
}

int cgfile_cpu_usage(const char *text, size_t len, uint64_t *usec)
{
	return key_blank_u64(text, len, "usage_usec", usec);
}

int cgfile_descendants(const char *text, size_t len, uint64_t *n)
{
	return key_blank_u64(text, len, "nr_descendants", n);
}

int cgfile_pressure_some(const char *text, size_t len, uint64_t *total_us)
{
	const char *end = text + len, *p = text_find_key(text, len, "some"), *eol, *next;
	static const char field[] = " total=";

	if (!p)
		return -ENOENT;
	eol = text_line_end(p, end);
	for (; p + sizeof(field) - 1 <= eol; p++)
		if (memcmp(p, field, sizeof(field) - 1) == 0)
			return text_u64_value(p + sizeof(field) - 1, eol, total_us, &next);
	return -EINVAL;
}

int cgfile_v2_path(const char *text, size_t len, char *out, size_t size)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *eol = text_line_end(p, end);
		size_t n = (size_t)(eol - p);

		if (n >= 3 && memcmp(p, "0::", 3) == 0) {
			if (n - 3 >= size)
				return -ERANGE;
			memcpy(out, p + 3, n - 3);
			out[n - 3] = '\0';
			return out[0] == '/' ? 0 : -EINVAL;
		}
		p = eol + 1;
	}
	return -ENOENT;
}

bool cgfile_path_within(const char *path, const char *base)
{
	size_t n = strlen(base);

	if (n == 1 && base[0] == '/')
		return path[0] == '/';
	return strncmp(path, base, n) == 0 && (path[n] == '\0' || path[n] == '/');
}
