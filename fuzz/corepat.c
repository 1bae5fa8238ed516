/* Fuzz target: corepat_kind, corepat_locate and corepat_check
 * (/proc/sys/kernel/core_pattern).
 *
 * The first input bytes choose core_uses_pid, which process values are
 * unknown, the soft and hard RLIMIT_CORE (around the 4096-byte threshold);
 * the rest is the pattern. Properties:
 * - the kind is PIPE for a leading '|', SOCKET for '@', FILE otherwise;
 * - corepat_locate returns 0 or -ENOENT, the latter exactly when
 *   corepat_check with unlimited limits says no core can be written; its
 *   strings hold no NUL byte (the kernel's pattern ends at the first one);
 * - corepat_check sets soft_limit and overwrite only when a core can be
 *   written, and its reason is a printable line; a FILE pattern with a hard
 *   limit under 4096 bytes writes no core;
 * - FILE: glob is set only when a value was unknown; with every value known,
 *   two processes that differ only in their pids and tids get the same path
 *   exactly when corepat_check says their dumps overwrite one file; with
 *   the working directory known, the path is absolute;
 * - PIPE: the path is the pattern's first word after '|' (non-empty, no
 *   white space), the handler a known handler's name or the path's base
 *   name, with a hint only for a known handler;
 * - SOCKET: the path is the pattern after "@" or "@@", the handler
 *   "coredump socket". */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "check.h"
#include "corepat.h"

/* A limit from byte b: values around COREPAT_MIN_LIMIT, or unlimited. */
static uint64_t limit_of(unsigned b)
{
	static const uint64_t limits[] = { 0, 1, COREPAT_MIN_LIMIT - 1, COREPAT_MIN_LIMIT,
					   1 << 20, UINT64_MAX };

	return limits[b % (sizeof(limits) / sizeof(limits[0]))];
}

/* The process the pattern is expanded for; flags make values unknown. */
static struct corepat_proc proc_of(unsigned flags, pid_t pid)
{
	struct corepat_proc p = {
		.pid = flags & 1 ? -1 : pid, .uid = 1000, .gid = 1000, .signal = 6,
		.dumpable = 1, .cpu = 3, .time = flags & 2 ? -1 : 1700000000,
		.core_limit = UINT64_MAX, .comm = flags & 4 ? NULL : "we/ird comm",
		.exe = flags & 8 ? NULL : "/opt/a b/bin/worker", .hostname = flags & 16 ? NULL : "node1",
		.cwd = flags & 32 ? NULL : flags & 64 ? "/home/u/" : "/home/u",
	};
	return p;
}

/* True for white space as the kernel splits a pipe command. */
static bool space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Check a PIPE result. */
static void check_pipe(const char *pat, size_t n, const struct corepat_where *w)
{
	static const char *const known[] = { "systemd-coredump", "apport", "abrt" };
	const char *path = sb_str(&w->path), *base = strrchr(path, '/'), *handler = sb_str(&w->handler);
	size_t i = 1;
	bool is_known = false;

	while (i < n && space(pat[i]))
		i++;
	FUZZ_CHECK(w->path.len > 0 && w->path.len <= n - i && memcmp(path, pat + i, w->path.len) == 0 &&
			   (i + w->path.len == n || space(pat[i + w->path.len])),
		   "pipe: the path is not the program");
	base = base ? base + 1 : path;
	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
		is_known = is_known || strcmp(handler, known[k]) == 0;
	FUZZ_CHECK(is_known || (w->handler.len == strlen(base) && strcmp(handler, base) == 0),
		   "pipe: handler %s for %s", handler, path);
	FUZZ_CHECK(is_known || w->hint.len == 0, "pipe: a hint for an unknown handler");
}

/* Check a SOCKET result. */
static void check_socket(const char *pat, size_t n, const struct corepat_where *w)
{
	size_t skip = n > 1 && pat[1] == '@' ? 2 : 1;

	FUZZ_CHECK(w->path.len == n - skip && memcmp(w->path.buf, pat + skip, n - skip) == 0,
		   "socket: the path is not what follows @");
	FUZZ_CHECK(strcmp(sb_str(&w->handler), "coredump socket") == 0, "socket: handler");
}

