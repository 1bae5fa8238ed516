/* Tests for lib/corepat.c: core(5)'s naming rules, pipe handlers, sockets,
 * and the start-time check. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "basic.h"
#include "corepat.h"

#define INF UINT64_MAX /* RLIM_INFINITY */

static const struct corepat_proc proc = {
	.pid = 1234, .global_pid = 5678, .tid = 1240, .global_tid = 5684,
	.uid = 1000, .gid = 100, .signal = 6, .dumpable = 1, .cpu = 3,
	.time = 1700000000, .core_limit = INF,
	.comm = "bench/w1", .exe = "/usr/bin/python3.11", .hostname = "ci-host",
	.cwd = "/work/job",
};

/* Locate cases: pattern, core_uses_pid, return, kind, path, handler, hint. */
static const struct {
	const char *pattern;
	int uses_pid;
	int ret;
	enum corepat_kind kind;
	const char *path, *handler, *hint;
} locates[] = {
	{ "core\n", 0, 0, COREPAT_FILE, "/work/job/core", "", "" },
	{ "core", 1, 0, COREPAT_FILE, "/work/job/core.1234", "", "" },
	{ "core.%p", 1, 0, COREPAT_FILE, "/work/job/core.1234", "", "" },
	{ "core.%P", 1, 0, COREPAT_FILE, "/work/job/core.5678.1234", "", "" },
	{ "/var/cores/core.%e.%p.%t", 0, 0, COREPAT_FILE,
	  "/var/cores/core.bench!w1.1234.1700000000", "", "" },
	{ "%%p-%p", 0, 0, COREPAT_FILE, "/work/job/%p-1234", "", "" },
	{ "%%p", 1, 0, COREPAT_FILE, "/work/job/%p.1234", "", "" },
	{ "core%", 0, 0, COREPAT_FILE, "/work/job/core", "", "" },
	{ "core.%z.%s", 0, 0, COREPAT_FILE, "/work/job/core..6", "", "" },
	{ "%z/core", 0, 0, COREPAT_FILE, "/core", "", "" },
	{ "%E", 0, 0, COREPAT_FILE, "/work/job/!usr!bin!python3.11", "", "" },
	{ "%f-%h-%u-%g-%d-%c-%C-%i-%I", 0, 0, COREPAT_FILE,
	  "/work/job/python3.11-ci-host-1000-100-1-18446744073709551615-3-1240-5684", "", "" },
	{ "%F.%p", 0, 0, COREPAT_FILE, "/work/job/.1234", "", "" },
	{ "", 0, -ENOENT, COREPAT_FILE, "", "", "" },
	{ "\n", 0, -ENOENT, COREPAT_FILE, "", "", "" },
	{ "", 1, 0, COREPAT_FILE, "/work/job/.1234", "", "" },
	{ "/dev/null\n", 0, -ENOENT, COREPAT_FILE, "", "", "" },
	{ "|/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h\n", 1, 0, COREPAT_PIPE,
	  "/usr/lib/systemd/systemd-coredump", "systemd-coredump", "coredumpctl debug 5678" },
	{ "|/usr/share/apport/apport -p%p -s%s -c%c -d%d -P%P -u%u -g%g -- %E", 0, 0, COREPAT_PIPE,
	  "/usr/share/apport/apport", "apport", "look in /var/crash and /var/lib/apport/coredump" },
	{ "|/usr/libexec/abrt-hook-ccpp %s %c %p %u %g %t %e %P %I %h", 0, 0, COREPAT_PIPE,
	  "/usr/libexec/abrt-hook-ccpp", "abrt", "abrt-cli list" },
	{ "|  /opt/crash/handler\t%p", 0, 0, COREPAT_PIPE, "/opt/crash/handler", "handler", "" },
	{ "|handler", 0, 0, COREPAT_PIPE, "handler", "handler", "" },
	{ "|/bin/false", 0, -ENOENT, COREPAT_PIPE, "", "", "" },
	{ "|/usr/bin/true %p", 0, -ENOENT, COREPAT_PIPE, "", "", "" },
	{ "|", 0, -ENOENT, COREPAT_PIPE, "", "", "" },
	{ "|   \n", 0, -ENOENT, COREPAT_PIPE, "", "", "" },
	{ "@/run/coredump.socket\n", 0, 0, COREPAT_SOCKET, "/run/coredump.socket",
	  "coredump socket", "" },
	{ "@@/run/coredump.socket", 0, 0, COREPAT_SOCKET, "/run/coredump.socket",
	  "coredump socket", "" },
	{ "@", 0, -ENOENT, COREPAT_SOCKET, "", "", "" },
};

