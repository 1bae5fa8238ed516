## User-space backtraces (issue 10): the libdw unwinder, the helper process,
## the wire codec and the rendering. See doc/backtrace.md.
AM_CPPFLAGS += $(LIBDW_CFLAGS)

lib_libstallsup_a_SOURCES += \
	lib/arena.c lib/arena.h \
	lib/backtrace.c lib/backtrace.h \
	lib/btcodec.c lib/btcodec.h \
	lib/btrender.c lib/btrender.h \
	lib/ptstop.c lib/ptstop.h \
	lib/unwind.h
# The unwinder proper needs libdw; without it (configure --without-libdw)
# the same API answers "backtraces are unavailable in this build".
if HAVE_LIBDW
lib_libstallsup_a_SOURCES += lib/unwind.c
else
lib_libstallsup_a_SOURCES += lib/unwind-none.c
endif

# The helper process and its client; the supervisor starts it (see
# src/unwinder.h for what it must call and when).
unwinder_sources = src/unwinder.c src/unwinder-server.c src/unwinder.h
src_stallsup_SOURCES += $(unwinder_sources)
src_stallsup_LDADD += $(LIBDW_LIBS)

# Test support shared by the live backtrace tests.
check_LIBRARIES = t/lib/libbtfix.a
t_lib_libbtfix_a_SOURCES = t/lib/btfix.c t/lib/btfix.h
BT_LDADD = t/lib/libbtfix.a $(TAP_LDADD) $(LIBDW_LIBS)

backtrace_lib_tests = t/lib/arena-t t/lib/backtrace-t t/lib/btcodec-t t/lib/btrender-t
backtrace_live_tests = t/lib/ptstop-t t/lib/unwind-t t/src/unwinder-t
check_PROGRAMS += $(backtrace_lib_tests) $(backtrace_live_tests)
TESTS += $(backtrace_lib_tests) $(backtrace_live_tests)
t_lib_arena_t_LDADD = $(TAP_LDADD)
t_lib_backtrace_t_LDADD = $(TAP_LDADD)
t_lib_btcodec_t_LDADD = $(TAP_LDADD)
t_lib_btrender_t_LDADD = $(TAP_LDADD)
t_lib_ptstop_t_LDADD = $(BT_LDADD)
t_lib_unwind_t_LDADD = $(BT_LDADD)
t_src_unwinder_t_SOURCES = t/src/unwinder-t.c $(unwinder_sources) src/sys.c src/sys.h
t_src_unwinder_t_LDADD = $(BT_LDADD)
t_src_unwinder_t_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src -I$(top_srcdir)/t/lib

# Workers with debug info whose threads sit in known functions. User CFLAGS
# come last on the command line, so the code does not rely on -O0: the
# functions are noinline and their calls are not tail calls.
check_PROGRAMS += t/workers/bt-stuck
t_workers_bt_stuck_CFLAGS = $(AM_CFLAGS) -g

# End-to-end: the report's backtraces, --no-backtrace, --dump-signal; in a
# --without-libdw build, the report's answer that they are unavailable.
check_PROGRAMS += t/workers/dump-marker
backtrace_cli_tests = t/cli/backtrace.sh
TESTS += $(backtrace_cli_tests)
EXTRA_DIST += $(backtrace_cli_tests)

# The backtrace tests alone (CI runs them in the --without-libdw build).
check-backtrace:
	$(MAKE) $(AM_MAKEFLAGS) check \
		TESTS="$(backtrace_lib_tests) $(backtrace_live_tests) $(backtrace_cli_tests)"
.PHONY: check-backtrace

EXTRA_DIST += doc/backtrace.md

EXTRA_PROGRAMS += bench/backtrace
bench_backtrace_SOURCES = bench/backtrace.c $(unwinder_sources) src/sys.c src/sys.h \
	$(bench_util_sources)
bench_backtrace_LDADD = lib/libstallsup.a $(LIBDW_LIBS) $(SECCOMP_LIBS)
bench_backtrace_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src
BENCH_TARGETS += bench-backtrace
bench-backtrace: bench/backtrace$(EXEEXT)
	./bench/backtrace$(EXEEXT)
.PHONY: bench-backtrace

# Issue 10's benchmark end to end: stall fire to report flushed, with and
# without backtraces, against eu-stack on the same stalled worker.
EXTRA_PROGRAMS += bench/btreport
bench_btreport_SOURCES = bench/btreport.c $(bench_util_sources)
BENCH_TARGETS += bench-btreport
bench-btreport: bench/btreport$(EXEEXT) bench/stallworker$(EXEEXT) src/stallsup$(EXEEXT)
	./bench/btreport$(EXEEXT) ./src/stallsup$(EXEEXT) ./bench/stallworker$(EXEEXT)
.PHONY: bench-btreport
