/* reporttrig: the triggers' parts of a stall report (trigger.h,
 * doc/triggers.md), human and JSON: the headline and evidence of the
 * classes heartbeat, silent and spinning, and in every report what the
 * worker said (its notify state, its last lines of output). Everything the
 * worker wrote is untrusted: it goes through escape.h or json.h. */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "btrender.h"
#include "escape.h"
#include "report-int.h"

#define NS_PER_MS 1000000ULL

/* ---- human ---- */

void report_trigger_headline(struct strbuf *out, const struct stall_event *ev)
{
	const struct stall_trigger *t = &ev->trig;

	sb_puts(out, stall_class_name(ev->cls));
	switch (ev->cls) {
	case STALL_HEARTBEAT:
		if (t->forced) {
			sb_printf(out, " (the worker sent WATCHDOG=trigger, pid %d)\n", (int)t->sender);
			return;
		}
		sb_puts(out, " (no WATCHDOG=1 within ");
		report_duration(out, t->period_ns);
		sb_puts(out, t->last_ns ? "), none for " : "), none since it started, ");
		break;
	case STALL_SILENT:
		sb_puts(out, " (no output on stdout or stderr) for ");
		break;
	default:
		sb_puts(out, " (a thread on a CPU in user mode, never sleeping) for ");
		break;
	}
	report_duration(out, ev->stalled_ns);
	sb_putc(out, '\n');
}

/* Append the spinning evidence line. */
static void put_spin(struct strbuf *out, const struct stall_event *ev)
{
	const struct stall_trigger *t = &ev->trig;

	sb_printf(out, "  evidence: tid %d over ", (int)ev->tid);
	report_duration(out, t->span_ns);
	sb_puts(out, ": ran ");
	report_duration(out, t->run_ns);
	if (t->has_wait) {
		sb_puts(out, ", waited for a CPU ");
		report_duration(out, t->wait_ns);
	}
	sb_printf(out, ", %" PRIu64 " voluntary switches, %" PRIu64 " user and %" PRIu64
		  " system clock ticks\n", t->voluntary, t->user_ticks, t->system_ticks);
}

/* Append where pc sample pc is: "function (file:line)", as a frame line. */
static void put_where(struct strbuf *out, const struct stall_pc *pc)
{
	struct bt_frame f = { .pc = pc->pc, .offset = pc->offset, .line = pc->line,
			      .symbol = pc->symbol, .module = pc->module, .file = pc->file };

	bt_render_where(&f, out);
}

/* Append the spinning thread's pc line: whether its two samples are in one
 * function. Nothing when the run has no backtraces (the report says why). */
static void put_pc(struct strbuf *out, const struct stall_event *ev)
{
	const struct stall_trigger *t = &ev->trig;
	enum stall_pc_verdict v = stall_pc_compare(t);
	const char *why = t->pc_unreadable ? t->pc_unreadable : "not sampled";

	if (ev->bt_unavailable)
		return;
	sb_puts(out, "  pc: ");
	if (t->npc < 2) {
		sb_printf(out, "[unreadable: %s]\n", why);
		return;
	}
	sb_puts(out, v == PC_SAME_FUNCTION ? "stays in " : v == PC_MOVED ? "moved from " : "at ");
	put_where(out, &t->pc[0]);
	if (v != PC_SAME_FUNCTION) {
		sb_puts(out, v == PC_MOVED ? " to " : " then ");
		put_where(out, &t->pc[1]);
	}
	sb_puts(out, " over ");
	report_duration(out, t->pc_gap_ns);
	if (v == PC_UNKNOWN)
		sb_puts(out, " (no function names to compare)");
	sb_putc(out, '\n');
}

void report_trigger_evidence(struct strbuf *out, const struct stall_event *ev)
{
	const struct stall_trigger *t = &ev->trig;

	switch (ev->cls) {
	case STALL_HEARTBEAT:
		sb_printf(out, "  evidence: %" PRIu64 " heartbeats received", t->count);
		if (t->last_ns)
			sb_printf(out, ", the last at t=%" PRId64 "ms", report_rel_ms(ev, t->last_ns));
		sb_puts(out, ", period ");
		report_duration(out, t->period_ns);
		sb_putc(out, '\n');
		break;
	case STALL_SILENT:
		sb_printf(out, "  evidence: %" PRIu64 " bytes of output", t->count);
		if (t->last_ns)
			sb_printf(out, ", the last at t=%" PRId64 "ms", report_rel_ms(ev, t->last_ns));
		sb_puts(out, ", --silence-after ");
		report_duration(out, t->period_ns);
		sb_putc(out, '\n');
		break;
	default:
		put_spin(out, ev);
		put_pc(out, ev);
		break;
	}
}

/* Append the notify line: the last STATUS=, READY=1, STOPPING=1. */
static void put_notify(struct strbuf *out, const struct stall_notify *n)
{
	sb_puts(out, "  said: ");
	if (n->status) {
		sb_puts(out, "STATUS=");
		escape_human(out, n->status, strlen(n->status));
	} else {
		sb_puts(out, "no STATUS=");
	}
	sb_puts(out, n->ready ? ", ready" : ", not ready");
	if (n->stopping)
		sb_puts(out, ", stopping");
	sb_printf(out, ", %" PRIu64 " heartbeat%s\n", n->beats, n->beats == 1 ? "" : "s");
}

