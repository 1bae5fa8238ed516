/* outcome: a worker's run and the exit status in words; see outcome.h. */
#include "outcome.h"

#include <inttypes.h>
#include <string.h>

#include "signame.h"

/* Return how strong a stall action is (see outcome.h). */
int outcome_action_rank(const char *action)
{
	static const char *const names[] = { "log", "abort", "kill" };

	for (int i = 0; action && i < 3; i++)
		if (strcmp(action, names[i]) == 0)
			return i + 1;
	return 0;
}

/* True when the end itself is a failure: not started, a signal, non-zero. */
static bool end_failed(const struct outcome *o)
{
	return o->pid == 0 || o->exec_errno != 0 || o->exit_signal != 0 ||
	       (o->exited && o->exit_code != 0);
}

/* True when the worker failed (see outcome.h). */
bool outcome_failed(const struct outcome *o)
{
	return o->stalls > 0 || o->deadline || end_failed(o);
}

/* Return the first reason's kind (see outcome.h). */
const char *outcome_kind(const struct outcome *o)
{
	if (o->stalls > 0)
		return "stall";
	if (o->deadline)
		return "deadline";
	if (o->pid == 0)
		return "not-started";
	if (o->exec_errno)
		return "exec";
	if (o->exit_signal)
		return "signal";
	return end_failed(o) ? "exit" : NULL;
}

/* Append sig as "SIGTERM" ("SIGRTMIN+2", "SIG0"). */
static void put_signal(int sig, struct strbuf *out)
{
	char buf[32];

	if (sig == 0)
		sb_puts(out, "SIG0");
	else
		sb_printf(out, "SIG%s", signame_format(sig, buf, sizeof(buf)));
}

/* Append how it ended (see outcome.h). */
void outcome_end(const struct outcome *o, struct strbuf *out)
{
	char buf[32];

	if (o->pid == 0)
		sb_puts(out, "not started");
	else if (!o->exited)
		sb_puts(out, "running");
	else if (o->exit_signal)
		sb_printf(out, "signal %s%s", signame_format(o->exit_signal, buf, sizeof(buf)),
			  o->core_dumped ? " (core dumped)" : "");
	else
		sb_printf(out, "exit %d", o->exit_code);
	if (o->pid != 0 && o->exec_errno)
		sb_printf(out, " (cannot execute: %s)", strerror(o->exec_errno));
}

/* Append the stall part: "stalled (sleeping), killed". */
static void put_stalls(const struct outcome *o, struct strbuf *out)
{
	static const char *const done[] = { NULL, "logged", "aborted", "killed" };
	const char *cls = o->stall_class ? o->stall_class : "unknown";
	int rank = outcome_action_rank(o->stall_action);

	if (o->stalls == 1)
		sb_printf(out, "stalled (%s)", cls);
	else
		sb_printf(out, "stalled %u times (first: %s)", o->stalls, cls);
	if (rank > 0)
		sb_printf(out, ", %s", done[rank]);
}

/* Append the one-line message (see outcome.h). */
void outcome_message(const struct outcome *o, struct strbuf *out)
{
	bool explained = o->deadline || outcome_action_rank(o->stall_action) >= 2;
	const char *sep = "";

	if (!outcome_failed(o)) {
		sb_puts(out, "ok");
		return;
	}
	if (o->stalls > 0) {
		put_stalls(o, out);
		sep = "; ";
	}
	if (o->deadline) {
		sb_printf(out, "%sdeadline: ", sep);
		put_signal(o->deadline_signal, out);
		sep = "; ";
	}
	if (end_failed(o) && !explained) {
		sb_puts(out, sep);
		outcome_end(o, out);
	}
}

/* Append ms as seconds (see outcome.h). */
void outcome_seconds(uint64_t ms, struct strbuf *out)
{
	sb_printf(out, "%" PRIu64 ".%03us", ms / 1000, (unsigned)(ms % 1000));
}

/* Append the ending line (see outcome.h). */
void outcome_ending_line(const struct outcome *o, struct strbuf *out)
{
	if (o->pid == 0) {
		sb_printf(out, "worker %u: not started\n", o->index);
		return;
	}
	sb_printf(out, "worker %u (pid %d): ", o->index, (int)o->pid);
	outcome_end(o, out);
	sb_puts(out, " after ");
	outcome_seconds(o->wall_ms, out);
	sb_putc(out, '\n');
	if (!o->observed)
		sb_printf(out, "worker %u was not observed: its /proc files could not be read, "
			  "so no stall of it could be seen\n", o->index);
}

/* Append what a worker's own status means: "worker 1 exited 3". */
static void worker_status_text(int status, unsigned w, struct strbuf *out)
{
	char buf[32];

	if (status == EXIT_CANNOT_EXEC)
		sb_printf(out, "worker %u's command could not be executed", w);
	else if (status == EXIT_NOT_FOUND)
		sb_printf(out, "worker %u's command was not found", w);
	else if (status > 128)
		sb_printf(out, "worker %u was killed by SIG%s", w,
			  signame_format(status - 128, buf, sizeof(buf)));
	else
		sb_printf(out, "worker %u exited %d", w, status);
	sb_puts(out, " (the first to fail)");
}

/* Append what status means (see outcome.h). */
void outcome_status_text(const struct exit_facts *f, int status, unsigned first_worker,
			 int dies_by, struct strbuf *out)
{
	bool ours = !f->preserve_status;
	char buf[32];

	if (status == 0)
		sb_puts(out, "every worker exited 0");
	else if (status == EXIT_OWN_ERROR && f->own_error)
		sb_puts(out, "stallsup itself failed");
	else if (ours && f->deadline_killed && status == EXIT_KILLED_AFTER_DEADLINE)
		sb_puts(out, "the deadline fired and SIGKILL was needed");
	else if (ours && f->deadline_fired && status == EXIT_TIMEDOUT)
		sb_puts(out, "the deadline fired");
	else if (ours && f->stall_acted && status == EXIT_STALL)
		sb_puts(out, "a stall policy acted (or --fail-on-stall saw a stall)");
	else if (f->have_failure && status == f->first_failure)
		worker_status_text(status, first_worker, out);
	else
		sb_printf(out, "exit status %d", status);
	if (dies_by)
		sb_printf(out, "; stallsup dies by SIG%s, as its worker did",
			  signame_format(dies_by, buf, sizeof(buf)));
}
