## Stall diagnostics, reports and the policy table.
lib_libstallsup_a_SOURCES += \
	lib/policy.c \
	lib/diag.c \
	lib/report.c lib/report.h lib/reportjson.c lib/report-int.h

check_PROGRAMS += t/lib/policy-t t/lib/diag-t t/lib/report-t
t_lib_policy_t_LDADD = $(TAP_LDADD)
t_lib_diag_t_LDADD = $(TAP_LDADD)
t_lib_report_t_LDADD = $(TAP_LDADD)
TESTS += t/lib/policy-t t/lib/diag-t t/lib/report-t

EXTRA_DIST += doc/reports.md
