/* Tests for lib/junit.c: a document built from plain structs, its content,
 * and (when xmllint is installed) its validity against t/data/junit.xsd. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "basic.h"
#include "junit.h"

/* The workers of the test run: stalled and killed, exit 3, deadline,
 * healthy, never started. */
static const struct outcome workers[] = {
	{ .index = 0, .pid = 100, .exited = true, .exit_signal = SIGKILL, .stalls = 1,
	  .stall_class = "sleeping", .stall_action = "kill", .observed = true, .wall_ms = 1234 },
	{ .index = 1, .pid = 101, .exited = true, .exit_code = 3, .observed = true, .wall_ms = 5 },
	{ .index = 2, .pid = 102, .exited = true, .exit_signal = SIGTERM, .deadline = true,
	  .deadline_signal = SIGTERM, .observed = true, .wall_ms = 2000 },
	{ .index = 3, .pid = 103, .exited = true, .observed = true, .wall_ms = 7 },
	{ .index = 4 },
};
#define NWORKERS (sizeof(workers) / sizeof(workers[0]))

static const struct junit_property props[] = {
	{ "exit_status", "124" },
	{ "command", "./bench \"a&b\"" },
};

/* Build the whole document into out, with hostile text in worker 3's
 * output and name and in worker 0's report. */
static int build(struct strbuf *out)
{
	static const char hostile[] = "ok ]]> <b>&amp; \x1b[31m\x01\xff\xc3 caf\xc3\xa9\r\n";
	char *argv[] = { "./bench", "--name=\x1b]0;x\x07", "]]>", NULL };
	struct junit_suite s = { .name = "stallsup", .workers = workers, .nworkers = NWORKERS,
				 .time_ms = 12345, .timestamp_ns = 1714564800LL * 1000000000LL,
				 .hostname = "host<1>", .props = props, .nprops = 2 };
	struct strbuf name = STRBUF_INIT;
	struct xml x;

	junit_begin(&x, out, &s);
	for (size_t i = 0; i < NWORKERS; i++) {
		struct junit_case c = { .o = &workers[i] };

		sb_reset(&name);
		junit_case_name(&name, (unsigned)i, argv, 3);
		c.name = sb_str(&name);
		if (i == 0) {
			c.report = "stallsup: worker 0 stall detected\n  wchan: do_wait\n";
			c.report_len = strlen(c.report);
		}
		if (i == 3) {
			c.out = hostile;
			c.out_len = sizeof(hostile) - 1;
			c.err = "err line\n";
			c.err_len = 9;
		}
		junit_case(&x, &s, &c);
	}
	sb_free(&name);
	return junit_end(&x);
}

/* True when doc contains needle. */
static int has(const struct strbuf *doc, const char *needle)
{
	return strstr(sb_str(doc), needle) != NULL;
}

/* The suite, the cases, the failures. */
static void test_content(const struct strbuf *doc)
{
	ok(has(doc, "<testsuite name=\"stallsup\" tests=\"5\" failures=\"3\" errors=\"1\" "
		    "time=\"12.345\" timestamp=\"2024-05-01T12:00:00\" hostname=\"host&lt;1&gt;\">"),
	   "testsuite: counts, time, UTC timestamp, escaped hostname");
	ok(has(doc, "<property name=\"command\" value=\"./bench &quot;a&amp;b&quot;\"/>"),
	   "properties escaped");
	ok(has(doc, "<failure message=\"stalled (sleeping), killed\" type=\"stall\">stallsup: "
		    "worker 0 stall detected\n  wchan: do_wait\nworker 0 (pid 100): signal KILL "
		    "after 1.234s\n</failure>"),
	   "stalled worker: message, type, report text and ending");
	ok(has(doc, "<failure message=\"exit 3\" type=\"exit\">worker 1 (pid 101): exit 3 after "
		    "0.005s\n</failure>"), "failing worker");
	ok(has(doc, "<failure message=\"deadline: SIGTERM\" type=\"deadline\">"), "deadline");
	ok(has(doc, "<error message=\"not started\" type=\"not-started\">"), "not started: error");
	ok(has(doc, "classname=\"stallsup\" time=\"0.007\">\n    <system-out>"),
	   "healthy worker: no failure, its output");
	ok(has(doc, "<system-out>ok ]]&gt; &lt;b&gt;&amp;amp; \\x1b[31m\\x01\\xff\\xc3 "
		    "caf\xc3\xa9&#13;\n</system-out>"), "hostile output escaped totally");
	ok(has(doc, "<system-err>err line\n</system-err>"), "system-err");
	ok(has(doc, "name=\"worker 3: ./bench $&apos;--name=\\x1b]0;x\\x07&apos; &apos;]]&gt;&apos;\""),
	   "hostile arguments: shell-quoted, then XML-escaped");
	ok(!has(doc, "]]>"), "no ]]> anywhere");
}

/* Validate doc with xmllint against t/data/junit.xsd, when installed. */
static void test_schema(const struct strbuf *doc)
{
	char *xsd = test_file_path("junit.xsd"), *dir = test_tmpdir(), cmd[8192], path[2048];
	FILE *f;

	if (system("command -v xmllint > /dev/null 2>&1") != 0) {
		skip(1, "xmllint is not installed (Debian: libxml2-utils)");
	} else {
		snprintf(path, sizeof(path), "%s/junit.xml", dir);
		f = fopen(path, "w");
		if (!f || fwrite(doc->buf, 1, doc->len, f) != doc->len || fclose(f) != 0)
			sysbail("cannot write %s", path);
		snprintf(cmd, sizeof(cmd), "xmllint --noout --schema '%s' '%s' 2>&1 | sed 's/^/# /'; "
			 "exit \"$(xmllint --noout --schema '%s' '%s' 2>/dev/null >&2; echo $?)\"",
			 xsd, path, xsd, path);
		is_int(0, system(cmd), "the document is valid against t/data/junit.xsd");
	}
	test_tmpdir_free(dir);
	free(xsd);
}

int main(void)
{
	struct strbuf doc = STRBUF_INIT;

	plan(13);
	is_int(0, build(&doc), "document built and balanced");
	test_content(&doc);
	test_schema(&doc);
	sb_free(&doc);
	return 0;
}
