## Least privilege (issue 12, sections 1 and 2): the capabilities the
## supervisor keeps, --drop-caps for the workers, and the seccomp allow-list
## the supervisor loads on itself once the workers run. See doc/sandbox.md.
lib_libstallsup_a_SOURCES += lib/privs.c lib/privs.h lib/sandbox.c lib/sandbox.h
src_stallsup_SOURCES += src/caps.c src/caps.h src/confine.c src/confine.h

sandbox_lib_tests = t/lib/privs-t t/lib/sandbox-t t/lib/sandbox-live-t
check_PROGRAMS += $(sandbox_lib_tests)
TESTS += $(sandbox_lib_tests)
t_lib_privs_t_LDADD = $(TAP_LDADD)
t_lib_sandbox_t_LDADD = $(TAP_LDADD)
t_lib_sandbox_live_t_LDADD = $(TAP_LDADD)

sandbox_cli_tests = t/cli/caps.sh t/cli/sandbox.sh
TESTS += $(sandbox_cli_tests)
EXTRA_DIST += $(sandbox_cli_tests) doc/sandbox.md
