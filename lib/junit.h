/* junit: a run as a JUnit XML document (the Ant/Jenkins dialect that GitHub
 * Actions, GitLab's artifacts:reports:junit and Jenkins read).
 *
 *   <testsuite name="stallsup" tests="4" failures="3" errors="0"
 *              time="12.345" timestamp="2024-05-01T12:00:00" hostname="h">
 *     <properties>  (exit_status, command, ...)
 *     <testcase name="worker 0: ./bench --fast" classname="stallsup" time="1.234">
 *       <failure message="stalled (sleeping), killed" type="stall">report
 *       text(s) and how the worker ended</failure>
 *       <system-out>its output's tail</system-out>
 *       <system-err>...</system-err>
 *     </testcase>
 *   </testsuite>
 * One testcase per worker; a worker that failed (outcome.h) gets a
 * <failure>, one never started an <error>. Times are seconds with three
 * decimals; the timestamp is UTC, without a zone (as Ant writes it). The
 * document is written piece by piece (junit_begin, junit_case for each
 * worker, junit_end), so the caller can write each piece out and empty the
 * buffer in between. All text goes through lib/xml.h: any bytes are safe. */
#ifndef STALLSUP_JUNIT_H
#define STALLSUP_JUNIT_H

#include <stddef.h>
#include <stdint.h>

#include "outcome.h"
#include "strbuf.h"
#include "xml.h"

struct junit_property {
	const char *name, *value;
};

struct junit_suite {
	const char *name;                 /* testsuite name, and each testcase's classname */
	const struct outcome *workers;    /* every worker, for the counts */
	size_t nworkers;
	uint64_t time_ms;                 /* the run's wall time */
	int64_t timestamp_ns;             /* CLOCK_REALTIME at start */
	const char *hostname;             /* or NULL */
	const struct junit_property *props; /* <properties>, or NULL */
	size_t nprops;
};

struct junit_case {
	const struct outcome *o;          /* the worker */
	const char *name;                 /* "worker 0: COMMAND ARGS" (junit_case_name) */
	const char *report;               /* its stall report text(s), or NULL */
	size_t report_len;
	const char *out, *err;            /* its output's tails (system-out, system-err), or NULL */
	size_t out_len, err_len;
};

/* Append the command line argv[0..argc) to out as a shell reads it back
 * (lib/cmdline.h: control bytes escaped), at most CMDLINE_HEADLINE_MAX
 * bytes ("?" if it cannot be formatted). */
void junit_command_line(struct strbuf *out, char *const *argv, int argc);
/* Append the test case name of worker index running argv[0..argc) to out:
 * "worker 0: " and junit_command_line. */
void junit_case_name(struct strbuf *out, unsigned index, char *const *argv, int argc);
/* Start the document in out: declaration, <testsuite> and <properties>. */
void junit_begin(struct xml *x, struct strbuf *out, const struct junit_suite *s);
/* Append one <testcase> (into the strbuf given to junit_begin). */
void junit_case(struct xml *x, const struct junit_suite *s, const struct junit_case *c);
/* Close the document. Returns 0, or -EINVAL / -ENOMEM (see xml_finish). */
int junit_end(struct xml *x);
/* Write realtime_ns as "YYYY-MM-DDTHH:MM:SS" (UTC) into buf (at least 20
 * bytes). */
void junit_timestamp(int64_t realtime_ns, char *buf, size_t size);

#endif
