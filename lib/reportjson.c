/* reportjson: the stall report as one JSON line, and the action line; see
 * stall.h, report.h and doc/reports.md. The JSON keeps every field the
 * human report condenses: raw files, every thread listed, every backtrace
 * group. */
#include <config.h>

#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "btrender.h"
#include "json.h"
#include "report-int.h"
#include "stall.h"

/* Write key: the field's text, or "[unreadable: reason]" as in the human
 * report (and the reference monitor). */
static void json_field(struct json *j, const char *key, const struct diag_field *f)
{
	char text[256];

	json_key(j, key);
	if (f->text != NULL) {
		json_string(j, f->text);
		return;
	}
	snprintf(text, sizeof(text), "[unreadable: %s]",
		 f->unreadable ? f->unreadable : "not captured");
	json_string(j, text);
}

/* Write a one-letter state string ("?" when unknown). */
static void json_state(struct json *j, const char *key, char state)
{
	if (state == '\0')
		state = '?';
	json_key(j, key);
	json_string_n(j, &state, 1);
}

/* Write every per-task field of t as members of the current object. */
static void json_task_fields(struct json *j, const struct diag_task *t)
{
	for (unsigned k = 0; k < DIAG_TASK_FIELDS; k++)
		json_field(j, diag_task_field_name(k), &t->f[k]);
}

/* Write "window": [{t_ms, sum_exec_runtime_ns, switches, run_delay_ns?}...]. */
static void json_window(struct json *j, const struct stall_event *ev)
{
	unsigned n = ev->nwindow < STALL_WINDOW ? ev->nwindow : STALL_WINDOW;

	json_key(j, "window");
	json_array_begin(j);
	for (unsigned i = 0; i < n; i++) {
		const struct sample *s = &ev->window[i];

		json_object_begin(j);
		json_kv_i64(j, "t_ms", report_rel_ms(ev, s->t_ns));
		json_kv_u64(j, "sum_exec_runtime_ns", s->runtime_ns);
		json_kv_u64(j, "switches", s->switches);
		if (s->has_run_delay)
			json_kv_u64(j, "run_delay_ns", s->run_delay_ns);
		json_object_end(j);
	}
	json_array_end(j);
}

/* Write an array of pids under key. */
static void json_pids(struct json *j, const char *key, const pid_t *pids, size_t n)
{
	json_key(j, key);
	json_array_begin(j);
	for (size_t i = 0; i < n; i++)
		json_i64(j, pids[i]);
	json_array_end(j);
}

/* Write the members of one listed thread th. */
static void json_thread(struct json *j, const struct stall_thread *th)
{
	struct strbuf desc = STRBUF_INIT;

	json_kv_i64(j, "pid", th->pid);
	json_kv_i64(j, "tid", th->tid);
	json_state(j, "state", th->state);
	json_key(j, "wchan");
	json_string_n(j, th->wchan, strnlen(th->wchan, sizeof(th->wchan)));
	json_key(j, "comm");
	json_string_n(j, th->comm, strnlen(th->comm, sizeof(th->comm)));
	json_key(j, "syscall");
	json_string_n(j, th->syscall, strnlen(th->syscall, sizeof(th->syscall)));
	report_describe_syscall(&desc, th->syscall);
	json_kv_string(j, "call", desc.err ? NULL : sb_str(&desc));
	json_kv_string(j, "wait", wait_kind_name(th->wait));
	if (th->stack)
		json_kv_string(j, "stack", th->stack);
	if (th->housekeeping)
		json_kv_bool(j, "housekeeping", true);
	sb_free(&desc);
}

/* Write "threads": [{pid, tid, state, wchan, comm, syscall, call, wait,
 * stack?, housekeeping?}...]. */
static void json_threads(struct json *j, const struct diag *d)
{
	json_key(j, "threads");
	json_array_begin(j);
	for (size_t i = 0; i < d->nthreads; i++) {
		json_object_begin(j);
		json_thread(j, &d->threads[i]);
		json_object_end(j);
	}
	json_array_end(j);
}

/* Write "backtrace": every thread group of every process unwound, or
 * "backtrace_unavailable": the reason there is none. */
static void json_backtrace(struct json *j, const struct stall_event *ev)
{
	if (ev->nbt == 0) {
		if (ev->bt_unavailable)
			json_kv_string(j, "backtrace_unavailable", ev->bt_unavailable);
		return;
	}
	json_key(j, "backtrace");
	json_array_begin(j);
	for (size_t i = 0; i < ev->nbt; i++)
		bt_render_json(ev->bt[i], j);
	json_array_end(j);
}

/* Write "other_tasks": every stalled task but the named one (only if any). */
static void json_other_tasks(struct json *j, const struct diag *d,
			     const struct diag_task *named)
{
	if (d->ntasks < 2)
		return;
	json_key(j, "other_tasks");
	json_array_begin(j);
	for (size_t i = 0; i < d->ntasks; i++) {
		if (&d->tasks[i] == named)
			continue;
		json_object_begin(j);
		json_kv_i64(j, "pid", d->tasks[i].pid);
		json_kv_i64(j, "tid", d->tasks[i].tid);
		json_task_fields(j, &d->tasks[i]);
		json_object_end(j);
	}
	json_array_end(j);
}

