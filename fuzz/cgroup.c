/* Fuzz target: cgpath_v2_path (/proc/<pid>/cgroup).
 *
 * The first input byte sets the output size (1..256 bytes); the rest is the
 * text. Properties:
 * - the result is 0, -ENOENT, -EINVAL or -ENAMETOOLONG, as a reference
 *   written here says: the first line that starts with "0::" decides; none
 *   is -ENOENT; a rest that is empty, relative or holds a NUL is -EINVAL;
 * - on success the path is a suffix of that input line: exactly the bytes
 *   after "0::" up to the newline, shorter than the size; the output is
 *   untouched on failure. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "cgpath.h"
#include "check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	size_t osize = 1 + fuzz_byte(&in) % 256, n = 0;
	const char *text = (const char *)in.p, *end = text + in.n, *line = NULL, *eol = NULL;
	char out[257];
	int r, want;

	for (const char *p = text; p < end && line == NULL; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		eol = eol ? eol : end;
		if (eol - p >= 3 && memcmp(p, "0::", 3) == 0)
			line = p;
	}
	n = line ? (size_t)(eol - line - 3) : 0;
	want = line == NULL ? -ENOENT
	       : n == 0 || line[3] != '/' || memchr(line + 3, '\0', n) ? -EINVAL
	       : n >= osize ? -ENAMETOOLONG
			    : 0;
	memset(out, 'U', sizeof(out));
	r = cgpath_v2_path(text, in.n, out, osize);
	FUZZ_CHECK(r == want, "result %d, the reference says %d", r, want);
	if (r < 0) {
		FUZZ_CHECK(out[0] == 'U', "out written on failure");
		return 0;
	}
	FUZZ_CHECK(strlen(out) == n && memcmp(out, line + 3, n) == 0 && line + 3 + n == eol,
		   "the path is not the rest of the 0:: line");
	return 0;
}
