/* stallreport: backtraces, report, dump signal and policy of each stall;
 * see stallreport.h. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ci.h"
#include "clock.h"
#include "cores.h"
#include "msg.h"
#include "report.h"
#include "stallreport.h"
#include "stallwatch.h"

#define BT_GRACE_NS 250000000ULL  /* past the unwinder's deadline, before giving up */
#define MAX_REQUESTS 16           /* processes unwound per stall */
#define PC_APART_NS 50000000ULL   /* spinning: the second pc sample after the first */

/* Where a pending report is on its way. */
enum phase {
	PHASE_FREE,       /* the slot is unused */
	PHASE_UNWINDING,  /* waiting for backtraces (or the second pc sample) */
	PHASE_PC_WAIT,    /* spinning: waiting to take the second pc sample */
	PHASE_DUMPING,    /* reported; the runtime writes its dump */
};

/* One stall on its way to its report and its policy. */
struct pending {
	enum phase phase;
	struct stall_event ev;
	uint32_t ids[MAX_REQUESTS]; /* backtrace requests still out (0: answered) */
	size_t nids, left;
	uint64_t due;               /* when this phase ends at the latest (its timer) */
	bool second;                /* the request out is the second pc sample */
	uint64_t pc_at;             /* when the first pc sample arrived */
};

struct stallreport {
	struct pending *p;
	size_t n, cap;
	struct strbuf text;
};

/* sv's pending reports, made on first use; NULL when out of memory. */
static struct stallreport *state(struct supervisor *sv)
{
	if (sv->reports == NULL)
		sv->reports = calloc(1, sizeof(struct stallreport));
	return sv->reports;
}

/* A free slot of sr (grown when full); its index in *id. NULL: no memory. */
static struct pending *new_slot(struct stallreport *sr, uint32_t *id)
{
	size_t i;

	for (i = 0; i < sr->n && sr->p[i].phase != PHASE_FREE; i++)
		;
	if (i == sr->n) {
		if (sr->n == sr->cap) {
			size_t ncap = sr->cap ? 2 * sr->cap : 8;
			struct pending *p = realloc(sr->p, ncap * sizeof(*p));

			if (p == NULL)
				return NULL;
			sr->p = p;
			sr->cap = ncap;
		}
		sr->n++;
	}
	memset(&sr->p[i], 0, sizeof(sr->p[i]));
	*id = (uint32_t)i;
	return &sr->p[i];
}


/* Record one action step in the --report file. */
static void action_line(struct supervisor *sv, struct stallreport *sr, struct action_step *st)
{
	st->realtime_ns = clock_real();
	sb_reset(&sr->text);
	if (report_action_json(st, &sr->text) == 0)
		supervisor_report_line(sv, sr->text.buf, sr->text.len);
}

/* Send sig to every process of ev that holds a stalled task, each checked
 * to be the process the monitor saw (same start time); first error or 0. */
static int signal_procs(struct supervisor *sv, struct worker *w, const struct stall_event *ev,
			int sig)
{
	int first = 0, r;

	for (size_t i = 0; i < ev->nprocs; i++) {
		r = supervisor_signal_tgid(sv, w, ev->procs[i].pid, ev->procs[i].start, sig);
		if (r < 0 && first == 0)
			first = r;
	}
	return first;
}

/* Send sig to ev's processes and record it as a step of action name. */
static void signal_step(struct supervisor *sv, struct stallreport *sr, const struct stall_event *ev,
			const char *name, int sig)
{
	struct worker *w = &sv->workers[ev->worker];
	pid_t *pids = malloc((ev->nprocs ? ev->nprocs : 1) * sizeof(*pids));
	struct action_step st = { .worker = ev->worker, .action = name, .signal = sig,
				  .pids = pids, .npids = pids ? ev->nprocs : 0 };

	for (size_t i = 0; pids && i < ev->nprocs; i++)
		pids[i] = ev->procs[i].pid;
	st.err = signal_procs(sv, w, ev, sig);
	action_line(sv, sr, &st);
	free(pids);
}

/* Carry out ev's action (a row of the policy table) on its worker, unless
 * the worker ended by itself meanwhile. */
