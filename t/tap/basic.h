/* A small TAP producer for stallsup's C tests.
 *
 * Tests print a plan, then one "ok N" or "not ok N" line per check. Fixture
 * files live under $SOURCE/t/data and scratch files under $BUILD/t/tmp; both
 * variables are set by the test harness (Makefile.am AM_TESTS_ENVIRONMENT). */
#ifndef STALLSUP_TAP_BASIC_H
#define STALLSUP_TAP_BASIC_H

#include <stdint.h>

#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TAP_NORETURN __attribute__((noreturn))

/* Print the plan "1..n" now. */
void plan(unsigned long n);
/* Defer the plan: it is printed after the last test, at exit. */
void plan_lazy(void);
/* Print "1..0 # SKIP reason" and exit 0. */
void skip_all(const char *fmt, ...) TAP_PRINTF(1, 2) TAP_NORETURN;

/* Report one check; returns success. */
int ok(int success, const char *fmt, ...) TAP_PRINTF(2, 3);
/* Check two integers are equal, printing both when they are not. */
int is_int(long long wanted, long long seen, const char *fmt, ...) TAP_PRINTF(3, 4);
/* Check two unsigned 64-bit integers are equal. */
int is_uint64(uint64_t wanted, uint64_t seen, const char *fmt, ...) TAP_PRINTF(3, 4);
/* Check two strings are equal; NULL equals only NULL. */
int is_str(const char *wanted, const char *seen, const char *fmt, ...) TAP_PRINTF(3, 4);
/* Report n checks as skipped with a reason. */
void skip(unsigned long n, const char *fmt, ...) TAP_PRINTF(2, 3);

/* Print a diagnostic line "# ..." on stdout. */
void diag(const char *fmt, ...) TAP_PRINTF(1, 2);
/* Abort the whole test file: "Bail out! ..." and exit 255. */
void bail(const char *fmt, ...) TAP_PRINTF(1, 2) TAP_NORETURN;
/* Like bail, adding strerror(errno). */
void sysbail(const char *fmt, ...) TAP_PRINTF(1, 2) TAP_NORETURN;

/* Return a malloc'd path to fixture `name` under $SOURCE/t/data; bails if absent. */
char *test_file_path(const char *name);
/* Return a malloc'd path of a new empty scratch directory under $BUILD/t/tmp. */
char *test_tmpdir(void);
/* Remove a scratch directory made by test_tmpdir (recursively) and free path. */
void test_tmpdir_free(char *path);

#endif
