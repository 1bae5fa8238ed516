## Stall detection: task enumeration, per-worker tracker, classes, monitor.
lib_libstallsup_a_SOURCES += \
	lib/cgfile.c lib/cgfile.h \
	lib/taskset.c lib/taskset.h \
	lib/tracker.c lib/tracker.h \
	lib/classify.c \
	lib/monitor.c lib/monitor.h lib/monitor-int.h lib/monevent.c

src_stallsup_SOURCES += src/stallwatch.c src/stallwatch.h src/stallreport.c src/stallreport.h

check_PROGRAMS += t/lib/tracker-t t/lib/classify-t t/lib/taskset-t t/lib/monitor-t \
	t/lib/cgfile-t
t_lib_cgfile_t_LDADD = $(TAP_LDADD)
t_lib_tracker_t_LDADD = $(TAP_LDADD)
t_lib_classify_t_LDADD = $(TAP_LDADD)
t_lib_taskset_t_LDADD = $(TAP_LDADD)
t_lib_monitor_t_LDADD = $(TAP_LDADD)
TESTS += t/lib/tracker-t t/lib/classify-t t/lib/taskset-t t/lib/monitor-t t/lib/cgfile-t

EXTRA_DIST += doc/detection.md
