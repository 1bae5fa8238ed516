/* report: render a stall event for humans, concise by default; see stall.h
 * and doc/reports.md. (The JSON line is lib/reportjson.c.)
 *
 * What a person needs first comes first: which worker, what class and for
 * how long (the headline), which processes are stuck by command line, where
 * the stuck thread is (its program frame and its wait), then the threads
 * grouped by what they do, the evidence, what the policy does and what to do
 * next. The raw per-task files are in the JSON, and with --verbose here too.
 *
 * Everything taken from /proc or from a worker (comm, command line, wchan,
 * symbols, file contents) is untrusted: it goes through escape.h. */
#include <config.h>

#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "btrender.h"
#include "escape.h"
#include "report-int.h"
#include "signame.h"
#include "stall.h"
#include "threadgroup.h"

#define NS_PER_MS 1000000LL
#define NS_PER_SEC 1000000000LL
#define MAX_STUCK 3         /* processes named in the headline block */
#define MAX_GROUPS 4        /* thread groups shown (the JSON lists every thread) */
#define MAX_KFRAMES 6       /* kernel functions shown per group */

/* ---- helpers shared with lib/reportjson.c (report-int.h) ---- */

const char *report_signal_label(int sig, char *buf, size_t size)
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

	if (ns < 0) { /* floor division for times before 1970 */
		ns += NS_PER_SEC;
		sec--;
	}
	t = (time_t)sec;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		snprintf(date, sizeof(date), "?");
	snprintf(buf, size, "%s.%03dZ", date, (int)(ns / NS_PER_MS));
}

int64_t report_rel_ms(const struct stall_event *ev, uint64_t t_ns)
{
	if (t_ns >= ev->start_ns)
		return (int64_t)((t_ns - ev->start_ns) / NS_PER_MS);
	return -(int64_t)((ev->start_ns - t_ns) / NS_PER_MS);
}

const struct diag_task *report_named_task(const struct stall_event *ev)
{
	const struct diag *d = &ev->diag;

	for (size_t i = 0; i < d->ntasks; i++)
		if (d->tasks[i].pid == ev->pid && d->tasks[i].tid == ev->tid)
			return &d->tasks[i];
	return d->ntasks > 0 ? &d->tasks[0] : NULL;
}

const struct bt_thread *report_bt_thread(const struct stall_event *ev, pid_t tid)
{
	for (size_t i = 0; i < ev->nbt; i++)
		for (unsigned k = 0; k < ev->bt[i]->nthreads; k++)
			if (ev->bt[i]->threads[k].tid == tid)
				return &ev->bt[i]->threads[k];
	return NULL;
}

const struct stall_thread *report_thread(const struct stall_event *ev, pid_t tid)
{
	for (size_t i = 0; i < ev->diag.nthreads; i++)
		if (ev->diag.threads[i].tid == tid)
			return &ev->diag.threads[i];
	return NULL;
}

void report_describe_syscall(struct strbuf *out, const char *text)
{
	struct syscall_info si;

	if (text == NULL || syscall_parse(text, strlen(text), &si) < 0)
		sb_puts(out, "unreadable");
	else
		syscall_describe(out, &si);
}

/* ---- small pieces ---- */

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

