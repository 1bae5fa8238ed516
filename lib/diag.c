/* diag: diagnostics captured when a stall fires; see stall.h.
 *
 * Every field is read on its own through proc_read under the proc root dirfd
 * and degrades to "unreadable" with a strerror text, so one missing file never
 * hides the others. */
#include <config.h>

#include "stall.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backtrace.h"
#include "proc.h"

#define DIAG_READ_MAX (64 * 1024)  /* bytes read per file; longer files are cut */
#define DIAG_NEEDS_CAP "needs CAP_SYS_ADMIN"

/* File names under <pid>/task/<tid>/; they are also the report field names. */
static const char *const task_field_names[DIAG_TASK_FIELDS] = {
	[DIAG_WCHAN] = "wchan",
	[DIAG_SYSCALL] = "syscall",
	[DIAG_STATUS] = "status",
	[DIAG_STACK] = "stack",
	[DIAG_CGROUP] = "cgroup",
	[DIAG_STAT] = "stat",
	[DIAG_SCHED] = "sched",
};

static const char *const host_field_names[DIAG_HOST_FIELDS] = {
	[DIAG_LOADAVG] = "loadavg",
	[DIAG_PSI_CPU] = "psi_cpu",
	[DIAG_CORE_PATTERN] = "core_pattern",
};

/* Paths of the host fields relative to the proc root. */
static const char *const host_field_paths[DIAG_HOST_FIELDS] = {
	[DIAG_LOADAVG] = "loadavg",
	[DIAG_PSI_CPU] = "pressure/cpu",
	[DIAG_CORE_PATTERN] = "sys/kernel/core_pattern",
};

/* Report name of per-task field f ("unknown" when out of range). */
const char *diag_task_field_name(enum diag_task_field f)
{
	if ((unsigned)f >= DIAG_TASK_FIELDS)
		return "unknown";
	return task_field_names[f];
}

/* Report name of host field f ("unknown" when out of range). */
const char *diag_host_field_name(enum diag_host_field f)
{
	if ((unsigned)f >= DIAG_HOST_FIELDS)
		return "unknown";
	return host_field_names[f];
}

/* Set f to unreadable with reason; returns 0 or -ENOMEM. */
static int field_set_unreadable(struct diag_field *f, const char *reason)
{
	f->unreadable = strdup(reason);
	return f->unreadable ? 0 : -ENOMEM;
}

/* Set f's text to buf[0..len) minus one trailing newline; returns 0 or -ENOMEM. */
static int field_set_text(struct diag_field *f, const char *buf, size_t len)
{
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	f->text = malloc(len + 1);
	if (f->text == NULL)
		return -ENOMEM;
	memcpy(f->text, buf, len);
	f->text[len] = '\0';
	return 0;
}

/* Read relpath under dirfd into f using scratch buffer buf of size bytes;
 * a failed read becomes the reason text. Returns 0 or -ENOMEM. */
static int field_read(int dirfd, const char *relpath, char *buf, size_t size,
		      struct diag_field *f)
{
	ssize_t n = proc_read(dirfd, relpath, buf, size);
	char reason[128];

	if (n < 0)
		return field_set_unreadable(f, strerror_r((int)-n, reason, sizeof(reason)));
	return field_set_text(f, buf, (size_t)n);
}