void report_trigger_said(struct strbuf *out, const struct stall_event *ev)
{
	if (ev->notify.on)
		put_notify(out, &ev->notify);
	if (!ev->output_carried)
		return;
	if (ev->nlines == 0) {
		sb_puts(out, "  last output: none\n");
		return;
	}
	sb_printf(out, "  last output (%zu line%s):\n", ev->nlines, ev->nlines == 1 ? "" : "s");
	for (size_t i = 0; i < ev->nlines; i++) {
		const struct stall_line *l = &ev->lines[i];

		sb_puts(out, l->stream == 2 ? "    err| " : "    out| ");
		if (l->cut)
			sb_puts(out, "...");
		escape_human(out, l->text, l->len);
		if (l->partial)
			sb_puts(out, " (no newline yet)");
		sb_putc(out, '\n');
	}
}

/* ---- JSON ---- */

/* Write pc sample pc as an object, or null when there is none. */
static void json_pc_sample(struct json *j, const char *key, const struct stall_pc *pc)
{
	char addr[24];

	json_key(j, key);
	if (pc->pc == 0) {
		json_null(j);
		return;
	}
	snprintf(addr, sizeof(addr), "0x%" PRIx64, pc->pc);
	json_object_begin(j);
	json_kv_string(j, "pc", addr);
	json_kv_string(j, "function", pc->symbol);
	json_kv_string(j, "module", pc->module);
	json_kv_string(j, "file", pc->file);
	json_key(j, "line");
	if (pc->file != NULL && pc->line > 0)
		json_u64(j, pc->line);
	else
		json_null(j);
	json_object_end(j);
}

/* Write "pc": the spinning thread's two samples and whether they are in one
 * function (null when unknown); nothing when the run has no backtraces. */
static void json_pc(struct json *j, const struct stall_event *ev)
{
	const struct stall_trigger *t = &ev->trig;
	enum stall_pc_verdict v = stall_pc_compare(t);

	if (ev->bt_unavailable)
		return;
	json_key(j, "pc");
	json_object_begin(j);
	json_pc_sample(j, "first", &t->pc[0]);
	json_pc_sample(j, "second", &t->pc[1]);
	json_key(j, "same_function");
	if (v == PC_UNKNOWN)
		json_null(j);
	else
		json_bool(j, v == PC_SAME_FUNCTION);
	json_key(j, "apart_ms");
	if (t->npc == 2)
		json_u64(j, t->pc_gap_ns / NS_PER_MS);
	else
		json_null(j);
	if (t->npc < 2)
		json_kv_string(j, "unreadable", t->pc_unreadable ? t->pc_unreadable : "not sampled");
	json_object_end(j);
}

/* Write "trigger": the evidence of a trigger class. */
static void json_trigger(struct json *j, const struct stall_event *ev)
{
	const struct stall_trigger *t = &ev->trig;

	json_key(j, "trigger");
	json_object_begin(j);
	json_kv_u64(j, "period_ms", t->period_ns / NS_PER_MS);
	if (ev->cls == STALL_SPINNING) {
		json_kv_u64(j, "span_ms", t->span_ns / NS_PER_MS);
		json_kv_u64(j, "run_ms", t->run_ns / NS_PER_MS);
		if (t->has_wait)
			json_kv_u64(j, "wait_ms", t->wait_ns / NS_PER_MS);
		json_kv_u64(j, "voluntary_switches", t->voluntary);
		json_kv_u64(j, "user_ticks", t->user_ticks);
		json_kv_u64(j, "system_ticks", t->system_ticks);
		json_pc(j, ev);
	} else {
		json_kv_u64(j, ev->cls == STALL_HEARTBEAT ? "heartbeats" : "bytes", t->count);
		if (t->last_ns)
			json_kv_i64(j, "last_ms", report_rel_ms(ev, t->last_ns));
		else
			json_kv_string(j, "last_ms", NULL);
	}
	if (ev->cls == STALL_HEARTBEAT) {
		json_kv_bool(j, "forced", t->forced);
		if (t->forced)
			json_kv_i64(j, "sender", t->sender);
	}
	json_object_end(j);
}

/* Write "notify": what the worker said through the notify protocol. */
static void json_notify(struct json *j, const struct stall_event *ev)
{
	const struct stall_notify *n = &ev->notify;

	json_key(j, "notify");
	json_object_begin(j);
	json_kv_string(j, "status", n->status);
	json_kv_bool(j, "ready", n->ready);
	json_kv_bool(j, "stopping", n->stopping);
	json_kv_u64(j, "heartbeats", n->beats);
	json_kv_u64(j, "period_ms", n->period_ns / NS_PER_MS);
	json_object_end(j);
}

/* Write "output": the last lines, oldest first. */
static void json_lines(struct json *j, const struct stall_event *ev)
{
	json_key(j, "output");
	json_array_begin(j);
	for (size_t i = 0; i < ev->nlines; i++) {
		const struct stall_line *l = &ev->lines[i];

		json_object_begin(j);
		json_kv_string(j, "stream", l->stream == 2 ? "stderr" : "stdout");
		json_key(j, "text");
		json_string_n(j, l->text, l->len);
		if (l->partial)
			json_kv_bool(j, "partial", true);
		if (l->cut)
			json_kv_bool(j, "cut", true);
		json_object_end(j);
	}
	json_array_end(j);
}

void report_trigger_json(struct json *j, const struct stall_event *ev)
{
	if (ev->cls >= STALL_HEARTBEAT)
		json_trigger(j, ev);
	if (ev->notify.on)
		json_notify(j, ev);
	if (ev->output_carried)
		json_lines(j, ev);
}