/* Write "diag": the named task's fields flattened, other tasks, threads, host. */
static void json_diag(struct json *j, const struct stall_event *ev)
{
	const struct diag_task *named = report_named_task(ev);

	json_key(j, "diag");
	json_object_begin(j);
	if (named)
		json_task_fields(j, named);
	json_other_tasks(j, &ev->diag, named);
	if (ev->diag.ntasks_total > ev->diag.ntasks)
		json_kv_u64(j, "tasks_total", ev->diag.ntasks_total);
	json_threads(j, &ev->diag);
	json_kv_u64(j, "threads_total", ev->diag.nthreads_total);
	json_backtrace(j, ev);
	for (unsigned k = 0; k < DIAG_HOST_FIELDS; k++)
		json_field(j, diag_host_field_name(k), &ev->diag.host[k]);
	json_object_end(j);
}

/* Write the identity members: time, worker, pid, tid, comm, class, state,
 * wait, stalled_ms. */
static void json_identity(struct json *j, const struct stall_event *ev)
{
	char when[40];

	report_time(ev->realtime_ns, when, sizeof(when));
	json_kv_string(j, "time", when);
	json_kv_u64(j, "worker", ev->worker);
	json_kv_i64(j, "pid", ev->pid);
	json_kv_i64(j, "tid", ev->tid);
	json_key(j, "comm");
	json_string_n(j, ev->comm, strnlen(ev->comm, sizeof(ev->comm)));
	json_kv_string(j, "class", stall_class_name(ev->cls));
	json_state(j, "state", ev->state);
	json_kv_string(j, "wait", wait_kind_name(ev->wait));
	json_kv_u64(j, "stalled_ms", ev->stalled_ns / 1000000);
	json_kv_u64(j, "interval_ms", ev->interval_ns / 1000000);
}

/* Write "stuck": the processes holding stalled tasks, leaves first:
 * [{pid, ppid, comm, cmdline, tasks}...]. */
static void json_stuck(struct json *j, const struct stall_event *ev)
{
	json_key(j, "stuck");
	json_array_begin(j);
	for (size_t i = 0; i < ev->nprocs; i++) {
		const struct stall_proc *p = &ev->procs[i];

		json_object_begin(j);
		json_kv_i64(j, "pid", p->pid);
		json_kv_i64(j, "ppid", p->ppid);
		json_key(j, "comm");
		json_string_n(j, p->comm, strnlen(p->comm, sizeof(p->comm)));
		json_kv_string(j, "cmdline", p->cmdline);
		json_kv_u64(j, "tasks", p->ntasks);
		json_object_end(j);
	}
	json_array_end(j);
}

/* Append the {"event":"stall"} line; 0, -ENOMEM or -EINVAL. */
int report_json(const struct stall_event *ev, struct strbuf *out)
{
	struct json j;
	int rc;

	json_init(&j, out);
	json_object_begin(&j);
	json_kv_string(&j, "event", "stall");
	json_identity(&j, ev);
	json_kv_bool(&j, "whole_worker", ev->whole_worker);
	json_kv_string(&j, "source", sample_source_name(ev->source));
	json_window(&j, ev);
	json_key(&j, "procs");
	json_array_begin(&j);
	for (size_t i = 0; i < ev->nprocs; i++)
		json_i64(&j, ev->procs[i].pid);
	json_array_end(&j);
	json_stuck(&j, ev);
	if (ev->nhousekeeping)
		json_kv_u64(&j, "housekeeping", ev->nhousekeeping);
	report_trigger_json(&j, ev);
	json_diag(&j, ev);
	json_kv_string(&j, "action", ev->action ? ev->action->name : NULL);
	if (ev->core_hint)
		json_kv_string(&j, "core", ev->core_hint);
	json_object_end(&j);
	rc = json_finish(&j);
	sb_putc(out, '\n');
	return rc ? rc : out->err;
}

/* Append the {"event":"action"} line for one step; 0, -ENOMEM or -EINVAL. */
int report_action_json(const struct action_step *step, struct strbuf *out)
{
	char when[40], reason[128], sig[16];
	struct json j;
	int rc;

	report_time(step->realtime_ns, when, sizeof(when));
	json_init(&j, out);
	json_object_begin(&j);
	json_kv_string(&j, "event", "action");
	json_kv_string(&j, "time", when);
	json_kv_u64(&j, "worker", step->worker);
	json_kv_string(&j, "action", step->action);
	json_kv_string(&j, "signal",
		       step->signal ? report_signal_label(step->signal, sig, sizeof(sig)) : NULL);
	json_kv_i64(&j, "signo", step->signal);
	json_kv_string(&j, "target", step->tree ? "tree" : "procs");
	if (!step->tree)
		json_pids(&j, "pids", step->pids, step->npids);
	json_kv_string(&j, "result", step->err ? "error" : "ok");
	if (step->err)
		json_kv_string(&j, "error", strerror_r(-step->err, reason, sizeof(reason)));
	json_object_end(&j);
	rc = json_finish(&j);
	sb_putc(out, '\n');
	return rc ? rc : out->err;
}
