/* unwind: stacks of live threads with elfutils libdw; see unwind.h.
 *
 * libdw does not stop the threads here: dwfl_linux_proc_attach is told
 * they are already ptrace-stopped (assume_ptrace_stopped), and lib/ptstop.c
 * does the stopping with PTRACE_SEIZE + PTRACE_INTERRUPT, where libdw's own
 * attach uses PTRACE_ATTACH and its SIGSTOP (see ptstop.h for why not). */
#include "unwind.h"

#include <elfutils/libdwfl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptstop.h"

/* Threads walked are answered (symbols looked up, fn called) at the end,
 * or earlier when no thread stopped for this long: then the rest are
 * slow to stop (uninterruptible sleep), and the time is better used. */
#define IDLE_NS 20000000ull

/* One thread's raw walk: pcs, and whether each is the exact pc (the
 * innermost frame, or a signal frame) rather than a return address. */
struct walk {
	uint64_t pc[BT_MAX_FRAMES];
	bool exact[BT_MAX_FRAMES];
	unsigned n, total;
	bool done;     /* walked (frames, or err) */
	bool answered; /* already answered (not in the process) */
	int err;       /* dwfl_errno() of a walk without a single frame, or 0 */
};

/* A looked-up pc (strings owned by libdw). */
struct sym_entry {
	uint64_t key; /* pc, with SYM_EXACT when it is not a return address */
	bool used;
	struct bt_frame f;
};
#define SYM_CACHE  4096 /* entries, a power of two */
#define SYM_PROBES 16	/* linear probes before giving up on caching */
#define SYM_EXACT  (1ull << 63)

/* The state of one unwind_process call. */
struct uw {
	pid_t pid;
	const struct unwind_opts *o;
	unwind_thread_fn fn;
	void *arg;
	Dwfl *dwfl;
	struct bt_thread *th;	   /* per tid: tid, comm, state */
	struct ptstop_task *tasks; /* per tid */
	struct ptstop ps;
	struct walk *walks;	 /* per tid */
	struct sym_entry *cache; /* SYM_CACHE entries */
	struct bt_frame frames[BT_MAX_FRAMES];
	char reason[BT_STR_MAX + 1];
	struct unwind_stats st;
	uint64_t seized_at;
};

static const Dwfl_Callbacks proc_callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
};

bool unwind_available(void)
{
	return true;
}

/* Turn the -errno of a failed seize (or module report) into a reason in
 * u->reason, and return it. */
static const char *seize_reason(struct uw *u, pid_t tid, int err)
{
	if (err == -EPERM || err == -EACCES)
		ptstop_denied_reason(u->o->proc_fd, u->pid, tid, getpid(), geteuid(), u->reason,
				     sizeof(u->reason));
	else if (err == -ESRCH || err == -ENOENT)
		snprintf(u->reason, sizeof(u->reason), "no such task");
	else
		snprintf(u->reason, sizeof(u->reason), "%s", strerror(-err));
	return u->reason;
}

/* Answer thread i with a reason and no frames. */
static int answer_reason(struct uw *u, size_t i, const char *reason)
{
	struct bt_thread t = u->th[i];

	t.reason = reason;
	t.nframes = t.frames_total = 0;
	t.frames = NULL;
	return u->fn(i, &t, u->arg);
}

/* dwfl_getthread_frames callback: record one pc. */
static int frame_cb(Dwfl_Frame *state, void *arg)
{
	struct walk *w = arg;
	Dwarf_Addr pc;
	bool activation;

	if (!dwfl_frame_pc(state, &pc, &activation))
		return DWARF_CB_ABORT;
	if (w->n < BT_MAX_FRAMES) {
		w->pc[w->n] = pc;
		w->exact[w->n] = activation;
		w->n++;
	}
	return ++w->total >= BT_COUNT_MAX ? DWARF_CB_ABORT : DWARF_CB_OK;
}

/* Walk tid's frames into w (a walk that ends in an error after some
 * frames keeps them: the outermost frames are often past the unwind info). */
static void walk_thread(struct uw *u, pid_t tid, struct walk *w)
{
	if (dwfl_getthread_frames(u->dwfl, tid, frame_cb, w) < 0 && w->n == 0)
		w->err = dwfl_errno();
	w->done = true;
}

/* The file:line of at in mod, or NULL. dwfl_module_getsrc finds the
 * compilation unit through .debug_aranges, which clang does not emit by
 * default and libdw 0.188 requires; without it, look through the units. */
