## Triggers beyond the counters (issue 11): the systemd notify protocol
## (--heartbeat), output silence (--silence-after) and spinning loops
## (--spin-after); doc/triggers.md.
lib_libstallsup_a_SOURCES += \
	lib/trigger.c lib/trigger.h \
	lib/notifymsg.c lib/notifymsg.h

trigger_lib_tests = t/lib/notifymsg-t
check_PROGRAMS += $(trigger_lib_tests)
TESTS += $(trigger_lib_tests)
t_lib_notifymsg_t_LDADD = $(TAP_LDADD)
