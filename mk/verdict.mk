## Verdicts and reports people act on (issue 9): timeout(1) parity facts,
## the syscall decoder, core_pattern, thread groups, command lines.
## lib/duration.[ch] and lib/signame.[ch] are listed in mk/supervisor.mk.

# GNU timeout(1) on this machine agrees with the facts the C tests use.
verdict_cli_tests = t/cli/timeout-facts.sh
TESTS += $(verdict_cli_tests)
EXTRA_DIST += $(verdict_cli_tests)

# The modules of issue 9, pure and tested without running anything.
lib_libstallsup_a_SOURCES += \
	lib/syscall.c lib/syscall.h \
	lib/corepat.c lib/corepat.h \
	lib/threadgroup.c lib/threadgroup.h \
	lib/cmdline.c lib/cmdline.h
AM_CFLAGS += $(SECCOMP_CFLAGS)

verdict_lib_tests = t/lib/syscall-t t/lib/syscall-live-t t/lib/corepat-t \
	t/lib/corepat-live-t t/lib/threadgroup-t t/lib/cmdline-t
check_PROGRAMS += $(verdict_lib_tests)
TESTS += $(verdict_lib_tests)
t_lib_syscall_t_LDADD = $(TAP_LDADD)
t_lib_syscall_live_t_LDADD = $(TAP_LDADD)
t_lib_corepat_t_LDADD = $(TAP_LDADD)
t_lib_corepat_live_t_LDADD = $(TAP_LDADD)
t_lib_threadgroup_t_LDADD = $(TAP_LDADD)
t_lib_cmdline_t_LDADD = $(TAP_LDADD)

# A thread blocked in a chosen system call, for the live test and for
# t/data/syscall/capture.sh, which made the fixtures in t/data/syscall/.
check_PROGRAMS += t/workers/block-in

EXTRA_DIST += doc/verdicts.md
