/* junit: a run as JUnit XML; see junit.h. */
#include "junit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmdline.h"

/* Append the command line (see junit.h). */
void junit_command_line(struct strbuf *out, char *const *argv, int argc)
{
	struct strbuf raw = STRBUF_INIT;

	for (int i = 0; i < argc; i++)
		sb_add(&raw, argv[i], strlen(argv[i]) + 1);
	if (raw.err || cmdline_format(out, sb_str(&raw), raw.len, CMDLINE_HEADLINE_MAX) < 0)
		sb_puts(out, "?");
	sb_free(&raw);
}

/* Append the test case name (see junit.h). */
void junit_case_name(struct strbuf *out, unsigned index, char *const *argv, int argc)
{
	sb_printf(out, "worker %u: ", index);
	junit_command_line(out, argv, argc);
}

/* Write the timestamp (see junit.h). */
void junit_timestamp(int64_t realtime_ns, char *buf, size_t size)
{
	time_t t = (time_t)(realtime_ns / 1000000000);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		snprintf(buf, size, "1970-01-01T00:00:00");
}

/* Add attribute name = ms as seconds with three decimals ("1.234"). */
static void attr_seconds(struct xml *x, const char *name, uint64_t ms)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64 ".%03u", ms / 1000, (unsigned)(ms % 1000));
	xml_attr(x, name, buf);
}

/* Add the tests, failures and errors counts of s's workers. */
static void attr_counts(struct xml *x, const struct junit_suite *s)
{
	uint64_t failures = 0, errors = 0;

	for (size_t i = 0; i < s->nworkers; i++) {
		if (s->workers[i].pid == 0)
			errors++;
		else if (outcome_failed(&s->workers[i]))
			failures++;
	}
	xml_attr_u64(x, "tests", s->nworkers);
	xml_attr_u64(x, "failures", failures);
	xml_attr_u64(x, "errors", errors);
}

/* Write <properties> when s has any. */
static void put_properties(struct xml *x, const struct junit_suite *s)
{
	if (s->nprops == 0)
		return;
	xml_begin(x, "properties");
	for (size_t i = 0; i < s->nprops; i++) {
		xml_begin(x, "property");
		xml_attr(x, "name", s->props[i].name);
		xml_attr(x, "value", s->props[i].value ? s->props[i].value : "");
		xml_end(x);
	}
	xml_end(x);
}

/* Start the document (see junit.h). */
void junit_begin(struct xml *x, struct strbuf *out, const struct junit_suite *s)
{
	char when[32];

	junit_timestamp(s->timestamp_ns, when, sizeof(when));
	xml_init(x, out);
	xml_begin(x, "testsuite");
	xml_attr(x, "name", s->name);
	attr_counts(x, s);
	attr_seconds(x, "time", s->time_ms);
	xml_attr(x, "timestamp", when);
	xml_attr(x, "hostname", s->hostname);
	put_properties(x, s);
}

/* Write the <failure> (or <error>) of a worker that failed. */
static void put_failure(struct xml *x, const struct junit_case *c)
{
	struct strbuf sb = STRBUF_INIT;

	outcome_message(c->o, &sb);
	xml_begin(x, c->o->pid == 0 ? "error" : "failure");
	xml_attr(x, "message", sb_str(&sb));
	xml_attr(x, "type", outcome_kind(c->o));
	sb_reset(&sb);
	if (c->report && c->report_len > 0) {
		sb_add(&sb, c->report, c->report_len);
		if (c->report[c->report_len - 1] != '\n')
			sb_putc(&sb, '\n');
	}
	outcome_ending_line(c->o, &sb);
	xml_text(x, sb_str(&sb), sb.len);
	xml_end(x);
	sb_free(&sb);
}

/* Write element name holding text[0..n), when n > 0. */
static void put_text_element(struct xml *x, const char *name, const char *text, size_t n)
{
	if (!text || n == 0)
		return;
	xml_begin(x, name);
	xml_text(x, text, n);
	xml_end(x);
}

/* Append one test case (see junit.h). */
void junit_case(struct xml *x, const struct junit_suite *s, const struct junit_case *c)
{
	xml_begin(x, "testcase");
	xml_attr(x, "name", c->name);
	xml_attr(x, "classname", s->name);
	attr_seconds(x, "time", c->o->wall_ms);
	if (outcome_failed(c->o))
		put_failure(x, c);
	put_text_element(x, "system-out", c->out, c->out_len);
	put_text_element(x, "system-err", c->err, c->err_len);
	xml_end(x);
}

/* Close the document (see junit.h). */
int junit_end(struct xml *x)
{
	xml_end(x);
	return xml_finish(x);
}