static const char *source_line(Dwfl_Module *mod, Dwarf_Addr at, int *lineno)
{
	Dwfl_Line *dl = dwfl_module_getsrc(mod, at);
	Dwarf_Die *cu = NULL;
	Dwarf_Addr bias;
	Dwarf_Line *l;

	if (dl != NULL)
		return dwfl_lineinfo(dl, NULL, lineno, NULL, NULL, NULL);
	while ((cu = dwfl_module_nextcu(mod, cu, &bias)) != NULL) {
		if (dwarf_haspc(cu, at - bias) != 1)
			continue;
		l = dwarf_getsrc_die(cu, at - bias);
		return l != NULL && dwarf_lineno(l, lineno) == 0 ? dwarf_linesrc(l, NULL, NULL)
								 : NULL;
	}
	return NULL;
}

/* Look up module, symbol and file:line of pc into f. A return address is
 * looked up at pc - 1, inside the call. File:line is looked up only in the
 * program's own modules: the runtime's (libc, the loader, ...) would load
 * their whole debug info when it is installed, for lines nobody reads. */
static void lookup(struct uw *u, uint64_t pc, bool exact, struct bt_frame *f)
{
	Dwarf_Addr at = exact || pc == 0 ? pc : pc - 1;
	Dwfl_Module *mod = dwfl_addrmodule(u->dwfl, at);
	GElf_Off off;
	GElf_Sym sym;
	int lineno = 0;

	memset(f, 0, sizeof(*f));
	f->pc = pc;
	if (mod == NULL)
		return;
	f->module = dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
	f->symbol = dwfl_module_addrinfo(mod, at, &off, &sym, NULL, NULL, NULL);
	f->offset = f->symbol != NULL ? off + (pc - at) : 0;
	if (u->o->no_source || bt_module_is_runtime(f->module))
		return;
	f->file = source_line(mod, at, &lineno);
	f->line = f->file != NULL && lineno > 0 ? (unsigned)lineno : 0;
}

/* lookup() through a cache: threads with the same stack share its pcs,
 * and libdw's symbol lookup is a scan of the module's symbol table. */
static void symbolize(struct uw *u, uint64_t pc, bool exact, struct bt_frame *f)
{
	uint64_t key = pc ^ (exact ? SYM_EXACT : 0);
	size_t h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 52) & (SYM_CACHE - 1), k;
	struct sym_entry *e;

	for (k = 0; k < SYM_PROBES; k++) {
		e = &u->cache[(h + k) & (SYM_CACHE - 1)];
		if (e->used && e->key == key) {
			*f = e->f;
			return;
		}
		if (!e->used)
			break;
	}
	lookup(u, pc, exact, f);
	if (k < SYM_PROBES) {
		e->used = true;
		e->key = key;
		e->f = *f;
	}
}

/* Answer thread i from its walk: symbols are looked up now, with every
 * thread already running again. */
static int answer_walk(struct uw *u, size_t i)
{
	const struct walk *w = &u->walks[i];
	struct bt_thread t = u->th[i];
	uint64_t t0 = ptstop_now();
	unsigned k;

	if (w->err != 0)
		return answer_reason(u, i, dwfl_errmsg(w->err));
	for (k = 0; k < w->n; k++)
		symbolize(u, w->pc[k], k == 0 || w->exact[k], &u->frames[k]);
	u->st.symbol_ns += ptstop_now() - t0;
	t.reason = NULL;
	t.nframes = w->n;
	t.frames_total = w->total;
	t.frames = u->frames;
	return u->fn(i, &t, u->arg);
}

/* Task i stopped (or ended): walk it and let it go at once. */
static void on_stopped(struct uw *u, size_t i)
{
	uint64_t t0 = ptstop_now();

	if (u->tasks[i].state != PTSTOP_STOPPED)
		return; /* it exited: answered with the rest */
	walk_thread(u, u->tasks[i].tid, &u->walks[i]);
	ptstop_release(&u->ps, i);
	u->st.walk_ns += ptstop_now() - t0;
	if (ptstop_now() - u->seized_at > u->st.held_max_ns)
		u->st.held_max_ns = ptstop_now() - u->seized_at;
}

/* Report pid's modules and attach libdw's thread state (nothing is stopped
 * by this). Returns 0, or -errno / -EIO with the reason in u->reason. */
static int dwfl_setup(struct uw *u)
{
	int r;

	u->dwfl = dwfl_begin(&proc_callbacks);
	if (u->dwfl == NULL)
		return -ENOMEM;
	r = dwfl_linux_proc_report(u->dwfl, u->pid);
	if (dwfl_report_end(u->dwfl, NULL, NULL) != 0 && r == 0)
		r = -1;
	if (r > 0) {
		seize_reason(u, u->pid, -r);
		return -r;
	}
	if (r == 0 && dwfl_linux_proc_attach(u->dwfl, u->pid, true) == 0)
		return 0;
	snprintf(u->reason, sizeof(u->reason), "%s", dwfl_errmsg(-1));
	return -EIO;
}

/* Read every thread's comm and state; answer those that are not in pid
 * at once, and mark them so they are neither seized nor answered again.
 * Returns 0 or fn's error. */