/* Check a FILE result for pattern[0..len) as given, process flags (all
 * known when 0). */
static void check_file(const char *pat, size_t len, int uses_pid, unsigned flags,
		       const struct corepat_where *w, const struct corepat_check *c)
{
	struct corepat_proc other = proc_of(flags, 4242);
	struct corepat_where w2;
	const char *path = sb_str(&w->path);

	FUZZ_CHECK(!w->glob || (flags & 31) != 0, "file: glob with every value known");
	FUZZ_CHECK((flags & 32) || path[0] == '/', "file: a relative path with the cwd known: %s",
		   path);
	if (flags & 31)
		return;
	corepat_where_init(&w2);
	FUZZ_CHECK(corepat_locate(pat, len, uses_pid, &other, &w2) == 0, "file: second process");
	FUZZ_CHECK((w->path.len == w2.path.len && memcmp(path, sb_str(&w2.path), w->path.len) == 0) ==
			   c->overwrite,
		   "file: overwrite %d, but paths %s and %s", c->overwrite, path, sb_str(&w2.path));
	corepat_where_free(&w2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned flags = fuzz_byte(&in);
	int uses_pid = flags & 128 ? 1 : 0;
	uint64_t soft = limit_of(fuzz_byte(&in)), hard = limit_of(fuzz_byte(&in));
	const char *pat = (const char *)in.p, *nul = in.n ? memchr(pat, '\0', in.n) : NULL;
	size_t len = in.n, n = nul ? (size_t)(nul - pat) : len;
	struct corepat_proc p = proc_of(flags & 127, 100);
	enum corepat_kind kind = corepat_kind(pat, len);
	struct corepat_check any, lim;
	struct corepat_where w;
	int r;

	n -= n > 0 && pat[n - 1] == '\n'; /* the pattern: up to a NUL, one newline off */
	FUZZ_CHECK(kind == (n > 0 && pat[0] == '|'   ? COREPAT_PIPE
			    : n > 0 && pat[0] == '@' ? COREPAT_SOCKET
						     : COREPAT_FILE),
		   "kind %d", kind);
	corepat_check(pat, len, uses_pid, UINT64_MAX, UINT64_MAX, &any);
	corepat_check(pat, len, uses_pid, soft, hard, &lim);
	FUZZ_CHECK(lim.no_core == NULL || fuzz_printable(lim.no_core, strlen(lim.no_core), false),
		   "reason");
	FUZZ_CHECK(lim.no_core == NULL || (!lim.soft_limit && !lim.overwrite), "flags with no core");
	FUZZ_CHECK(any.no_core == NULL || lim.no_core != NULL, "a limit made a core possible");
	FUZZ_CHECK(kind != COREPAT_FILE || hard >= COREPAT_MIN_LIMIT || lim.no_core != NULL,
		   "file: a core under a hard limit of %" PRIu64, hard);
	corepat_where_init(&w);
	r = corepat_locate(pat, len, uses_pid, &p, &w);
	FUZZ_CHECK(r == (any.no_core ? -ENOENT : 0), "locate %d, check says %s", r,
		   any.no_core ? any.no_core : "a core");
	if (r == 0) {
		FUZZ_CHECK(w.kind == kind, "where.kind");
		FUZZ_CHECK(strlen(sb_str(&w.path)) == w.path.len && strlen(sb_str(&w.handler)) == w.handler.len &&
				   strlen(sb_str(&w.hint)) == w.hint.len,
			   "a NUL byte in a result string");
		if (kind == COREPAT_PIPE)
			check_pipe(pat, n, &w);
		else if (kind == COREPAT_SOCKET)
			check_socket(pat, n, &w);
		else
			check_file(pat, len, uses_pid, flags & 127, &w, &any);
	}
	corepat_where_free(&w);
	return 0;
}