static void act(struct supervisor *sv, struct stallreport *sr, const struct stall_event *ev)
{
	const struct stall_action *a = ev->action;
	struct worker *w = &sv->workers[ev->worker];
	struct action_step st = { .worker = ev->worker, .action = a->name };

	if (w->exited)
		return;
	if (a->kill_tree_now) {
		st.signal = SIGKILL;
		st.tree = true;
		st.err = supervisor_kill_tree(sv, w);
		action_line(sv, sr, &st);
	} else if (a->first_signal) {
		if (a->first_signal == SIGABRT)
			cores_remember(sv, w);
		signal_step(sv, sr, ev, a->name, a->first_signal);
		if (a->cont_after)
			signal_step(sv, sr, ev, a->name, SIGCONT);
	}
	if (a->kill_tree_after) {
		w->stall_action = a->name;
		supervisor_abort_kill_after(sv, w, options_abort_kill_after(sv->opt));
	}
	if (a->counts_as_failure || sv->opt->fail_on_stall) {
		sv->stall_acted = true;
		w->stall_failed = true;
	}
}

/* End slot p: release its hold on its worker's sampling, then carry out its
 * action, so that what the worker does in answer to the action's signal (a
 * caught SIGABRT's handler) is progress and a stall after it is a new one;
 * then free the slot. Without a signal the worker settles first (the
 * threads our ptrace stops woke go back into their waits: not progress). */
static void act_release(struct supervisor *sv, struct stallreport *sr, struct pending *p)
{
	const struct stall_action *a = p->ev.action;

	stallwatch_release(sv, p->ev.worker,
			   !a || (!a->first_signal && !a->kill_tree_now));
	act(sv, sr, &p->ev);
	stall_event_free(&p->ev);
	p->phase = PHASE_FREE;
}

/* Write ev's reports: the human one on standard error, the JSON line in
 * the --report file; each whole or lost whole (sink.h). */
static void write_report(struct supervisor *sv, struct stallreport *sr, struct stall_event *ev)
{
	if (ev->action && ev->action->first_signal == SIGABRT && ev->nprocs > 0)
		ev->core_hint = cores_hint(ev->procs[0].pid);
	ev->verbose = sv->opt->verbose;
	sb_reset(&sr->text);
	if (report_human(ev, &sr->text) == 0) {
		msg_put(sr->text.buf, sr->text.len);
		ci_record_stall(sv, ev->worker, NULL, stall_class_name(ev->cls), ev->action->name,
				sb_str(&sr->text), sr->text.len);
	}
	sb_reset(&sr->text);
	if (report_json(ev, &sr->text) == 0)
		supervisor_report_line(sv, sr->text.buf, sr->text.len);
}

/* The report of slot p (id) is complete: write it; then the dump signal
 * and its wait, or the policy at once. */
static void reported(struct supervisor *sv, struct stallreport *sr, struct pending *p, uint32_t id)
{
	const struct stall_action *a = p->ev.action;
	bool dump = sv->opt->dump_signal && a && (a->first_signal || a->kill_tree_now);

	write_report(sv, sr, &p->ev);
	if (!dump || sv->workers[p->ev.worker].exited) {
		act_release(sv, sr, p);
		return;
	}
	signal_step(sv, sr, &p->ev, "dump", sv->opt->dump_signal);
	p->phase = PHASE_DUMPING;
	p->due = dur_add_sat(clock_now(), sv->opt->dump_wait_ns);
	if (timers_at(&sv->timers, p->due, TIMER_REPORT, id) < 0 || p->due == DURATION_NEVER) {
		act_release(sv, sr, p);
	}
}

/* Add answer bt to ev (taken over), or free it when out of memory. */
static void add_bt(struct stall_event *ev, struct bt_process *bt)
{
	struct bt_process **p = realloc(ev->bt, (ev->nbt + 1) * sizeof(*p));

	if (p == NULL) {
		bt_process_free(bt);
		return;
	}
	ev->bt = p;
	ev->bt[ev->nbt++] = bt;
}

/* Why stall reports of this run have no backtraces, or NULL when they do. */
static const char *no_backtrace(const struct supervisor *sv)
{
	if (sv->opt->backtrace == BACKTRACE_NONE)
		return "--no-backtrace";
#ifndef HAVE_LIBDW
	return "backtraces are unavailable in this build (--without-libdw)";
#else
	if (sv->unwinder == NULL)
		return "the backtrace helper is not running";
	return NULL;
#endif
}

/* The processes of ev to unwind: the stalled ones, or with --backtrace=all
 * every process among the worker's listed threads. Fills pids (at most
 * MAX_REQUESTS); returns how many. */
static size_t targets(const struct supervisor *sv, const struct stall_event *ev, pid_t *pids)
{
	size_t n = 0;

	for (size_t i = 0; i < ev->nprocs && n < MAX_REQUESTS; i++)
		pids[n++] = ev->procs[i].pid;
	for (size_t i = 0; sv->opt->backtrace == BACKTRACE_ALL && i < ev->diag.nthreads &&
			   n < MAX_REQUESTS; i++) {
		pid_t pid = ev->diag.threads[i].pid;
		size_t k;

		for (k = 0; k < n && pids[k] != pid; k++)
			;
		if (k == n)
			pids[n++] = pid;
	}
	return n;
}

