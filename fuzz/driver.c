/* driver: replay files through a fuzz target without libFuzzer.
 *
 * Usage: <target>-replay PATH...  Each PATH is a file or a directory whose
 * regular files are replayed in name order (not recursively). Every input is
 * passed to LLVMFuzzerTestOneInput in a buffer of exactly its size, so a
 * sanitizer build catches a read past it. A failed property aborts (see
 * check.h); otherwise prints "replayed N inputs" and exits 0, or exits 1
 * when a path cannot be read. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "strbuf.h"

/* Read the whole file path into a malloc'd buffer of exactly its size;
 * *size gets it. Returns 0 or -errno. */
static int read_file(const char *path, uint8_t **data, size_t *size)
{
	struct strbuf sb = STRBUF_INIT;
	char chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;
	int r = 0;

	if (f == NULL)
		return -errno;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sb_add(&sb, chunk, n);
	if (ferror(f))
		r = -EIO;
	fclose(f);
	*size = sb.len;
	*data = malloc(sb.len ? sb.len : 1);
	if (r == 0 && (sb.err || *data == NULL))
		r = -ENOMEM;
	if (r == 0 && sb.len)
		memcpy(*data, sb.buf, sb.len);
	sb_free(&sb);
	if (r < 0)
		free(*data);
	return r;
}

/* Replay one file. Returns 0 or -errno. */
static int replay_file(const char *path)
{
	uint8_t *data;
	size_t size;
	int r = read_file(path, &data, &size);

	if (r < 0)
		return r;
	fuzz_input_name = path;
	LLVMFuzzerTestOneInput(data, size);
	fuzz_input_name = NULL;
	free(data);
	return 0;
}

/* scandir filter: every name but . and .. */
static int not_dots(const struct dirent *de)
{
	return strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
}

/* Replay the regular files of directory dir in name order; *count grows by
 * their number. Returns 0 or -errno. */
static int replay_dir(const char *dir, unsigned long *count)
{
	struct dirent **names;
	int n = scandir(dir, &names, not_dots, alphasort), r = 0;

	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		struct strbuf path = STRBUF_INIT;
		struct stat st;

		sb_printf(&path, "%s/%s", dir, names[i]->d_name);
		if (r == 0 && stat(sb_str(&path), &st) == 0 && S_ISREG(st.st_mode)) {
			r = replay_file(sb_str(&path));
			*count += r == 0;
		}
		sb_free(&path);
		free(names[i]);
	}
	free(names);
	return r;
}

int main(int argc, char **argv)
{
	unsigned long count = 0;
	struct stat st;
	int r;

	for (int i = 1; i < argc; i++) {
		if (stat(argv[i], &st) < 0)
			r = -errno;
		else if (S_ISDIR(st.st_mode))
			r = replay_dir(argv[i], &count);
		else if ((r = replay_file(argv[i])) == 0)
			count++;
		if (r < 0) {
			fprintf(stderr, "%s: %s: %s\n", argv[0], argv[i], strerror(-r));
			return 1;
		}
	}
	printf("replayed %lu inputs\n", count);
	return 0;
}
