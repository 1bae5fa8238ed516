/* Tests for lib/syscall.c: the parser over hand-made lines, the wait table by
 * name, the description, and real lines captured on x86_64 into
 * t/data/syscall/x86_64 by t/data/syscall/capture.sh (named with libseccomp's
 * x86_64 table, so they are checked on any architecture). */
#include <config.h>

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "strbuf.h"
#include "syscall.h"

#define P 0x7ffd12345678ULL /* some pointer */

/* Parse cases: text, return, state, nr, args[0], args[3], sp, pc. */
static const struct {
	const char *text;
	int ret;
	enum syscall_state state;
	long nr;
	uint64_t a0, a3, sp, pc;
} parses[] = {
	{ "running\n", 0, SYSCALL_RUNNING, -1, 0, 0, 0, 0 },
	{ "running", 0, SYSCALL_RUNNING, -1, 0, 0, 0, 0 },
	{ "-1 0x7ffc50972550 0x563d53467665\n", 0, SYSCALL_OUTSIDE, -1, 0, 0, 0x7ffc50972550ULL,
	  0x563d53467665ULL },
	{ "-2 0x1 0x2", 0, SYSCALL_OUTSIDE, -1, 0, 0, 1, 2 },
	{ "202 0x55f36d3442e8 0x80 0x0 0x0 0x0 0xffffffffffffffff 0x7ffc795967b8 0x7fae65451829\n", 0,
	  SYSCALL_IN, 202, 0x55f36d3442e8ULL, 0, 0x7ffc795967b8ULL, 0x7fae65451829ULL },
	{ "0 0x3 0x1 0x2 0x4 0x5 0x6 0x7 0x8", 0, SYSCALL_IN, 0, 3, 4, 7, 8 },
	{ "7 0x0 0x0 0x0 0xffffffffffffffff 0x0 0x0 0x0 0x0\n", 0, SYSCALL_IN, 7, 0,
	  0xffffffffffffffffULL, 0, 0 },
	{ "7 0x0 0x0 0x0 0x00000000000000000000001 0x0 0x0 0x0 0x0", 0, SYSCALL_IN, 7, 0, 1, 0, 0 },
	{ "7 0x0 0x0 0x0 0x10000000000000000 0x0 0x0 0x0 0x0", -ERANGE, 0, 0, 0, 0, 0, 0 },
	{ "99999999999999999999 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0", -ERANGE, 0, 0, 0, 0, 0, 0 },
	{ "", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "\n", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "runnin", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "running\n\n", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "-1 0x1\n", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "-1 0x1 0x2 0x3\n", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "202 0x1 0x2 0x3 0x4 0x5 0x6 0x7\n", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "202 0x1 0x2 0x3 0x4 0x5 0x6 0x7 0x8 0x9\n", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "202 0x1 0x2 0x3 0x4 0x5 0x6 0x7 0x8 \n", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "202  0x1 0x2 0x3 0x4 0x5 0x6 0x7 0x8\n", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "202 1 0x2 0x3 0x4 0x5 0x6 0x7 0x8\n", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "202 0x 0x2 0x3 0x4 0x5 0x6 0x7 0x8\n", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "202 0xg 0x2 0x3 0x4 0x5 0x6 0x7 0x8\n", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "202 0xA 0x2 0x3 0x4 0x5 0x6 0x7 0x8\n", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "x202 0x1 0x2 0x3 0x4 0x5 0x6 0x7 0x8\n", -EINVAL, 0, 0, 0, 0, 0, 0 },
	{ "- 0x1 0x2\n", -EINVAL, 0, 0, 0, 0, 0, 0 },
};

/* Check one parse case, then that a failed parse leaves *out alone. */
static void test_parse_one(size_t i)
{
	struct syscall_info si = { SYSCALL_IN, 4242, { 0 }, 0, 0 };
	const char *t = parses[i].text;
	int r = syscall_parse(t, strlen(t), &si);

	is_int(parses[i].ret, r, "parse case %zu returns %d", i, parses[i].ret);
	if (parses[i].ret != 0) {
		is_int(4242, si.nr, "parse case %zu leaves *out alone", i);
		return;
	}
	ok(si.state == parses[i].state && si.nr == parses[i].nr && si.args[0] == parses[i].a0 &&
		   si.args[3] == parses[i].a3 && si.sp == parses[i].sp && si.pc == parses[i].pc,
	   "parse case %zu: state %d nr %ld", i, (int)si.state, si.nr);
}

