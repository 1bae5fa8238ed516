/* report: the follow-up {"event":"action",...} line and helpers shared by the
 * stall reports. The stall report itself (report_human, report_json,
 * report_time) is declared in stall.h; both are implemented in lib/report.c.
 * Every field is described in doc/reports.md. */
#ifndef STALLSUP_REPORT_H
#define STALLSUP_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "strbuf.h"

/* One step of a policy action as the supervisor carried it out (one signal
 * sent to some processes or to the worker's whole tree). */
struct action_step {
	unsigned worker;        /* worker index */
	const char *action;     /* policy row name: "log", "abort" or "kill" */
	int signal;             /* signal sent (SIGABRT, SIGCONT, SIGKILL), 0 for none */
	bool tree;              /* sent to the worker's whole tree, not to pids */
	const pid_t *pids;      /* processes signalled when !tree */
	size_t npids;
	int err;                /* 0, or the -errno of a failed send */
	int64_t realtime_ns;    /* wall-clock time of the step (CLOCK_REALTIME) */
};

/* Append step as one JSON object line ending in '\n' ({"event":"action",...}).
 * Returns 0 or -ENOMEM (or -EINVAL if the writer was misused). */
int report_action_json(const struct action_step *step, struct strbuf *out);

#endif
