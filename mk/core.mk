## Foundation: procfs parsers, proc root, sampler, window (issue: Foundation).
lib_libstallsup_a_SOURCES += \
	lib/text.c lib/text.h \
	lib/procparse.h lib/sched.c lib/schedstat.c lib/taskstat.c lib/status.c \
	lib/proc.c lib/proc.h \
	lib/sample.c lib/sample.h \
	lib/window.c lib/window.h

core_tests = t/lib/text-t t/lib/sched-t t/lib/schedstat-t t/lib/taskstat-t \
	t/lib/status-t t/lib/proc-t t/lib/sample-t t/lib/window-t
check_PROGRAMS += $(core_tests)
TESTS += $(core_tests)
t_lib_text_t_LDADD = $(TAP_LDADD)
t_lib_sched_t_LDADD = $(TAP_LDADD)
t_lib_schedstat_t_LDADD = $(TAP_LDADD)
t_lib_taskstat_t_LDADD = $(TAP_LDADD)
t_lib_status_t_LDADD = $(TAP_LDADD)
t_lib_proc_t_LDADD = $(TAP_LDADD)
t_lib_sample_t_LDADD = $(TAP_LDADD)
t_lib_window_t_LDADD = $(TAP_LDADD)

EXTRA_DIST += t/data/capture-proc.sh doc/sampling.md

# Makefile.am does not define EXTRA_PROGRAMS and this fragment is included
# first, so it is set here; later fragments can use +=.
EXTRA_PROGRAMS = bench/sampler
bench_sampler_SOURCES = bench/sampler.c
bench_sampler_LDADD = lib/libstallsup.a $(SECCOMP_LIBS)
BENCH_TARGETS += bench-sampler
bench-sampler: bench/sampler$(EXEEXT)
	./bench/sampler$(EXEEXT)
.PHONY: bench-sampler
