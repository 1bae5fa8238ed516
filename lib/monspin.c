/* monspin: the spinning trigger in the monitor (--spin-after); see
 * monitor-int.h and lib/spin.h. The decision is lib/spin.c's; here are the
 * reads it asks for, only for a task that ran all of its last tick: its
 * voluntary switches (status: always there, exact), its CPU ticks (stat)
 * and whether it is runnable now (syscall). */
#define _GNU_SOURCE
#include "monitor-int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "proc.h"

/* Read the facts of task id into *f; 0 or -errno (the task is gone or
 * unreadable: no span). */
static int read_facts(int dirfd, const struct task_id *id, struct spin_facts *f)
{
	struct status_info st;
	struct taskstat_info ts;
	char rel[64], text[2048];
	ssize_t n;
	int r;

	snprintf(rel, sizeof(rel), "%d/task/%d/status", (int)id->pid, (int)id->tid);
	n = proc_read(dirfd, rel, text, sizeof(text));
	if (n < 0)
		return (int)n;
	if ((r = status_parse(text, (size_t)n, &st)) < 0 || (r = mon_read_stat(dirfd, id, &ts)) < 0)
		return r;
	snprintf(rel, sizeof(rel), "%d/task/%d/syscall", (int)id->pid, (int)id->tid);
	n = proc_read(dirfd, rel, text, sizeof(text));
	f->voluntary = st.voluntary_ctxt_switches;
	f->utime = ts.utime;
	f->stime = ts.stime;
	f->running = n >= 7 && strncmp(text, "running", 7) == 0;
	return 0;
}

void mon_spin_step(struct monitor *m, struct mon_task *t, bool has_prev,
		   const struct sample *prev, const struct sample *s)
{
	struct spin_facts f;
	enum spin_step step;

	if (!has_prev) {
		spin_reset(&t->spin);
		return;
	}
	step = spin_observe(&t->spin, prev, s, m->cfg.spin_ns);
	if (step == SPIN_NONE)
		return;
	if (read_facts(m->cfg.proc_dirfd, &t->id, &f) < 0) {
		spin_reset(&t->spin);
		return;
	}
	if (step == SPIN_START)
		spin_start(&t->spin, s, &f);
	else if (step == SPIN_RESUME)
		spin_resume(&t->spin, s, &f);
	else if (spin_judge(&t->spin, s, &f, &t->spin_v))
		t->spin_now = true;
}

void mon_spin_rebase(struct monitor *m, struct mon_task *t)
{
	struct spin_facts f;

	if (t->spin.fired && read_facts(m->cfg.proc_dirfd, &t->id, &f) == 0)
		spin_rebase(&t->spin, &f);
}