/* A line cut at every length, in a buffer of exactly that length (so
 * valgrind sees any read past it): only cuts inside the last value parse. */
static void test_parse_bounds(void)
{
	const char *line = "202 0x55f36d3442e8 0x80 0x0 0x0 0x0 0xffffffffffffffff 0x7f 0xabc\n";
	size_t n = strlen(line), last = (size_t)(strrchr(line, ' ') - line) + 4, bad = 0;
	struct syscall_info si;
	char *copy;

	for (size_t len = 0; len <= n; len++) {
		copy = malloc(len ? len : 1);
		memcpy(copy, line, len);
		if ((syscall_parse(copy, len, &si) == 0) != (len >= last))
			bad++;
		free(copy);
	}
	is_int(0, (long long)bad, "a cut line parses only when cut inside its last value");
}

/* Classification by name and registers, architecture-independent. */
static const struct {
	const char *name;
	uint64_t args[6];
	enum wait_kind kind;
} kinds[] = {
	{ "nanosleep", { P, 0 }, WAIT_TIMED },
	{ "clock_nanosleep", { 1, 1, P, 0 }, WAIT_TIMED },
	{ "futex", { P, 0x80, 2, 0 }, WAIT_UNTIMED },      /* FUTEX_WAIT_PRIVATE */
	{ "futex", { P, 0x80, 2, P }, WAIT_TIMED },
	{ "futex", { P, 0x0, 2, 0 }, WAIT_UNTIMED },       /* FUTEX_WAIT, shared */
	{ "futex", { P, 0x189, 0, 0 }, WAIT_UNTIMED },     /* WAIT_BITSET|PRIVATE|REALTIME */
	{ "futex", { P, 0x189, 0, P }, WAIT_TIMED },
	{ "futex", { P, 0x86, 0, 0 }, WAIT_UNTIMED },      /* LOCK_PI_PRIVATE */
	{ "futex", { P, 0x86, 0, P }, WAIT_TIMED },
	{ "futex", { P, 0x8d, 0, 0 }, WAIT_UNTIMED },      /* LOCK_PI2_PRIVATE */
	{ "futex", { P, 0x8b, 0, P }, WAIT_TIMED },        /* WAIT_REQUEUE_PI_PRIVATE */
	{ "futex", { P, 0x81, 1, 0 }, WAIT_NONE },         /* WAKE_PRIVATE */
	{ "futex", { P, 0x88, 0, 0 }, WAIT_NONE },         /* TRYLOCK_PI_PRIVATE */
	{ "futex", { P, 0x8e, 0, 0 }, WAIT_UNKNOWN },      /* a command after LOCK_PI2 */
	{ "futex_time64", { P, 0x80, 2, P }, WAIT_TIMED },
	{ "futex_waitv", { P, 1, 0, 0, 1 }, WAIT_UNTIMED },
	{ "futex_waitv", { P, 1, 0, P, 1 }, WAIT_TIMED },
	{ "futex_wait", { P, 0, 0, 0, 0, 1 }, WAIT_UNTIMED },
	{ "futex_wait", { P, 0, 0, 0, P, 1 }, WAIT_TIMED },
	{ "poll", { P, 1, 0xffffffff }, WAIT_UNTIMED },
	{ "poll", { P, 1, 0xffffffffffffffffULL }, WAIT_UNTIMED },
	{ "poll", { P, 1, 0xfffffffe }, WAIT_UNTIMED },
	{ "poll", { P, 1, 0 }, WAIT_TIMED },
	{ "poll", { P, 1, 5000 }, WAIT_TIMED },
	{ "ppoll", { P, 1, 0, 0, 8 }, WAIT_UNTIMED },
	{ "ppoll", { P, 1, P, 0, 8 }, WAIT_TIMED },
	{ "select", { 4, P, 0, 0, 0 }, WAIT_UNTIMED },
	{ "select", { 4, P, 0, 0, P }, WAIT_TIMED },
	{ "_newselect", { 4, P, 0, 0, P }, WAIT_TIMED },
	{ "pselect6", { 4, P, 0, 0, 0, P }, WAIT_UNTIMED },
	{ "pselect6", { 4, P, 0, 0, P, 0 }, WAIT_TIMED },
	{ "epoll_wait", { 3, P, 1, 0xffffffff }, WAIT_UNTIMED },
	{ "epoll_wait", { 3, P, 1, 100 }, WAIT_TIMED },
	{ "epoll_pwait", { 3, P, 1, 0xffffffff, P, 8 }, WAIT_UNTIMED },
	{ "epoll_pwait", { 3, P, 1, 0, P, 8 }, WAIT_TIMED },
	{ "epoll_pwait2", { 3, P, 1, 0, 0, 8 }, WAIT_UNTIMED },
	{ "epoll_pwait2", { 3, P, 1, P, 0, 8 }, WAIT_TIMED },
	{ "rt_sigtimedwait", { P, 0, 0, 8 }, WAIT_UNTIMED },
	{ "rt_sigtimedwait", { P, 0, P, 8 }, WAIT_TIMED },
	{ "semtimedop", { 1, P, 1, 0 }, WAIT_UNTIMED },
	{ "semtimedop", { 1, P, 1, P }, WAIT_TIMED },
	{ "mq_timedreceive", { 3, P, 64, 0, 0 }, WAIT_UNTIMED },
	{ "mq_timedreceive", { 3, P, 64, 0, P }, WAIT_TIMED },
	{ "io_getevents", { P, 1, 1, P, 0 }, WAIT_UNTIMED },
	{ "io_getevents", { P, 1, 1, P, P }, WAIT_TIMED },
	{ "recvmmsg", { 3, P, 1, 0, 0 }, WAIT_UNTIMED },
	{ "recvmmsg", { 3, P, 1, 0, P }, WAIT_TIMED },
	{ "read", { 3, P, 1 }, WAIT_UNTIMED },
	{ "write", { 4, P, 65536 }, WAIT_UNTIMED },
	{ "recvfrom", { 3, P, 1, 0, 0, 0 }, WAIT_UNTIMED },
	{ "recvmsg", { 3, P, 0 }, WAIT_UNTIMED },
	{ "accept", { 3, 0, 0 }, WAIT_UNTIMED },
	{ "accept4", { 3, 0, 0, 0x80000 }, WAIT_UNTIMED },
	{ "connect", { 3, P, 16 }, WAIT_UNTIMED },
	{ "openat", { 0xffffff9c, P, 0x80000 }, WAIT_UNTIMED },
	{ "wait4", { 0xffffffff, 0, 0, 0 }, WAIT_UNTIMED },
	{ "waitid", { 0, 0, P, 4 }, WAIT_UNTIMED },
	{ "pause", { 0 }, WAIT_UNTIMED },
	{ "rt_sigsuspend", { P, 8 }, WAIT_UNTIMED },
	{ "flock", { 3, 2 }, WAIT_UNTIMED },
	{ "msgrcv", { 1, P, 64, 0, 0 }, WAIT_UNTIMED },
	{ "semop", { 1, P, 1 }, WAIT_UNTIMED },
	{ "vfork", { 0 }, WAIT_UNTIMED },
	{ "fcntl", { 3, 7, P }, WAIT_UNTIMED },   /* F_SETLKW */
	{ "fcntl", { 3, 38, P }, WAIT_UNTIMED },  /* F_OFD_SETLKW */
	{ "fcntl", { 3, 3, 0 }, WAIT_NONE },      /* F_GETFL */
	{ "io_uring_enter", { 3, 0, 1, 1, 0, 0 }, WAIT_UNTIMED },
	{ "io_uring_enter", { 3, 0, 1, 9, P, 24 }, WAIT_UNKNOWN },
	{ "io_uring_enter", { 3, 1, 0, 0, 0, 0 }, WAIT_UNKNOWN },
	{ "restart_syscall", { P, 0, P }, WAIT_TIMED },
	{ "ioctl", { 0, 0x5401, P }, WAIT_UNKNOWN },
	{ "syscall_999", { 0 }, WAIT_UNKNOWN },
	{ "", { 0 }, WAIT_UNKNOWN },
};

