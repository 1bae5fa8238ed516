## Least privilege (issue 12, sections 1 and 2): the capabilities the
## supervisor keeps and --drop-caps for the workers. See doc/sandbox.md.
lib_libstallsup_a_SOURCES += lib/privs.c lib/privs.h
src_stallsup_SOURCES += src/caps.c src/caps.h src/confine.c src/confine.h

sandbox_lib_tests = t/lib/privs-t
check_PROGRAMS += $(sandbox_lib_tests)
TESTS += $(sandbox_lib_tests)
t_lib_privs_t_LDADD = $(TAP_LDADD)

sandbox_cli_tests = t/cli/caps.sh
TESTS += $(sandbox_cli_tests)
EXTRA_DIST += $(sandbox_cli_tests) doc/sandbox.md