/* Capture every per-task field of (pid, tid) into t. Returns 0 or -ENOMEM. */
static int capture_task(int dirfd, pid_t pid, pid_t tid, bool can_stack,
			char *buf, size_t size, struct diag_task *t)
{
	char path[96];
	int rc;

	t->pid = pid;
	t->tid = tid;
	for (unsigned i = 0; i < DIAG_TASK_FIELDS; i++) {
		if (i == DIAG_STACK && !can_stack) {
			rc = field_set_unreadable(&t->f[i], DIAG_NEEDS_CAP);
		} else {
			snprintf(path, sizeof(path), "%d/task/%d/%s", (int)pid, (int)tid,
				 task_field_names[i]);
			rc = field_read(dirfd, path, buf, size, &t->f[i]);
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Capture the host-wide fields into d. Returns 0 or -ENOMEM. */
static int capture_host(int dirfd, char *buf, size_t size, struct diag *d)
{
	for (unsigned i = 0; i < DIAG_HOST_FIELDS; i++) {
		int rc = field_read(dirfd, host_field_paths[i], buf, size, &d->host[i]);

		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Copy the caller's thread list into d, taking over the stack strings of
 * the copied entries (the caller's pointers are cleared). Returns 0 or
 * -ENOMEM. */
static int copy_threads(const struct stall_thread *threads, size_t nthreads, struct diag *d)
{
	if (nthreads == 0)
		return 0;
	d->threads = calloc(nthreads, sizeof(*d->threads));
	if (d->threads == NULL)
		return -ENOMEM;
	memcpy(d->threads, threads, nthreads * sizeof(*threads));
	for (size_t i = 0; i < nthreads; i++)
		((struct stall_thread *)threads)[i].stack = NULL;
	d->nthreads = nthreads;
	return 0;
}

/* Fill out (already zeroed) using scratch buffer buf. Returns 0 or -ENOMEM. */
static int capture_all(int dirfd, const pid_t *pids, const pid_t *tids, size_t n,
		       const struct stall_thread *threads, size_t nthreads,
		       bool can_stack, char *buf, struct diag *out)
{
	int rc;

	if (n > 0) {
		out->tasks = calloc(n, sizeof(*out->tasks));
		if (out->tasks == NULL)
			return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		out->ntasks = i + 1;
		rc = capture_task(dirfd, pids[i], tids[i], can_stack, buf,
				  DIAG_READ_MAX, &out->tasks[i]);
		if (rc < 0)
			return rc;
	}
	rc = copy_threads(threads, nthreads, out);
	if (rc < 0)
		return rc;
	return capture_host(dirfd, buf, DIAG_READ_MAX, out);
}

/* Capture every field of every stalled task, the threads and the host; 0 or -ENOMEM. */
int diag_capture(int dirfd, const pid_t *pids, const pid_t *tids, size_t n,
		 const struct stall_thread *threads, size_t nthreads, bool can_stack,
		 struct diag *out)
{
	char *buf;
	int rc;

	memset(out, 0, sizeof(*out));
	out->ntasks_total = n;
	out->nthreads_total = nthreads;
	buf = malloc(DIAG_READ_MAX);
	if (buf == NULL)
		return -ENOMEM;
	rc = capture_all(dirfd, pids, tids, n < DIAG_MAX_TASKS ? n : DIAG_MAX_TASKS, threads,
			 nthreads < DIAG_MAX_THREADS ? nthreads : DIAG_MAX_THREADS, can_stack, buf,
			 out);
	free(buf);
	if (rc < 0)
		diag_free(out);
	return rc;
}

/* Free one field's strings and clear it. */
static void field_free(struct diag_field *f)
{
	free(f->text);
	free(f->unreadable);
	f->text = NULL;
	f->unreadable = NULL;
}

/* Free what diag_capture allocated and zero d (safe twice). */
void diag_free(struct diag *d)
{
	for (size_t i = 0; i < d->ntasks; i++)
		for (unsigned k = 0; k < DIAG_TASK_FIELDS; k++)
			field_free(&d->tasks[i].f[k]);
	for (unsigned k = 0; k < DIAG_HOST_FIELDS; k++)
		field_free(&d->host[k]);
	for (size_t i = 0; i < d->nthreads; i++)
		free(d->threads[i].stack);
	free(d->tasks);
	free(d->threads);
	memset(d, 0, sizeof(*d));
}

/* Free ev's procs, diagnostics, backtraces and core hint (safe twice). */
void stall_event_free(struct stall_event *ev)
{
	for (size_t i = 0; i < ev->nprocs; i++)
		free(ev->procs[i].cmdline);
	free(ev->procs);
	ev->procs = NULL;
	ev->nprocs = 0;
	diag_free(&ev->diag);
	for (size_t i = 0; i < ev->nbt; i++)
		bt_process_free(ev->bt[i]);
	free(ev->bt);
	ev->bt = NULL;
	ev->nbt = 0;
	free(ev->core_hint);
	ev->core_hint = NULL;
	stall_trigger_free(&ev->trig);
	stall_notify_free(&ev->notify);
	stall_lines_free(ev->lines, ev->nlines);
	ev->lines = NULL;
	ev->nlines = 0;
}