/* Every row of kinds. */
static void test_kinds(void)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		is_str(wait_kind_name(kinds[i].kind),
		       wait_kind_name(syscall_wait_kind_named(kinds[i].name, kinds[i].args)),
		       "%s case %zu is %s", kinds[i].name, i, wait_kind_name(kinds[i].kind));
}

/* Descriptions: argument decoding and the kind suffix. */
static void test_describe(void)
{
	static const struct {
		const char *name;
		uint64_t args[6];
		const char *want;
	} cases[] = {
		{ "futex", { 0x7f0c2a1e4e28ULL, 0x80, 2, 0, 0, 0xffffffff },
		  "futex(0x7f0c2a1e4e28, FUTEX_WAIT_PRIVATE, 2, NULL) untimed" },
		{ "futex", { 0x10, 0x189, 0, 0x20 },
		  "futex(0x10, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, 0x20) timed" },
		{ "futex", { 0x10, 0x81, 1, 0 }, "futex(0x10, FUTEX_WAKE_PRIVATE, 1, NULL)" },
		{ "futex", { 0x10, 0x8e, 1, 0 }, "futex(0x10, 0x8e, 1, NULL) unknown" },
		{ "futex", { 0x10, 0x100000080ULL, 1, 0 }, "futex(0x10, FUTEX_WAIT_PRIVATE, 1, NULL) untimed" },
		{ "poll", { 0x7ffd1b2c, 1, 5000 }, "poll(0x7ffd1b2c, 1, 5000) timed" },
		{ "poll", { 0x7ffd1b2c, 1, 0xffffffff }, "poll(0x7ffd1b2c, 1, -1) untimed" },
		{ "openat", { 0xffffff9c, 0x10, 0x80000 }, "openat(-100, 0x10, 0x80000, 0x0) untimed" },
		{ "fcntl", { 3, 7, 0x10 }, "fcntl(3, F_SETLKW, 0x10) untimed" },
		{ "fcntl", { 3, 38, 0x10 }, "fcntl(3, F_OFD_SETLKW, 0x10) untimed" },
		{ "fcntl", { 3, 1, 0 }, "fcntl(3, 1, 0x0)" },
		{ "pause", { 1, 2, 3 }, "pause() untimed" },
		{ "ioctl", { 1, 0x5401, 0x10, 4, 5, 6 }, "ioctl(0x1, 0x5401, 0x10, 0x4, 0x5, 0x6) unknown" },
	};
	struct syscall_info si = { SYSCALL_IN, 1, { 0 }, 0, 0 };
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(si.args, cases[i].args, sizeof(si.args));
		sb_reset(&sb);
		syscall_describe_named(&sb, cases[i].name, &si);
		is_str(cases[i].want, sb_str(&sb), "describe %s case %zu", cases[i].name, i);
	}
	si.state = SYSCALL_RUNNING;
	sb_reset(&sb);
	syscall_describe(&sb, &si);
	is_str("running", sb_str(&sb), "describe a running task");
	si.state = SYSCALL_OUTSIDE;
	sb_reset(&sb);
	syscall_describe(&sb, &si);
	is_str("not in a syscall", sb_str(&sb), "describe a task outside a syscall");
	is_int(0, sb.err, "no allocation failed");
	sb_free(&sb);
}

