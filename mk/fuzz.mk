## Fuzzing (issue 12): a libFuzzer target for each parser and writer of
## untrusted text, fuzz/<target>.c, with its seed corpus in
## t/data/fuzz/<target>/ (made by t/data/fuzz/make-seeds.sh, grown by merges).
## See doc/fuzzing.md.
##   make check        replays every corpus through every target, built with
##                     the normal compiler and fuzz/driver.c (t/fuzz/replay.sh)
##   make fuzz-replay  only that
##   make fuzz         (./configure --enable-fuzzing) builds the libFuzzer
##                     targets and runs each for FUZZ_SECONDS over its corpus

# The cgroup text parsers, pure and fuzzed (src/cgroup.c calls them).
lib_libstallsup_a_SOURCES += lib/cgpath.c lib/cgpath.h
check_PROGRAMS += t/lib/cgpath-t
TESTS += t/lib/cgpath-t
t_lib_cgpath_t_LDADD = $(TAP_LDADD)

FUZZ_TARGETS = sched schedstat taskstat status duration signame pollenv escape json \
	linebuf mountinfo cgroup syscall cmdline corepat notifymsg xml utf8 gha

# What every target shares: property checks and the strict JSON validator.
check_LIBRARIES += fuzz/libfuzzcheck.a
fuzz_check_sources = fuzz/check.c fuzz/check.h fuzz/jsoncheck.c fuzz/jsoncheck.h
fuzz_libfuzzcheck_a_SOURCES = $(fuzz_check_sources)

# The replay programs: each target with the standalone driver.
fuzz_replay_ldadd = fuzz/libfuzzcheck.a lib/libstallsup.a $(SECCOMP_LIBS)
check_PROGRAMS += fuzz/sched-replay fuzz/schedstat-replay fuzz/taskstat-replay \
	fuzz/status-replay fuzz/duration-replay fuzz/signame-replay fuzz/pollenv-replay \
	fuzz/escape-replay fuzz/json-replay fuzz/linebuf-replay fuzz/mountinfo-replay \
	fuzz/cgroup-replay fuzz/syscall-replay fuzz/cmdline-replay fuzz/corepat-replay
check_PROGRAMS += fuzz/notifymsg-replay fuzz/xml-replay fuzz/utf8-replay \
	fuzz/gha-replay
fuzz_sched_replay_SOURCES = fuzz/sched.c fuzz/driver.c
fuzz_sched_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_schedstat_replay_SOURCES = fuzz/schedstat.c fuzz/driver.c
fuzz_schedstat_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_taskstat_replay_SOURCES = fuzz/taskstat.c fuzz/driver.c
fuzz_taskstat_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_status_replay_SOURCES = fuzz/status.c fuzz/driver.c
fuzz_status_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_duration_replay_SOURCES = fuzz/duration.c fuzz/driver.c
fuzz_duration_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_signame_replay_SOURCES = fuzz/signame.c fuzz/driver.c
fuzz_signame_replay_LDADD = $(fuzz_replay_ldadd)
# STALLSUP_POLL_MS is read in src/options.c, linked in as it is.
fuzz_pollenv_replay_SOURCES = fuzz/pollenv.c fuzz/driver.c src/options.c
fuzz_pollenv_replay_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src
fuzz_pollenv_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_escape_replay_SOURCES = fuzz/escape.c fuzz/driver.c
fuzz_escape_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_json_replay_SOURCES = fuzz/json.c fuzz/driver.c
fuzz_json_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_linebuf_replay_SOURCES = fuzz/linebuf.c fuzz/driver.c
fuzz_linebuf_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_mountinfo_replay_SOURCES = fuzz/mountinfo.c fuzz/driver.c
fuzz_mountinfo_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_cgroup_replay_SOURCES = fuzz/cgroup.c fuzz/driver.c
fuzz_cgroup_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_syscall_replay_SOURCES = fuzz/syscall.c fuzz/driver.c
fuzz_syscall_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_cmdline_replay_SOURCES = fuzz/cmdline.c fuzz/driver.c
fuzz_cmdline_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_corepat_replay_SOURCES = fuzz/corepat.c fuzz/driver.c
fuzz_corepat_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_notifymsg_replay_SOURCES = fuzz/notifymsg.c fuzz/driver.c
fuzz_notifymsg_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_xml_replay_SOURCES = fuzz/xml.c fuzz/driver.c
fuzz_xml_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_utf8_replay_SOURCES = fuzz/utf8.c fuzz/driver.c
fuzz_utf8_replay_LDADD = $(fuzz_replay_ldadd)
fuzz_gha_replay_SOURCES = fuzz/gha.c fuzz/driver.c
fuzz_gha_replay_LDADD = $(fuzz_replay_ldadd)