static int read_infos(struct uw *u, size_t n)
{
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		if (bt_thread_read_info(u->o->proc_fd, u->pid, &u->th[i]) == 0)
			continue;
		u->tasks[i].state = PTSTOP_DONE;
		u->walks[i].answered = true;
		r = answer_reason(u, i, "no such task");
		if (r < 0)
			return r;
	}
	return 0;
}

/* Answer the threads walked so far that are not answered yet (while
 * waiting for others to stop). Returns 0 or fn's error. */
static int answer_walked(struct uw *u, size_t n)
{
	size_t i;
	int r = 0;

	for (i = 0; i < n && r == 0; i++)
		if (u->walks[i].done && !u->walks[i].answered) {
			u->walks[i].answered = true;
			r = answer_walk(u, i);
		}
	return r;
}

/* Answer every task not answered yet: from its walk, or with its own
 * seize error, its exit, or reason. Returns 0 or fn's error. */
static int answer_rest(struct uw *u, size_t n, const char *reason)
{
	struct ptstop_task *t;
	size_t i;
	int r;

	for (i = 0, r = 0; i < n && r == 0; i++) {
		t = &u->tasks[i];
		if (u->walks[i].answered)
			continue;
		if (u->walks[i].done)
			r = answer_walk(u, i);
		else if (t->err == -ESRCH && t->state == PTSTOP_DONE)
			r = answer_reason(u, i, "task exited");
		else if (t->err < 0)
			r = answer_reason(u, i, seize_reason(u, t->tid, t->err));
		else
			r = answer_reason(u, i, reason);
	}
	return r;
}

/* Stop the threads, walking and releasing each as it stops, until all
 * are done or the attach deadline passes; then answer every thread. */
static int stop_and_walk(struct uw *u, size_t n)
{
	uint64_t t0 = ptstop_now(), waited = 0, w0;
	ssize_t i;
	int r = ptstop_begin(&u->ps, u->tasks, n);

	if (r < 0) {
		ptstop_end(&u->ps);
		return r;
	}
	u->ps.proc_fd = u->o->proc_fd; /* a stopped target is left stopped, seen so */
	u->seized_at = t0;
	ptstop_seize_all(&u->ps);
	while (r == 0) {
		w0 = ptstop_now();
		i = ptstop_next(&u->ps, w0 + IDLE_NS < u->o->attach_deadline_ns
						? w0 + IDLE_NS
						: u->o->attach_deadline_ns);
		waited += ptstop_now() - w0;
		if (i >= 0)
			on_stopped(u, (size_t)i);
		else if (i == -ETIMEDOUT && ptstop_now() < u->o->attach_deadline_ns)
			r = answer_walked(u, n); /* a task is slow to stop: use the time */
		else
			break;
	}
	ptstop_end(&u->ps);
	u->st.stop_ns += waited;
	return r < 0 ? r : answer_rest(u, n, BT_REASON_TIMEOUT);
}

/* Free what an unwind allocated. */
static void uw_free(struct uw *u)
{
	if (u->dwfl != NULL)
		dwfl_end(u->dwfl);
	free(u->th);
	free(u->tasks);
	free(u->walks);
	free(u->cache);
	free(u);
}

int unwind_process(pid_t pid, const pid_t *tids, size_t n, const struct unwind_opts *o,
		   unwind_thread_fn fn, void *arg, struct unwind_stats *stats)
{
	struct uw *u;
	uint64_t t0 = ptstop_now();
	size_t i;
	int r;

	if (pid <= 0 || n > BT_MAX_THREADS)
		return -EINVAL;
	u = calloc(1, sizeof(*u));
	if (u == NULL)
		return -ENOMEM;
	u->th = calloc(n + 1, sizeof(*u->th));
	u->tasks = calloc(n + 1, sizeof(*u->tasks));
	u->walks = calloc(n + 1, sizeof(*u->walks));
	u->cache = calloc(SYM_CACHE, sizeof(*u->cache));
	if (u->th == NULL || u->tasks == NULL || u->walks == NULL || u->cache == NULL) {
		uw_free(u);
		return -ENOMEM;
	}
	u->pid = pid;
	u->o = o;
	u->fn = fn;
	u->arg = arg;
	for (i = 0; i < n; i++) {
		u->th[i].tid = u->tasks[i].tid = tids[i];
		u->th[i].state = '?';
	}
	r = read_infos(u, n);
	if (r == 0 && dwfl_setup(u) < 0)
		r = answer_rest(u, n, u->reason);
	else if (r == 0) {
		u->st.setup_ns = ptstop_now() - t0;
		r = stop_and_walk(u, n);
	}
	if (stats != NULL)
		*stats = u->st;
	uw_free(u);
	return r;
}