/* Naming on this architecture: libseccomp's table and the fallback. */
static void test_names(void)
{
	char buf[SYSCALL_NAME_MAX];
	int futex_nr = seccomp_syscall_resolve_name("futex");
	struct syscall_info si = { SYSCALL_IN, futex_nr, { P, 0x80, 0, 0 }, 0, 0 };

	is_str("futex", syscall_name(futex_nr, buf, sizeof(buf)), "futex is named");
	is_str("syscall_99999", syscall_name(99999, buf, sizeof(buf)), "an unknown number");
	is_str("syscall_-1", syscall_name(-1, buf, sizeof(buf)), "a negative number");
	is_str("sysc", syscall_name(99999, buf, 5), "the name is cut to the buffer");
	is_str("untimed", wait_kind_name(syscall_wait_kind(&si)), "native futex wait is untimed");
	si.state = SYSCALL_RUNNING;
	is_str("none", wait_kind_name(syscall_wait_kind(&si)), "a running task does not wait");
	si.state = SYSCALL_OUTSIDE;
	is_str("none", wait_kind_name(syscall_wait_kind(&si)), "outside a syscall is no wait");
	is_str("none", wait_kind_name((enum wait_kind)42), "an unknown kind reads as none");
}

/* Real captured lines: file, name on x86_64, description. */
static const struct {
	const char *file;
	const char *want;
} captured[] = {
	{ "accept", "accept(3, NULL, NULL) untimed" },
	{ "accept4", "accept4(3, NULL, NULL, 0x80000) untimed" },
	{ "clock-nanosleep", "clock_nanosleep(1, 0x1, 0x7ffe8be31640, NULL) timed" },
	{ "cond-timedwait", "futex(0x7fff48d0d518, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, "
			    "0, 0x7fff48d0d4e0) timed" },
	{ "cond-wait", "futex(0x7ffceadcfb18, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, "
		       "NULL) untimed" },
	{ "epoll-inf", "epoll_wait(3, 0x7ffe400e3b44, 1, -1) untimed" },
	{ "epoll-pwait-inf", "epoll_pwait(3, 0x7fff8ed780e4, 1, -1, 0x7fff8ed780f0) untimed" },
	{ "epoll-pwait2-inf", "epoll_pwait2(3, 0x7ffd3ad93bf4, 1, NULL, NULL) untimed" },
	{ "epoll-pwait2-timed", "epoll_pwait2(3, 0x7ffee97343a4, 1, 0x7ffee97343b0, NULL) timed" },
	{ "epoll-timed", "epoll_wait(3, 0x7fff1c2b2224, 1, 100000000) timed" },
	{ "fcntl-setlkw", "fcntl(3, F_SETLKW, 0x7fff5bde0e80) untimed" },
	{ "flock", "flock(3, 0x2) untimed" },
	{ "futex-bitset", "futex(0x5628628062e8, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, "
			  "NULL) untimed" },
	{ "futex-bitset-timed", "futex(0x5636cc0322e8, FUTEX_WAIT_BITSET_PRIVATE, 0, "
				"0x7ffc2b6a3930) timed" },
	{ "futex-lock-pi", "futex(0x55d73c0e82e8, FUTEX_LOCK_PI_PRIVATE, 0, NULL) untimed" },
	{ "futex-wait", "futex(0x55f36d3442e8, FUTEX_WAIT_PRIVATE, 0, NULL) untimed" },
	{ "futex-wait-timed", "futex(0x55c5be7132e8, FUTEX_WAIT_PRIVATE, 0, 0x7ffc27ab6720) timed" },
	{ "futex-waitv", "futex_waitv(0x7ffe81ebe290, 1, 0, NULL, 1) untimed" },
	{ "futex-waitv-timed", "futex_waitv(0x7ffe33800420, 1, 0, 0x7ffe33800410, 1) timed" },
	{ "mutex-deadlock", "futex(0x555b3dce0280, FUTEX_WAIT_PRIVATE, 2, NULL) untimed" },
	{ "nanosleep", "nanosleep(0x7ffd8df48ce0, NULL) timed" },
	{ "open-fifo", "openat(-100, 0x7ffea7ee79bc, 0x80000, 0x0) untimed" },
	{ "pause", "pause() untimed" },
	{ "poll-inf", "poll(0x7ffd654622d8, 1, -1) untimed" },
	{ "poll-timed", "poll(0x7ffea816b538, 1, 100000000) timed" },
	{ "ppoll-inf", "ppoll(0x7ffd2d41b5f8, 1, NULL, NULL) untimed" },
	{ "ppoll-timed", "ppoll(0x7fff97acc388, 1, 0x7fff97acc350, NULL) timed" },
	{ "pselect-inf", "pselect6(4, 0x7ffe910024a0, NULL, NULL, NULL, 0x7ffe91002440) untimed" },
	{ "pselect-timed", "pselect6(4, 0x7ffc6e98dc10, NULL, NULL, 0x7ffc6e98dba0, "
			   "0x7ffc6e98dbb0) timed" },
	{ "read-pipe", "read(3, 0x7ffdb024d8c8, 1) untimed" },
	{ "recvfrom", "recvfrom(3, 0x7ffc5f817378, 1, 0x0, NULL, NULL) untimed" },
	{ "recvmsg", "recvmsg(3, 0x7fff19035d90, 0x0) untimed" },
	{ "restart", "restart_syscall() timed" },
	{ "running", "running" },
	{ "select-inf", "pselect6(4, 0x7ffc82133c20, NULL, NULL, NULL, NULL) untimed" },
	{ "select-timed", "pselect6(4, 0x7ffdefabe4d0, NULL, NULL, 0x7ffdefabe450, NULL) timed" },
	{ "sigsuspend", "rt_sigsuspend(0x7ffe20ecd1c0, 8) untimed" },
	{ "sigtimedwait", "rt_sigtimedwait(0x7ffdea5a1c00, NULL, 0x7ffdea5a1bf0) timed" },
	{ "sigwaitinfo", "rt_sigtimedwait(0x7ffde2bae780, NULL, NULL) untimed" },
	{ "sleep", "clock_nanosleep(0, 0x0, 0x7ffd62ff1d50, 0x7ffd62ff1d50) timed" },
	{ "stopped-in-nanosleep", "nanosleep(0x7ffc1570f1d0, NULL) timed" },
	{ "stopped-user", "not in a syscall" },
	{ "vfork", "vfork() untimed" },
	{ "wait4", "wait4(-1, NULL, 0x0, NULL) untimed" },
	{ "waitid", "waitid(0, 0, 0x7ffeb7f6f3e0, 0x4, NULL) untimed" },
	{ "write-pipe", "write(4, 0x55b098b7c240, 65536) untimed" },
};