/* Check one locate case. */
static void test_locate_one(struct corepat_where *w, size_t i)
{
	const char *pat = locates[i].pattern;
	int r = corepat_locate(pat, strlen(pat), locates[i].uses_pid, &proc, w);

	is_int(locates[i].ret, r, "locate case %zu returns %d", i, locates[i].ret);
	is_int(locates[i].kind, (int)w->kind, "locate case %zu kind", i);
	if (r != 0)
		return;
	is_str(locates[i].path, sb_str(&w->path), "locate case %zu path", i);
	is_str(locates[i].handler, sb_str(&w->handler), "locate case %zu handler", i);
	is_str(locates[i].hint, sb_str(&w->hint), "locate case %zu hint", i);
	ok(!w->glob, "locate case %zu: every value known", i);
}

/* Values the caller does not know make a glob; a relative path stays so
 * without a working directory; the pid fills in for unknown ids. */
static void test_unknowns(struct corepat_where *w)
{
	struct corepat_proc p = proc;
	const char *pat = "core.%e.%t.%d.%C.%E.%h";

	p.comm = NULL, p.time = -1, p.dumpable = -1, p.cpu = -1, p.exe = NULL, p.hostname = NULL;
	is_int(0, corepat_locate(pat, strlen(pat), 0, &p, w), "unknown values locate");
	is_str("/work/job/core.*.*.*.*.*.*", sb_str(&w->path), "unknown values are '*'");
	ok(w->glob, "the path is a glob");
	p = proc;
	p.cwd = NULL;
	is_int(0, corepat_locate("core", 4, 0, &p, w), "no cwd locates");
	is_str("core", sb_str(&w->path), "no cwd: the path stays relative");
	p.cwd = "/";
	corepat_locate("core", 4, 0, &p, w);
	is_str("/core", sb_str(&w->path), "cwd / gives no double slash");
	p.cwd = "/work/";
	corepat_locate("core", 4, 0, &p, w);
	is_str("/work/core", sb_str(&w->path), "cwd with a trailing slash");
	p.global_pid = 0, p.tid = 0, p.global_tid = 0;
	corepat_locate("%P.%i.%I", 8, 0, &p, w);
	is_str("/work/1234.1234.1234", sb_str(&w->path), "ids default to the pid");
	corepat_locate("|/usr/lib/systemd/systemd-coredump %P", 38, 0, &p, w);
	is_str("coredumpctl debug 1234", sb_str(&w->hint), "hint with the pid when no global one");
}

