/* reporttrig: the triggers' parts of a stall report (trigger.h,
 * doc/triggers.md), human and JSON: the headline and evidence of the
 * classes heartbeat, silent and spinning, and in every report what the
 * worker said (its notify state, its last lines of output). Everything the
 * worker wrote is untrusted: it goes through escape.h or json.h. */
#include <config.h>

#include <inttypes.h>
#include <string.h>

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