# The strict JSON validator is itself tested.
check_PROGRAMS += t/fuzz/jsoncheck-t
t_fuzz_jsoncheck_t_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/fuzz
t_fuzz_jsoncheck_t_LDADD = fuzz/libfuzzcheck.a $(TAP_LDADD)
TESTS += t/fuzz/jsoncheck-t t/fuzz/replay.sh
EXTRA_DIST += t/fuzz/replay.sh fuzz/run.sh doc/fuzzing.md \
	fuzz/cgroup.dict fuzz/corepat.dict fuzz/duration.dict fuzz/mountinfo.dict \
	fuzz/sched.dict fuzz/signame.dict fuzz/status.dict fuzz/syscall.dict
EXTRA_DIST += fuzz/notifymsg.dict

fuzz-replay:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="t/fuzz/replay.sh"

# make fuzz: FUZZ_SECONDS per target (FUZZ_TARGETS="a b" for some of them;
# FUZZ_FLAGS for more libFuzzer flags). New inputs go to fuzz/work/<target>,
# crashes to fuzz/artifacts/; see doc/fuzzing.md to merge them into the seeds.
FUZZ_SECONDS = 10
FUZZ_FLAGS =
if FUZZING
# The library and the checks again, instrumented for libFuzzer and the
# sanitizers; each target is compiled against it by fuzz-build.
EXTRA_LIBRARIES = fuzz/libfuzzinstr.a
fuzz_libfuzzinstr_a_SOURCES = $(lib_libstallsup_a_SOURCES) $(fuzz_check_sources) src/options.c
fuzz_libfuzzinstr_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src
fuzz_libfuzzinstr_a_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)

fuzz-build: fuzz/libfuzzinstr.a
	@for t in $(FUZZ_TARGETS); do \
		echo "  FUZZCC   fuzz/$$t-fuzzer"; \
		$(CC) $(DEFS) $(DEFAULT_INCLUDES) $(fuzz_libfuzzinstr_a_CPPFLAGS) $(CPPFLAGS) \
			$(AM_CFLAGS) $(FUZZ_CFLAGS) $(CFLAGS) $(FUZZ_LDFLAGS) $(LDFLAGS) \
			-o fuzz/$$t-fuzzer $(srcdir)/fuzz/$$t.c fuzz/libfuzzinstr.a \
			$(SECCOMP_LIBS) $(LIBS) || exit 1; \
	done
fuzz: fuzz-build
	FUZZ_FLAGS='$(FUZZ_FLAGS)' $(SHELL) $(srcdir)/fuzz/run.sh $(srcdir) $(FUZZ_SECONDS) $(FUZZ_TARGETS)
else
fuzz fuzz-build:
	@echo "make $@: configure with --enable-fuzzing first (it needs clang with libFuzzer)" >&2
	@exit 1
endif
.PHONY: fuzz fuzz-build fuzz-replay

mostlyclean-local:
	-rm -rf fuzz/work fuzz/artifacts
	-for t in $(FUZZ_TARGETS); do rm -f fuzz/$$t-fuzzer; done
