/* report: render a stall event for humans and as one JSON line, and the
 * follow-up action line; see stall.h, report.h and doc/reports.md.
 *
 * Everything taken from /proc or from a worker (comm, wchan, file contents,
 * state letters) is untrusted: the human report passes it through escape.h,
 * the JSON report through json.h. */
#include <config.h>

#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "escape.h"
#include "json.h"
#include "signame.h"
#include "stall.h"

#define NS_PER_MS 1000000LL
#define NS_PER_SEC 1000000000LL

/* Format sig as "SIGABRT" (or "SIG42" when it has no name) into buf. */
static const char *signal_label(int sig, char *buf, size_t size)
{
	const char *name = signame_name(sig);

	if (name)
		snprintf(buf, size, "SIG%s", name);
	else
		snprintf(buf, size, "SIG%d", sig);
	return buf;
}

/* RFC 3339 UTC with truncated milliseconds into buf. */
void report_time(int64_t realtime_ns, char *buf, size_t size)
{
	int64_t sec = realtime_ns / NS_PER_SEC;
	int64_t ns = realtime_ns % NS_PER_SEC;
	time_t t;
	struct tm tm;
	char date[24];

	if (ns < 0) {  /* floor division for times before 1970 */
		ns += NS_PER_SEC;
		sec--;
	}
	t = (time_t)sec;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		snprintf(date, sizeof(date), "?");
	snprintf(buf, size, "%s.%03dZ", date, (int)(ns / NS_PER_MS));
}

/* Milliseconds from the supervisor's start to monotonic time t_ns (negative
 * if t_ns is earlier). */
static int64_t rel_ms(const struct stall_event *ev, uint64_t t_ns)
{
	if (t_ns >= ev->start_ns)
		return (int64_t)((t_ns - ev->start_ns) / NS_PER_MS);
	return -(int64_t)((ev->start_ns - t_ns) / NS_PER_MS);
}

/* The stalled task named by the event in d, or the first one, or NULL. */
static const struct diag_task *named_task(const struct stall_event *ev)
{
	const struct diag *d = &ev->diag;

	for (size_t i = 0; i < d->ntasks; i++)
		if (d->tasks[i].pid == ev->pid && d->tasks[i].tid == ev->tid)
			return &d->tasks[i];
	return d->ntasks > 0 ? &d->tasks[0] : NULL;
}

/* ---- human report ---- */

/* Append s escaped (NULL prints as nothing). */
static void put_escaped(struct strbuf *out, const char *s)
{
	if (s != NULL)
		escape_human(out, s, strlen(s));
}

/* Append a state letter escaped, '?' when unknown. */
static void put_state(struct strbuf *out, char state)
{
	if (state == '\0')
		state = '?';
	escape_human(out, &state, 1);
}

/* Append text as a block: each line at indent, escaped. */
static void put_block(struct strbuf *out, const char *text, const char *indent)
{
	const char *line = text;

	for (;;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		sb_puts(out, indent);
		escape_human(out, line, len);
		sb_putc(out, '\n');
		if (nl == NULL)
			return;
		line = nl + 1;
	}
}

/* Append "<indent><label>: value" for one field; several lines become a block
 * indented two more spaces. */
static void put_field(struct strbuf *out, const char *indent, const char *label,
		      const struct diag_field *f)
{
	sb_printf(out, "%s%s:", indent, label);
	if (f->text == NULL) {
		sb_puts(out, " [unreadable: ");
		put_escaped(out, f->unreadable ? f->unreadable : "not captured");
		sb_puts(out, "]\n");
	} else if (f->text[0] == '\0') {
		sb_puts(out, " (empty)\n");
	} else if (strchr(f->text, '\n') == NULL) {
		sb_putc(out, ' ');
		put_escaped(out, f->text);
		sb_putc(out, '\n');
	} else {
		char deeper[32];

		sb_putc(out, '\n');
		snprintf(deeper, sizeof(deeper), "%s  ", indent);
		put_block(out, f->text, deeper);
	}
}

/* Append "+d" or "-d", the change from a to b. */
static void put_delta(struct strbuf *out, uint64_t a, uint64_t b)
{
	if (b >= a)
		sb_printf(out, " (+%" PRIu64 ")", b - a);
	else
		sb_printf(out, " (-%" PRIu64 ")", a - b);
}

