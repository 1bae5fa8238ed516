## CI formats (issue 13, section 1): --junit XML, GitHub Actions annotations
## and step summary. The documents are built by pure modules from plain
## structs; src/ci.c gathers the run's facts and writes them. See
## doc/reports.md ("JUnit XML", "GitHub Actions").
lib_libstallsup_a_SOURCES += \
	lib/utf8.c lib/utf8.h \
	lib/xml.c lib/xml.h

ci_lib_tests = t/lib/utf8-t t/lib/xml-t
check_PROGRAMS += $(ci_lib_tests)
TESTS += $(ci_lib_tests)
t_lib_utf8_t_LDADD = $(TAP_LDADD)
t_lib_xml_t_LDADD = $(TAP_LDADD)

lib_libstallsup_a_SOURCES += \
	lib/outtail.c lib/outtail.h \
	lib/outcome.c lib/outcome.h
ci_lib_tests += t/lib/outtail-t t/lib/outcome-t
t_lib_outtail_t_LDADD = $(TAP_LDADD)
t_lib_outcome_t_LDADD = $(TAP_LDADD)

lib_libstallsup_a_SOURCES += lib/junit.c lib/junit.h
ci_lib_tests += t/lib/junit-t
t_lib_junit_t_LDADD = $(TAP_LDADD)

lib_libstallsup_a_SOURCES += lib/gha.c lib/gha.h
ci_lib_tests += t/lib/gha-t
t_lib_gha_t_LDADD = $(TAP_LDADD)

# The supervisor's side: the facts of the run, the files written at the end.
src_stallsup_SOURCES += src/ci.c src/ci.h

TESTS += t/cli/junit.sh
EXTRA_DIST += t/cli/junit.sh

# make bench-tagoutput: what --junit's output tails cost --tag-output.
EXTRA_PROGRAMS += bench/tagoutput
bench_tagoutput_SOURCES = bench/tagoutput.c $(bench_util_sources)
BENCH_TARGETS += bench-tagoutput
bench-tagoutput: bench/tagoutput$(EXEEXT) src/stallsup$(EXEEXT) t/workers/print-lines$(EXEEXT)
	./bench/tagoutput$(EXEEXT) ./src/stallsup$(EXEEXT) ./t/workers/print-lines$(EXEEXT)
.PHONY: bench-tagoutput
