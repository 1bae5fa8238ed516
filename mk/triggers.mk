## Triggers beyond the counters (issue 11): the systemd notify protocol
## (--heartbeat), output silence (--silence-after) and spinning loops
## (--spin-after); doc/triggers.md.
lib_libstallsup_a_SOURCES += \
	lib/trigger.c lib/trigger.h \
	lib/notifymsg.c lib/notifymsg.h \
	lib/lastlines.c lib/lastlines.h \
	lib/spin.c lib/spin.h \
	lib/monspin.c lib/reporttrig.c

trigger_lib_tests = t/lib/notifymsg-t t/lib/lastlines-t t/lib/spin-t t/lib/monspin-t \
	t/lib/reporttrig-t
check_PROGRAMS += $(trigger_lib_tests)
TESTS += $(trigger_lib_tests)
t_lib_notifymsg_t_LDADD = $(TAP_LDADD)
t_lib_lastlines_t_LDADD = $(TAP_LDADD)
t_lib_spin_t_LDADD = $(TAP_LDADD)
t_lib_monspin_t_LDADD = $(TAP_LDADD)
t_lib_reporttrig_t_LDADD = $(TAP_LDADD)

check_PROGRAMS += t/workers/busy-syscalls
TESTS += t/cli/spin.sh
EXTRA_DIST += t/cli/spin.sh doc/triggers.md

src_stallsup_SOURCES += src/notify.c src/notify.h src/silence.c src/silence.h
check_PROGRAMS += t/workers/notify-beat
TESTS += t/cli/heartbeat.sh
EXTRA_DIST += t/cli/heartbeat.sh
TESTS += t/cli/silence.sh
EXTRA_DIST += t/cli/silence.sh
