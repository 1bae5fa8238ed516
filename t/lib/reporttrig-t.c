/* Tests for lib/reporttrig.c: the triggers' parts of the human report and
 * of the JSON line (headline, evidence, what the worker said, last lines),
 * with untrusted bytes escaped. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "report.h"
#include "stall.h"

#define MS 1000000ULL

/* A spinning event of worker 2 with notify state and two lines. */
static void make_event(struct stall_event *ev, struct stall_line *lines)
{
	memset(ev, 0, sizeof(*ev));
	ev->worker = 2;
	ev->pid = 100;
	ev->tid = 101;
	ev->cls = STALL_SPINNING;
	ev->stalled_ns = 5000 * MS;
	ev->start_ns = 1000 * MS;
	ev->trig.period_ns = 5000 * MS;
	ev->trig.span_ns = 5100 * MS;
	ev->trig.run_ns = 4900 * MS;
	ev->trig.user_ticks = 490;
	ev->notify.on = true;
	ev->notify.status = (char *)"loading \x1b[2J";
	ev->notify.ready = true;
	ev->notify.beats = 1;
	ev->output_carried = true;
	lines[0] = (struct stall_line){ .stream = 1, .text = (char *)"hello", .len = 5 };
	lines[1] = (struct stall_line){ .stream = 2, .partial = true, .text = (char *)"a\"b\nc",
					.len = 5 };
	ev->lines = lines;
	ev->nlines = 2;
}

int main(void)
{
	struct stall_event ev;
	struct stall_line lines[2];
	struct strbuf out = STRBUF_INIT;

	plan_lazy();
	make_event(&ev, lines);
	is_int(0, report_human(&ev, &out), "human report");
	ok(strstr(out.buf, "stallsup: worker 2 stalled: spinning (a thread on a CPU in user mode, "
			   "never sleeping) for 5.0s\n") != NULL, "spinning headline");
	ok(strstr(out.buf, "  evidence: tid 101 over 5.1s: ran 4.9s, 0 voluntary switches, 490 "
			   "user and 0 system clock ticks\n") != NULL, "spinning evidence");
	ok(strstr(out.buf, "  said: STATUS=loading \\x1b[2J, ready, 1 heartbeat\n") != NULL,
	   "said: the status escaped");
	ok(strstr(out.buf, "  last output (2 lines):\n    out| hello\n    err| a\\\"b\\nc (no newline yet)\n")
	   != NULL, "last output: streams, escaped, partial marked");
	diag("%s", out.buf);
	sb_reset(&out);
	is_int(0, report_json(&ev, &out), "JSON line");
	ok(strstr(out.buf, "\"trigger\":{\"period_ms\":5000,\"span_ms\":5100,\"run_ms\":4900,") != NULL,
	   "JSON trigger");
	ok(strstr(out.buf, "\"notify\":{\"status\":\"loading \\u001b[2J\",\"ready\":true,") != NULL,
	   "JSON notify, escaped");
	ok(strstr(out.buf, "\"output\":[{\"stream\":\"stdout\",\"text\":\"hello\"},{\"stream\":"
			   "\"stderr\",\"text\":\"a\\\"b\\nc\",\"partial\":true}]") != NULL,
	   "JSON output");

	sb_reset(&out);
	ev.cls = STALL_HEARTBEAT;
	ev.trig = (struct stall_trigger){ .forced = true, .sender = 77, .period_ns = 1000 * MS };
	report_human(&ev, &out);
	ok(strstr(out.buf, "stalled: heartbeat (the worker sent WATCHDOG=trigger, pid 77)\n") != NULL,
	   "heartbeat forced headline");
	sb_reset(&out);
	ev.trig = (struct stall_trigger){ .period_ns = 1000 * MS, .count = 3, .last_ns = 1500 * MS };
	ev.stalled_ns = 2000 * MS;
	report_human(&ev, &out);
	ok(strstr(out.buf, "stalled: heartbeat (no WATCHDOG=1 within 1.0s), none for 2.0s\n") != NULL,
	   "heartbeat missed headline");
	ok(strstr(out.buf, "  evidence: 3 heartbeats received, the last at t=500ms, period 1.0s\n")
	   != NULL, "heartbeat evidence");
	sb_reset(&out);
	ev.cls = STALL_SILENT;
	ev.trig = (struct stall_trigger){ .period_ns = 3000 * MS, .count = 42 };
	ev.stalled_ns = 3000 * MS;
	ev.nlines = 0;
	report_human(&ev, &out);
	ok(strstr(out.buf, "stalled: silent (no output on stdout or stderr) for 3.0s\n") != NULL,
	   "silent headline");
	ok(strstr(out.buf, "  evidence: 42 bytes of output, --silence-after 3.0s\n") != NULL,
	   "silent evidence, no output yet");
	ok(strstr(out.buf, "  last output: none\n") != NULL, "no lines yet");
	sb_free(&out);
	return 0;
}
