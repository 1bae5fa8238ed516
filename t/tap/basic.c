/* A small TAP producer for stallsup's C tests; see basic.h. */
#define _GNU_SOURCE
#include "basic.h"

#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long tap_next = 1;   /* number of the next check */
static unsigned long tap_planned;    /* 0 when lazy */
static unsigned long tap_failed;
static int tap_lazy;
static pid_t tap_pid;                /* only this process prints the summary */

/* At exit, print a lazy plan and a summary of failures. */
static void tap_finish(void)
{
	unsigned long run = tap_next - 1;

	if (getpid() != tap_pid)
		return;
	fflush(stderr);
	if (tap_lazy)
		printf("1..%lu\n", run);
	else if (tap_planned != run)
		printf("# planned %lu tests but ran %lu\n", tap_planned, run);
	if (tap_failed)
		printf("# failed %lu of %lu tests\n", tap_failed, run);
	fflush(stdout);
}

/* Common start: unbuffered-ish output and exit hook. */
static void tap_start(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	tap_pid = getpid();
	atexit(tap_finish);
}

void plan(unsigned long n)
{
	tap_start();
	tap_planned = n;
	printf("1..%lu\n", n);
}

void plan_lazy(void)
{
	tap_start();
	tap_lazy = 1;
}

void skip_all(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	printf("1..0 # SKIP ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	tap_lazy = 0;
	tap_planned = 0;
	_exit(0);
}

/* Print the result line for one check with its description. */
static int tap_result(int success, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static int tap_result(int success, const char *fmt, va_list ap)
{
	printf("%sok %lu", success ? "" : "not ", tap_next++);
	if (fmt && *fmt) {
		printf(" - ");
		vprintf(fmt, ap);
	}
	printf("\n");
	if (!success)
		tap_failed++;
	return success;
}

int ok(int success, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_result(success, fmt, ap);
	va_end(ap);
	return success;
}

int is_int(long long wanted, long long seen, const char *fmt, ...)
{
	va_list ap;
	int success = wanted == seen;

	va_start(ap, fmt);
	tap_result(success, fmt, ap);
	va_end(ap);
	if (!success)
		diag("wanted: %lld\n#   seen: %lld", wanted, seen);
	return success;
}

int is_uint64(uint64_t wanted, uint64_t seen, const char *fmt, ...)
{
	va_list ap;
	int success = wanted == seen;

	va_start(ap, fmt);
	tap_result(success, fmt, ap);
	va_end(ap);
	if (!success)
		diag("wanted: %" PRIu64 "\n#   seen: %" PRIu64, wanted, seen);
	return success;
}

int is_str(const char *wanted, const char *seen, const char *fmt, ...)
{
	va_list ap;
	int success;

	if (!wanted || !seen)
		success = wanted == seen;
	else
		success = strcmp(wanted, seen) == 0;
	va_start(ap, fmt);
	tap_result(success, fmt, ap);
	va_end(ap);
	if (!success)
		diag("wanted: \"%s\"\n#   seen: \"%s\"", wanted ? wanted : "(null)",
		     seen ? seen : "(null)");
	return success;
}

void skip(unsigned long n, const char *fmt, ...)
{
	va_list ap;

	while (n-- > 0) {
		printf("ok %lu # SKIP ", tap_next++);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
}

void diag(const char *fmt, ...)
{
	va_list ap;

	fflush(stderr);
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* Print "Bail out! <message>[: <strerror>]" and exit 255. */
static void tap_bail(int err, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0))) TAP_NORETURN;
static void tap_bail(int err, const char *fmt, va_list ap)
{
	fflush(stdout);
	printf("Bail out! ");
	vprintf(fmt, ap);
	if (err)
		printf(": %s", strerror(err));
	printf("\n");
	fflush(stdout);
	_exit(255);
}

void bail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_bail(0, fmt, ap);
}

void sysbail(const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	tap_bail(err, fmt, ap);
}

/* Return $name from the environment or "." when unset or empty. */
static const char *env_dir(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : ".";
}

char *test_file_path(const char *name)
{
	char *path;

	if (asprintf(&path, "%s/t/data/%s", env_dir("SOURCE"), name) < 0)
		sysbail("asprintf");
	if (access(path, F_OK) != 0)
		sysbail("fixture %s", path);
	return path;
}

char *test_tmpdir(void)
{
	char *base, *path;

	if (asprintf(&base, "%s/t/tmp", env_dir("BUILD")) < 0)
		sysbail("asprintf");
	if (mkdir(base, 0755) != 0 && errno != EEXIST)
		sysbail("mkdir %s", base);
	if (asprintf(&path, "%s/XXXXXX", base) < 0)
		sysbail("asprintf");
	free(base);
	if (!mkdtemp(path))
		sysbail("mkdtemp %s", path);
	return path;
}

/* nftw callback: remove one entry. */
static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void test_tmpdir_free(char *path)
{
	if (!path)
		return;
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(path);
}