/* Append one window line for sample s, with deltas against prev (or none). */
static void put_sample(struct strbuf *out, const struct stall_event *ev,
		       const struct sample *s, const struct sample *prev)
{
	sb_printf(out, "    t_ms=%" PRId64 " runtime_ns=%" PRIu64, rel_ms(ev, s->t_ns),
		  s->runtime_ns);
	if (prev)
		put_delta(out, prev->runtime_ns, s->runtime_ns);
	sb_printf(out, " switches=%" PRIu64, s->switches);
	if (prev)
		put_delta(out, prev->switches, s->switches);
	if (s->has_run_delay) {
		sb_printf(out, " run_delay_ns=%" PRIu64, s->run_delay_ns);
		if (prev && prev->has_run_delay)
			put_delta(out, prev->run_delay_ns, s->run_delay_ns);
	}
	sb_putc(out, '\n');
}

/* Append the scope, source and sample window lines. */
static void put_window(struct strbuf *out, const struct stall_event *ev)
{
	unsigned n = ev->nwindow < STALL_WINDOW ? ev->nwindow : STALL_WINDOW;

	sb_printf(out, "  scope: %s\n", ev->whole_worker
		  ? "whole worker (no task of the worker made progress)"
		  : "one task starved while other tasks of the worker ran");
	sb_printf(out, "  source: %s\n", sample_source_name(ev->source));
	sb_printf(out, "  window: %u samples, oldest first\n", n);
	for (unsigned i = 0; i < n; i++)
		put_sample(out, ev, &ev->window[i], i > 0 ? &ev->window[i - 1] : NULL);
}

/* The per-task fields the human report shows (status and sched only in JSON). */
static const enum diag_task_field human_task_fields[] = {
	DIAG_WCHAN, DIAG_SYSCALL, DIAG_CGROUP, DIAG_STAT, DIAG_STACK,
};

/* Append the diagnostics of one stalled task. */
static void put_task(struct strbuf *out, const struct diag_task *t)
{
	sb_printf(out, "  task %d/%d:\n", (int)t->pid, (int)t->tid);
	for (size_t i = 0; i < sizeof(human_task_fields) / sizeof(human_task_fields[0]); i++) {
		enum diag_task_field f = human_task_fields[i];

		put_field(out, "    ", diag_task_field_name(f), &t->f[f]);
	}
}

/* Append the worker's thread list. */
static void put_threads(struct strbuf *out, const struct diag *d)
{
	sb_printf(out, "  threads: %zu\n", d->nthreads_total > d->nthreads ? d->nthreads_total
									  : d->nthreads);
	for (size_t i = 0; i < d->nthreads; i++) {
		const struct stall_thread *th = &d->threads[i];

		sb_printf(out, "    tid=%d state=", (int)th->tid);
		put_state(out, th->state);
		sb_puts(out, " wchan=");
		escape_human(out, th->wchan, strnlen(th->wchan, sizeof(th->wchan)));
		sb_puts(out, " comm=\"");
		escape_human(out, th->comm, strnlen(th->comm, sizeof(th->comm)));
		sb_puts(out, "\"\n");
	}
	if (d->nthreads_total > d->nthreads)
		sb_printf(out, "    (%zu more threads not listed)\n", d->nthreads_total - d->nthreads);
}

/* Append the pids that receive the policy's first signal. */
static void put_procs(struct strbuf *out, const struct stall_event *ev)
{
	if (ev->nprocs == 0)
		sb_puts(out, " (none)");
	for (size_t i = 0; i < ev->nprocs; i++)
		sb_printf(out, " %d", (int)ev->procs[i]);
}

