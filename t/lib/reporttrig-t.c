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

/* The pc line and "pc" JSON member of spinning events: same function,
 * moved, no function names, unreadable, no backtraces in the run. */
static void test_pc(void)
{
	struct stall_event ev;
	struct stall_line lines[2];
	struct strbuf out = STRBUF_INIT;

	make_event(&ev, lines);
	ev.trig.npc = 2;
	ev.trig.pc[0] = (struct stall_pc){ .pc = 0x401136, .symbol = (char *)"spin_loop",
					   .module = (char *)"/t/spin", .file = (char *)"/src/spin.c",
					   .line = 12 };
	ev.trig.pc[1] = (struct stall_pc){ .pc = 0x40113a, .symbol = (char *)"spin_loop",
					   .module = (char *)"/t/spin", .file = (char *)"/src/spin.c",
					   .line = 13 };
	ev.trig.pc_gap_ns = 50 * MS;
	report_human(&ev, &out);
	ok(strstr(out.buf, "490 user and 0 system clock ticks\n  pc: stays in spin_loop (spin.c:12) "
			   "over 50ms\n") != NULL, "pc: stays in one function, under the evidence");
	sb_reset(&out);
	report_json(&ev, &out);
	ok(strstr(out.buf, "\"pc\":{\"first\":{\"pc\":\"0x401136\",\"function\":\"spin_loop\","
			   "\"module\":\"/t/spin\",\"file\":\"/src/spin.c\",\"line\":12},\"second\":"
			   "{\"pc\":\"0x40113a\",") != NULL, "JSON pc samples");
	ok(strstr(out.buf, "\"same_function\":true,\"apart_ms\":50}") != NULL,
	   "JSON same_function true");

	ev.trig.pc[1] = (struct stall_pc){ .pc = 0x7f00000010, .symbol = (char *)"g\x1b",
					   .module = (char *)"/lib/libg.so", .offset = 0x10 };
	ev.trig.pc_gap_ns = 52 * MS;
	sb_reset(&out);
	report_human(&ev, &out);
	ok(strstr(out.buf, "  pc: moved from spin_loop (spin.c:12) to g\\x1b+0x10 (libg.so) over 52ms\n")
	   != NULL, "pc: moved, the symbol escaped");
	sb_reset(&out);
	report_json(&ev, &out);
	ok(strstr(out.buf, "\"function\":\"g\\u001b\",\"module\":\"/lib/libg.so\",\"file\":null,"
			   "\"line\":null},\"same_function\":false,\"apart_ms\":52}") != NULL,
	   "JSON same_function false");

	ev.trig.pc[1].symbol = NULL;
	sb_reset(&out);
	report_human(&ev, &out);
	ok(strstr(out.buf, "  pc: at spin_loop (spin.c:12) then 0x7f00000010 (libg.so) over 52ms "
			   "(no function names to compare)\n") != NULL, "pc: no function name");

	ev.trig.npc = 1;
	ev.trig.pc[1] = (struct stall_pc){ 0 };
	ev.trig.pc_unreadable = "the second sample missed the spinning thread";
	sb_reset(&out);
	report_human(&ev, &out);
	ok(strstr(out.buf, "  pc: [unreadable: the second sample missed the spinning thread]\n")
	   != NULL, "pc: unreadable");
	sb_reset(&out);
	report_json(&ev, &out);
	ok(strstr(out.buf, "\"second\":null,\"same_function\":null,\"apart_ms\":null,"
			   "\"unreadable\":\"the second sample missed the spinning thread\"}") != NULL,
	   "JSON pc unreadable");

	ev.bt_unavailable = "--no-backtrace";
	sb_reset(&out);
	report_human(&ev, &out);
	ok(strstr(out.buf, "  pc:") == NULL, "no backtraces: no pc line");
	sb_reset(&out);
	report_json(&ev, &out);
	ok(strstr(out.buf, "\"pc\":{") == NULL, "no backtraces: no JSON pc");
	sb_free(&out);
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
	test_pc();
	return 0;
}