/* Check cases: pattern, core_uses_pid, soft, hard, no_core, soft_limit, overwrite. */
static const struct {
	const char *pattern;
	int uses_pid;
	uint64_t soft, hard;
	const char *no_core;
	bool soft_limit, overwrite;
} checks[] = {
	{ "core\n", 0, INF, INF, NULL, false, true },
	{ "core", 1, INF, INF, NULL, false, false },
	{ "core.%p", 0, INF, INF, NULL, false, false },
	{ "core.%P", 0, INF, INF, NULL, false, false },
	{ "core.%i", 0, INF, INF, NULL, false, false },
	{ "/cores/%I", 0, INF, INF, NULL, false, false },
	{ "core.%%p", 0, INF, INF, NULL, false, true },
	{ "core.%t.%e", 0, INF, INF, NULL, false, true },
	{ "core", 0, 0, 0, "the hard RLIMIT_CORE is 0", false, false },
	{ "core", 0, 0, 100, "the hard RLIMIT_CORE is under 4096 bytes, too small for a core", false,
	  false },
	{ "core.%p", 0, 0, INF, NULL, true, false },
	{ "core.%p", 0, 4095, INF, NULL, true, false },
	{ "core.%p", 0, 4096, 4096, NULL, false, false },
	{ "", 0, INF, INF, "core_pattern is empty", false, false },
	{ "", 1, INF, INF, NULL, false, false },
	{ "/dev/null", 0, INF, INF, "core_pattern is /dev/null", false, false },
	{ "|/bin/false", 0, INF, INF, "core_pattern pipes to true or false, which discard the core",
	  false, false },
	{ "|/usr/bin/true", 0, INF, INF,
	  "core_pattern pipes to true or false, which discard the core", false, false },
	{ "| ", 0, INF, INF, "core_pattern pipes to no program", false, false },
	{ "|/usr/lib/systemd/systemd-coredump %P", 0, INF, INF, NULL, false, false },
	{ "|/usr/lib/systemd/systemd-coredump %P", 0, 0, 0, "the hard RLIMIT_CORE is 0", false,
	  false },
	{ "|/usr/lib/systemd/systemd-coredump %P", 0, 0, INF, NULL, true, false },
	{ "|/usr/share/apport/apport %p", 0, 0, 0, NULL, false, false },
	{ "|/usr/share/apport/apport %p", 0, 1, INF, NULL, true, false },
	{ "|/usr/share/apport/apport %p", 0, 2, INF, NULL, false, false },
	{ "@/run/coredump.socket", 0, 0, 0, NULL, false, false },
	{ "@@", 0, INF, INF, "core_pattern names no coredump socket", false, false },
};

/* Check one check case. */
static void test_check_one(size_t i)
{
	struct corepat_check c;
	const char *pat = checks[i].pattern;

	corepat_check(pat, strlen(pat), checks[i].uses_pid, checks[i].soft, checks[i].hard, &c);
	is_str(checks[i].no_core, c.no_core, "check case %zu (%.*s): no_core", i,
	       (int)strcspn(pat, "\n"), pat);
	is_int(checks[i].soft_limit, c.soft_limit, "check case %zu: soft_limit", i);
	is_int(checks[i].overwrite, c.overwrite, "check case %zu: overwrite", i);
}

/* The kernel's pattern is a C string: a NUL byte in the buffer ends it
 * (found by fuzz/corepat.c: "\0" with core_uses_pid gave the path
 * "/work/job/\0.1234", and "core.%\0" counted as holding a pid). */
static void test_nul(struct corepat_where *w)
{
	struct corepat_check c;

	is_int(0, corepat_locate("core\0.%p", 8, 1, &proc, w), "NUL: locate");
	is_str("/work/job/core.1234", sb_str(&w->path), "NUL: the pattern ends there");
	is_int(strlen(sb_str(&w->path)), w->path.len, "NUL: no NUL byte in the path");
	is_int(-ENOENT, corepat_locate("\0core", 5, 0, &proc, w), "NUL first: an empty pattern");
	corepat_check("core.%\0", 7, 0, INF, INF, &c);
	ok(c.overwrite, "NUL after %%: no pid in the pattern, dumps overwrite one file");
	is_int(COREPAT_FILE, corepat_kind("\0|x", 3), "NUL first: the kind of an empty pattern");
}

int main(void)
{
	struct corepat_where w;

	plan_lazy();
	corepat_where_init(&w);
	for (size_t i = 0; i < sizeof(locates) / sizeof(locates[0]); i++)
		test_locate_one(&w, i);
	test_unknowns(&w);
	test_nul(&w);
	corepat_where_free(&w);
	is_str("", sb_str(&w.path), "freed where is empty");
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		test_check_one(i);
	is_int(COREPAT_PIPE, corepat_kind("|x", 2), "kind of a pipe");
	is_int(COREPAT_SOCKET, corepat_kind("@/x", 3), "kind of a socket");
	is_int(COREPAT_FILE, corepat_kind("", 0), "kind of an empty pattern");
	return 0;
}