/* Append the action line describing what the policy row does. */
static void put_action(struct strbuf *out, const struct stall_event *ev)
{
	const struct stall_action *a = ev->action;
	const struct diag_field *core = &ev->diag.host[DIAG_CORE_PATTERN];

	if (a == NULL) {
		sb_puts(out, "  action: none\n");
		return;
	}
	sb_printf(out, "  action: %s", a->name);
	if (a->first_signal == 0 && !a->kill_tree_now)
		sb_puts(out, " (no signal; the worker carries on)");
	if (a->first_signal != 0) {
		char sig[16];

		sb_printf(out, ": %s to", signal_label(a->first_signal, sig, sizeof(sig)));
		put_procs(out, ev);
	}
	if (a->cont_after)
		sb_puts(out, ", then SIGCONT");
	if (a->kill_tree_after)
		sb_puts(out, ", then SIGKILL to the worker's tree after --kill-after");
	if (a->kill_tree_now)
		sb_puts(out, ", SIGKILL to the worker's whole tree");
	if (a->first_signal == SIGABRT && core->text != NULL) {
		sb_puts(out, " (core_pattern \"");
		put_escaped(out, core->text);
		sb_puts(out, "\")");
	}
	sb_putc(out, '\n');
}

/* Append the first line of the human report. */
static void put_headline(struct strbuf *out, const struct stall_event *ev)
{
	sb_printf(out, "worker stall detected: worker=%u pid=%d tid=%d comm=\"",
		  ev->worker, (int)ev->pid, (int)ev->tid);
	escape_human(out, ev->comm, strnlen(ev->comm, sizeof(ev->comm)));
	sb_printf(out, "\" class=%s\n", stall_class_name(ev->cls));
}

/* Append the multi-line human report; 0 or -ENOMEM. */
int report_human(const struct stall_event *ev, struct strbuf *out)
{
	const struct diag_task *named = named_task(ev);

	put_headline(out, ev);
	put_window(out, ev);
	sb_puts(out, "  state: ");
	put_state(out, ev->state);
	sb_puts(out, "\n  procs:");
	put_procs(out, ev);
	sb_putc(out, '\n');
	if (named)
		put_task(out, named);
	for (size_t i = 0; i < ev->diag.ntasks; i++)
		if (&ev->diag.tasks[i] != named)
			put_task(out, &ev->diag.tasks[i]);
	if (ev->diag.ntasks_total > ev->diag.ntasks)
		sb_printf(out, "  (%zu more stalled tasks without diagnostics)\n",
			  ev->diag.ntasks_total - ev->diag.ntasks);
	put_threads(out, &ev->diag);
	for (unsigned k = 0; k < DIAG_HOST_FIELDS; k++)
		put_field(out, "  ", diag_host_field_name(k), &ev->diag.host[k]);
	put_action(out, ev);
	return out->err;
}

/* ---- JSON report ---- */

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
		json_kv_i64(j, "t_ms", rel_ms(ev, s->t_ns));
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

/* Write "threads": [{pid, tid, state, wchan, comm}...]. */
static void json_threads(struct json *j, const struct diag *d)
{
	json_key(j, "threads");
	json_array_begin(j);
	for (size_t i = 0; i < d->nthreads; i++) {
		const struct stall_thread *th = &d->threads[i];

		json_object_begin(j);
		json_kv_i64(j, "pid", th->pid);
		json_kv_i64(j, "tid", th->tid);
		json_state(j, "state", th->state);
		json_key(j, "wchan");
		json_string_n(j, th->wchan, strnlen(th->wchan, sizeof(th->wchan)));
		json_key(j, "comm");
		json_string_n(j, th->comm, strnlen(th->comm, sizeof(th->comm)));
		json_object_end(j);
	}
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
	const struct diag_task *named = named_task(ev);

	json_key(j, "diag");
	json_object_begin(j);
	if (named)
		json_task_fields(j, named);
	json_other_tasks(j, &ev->diag, named);
	if (ev->diag.ntasks_total > ev->diag.ntasks)
		json_kv_u64(j, "tasks_total", ev->diag.ntasks_total);
	json_threads(j, &ev->diag);
	if (ev->diag.nthreads_total > ev->diag.nthreads)
		json_kv_u64(j, "threads_total", ev->diag.nthreads_total);
	for (unsigned k = 0; k < DIAG_HOST_FIELDS; k++)
		json_field(j, diag_host_field_name(k), &ev->diag.host[k]);
	json_object_end(j);
}

/* Write the identity members: time, worker, pid, tid, comm, class, state. */
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
	json_pids(&j, "procs", ev->procs, ev->nprocs);
	json_diag(&j, ev);
	json_kv_string(&j, "action", ev->action ? ev->action->name : NULL);
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
		       step->signal ? signal_label(step->signal, sig, sizeof(sig)) : NULL);
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
