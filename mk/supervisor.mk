## Supervisor: option parsing, spawning, event loop, exit status.
lib_libstallsup_a_SOURCES += \
	lib/duration.c lib/duration.h \
	lib/signame.c lib/signame.h \
	lib/exitstatus.c lib/exitstatus.h \
	lib/linebuf.c lib/linebuf.h

src_stallsup_SOURCES += \
	src/stallsup.c \
	src/options.c src/options.h \
	src/supervisor.c src/supervisor.h src/worker.h \
	src/spawn.c src/tree.c src/output.c src/summary.c \
	src/cgroup.c src/cgroup.h \
	src/clock.c src/clock.h src/msg.c src/msg.h src/sink.c src/sink.h \
	src/timers.c src/timers.h src/keeper.c src/keeper.h src/cores.c src/cores.h \
	src/sys.c src/sys.h
nodist_src_stallsup_SOURCES = src/capng-version.h
BUILT_SOURCES = src/capng-version.h
CLEANFILES += src/capng-version.h

# The libcap-ng version we build against (the library has no version call).
src/capng-version.h: Makefile
	$(AM_V_GEN)mkdir -p src && \
	v=`$(PKG_CONFIG) --modversion libcap-ng 2>/dev/null || echo unknown` && \
	echo "#define CAPNG_VERSION_STRING \"$$v\"" > $@-t && mv -f $@-t $@

supervisor_lib_tests = t/lib/duration-t t/lib/signame-t t/lib/exitstatus-t t/lib/linebuf-t
check_PROGRAMS += $(supervisor_lib_tests)
TESTS += $(supervisor_lib_tests)
t_lib_duration_t_LDADD = $(TAP_LDADD)
t_lib_signame_t_LDADD = $(TAP_LDADD)
t_lib_exitstatus_t_LDADD = $(TAP_LDADD)
t_lib_linebuf_t_LDADD = $(TAP_LDADD)

# Small worker programs the CLI tests run under stallsup.
check_PROGRAMS += t/workers/spin t/workers/pause t/workers/stop-self \
	t/workers/fork-grandchild t/workers/threads t/workers/exit-with \
	t/workers/ignore-term t/workers/print-lines t/workers/print-env \
	t/workers/term-reporter

supervisor_cli_tests = t/cli/usage.sh t/cli/status.sh t/cli/signals.sh t/cli/nonblock.sh \
	t/cli/tree.sh t/cli/output.sh t/cli/many.sh t/cli/pid1.sh t/cli/report.sh
TESTS += $(supervisor_cli_tests)
EXTRA_DIST += $(supervisor_cli_tests) t/cli/common.sh

man_MANS = doc/stallsup.1
EXTRA_DIST += doc/stallsup.1

EXTRA_PROGRAMS += bench/spawn
bench_spawn_SOURCES = bench/spawn.c
BENCH_TARGETS += bench-spawn
bench-spawn: bench/spawn$(EXEEXT) src/stallsup$(EXEEXT)
	./bench/spawn$(EXEEXT) ./src/stallsup$(EXEEXT)
.PHONY: bench-spawn

# The pinned stall types header (src/summary.c uses report_time from it) is
# in no SOURCES list; distribute it so the tarball builds.
EXTRA_DIST += lib/stall.h

## Services below the supervisor: the timer queue and the output queue.
lib_libstallsup_a_SOURCES += lib/timerq.c lib/timerq.h lib/outq.c lib/outq.h
check_PROGRAMS += t/lib/timerq-t t/lib/outq-t
TESTS += t/lib/timerq-t t/lib/outq-t
t_lib_timerq_t_LDADD = $(TAP_LDADD)
t_lib_outq_t_LDADD = $(TAP_LDADD)

## Never blocks, nothing escapes (containment, survival, escalation).
check_PROGRAMS += t/workers/family t/workers/no-clone3 \
	t/workers/catch-abrt t/workers/status-of t/workers/sigstate t/workers/nested-child
t_workers_no_clone3_CFLAGS = $(AM_CFLAGS) $(SECCOMP_CFLAGS)
t_workers_no_clone3_LDADD = $(SECCOMP_LIBS)
containment_cli_tests = t/cli/survive.sh t/cli/contain.sh t/cli/escalate.sh \
	t/cli/timeout-parity.sh
TESTS += $(containment_cli_tests)
EXTRA_DIST += $(containment_cli_tests) doc/containment.md
