/* report-int: helpers shared by the two halves of the stall report,
 * lib/report.c (human) and lib/reportjson.c (JSON). Not a public interface. */
#ifndef STALLSUP_REPORT_INT_H
#define STALLSUP_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "backtrace.h"
#include "json.h"
#include "stall.h"
#include "strbuf.h"

/* Format sig as "SIGABRT" (or "SIG42" when it has no name) into buf. */
const char *report_signal_label(int sig, char *buf, size_t size);
/* Milliseconds from the supervisor's start to monotonic time t_ns. */
int64_t report_rel_ms(const struct stall_event *ev, uint64_t t_ns);
/* The stalled task the event names in its diagnostics, the first one, or NULL. */
const struct diag_task *report_named_task(const struct stall_event *ev);
/* The backtrace of thread tid among ev's, or NULL. */
const struct bt_thread *report_bt_thread(const struct stall_event *ev, pid_t tid);
/* The diagnostics' thread tid, or NULL. */
const struct stall_thread *report_thread(const struct stall_event *ev, pid_t tid);
/* Append the one-line description of a /proc/<tid>/syscall text ("futex(0x..,
 * FUTEX_WAIT_PRIVATE, 2, NULL) untimed"), or "unreadable". */
void report_describe_syscall(struct strbuf *out, const char *text);

/* Append a duration: "850ms", "1.5s", "42s", "3m05s", "2h10m". */
void report_duration(struct strbuf *out, uint64_t ns);

/* lib/reporttrig.c: the triggers' parts of a report (trigger.h). */
/* The rest of the headline of a trigger class's event, after "stalled: ",
 * with its '\n'. */
void report_trigger_headline(struct strbuf *out, const struct stall_event *ev);
/* The evidence line of a trigger class's event. */
void report_trigger_evidence(struct strbuf *out, const struct stall_event *ev);
/* What the worker said, in any report: its notify state (--heartbeat) and
 * its last lines of output (while it is carried), escaped. */
void report_trigger_said(struct strbuf *out, const struct stall_event *ev);
/* The JSON members of the same: "trigger" (trigger classes), "notify"
 * (--heartbeat) and "output" (carried output). */
void report_trigger_json(struct json *j, const struct stall_event *ev);

#endif