/* Append a duration (see report-int.h). */
void report_duration(struct strbuf *out, uint64_t ns)
{
	uint64_t ms = ns / NS_PER_MS, s = ms / 1000;

	if (ms < 1000)
		sb_printf(out, "%" PRIu64 "ms", ms);
	else if (s < 10)
		sb_printf(out, "%" PRIu64 ".%" PRIu64 "s", s, ms % 1000 / 100);
	else if (s < 120)
		sb_printf(out, "%" PRIu64 "s", s);
	else if (s < 7200)
		sb_printf(out, "%" PRIu64 "m%02" PRIu64 "s", s / 60, s % 60);
	else
		sb_printf(out, "%" PRIu64 "h%02" PRIu64 "m", s / 3600, s / 60 % 60);
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
		if (nl == NULL || nl[1] == '\0')
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

/* Append the kernel functions of a /proc/<tid>/stack text on one line,
 * innermost first: "futex_wait_queue < __futex_wait < do_futex", leaving out
 * the system call entry frames. */
static void put_kernel_stack(struct strbuf *out, const char *stack)
{
	const char *p = stack;
	unsigned n = 0;

	while (p && *p && n < MAX_KFRAMES) {
		const char *sym = strstr(p, "] "), *nl = strchr(p, '\n');
		size_t len;

		if (sym == NULL || (nl && sym > nl))
			break;
		sym += 2;
		len = strcspn(sym, "+\n");
		if (len > 0 && strncmp(sym, "entry_SYSCALL", 13) != 0 &&
		    strncmp(sym, "do_syscall_64", 13) != 0) {
			if (n++ > 0)
				sb_puts(out, " < ");
			escape_human(out, sym, len);
		}
		p = nl ? nl + 1 : NULL;
	}
	if (n == 0)
		sb_puts(out, "(empty)");
}

/* ---- the sections ---- */

/* Append the class and what it means, for the headline. */
static void put_class(struct strbuf *out, const struct stall_event *ev)
{
	sb_puts(out, stall_class_name(ev->cls));
	switch (ev->cls) {
	case STALL_STARVED:
		sb_puts(out, ev->whole_worker ? " (runnable, not run)"
			     : " (a thread runnable, not run, while others ran)");
		break;
	case STALL_UNINTERRUPTIBLE:
		sb_puts(out, " (a task in D state)");
		break;
	case STALL_STOPPED:
		break;
	default:
		if (ev->wait == WAIT_UNTIMED)
			sb_puts(out, ", every thread in a wait without timeout");
		else if (ev->wait == WAIT_TIMED)
			sb_puts(out, ", in a wait that ends by itself");
		break;
	}
}

/* Append the first line: worker, class, how long. */
static void put_headline(struct strbuf *out, const struct stall_event *ev)
{
	sb_printf(out, "stallsup: worker %u stalled: ", ev->worker);
	if (ev->cls >= STALL_HEARTBEAT) {
		report_trigger_headline(out, ev);
		return;
	}
	put_class(out, ev);
	if (ev->stalled_ns) {
		sb_puts(out, ", no progress for ");
		report_duration(out, ev->stalled_ns);
	}
	sb_putc(out, '\n');
}

/* Append one process of the stuck list: its command line (or [comm]). */
static void put_proc(struct strbuf *out, const struct stall_proc *p)
{
	if (p->cmdline)
		sb_puts(out, p->cmdline); /* already escaped and shortened */
	else {
		sb_putc(out, '[');
		escape_human(out, p->comm, strnlen(p->comm, sizeof(p->comm)));
		sb_putc(out, ']');
	}
	sb_printf(out, " (pid %d, %u thread%s)", (int)p->pid, p->ntasks, p->ntasks == 1 ? "" : "s");
}

/* Append the processes holding stalled tasks, leaves first. */
static void put_stuck(struct strbuf *out, const struct stall_event *ev)
{
	size_t shown = ev->nprocs < MAX_STUCK ? ev->nprocs : MAX_STUCK;

	for (size_t i = 0; i < shown; i++) {
		sb_puts(out, i == 0 ? "  stuck: " : "    under: ");
		put_proc(out, &ev->procs[i]);
		sb_putc(out, '\n');
	}
	if (ev->nprocs > shown)
		sb_printf(out, "    (%zu more processes)\n", ev->nprocs - shown);
}

/* Append where the named thread is: its program frame, and its wait. */
static void put_where(struct strbuf *out, const struct stall_event *ev)
{
	const struct bt_thread *bt = report_bt_thread(ev, ev->tid);
	const struct bt_frame *f = bt ? bt_program_frame(bt) : NULL;
	const struct stall_thread *th = report_thread(ev, ev->tid);
	struct syscall_info si;
	char name[SYSCALL_NAME_MAX];

	sb_puts(out, "  where:");
	if (f) {
		sb_puts(out, " stuck in ");
		bt_render_where(f, out);
		sb_putc(out, ',');
	}
	if (th && syscall_parse(th->syscall, strlen(th->syscall), &si) == 0 &&
	    si.state == SYSCALL_IN) {
		sb_printf(out, " waiting in %s", syscall_name(si.nr, name, sizeof(name)));
		if (th->wait == WAIT_TIMED || th->wait == WAIT_UNTIMED)
			sb_printf(out, " (%s)", wait_kind_name(th->wait));
	} else if (th && strncmp(th->syscall, "running", 7) == 0) {
		sb_puts(out, " running in user space");
	} else {
		sb_puts(out, " not in a system call");
	}
	if (!f && ev->bt_unavailable) {
		sb_puts(out, "; no backtrace: ");
		put_escaped(out, ev->bt_unavailable);
	}
	sb_putc(out, '\n');
}

/* A user stack's identity for grouping: its program counters. */
static void bt_signature(const struct bt_thread *t, struct strbuf *out)
{
	if (t == NULL)
		return;
	if (t->reason) {
		sb_puts(out, t->reason);
		return;
	}
	for (unsigned i = 0; i < t->nframes; i++)
		sb_printf(out, " %" PRIx64, t->frames[i].pc);
}

/* Fill recs (one per listed thread that is not housekeeping) for grouping,
 * with keys in keys[] (kernel stack plus user stack); returns how many. */
static size_t build_recs(const struct stall_event *ev, struct thread_rec *recs,
			 struct strbuf *keys, char (*names)[SYSCALL_NAME_MAX])
{
	size_t n = 0;

	for (size_t i = 0; i < ev->diag.nthreads; i++) {
		const struct stall_thread *th = &ev->diag.threads[i];
		struct syscall_info si;

		if (th->housekeeping)
			continue;
		sb_init(&keys[n]);
		sb_puts(&keys[n], th->stack ? th->stack : "");
		bt_signature(report_bt_thread(ev, th->tid), &keys[n]);
		recs[n] = (struct thread_rec){ .tid = th->tid, .state = th->state, .comm = th->comm,
					       .wchan = th->wchan, .wait = th->wait,
					       .syscall_desc = th->syscall,
					       .stack = sb_str(&keys[n]) };
		if (syscall_parse(th->syscall, strlen(th->syscall), &si) == 0 &&
		    si.state == SYSCALL_IN)
			recs[n].syscall_name = syscall_name(si.nr, names[n], sizeof(names[n]));
		n++;
	}
	return n;
}

/* Append the tids of group g: "tid 12" or "tids 12,13,14" (at most 8). */
static void put_tids(struct strbuf *out, const struct thread_group *g)
{
	size_t shown = g->count < 8 ? g->count : 8;

	sb_puts(out, g->count == 1 ? "tid " : "tids ");
	for (size_t i = 0; i < shown; i++)
		sb_printf(out, "%s%d", i ? "," : "", (int)g->tids[i]);
	if (g->count > shown)
		sb_printf(out, ",... (%zu more)", g->count - shown);
}

/* Append one thread group: what its threads do, their kernel and user stacks. */
static void put_group(struct strbuf *out, const struct stall_event *ev, const struct thread_group *g)
{
	const struct thread_rec *r = g->rep;
	const struct stall_thread *th = report_thread(ev, r->tid);
	const struct bt_thread *bt = report_bt_thread(ev, r->tid);

	sb_printf(out, "    %zu thread%s ", g->count, g->count == 1 ? "" : "s");
	put_state(out, r->state);
	sb_puts(out, " ");
	report_describe_syscall(out, r->syscall_desc);
	if (r->wchan && r->wchan[0] && strcmp(r->wchan, "0") != 0) {
		sb_puts(out, " in ");
		put_escaped(out, r->wchan);
	}
	sb_puts(out, ": ");
	put_tids(out, g);
	sb_puts(out, g->same_comm ? " comm=\"" : " comm=\"");
	put_escaped(out, r->comm);
	sb_puts(out, g->same_comm ? "\"\n" : "\" (and others)\n");
	if (th && th->stack && ev->verbose) {
		sb_puts(out, "      kernel: ");
		put_kernel_stack(out, th->stack);
		sb_putc(out, '\n');
	}
	if (bt && ev->verbose)
		bt_render_frames(bt, 6, 0, out);
	else if (bt)
		bt_render_around(bt, 6, out);
}

/* Append the threads of the worker, grouped by what they do. */
static int put_threads(struct strbuf *out, const struct stall_event *ev)
{
	size_t n = ev->diag.nthreads;
	struct thread_rec *recs = calloc(n ? n : 1, sizeof(*recs));
	struct strbuf *keys = calloc(n ? n : 1, sizeof(*keys));
	char (*names)[SYSCALL_NAME_MAX] = calloc(n ? n : 1, sizeof(*names));
	struct thread_groups g = { 0 };
	size_t nrec = 0;
	int r = -ENOMEM;

	if (recs && keys && names) {
		nrec = build_recs(ev, recs, keys, names);
		r = threadgroup_build(recs, nrec, MAX_GROUPS, &g);
	}
	if (r == 0) {
		sb_printf(out, "  threads: %zu", ev->diag.nthreads_total - ev->nhousekeeping);
		if (g.n > 1 || g.more_groups)
			sb_printf(out, " in %zu groups", g.n + g.more_groups);
		sb_putc(out, '\n');
		for (size_t i = 0; i < g.n; i++)
			put_group(out, ev, &g.groups[i]);
		if (g.more_groups)
			sb_printf(out, "    (%zu more group%s of %zu thread%s)\n", g.more_groups,
				  g.more_groups == 1 ? "" : "s", g.more_threads,
				  g.more_threads == 1 ? "" : "s");
		if (ev->diag.nthreads_total > ev->diag.nthreads)
			sb_printf(out, "    (%zu more threads not examined)\n",
				  ev->diag.nthreads_total - ev->diag.nthreads);
		threadgroup_free(&g);
	}
	for (size_t i = 0; keys && i < nrec; i++)
		sb_free(&keys[i]);
	free(recs);
	free(keys);
	free(names);
	return r;
}

/* Append the threads set aside as housekeeping (--stall-on=untimed). */
static void put_housekeeping(struct strbuf *out, const struct stall_event *ev)
{
	const char *sep = "";
	size_t shown = 0;

	if (ev->nhousekeeping == 0)
		return;
	sb_printf(out, "  housekeeping: %zu thread%s set aside (timed waits, under 1%% of a CPU):",
		  ev->nhousekeeping, ev->nhousekeeping == 1 ? "" : "s");
	for (size_t i = 0; i < ev->diag.nthreads && shown < 8; i++) {
		const struct stall_thread *th = &ev->diag.threads[i];

		if (!th->housekeeping)
			continue;
		sb_printf(out, "%s %d \"", sep, (int)th->tid);
		escape_human(out, th->comm, strnlen(th->comm, sizeof(th->comm)));
		sb_putc(out, '"');
		sep = ",";
		shown++;
	}
	if (ev->nhousekeeping > shown)
		sb_puts(out, ", ...");
	sb_putc(out, '\n');
}

/* Append the evidence on one line: the named task's counters over the window. */
static void put_evidence(struct strbuf *out, const struct stall_event *ev)
{
	unsigned n = ev->nwindow < STALL_WINDOW ? ev->nwindow : STALL_WINDOW;
	const struct sample *a = &ev->window[0], *b = &ev->window[n ? n - 1 : 0];

	if (n == 0)
		return;
	sb_printf(out, "  evidence: tid %d, %u samples over ", (int)ev->tid, n);
	report_duration(out, b->t_ns - a->t_ns);
	sb_printf(out, " (%s): runtime %s, switches %s", sample_source_name(ev->source),
		  a->runtime_ns == b->runtime_ns ? "flat" : "moved",
		  a->switches == b->switches ? "flat" : "moved");
	if (b->has_run_delay && a->has_run_delay && b->run_delay_ns > a->run_delay_ns) {
		sb_puts(out, ", waited for a CPU ");
		report_duration(out, b->run_delay_ns - a->run_delay_ns);
	}
	sb_putc(out, '\n');
}

/* Append the named task's cgroup v2 path, one line. */
static void put_cgroup(struct strbuf *out, const struct stall_event *ev)
{
	const struct diag_task *t = report_named_task(ev);
	const char *text = t ? t->f[DIAG_CGROUP].text : NULL, *v2;

	if (text == NULL)
		return;
	v2 = strncmp(text, "0::", 3) == 0 ? text : strstr(text, "\n0::");
	if (v2 == NULL)
		return;
	v2 += v2[0] == '\n' ? 4 : 3;
	sb_puts(out, "  cgroup: ");
	escape_human(out, v2, strcspn(v2, "\n"));
	sb_putc(out, '\n');
}

/* Append the host's load and CPU pressure, one line. */
static void put_host(struct strbuf *out, const struct stall_event *ev)
{
	const char *load = ev->diag.host[DIAG_LOADAVG].text, *psi = ev->diag.host[DIAG_PSI_CPU].text;
	size_t n;

	if (!load && !psi)
		return;
	sb_puts(out, "  host:");
	if (load) {
		const char *p = load;

		for (int k = 0; k < 3 && *p; k++) /* the three averages */
			p += strcspn(p, " ") + (p[strcspn(p, " ")] == ' ');
		n = (size_t)(p - load);
		sb_puts(out, " load ");
		escape_human(out, load, n && load[n - 1] == ' ' ? n - 1 : n);
	}
	if (psi && strncmp(psi, "some ", 5) == 0) {
		n = strcspn(psi + 5, " \n");
		sb_puts(out, load ? ", cpu pressure " : " cpu pressure ");
		escape_human(out, psi + 5, n);
	}
	sb_putc(out, '\n');
}

/* Append the pids that receive the policy's first signal. */
static void put_procs(struct strbuf *out, const struct stall_event *ev)
{
	if (ev->nprocs == 0)
		sb_puts(out, " (none)");
	for (size_t i = 0; i < ev->nprocs; i++)
		sb_printf(out, " %d", (int)ev->procs[i].pid);
}

/* Append the action line describing what the policy row does. */
static void put_action(struct strbuf *out, const struct stall_event *ev)
{
	const struct stall_action *a = ev->action;
	char sig[16];

	if (a == NULL) {
		sb_puts(out, "  action: none\n");
		return;
	}
	sb_printf(out, "  action: %s", a->name);
	if (a->first_signal == 0 && !a->kill_tree_now)
		sb_puts(out, " (no signal; the worker carries on)");
	if (a->first_signal != 0) {
		sb_printf(out, ": %s to", report_signal_label(a->first_signal, sig, sizeof(sig)));
		put_procs(out, ev);
	}
	if (a->cont_after)
		sb_puts(out, ", then SIGCONT");
	if (a->kill_tree_after)
		sb_puts(out, ", then SIGKILL to the worker's tree after --kill-after");
	if (a->kill_tree_now)
		sb_puts(out, ", SIGKILL to the worker's whole tree");
	sb_putc(out, '\n');
}

/* True when process p runs the program name (its comm, or its command
 * line's first word's last component, starts with name). */
static bool runs(const struct stall_proc *p, const char *name)
{
	const char *cmd = p->cmdline ? p->cmdline : "", *end = cmd + strcspn(cmd, " "), *base = cmd;
	size_t n = strlen(name);

	for (const char *c = cmd; c < end; c++)
		if (*c == '/')
			base = c + 1;
	return strncmp(p->comm, name, n) == 0 || ((size_t)(end - base) >= n && strncmp(base, name, n) == 0);
}

/* Append the first thing to look at for ev's class and the stuck process's
 * runtime (p, the leaf the report names first). */
static void put_next_step(struct strbuf *out, const struct stall_event *ev, pid_t pid,
			  const struct stall_proc *p)
{
	if (ev->cls == STALL_STARVED)
		sb_puts(out, "  next: it wants a CPU and gets none: look at the host's load and CPU"
			     " pressure above, its affinity (taskset -p) and its cgroup's cpu.max\n");
	else if (ev->cls == STALL_UNINTERRUPTIBLE)
		sb_printf(out, "  next: the kernel holds it (storage, NFS, a vfork child):"
			       " cat /proc/%d/stack as root\n", (int)pid);
	else if (ev->cls == STALL_STOPPED)
		sb_printf(out, "  next: something stopped it (a debugger, SIGSTOP or SIGTSTP):"
			       " kill -CONT %d resumes it\n", (int)pid);
	else if (p && runs(p, "java"))
		sb_printf(out, "  next: jstack %d (or kill -QUIT %d: a thread dump on its output)\n",
			  (int)pid, (int)pid);
	else if (p && runs(p, "python"))
		sb_printf(out, "  next: py-spy dump --pid %d, or run it with PYTHONFAULTHANDLER=1"
			       " under --on-stall=abort\n", (int)pid);
	else
		sb_printf(out, "  next: gdb -p %d -batch -ex 'thread apply all bt'\n", (int)pid);
}

/* Append what to do next: what to look at, and where an abort's core goes. */
static void put_next(struct strbuf *out, const struct stall_event *ev)
{
	const struct stall_proc *p = ev->nprocs ? &ev->procs[0] : NULL;
	pid_t pid = p ? p->pid : ev->pid;

	if (ev->action && (ev->action->kill_tree_now || ev->action->first_signal == SIGKILL))
		sb_puts(out, "  next: it is being killed; rerun with --on-stall=log to attach "
			     "a debugger, or --on-stall=abort for a core\n");
	else
		put_next_step(out, ev, pid, p);
	if (ev->core_hint) {
		sb_puts(out, "  core: ");
		put_escaped(out, ev->core_hint);
		sb_putc(out, '\n');
	}
}

/* --verbose: every stalled task's raw files and the whole window. */
static void put_verbose(struct strbuf *out, const struct stall_event *ev)
{
	unsigned n = ev->nwindow < STALL_WINDOW ? ev->nwindow : STALL_WINDOW;

	sb_printf(out, "  window of tid %d, oldest first:\n", (int)ev->tid);
	for (unsigned i = 0; i < n; i++) {
		const struct sample *s = &ev->window[i];

		sb_printf(out, "    t_ms=%" PRId64 " runtime_ns=%" PRIu64 " switches=%" PRIu64,
			  report_rel_ms(ev, s->t_ns), s->runtime_ns, s->switches);
		if (s->has_run_delay)
			sb_printf(out, " run_delay_ns=%" PRIu64, s->run_delay_ns);
		sb_putc(out, '\n');
	}
	for (size_t i = 0; i < ev->diag.ntasks; i++) {
		const struct diag_task *t = &ev->diag.tasks[i];

		sb_printf(out, "  task %d/%d:\n", (int)t->pid, (int)t->tid);
		for (unsigned k = 0; k < DIAG_TASK_FIELDS; k++)
			put_field(out, "    ", diag_task_field_name(k), &t->f[k]);
	}
	if (ev->diag.ntasks_total > ev->diag.ntasks)
		sb_printf(out, "  (%zu more stalled tasks without diagnostics)\n",
			  ev->diag.ntasks_total - ev->diag.ntasks);
	for (unsigned k = 0; k < DIAG_HOST_FIELDS; k++)
		put_field(out, "  ", diag_host_field_name(k), &ev->diag.host[k]);
}

/* Append the human report; 0 or -ENOMEM. */
int report_human(const struct stall_event *ev, struct strbuf *out)
{
	int r;

	put_headline(out, ev);
	put_stuck(out, ev);
	put_where(out, ev);
	r = put_threads(out, ev);
	if (r < 0)
		return r;
	put_housekeeping(out, ev);
	if (ev->cls >= STALL_HEARTBEAT)
		report_trigger_evidence(out, ev);
	else
		put_evidence(out, ev);
	report_trigger_said(out, ev);
	put_cgroup(out, ev);
	put_host(out, ev);
	if (ev->verbose)
		put_verbose(out, ev);
	put_action(out, ev);
	put_next(out, ev);
	return out->err;
}