/* Ask the helper for p's backtraces; returns how many requests went out
 * (0: none could, ev->bt_unavailable says why). */
static size_t request(struct supervisor *sv, struct pending *p)
{
	uint64_t deadline = dur_add_sat(clock_now(), sv->opt->backtrace_timeout_ns);
	pid_t pids[MAX_REQUESTS];
	size_t n = targets(sv, &p->ev, pids);
	int r = 0;

	for (size_t i = 0; i < n; i++) {
		r = unwinder_request(sv->unwinder, pids[i], NULL, 0, deadline, 0, &p->ids[p->nids]);
		if (r < 0)
			break;
		p->nids++;
	}
	if (p->nids == 0)
		p->ev.bt_unavailable = r == -EBUSY ? "too many backtraces in progress"
				       : "the backtrace helper did not take the request";
	p->left = p->nids;
	p->due = dur_add_sat(deadline, BT_GRACE_NS);
	return p->nids;
}

int stallreport_begin(struct supervisor *sv, struct stall_event *ev)
{
	struct stallreport *sr = state(sv);
	struct pending *p;
	uint32_t id;

	if (sr == NULL || (p = new_slot(sr, &id)) == NULL) {
		stall_event_free(ev);
		return -ENOMEM;
	}
	p->ev = *ev;
	memset(ev, 0, sizeof(*ev));
	p->phase = PHASE_UNWINDING;
	stallwatch_hold(sv, p->ev.worker); /* unwinding and signals are not progress */
	p->ev.bt_unavailable = no_backtrace(sv);
	if (p->ev.bt_unavailable == NULL && request(sv, p) > 0 &&
	    timers_at(&sv->timers, p->due, TIMER_REPORT, id) == 0)
		return 0;
	reported(sv, sr, p, id);
	return 0;
}

/* Record in ev the innermost frame of its spinning thread in answer bt as
 * pc sample i (0 or 1); nothing when bt does not hold that thread. */
static void take_pc(struct stall_event *ev, const struct bt_process *bt, unsigned i)
{
	struct stall_trigger *t = &ev->trig;
	const struct bt_frame *f;

	for (unsigned k = 0; k < bt->nthreads; k++) {
		if (bt->threads[k].tid != ev->tid)
			continue;
		if (bt->threads[k].nframes == 0) {
			t->pc_unreadable = "the spinning thread has no backtrace";
			return;
		}
		f = &bt->threads[k].frames[0];
		if (stall_pc_set(&t->pc[i], f->pc, f->symbol, f->module, f->file, f->line) < 0) {
			t->pc_unreadable = "out of memory";
			return;
		}
		t->pc[i].offset = f->offset;
		t->npc = i + 1;
		return;
	}
}

/* Take answer bt for p: a backtrace of the report (its spinning thread's
 * innermost frame is the first pc sample), or the second pc sample. */
static void take_answer(struct pending *p, struct bt_process *bt)
{
	struct stall_trigger *t = &p->ev.trig;

	if (p->second) {
		take_pc(&p->ev, bt, 1);
		if (t->npc == 2)
			t->pc_gap_ns = clock_now() - p->pc_at;
		else if (t->pc_unreadable == NULL)
			t->pc_unreadable = "the second sample missed the spinning thread";
		bt_process_free(bt);
		return;
	}
	if (p->ev.cls == STALL_SPINNING && p->ev.trig.npc == 0 && bt->pid == p->ev.pid) {
		take_pc(&p->ev, bt, 0);
		p->pc_at = clock_now();
	}
	add_bt(&p->ev, bt);
}

/* Every request of p is answered: for a spinning event with a first pc
 * sample, wait PC_APART_NS after it (a timer) for the second; else report. */
static void answered(struct supervisor *sv, struct stallreport *sr, struct pending *p,
		     uint32_t id)
{
	if (p->second || p->ev.cls != STALL_SPINNING || p->ev.trig.npc != 1) {
		if (p->ev.cls == STALL_SPINNING && p->ev.trig.npc == 0 &&
		    p->ev.trig.pc_unreadable == NULL)
			p->ev.trig.pc_unreadable = "no backtrace of the spinning thread";
		reported(sv, sr, p, id);
		return;
	}
	p->phase = PHASE_PC_WAIT;
	p->due = dur_add_sat(p->pc_at, PC_APART_NS);
	if (timers_at(&sv->timers, p->due, TIMER_REPORT, id) < 0) {
		p->ev.trig.pc_unreadable = "no timer for the second sample";
		reported(sv, sr, p, id);
	}
}