/* Read fixture syscall/x86_64/NAME.txt into buf; returns its length. */
static size_t read_capture(const char *name, char *buf, size_t size)
{
	char rel[128];
	char *path;
	FILE *f;
	size_t n;

	snprintf(rel, sizeof(rel), "syscall/x86_64/%s.txt", name);
	path = test_file_path(rel);
	if ((f = fopen(path, "r")) == NULL)
		sysbail("open %s", path);
	n = fread(buf, 1, size, f);
	fclose(f);
	free(path);
	return n;
}

/* Every captured line parses, and is named and described as expected. */
static void test_captured(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct syscall_info si;
	char buf[256], *name;
	size_t n;

	for (size_t i = 0; i < sizeof(captured) / sizeof(captured[0]); i++) {
		n = read_capture(captured[i].file, buf, sizeof(buf));
		if (!is_int(0, syscall_parse(buf, n, &si), "%s parses", captured[i].file))
			continue;
		name = si.state == SYSCALL_IN
			       ? seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, (int)si.nr)
			       : NULL;
		sb_reset(&sb);
		syscall_describe_named(&sb, name ? name : "", &si);
		is_str(captured[i].want, sb_str(&sb), "%s is described", captured[i].file);
		free(name);
	}
	sb_free(&sb);
}

