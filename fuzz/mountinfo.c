/* Fuzz target: cgpath_v2_mount (/proc/self/mountinfo).
 *
 * The first input byte sets the output size (1..256 bytes); the rest is the
 * text. A reference written here from cgpath.h finds the first usable
 * cgroup2 line (fields split on spaces, type "cgroup2" right after the first
 * " - ", a fifth field before it that starts with '/' and holds no '\\' or
 * NUL). Properties:
 * - the result is 0, -ENOENT or -ENAMETOOLONG as the reference says
 *   (-ENAMETOOLONG when the point does not fit the size);
 * - on success the mount point is that field: bytes of an input line,
 *   bounded by spaces, before its " - cgroup2"; the output is untouched
 *   otherwise. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "cgpath.h"
#include "check.h"

/* Reference: the mount point of the line [p, eol), or NULL; *n its length. */
static const char *ref_line(const char *p, const char *eol, size_t *n)
{
	const char *sep = memmem(p, (size_t)(eol - p), " - ", 3), *f = NULL, *q;
	int field = 0;

	if (sep == NULL || (size_t)(eol - sep) < 10 || memcmp(sep + 3, "cgroup2", 7) != 0 ||
	    (sep + 10 < eol && sep[10] != ' '))
		return NULL;
	for (q = p; q < sep && field < 5; q++) {
		if (*q != ' ' && (q == p || q[-1] == ' ')) {
			field++;
			f = q;
		}
	}
	if (field < 5 || *f != '/')
		return NULL;
	for (q = f; q < sep && *q != ' ';)
		q++;
	*n = (size_t)(q - f);
	return memchr(f, '\\', *n) || memchr(f, '\0', *n) ? NULL : f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	size_t osize = 1 + fuzz_byte(&in) % 256, n = 0;
	const char *text = (const char *)in.p, *end = text + in.n, *want = NULL;
	char out[257];
	int r;

	for (const char *p = text, *eol; p < end && want == NULL; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		eol = eol ? eol : end;
		want = ref_line(p, eol, &n);
	}
	memset(out, 'U', sizeof(out));
	r = cgpath_v2_mount(text, in.n, out, osize);
	FUZZ_CHECK(r == (want == NULL ? -ENOENT : n >= osize ? -ENAMETOOLONG : 0),
		   "result %d, the reference found %zu bytes for %zu", r, want ? n : 0, osize);
	if (r < 0) {
		FUZZ_CHECK(out[0] == 'U', "out written on failure");
		return 0;
	}
	FUZZ_CHECK(strlen(out) == n && memcmp(out, want, n) == 0, "the mount point is not field 5");
	return 0;
}