/* Ask for the second pc sample of p's spinning thread, or report without
 * it. */
static void request_second(struct supervisor *sv, struct stallreport *sr, struct pending *p,
			   uint32_t id)
{
	uint64_t deadline = dur_add_sat(clock_now(), sv->opt->backtrace_timeout_ns);

	p->phase = PHASE_UNWINDING;
	p->second = true;
	p->nids = p->left = 0;
	if (sv->unwinder && unwinder_request(sv->unwinder, p->ev.pid, &p->ev.tid, 1, deadline, 0,
					     &p->ids[0]) == 0) {
		p->nids = p->left = 1;
		p->due = dur_add_sat(deadline, BT_GRACE_NS);
		if (timers_at(&sv->timers, p->due, TIMER_REPORT, id) == 0)
			return;
		unwinder_cancel(sv->unwinder, p->ids[0], NULL);
	}
	p->ev.trig.pc_unreadable = "the backtrace helper did not take the second sample";
	reported(sv, sr, p, id);
}

/* The pending report waiting for request id, or NULL; its slot in *slot. */
static struct pending *find_request(struct stallreport *sr, uint32_t req, size_t *k)
{
	for (size_t i = 0; i < sr->n; i++) {
		struct pending *p = &sr->p[i];

		for (size_t j = 0; p->phase == PHASE_UNWINDING && j < p->nids; j++) {
			if (p->ids[j] == req) {
				*k = j;
				return p;
			}
		}
	}
	return NULL;
}

void stallreport_backtraces(struct supervisor *sv)
{
	struct stallreport *sr = sv->reports;
	struct bt_process *bt;
	struct pending *p;
	size_t k;

	while (sv->unwinder && unwinder_on_readable(sv->unwinder, &bt) == 1) {
		p = sr ? find_request(sr, bt->id, &k) : NULL;
		if (p == NULL) {
			bt_process_free(bt);
			continue;
		}
		p->ids[k] = 0;
		take_answer(p, bt);
		if (--p->left == 0)
			answered(sv, sr, p, (uint32_t)(p - sr->p));
	}
}

/* The backtraces of p did not all come in time: take what arrived. */
static void give_up_unwinding(struct supervisor *sv, struct pending *p)
{
	struct bt_process *partial;

	for (size_t k = 0; k < p->nids; k++) {
		if (p->ids[k] == 0)
			continue;
		partial = NULL;
		if (sv->unwinder && unwinder_cancel(sv->unwinder, p->ids[k], &partial) == 0 &&
		    partial)
			take_answer(p, partial);
		p->ids[k] = 0;
	}
	p->left = 0;
}

void stallreport_timer(struct supervisor *sv, uint32_t id, uint64_t when)
{
	struct stallreport *sr = sv->reports;
	struct pending *p = sr && id < sr->n ? &sr->p[id] : NULL;

	if (p == NULL || p->phase == PHASE_FREE || p->due != when)
		return; /* stale */
	if (p->phase == PHASE_UNWINDING) {
		give_up_unwinding(sv, p);
		answered(sv, sr, p, id);
		return;
	}
	if (p->phase == PHASE_PC_WAIT) {
		request_second(sv, sr, p, id);
		return;
	}
	act_release(sv, sr, p);
}

void stallreport_tree_killed(struct supervisor *sv, struct worker *w, int r)
{
	struct stallreport *sr = state(sv);
	struct action_step st = { .worker = w->index, .action = w->stall_action,
				  .signal = SIGKILL, .tree = true, .err = r };

	if (sr)
		action_line(sv, sr, &st);
}

bool stallreport_pending(const struct supervisor *sv)
{
	const struct stallreport *sr = sv->reports;

	for (size_t i = 0; sr && i < sr->n; i++)
		if (sr->p[i].phase != PHASE_FREE)
			return true;
	return false;
}

void stallreport_free(struct supervisor *sv)
{
	struct stallreport *sr = sv->reports;

	if (sr == NULL)
		return;
	for (size_t i = 0; i < sr->n; i++)
		if (sr->p[i].phase != PHASE_FREE) {
			stallwatch_release(sv, sr->p[i].ev.worker, false);
			stall_event_free(&sr->p[i].ev);
		}
	free(sr->p);
	sb_free(&sr->text);
	free(sr);
	sv->reports = NULL;
}