/* A syscall_info in call name (this architecture) with args a1, a2. */
static struct syscall_info in_call(const char *name, uint64_t a1, uint64_t a2)
{
	struct syscall_info si = { .state = SYSCALL_IN };

	si.nr = seccomp_syscall_resolve_name(name);
	si.args[0] = P;
	si.args[1] = a1;
	si.args[2] = a2;
	return si;
}

/* syscall_joins and syscall_reaps. */
static void test_joins(void)
{
	struct syscall_info si = in_call("futex", 0x189, 4129), running = { .state = SYSCALL_RUNNING };

	is_int(4129, syscall_joins(&si), "pthread_join's FUTEX_WAIT_BITSET on a tid joins it");
	si = in_call("futex", 0x80, 4130);
	is_int(4130, syscall_joins(&si), "FUTEX_WAIT_PRIVATE too");
	si = in_call("futex", 0x81, 4130);
	is_int(0, syscall_joins(&si), "FUTEX_WAKE joins nothing");
	si = in_call("futex", 0x189, 0);
	is_int(0, syscall_joins(&si), "a futex value of 0 is no thread");
	si = in_call("futex", 0x189, 0xffffffffULL);
	is_int(0, syscall_joins(&si), "nor a negative one");
	si = in_call("nanosleep", 0x189, 4129);
	is_int(0, syscall_joins(&si), "only futex waits join");
	is_int(0, syscall_joins(&running), "a running task joins nothing");
	si = in_call("wait4", 0, 0);
	ok(syscall_reaps(&si), "wait4 reaps");
	si = in_call("waitid", 0, 0);
	ok(syscall_reaps(&si), "waitid reaps");
	si = in_call("read", 0, 0);
	ok(!syscall_reaps(&si) && !syscall_reaps(&running), "read and running do not");
}

int main(void)
{
	plan_lazy();
	test_joins();
	for (size_t i = 0; i < sizeof(parses) / sizeof(parses[0]); i++)
		test_parse_one(i);
	test_parse_bounds();
	test_kinds();
	test_describe();
	test_names();
	test_captured();
	return 0;
}
