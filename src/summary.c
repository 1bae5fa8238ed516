/* summary: the table at exit and the JSON lines of --report. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "cores.h"
#include "json.h"
#include "msg.h"
#include "notify.h"
#include "signame.h"
#include "stall.h"
#include "stallwatch.h"
#include "supervisor.h"

/* Return a timeval in ms. */
static uint64_t tv_ms(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000 + (uint64_t)tv->tv_usec / 1000;
}

/* Return w's CPU time (user + system) in ms. */
static uint64_t cpu_ms(const struct worker *w)
{
	return tv_ms(&w->ru.ru_utime) + tv_ms(&w->ru.ru_stime);
}

/* Return w's wall time in ms (up to now if it has not exited). */
static uint64_t wall_ms(const struct worker *w)
{
	uint64_t end = w->exited ? w->end_ns : clock_now();

	return (end - w->start_ns) / 1000000;
}

/* Return the context switches of w. */
static uint64_t ctxt(const struct worker *w)
{
	return (uint64_t)w->ru.ru_nvcsw + (uint64_t)w->ru.ru_nivcsw;
}

/* Start a report line: {"event":name,"time":"..." */
static void begin_event(struct json *j, const char *name)
{
	struct timespec ts;
	char when[40];

	clock_gettime(CLOCK_REALTIME, &ts);
	report_time((int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec, when, sizeof(when));
	json_object_begin(j);
	json_kv_string(j, "event", name);
	json_kv_string(j, "time", when);
}

/* Finish the line and write it to the report file. */
static void end_event(struct supervisor *sv, struct json *j, struct strbuf *sb)
{
	json_object_end(j);
	sb_putc(sb, '\n');
	if (sb->err == 0 && json_finish(j) == 0)
		supervisor_report_line(sv, sb->buf, sb->len);
	sb_free(sb);
}

/* Add "slurm":{...} with those of SLURM_JOB_ID, SLURM_PROCID and SLURM_NODEID
 * that are set, as strings ("job_id", "procid", "nodeid"); nothing if none is. */
static void report_slurm(struct json *j)
{
	static const char *const vars[][2] = {
		{ "SLURM_JOB_ID", "job_id" },
		{ "SLURM_PROCID", "procid" },
		{ "SLURM_NODEID", "nodeid" },
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i][0]);

		if (v == NULL)
			continue;
		if (n++ == 0) {
			json_key(j, "slurm");
			json_object_begin(j);
		}
		json_kv_string(j, vars[i][1], v);
	}
	if (n > 0)
		json_object_end(j);
}

/* Write the "start" event. */
void summary_report_start(struct supervisor *sv)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	int i;

	if (sv->report == NULL)
		return;
	json_init(&j, &sb);
	begin_event(&j, "start");
	json_kv_string(&j, "version", PACKAGE_VERSION);
	json_kv_i64(&j, "pid", sv->self);
	json_kv_u64(&j, "workers", sv->opt->workers);
	json_key(&j, "command");
	json_array_begin(&j);
	for (i = 0; i < sv->opt->ncommand; i++)
		json_string(&j, sv->opt->command[i]);
	json_array_end(&j);
	json_kv_string(&j, "mechanism", supervisor_mechanism(sv));
	if (sv->cg.dir_fd >= 0)
		json_kv_string(&j, "cgroup", sv->cg.path);
	json_kv_u64(&j, "interval_ms", sv->opt->interval_ns / 1000000);
	json_kv_u64(&j, "stall_after_ms", options_stall_after(sv->opt) / 1000000);
	report_slurm(&j);
	end_event(sv, &j, &sb);
}

/* Write the "exit" event of w. */
void summary_report_exit(struct supervisor *sv, const struct worker *w)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	if (sv->report == NULL)
		return;
	json_init(&j, &sb);
	begin_event(&j, "exit");
	json_kv_u64(&j, "worker", w->index);
	json_kv_i64(&j, "pid", w->pid);
	if (w->exit_signal) {
		json_kv_i64(&j, "signal", w->exit_signal);
		json_kv_string(&j, "signal_name", signame_name(w->exit_signal));
	} else {
		json_kv_i64(&j, "code", w->exit_code);
	}
	json_kv_i64(&j, "status", w->status);
	if (w->exec_errno)
		json_kv_string(&j, "exec_error", strerror(w->exec_errno));
	json_kv_bool(&j, "observed", stallwatch_worker_observed(sv, w));
	json_kv_bool(&j, "core_dumped", w->core_dumped);
	if (w->core_dumped)
		cores_json(sv, w, &j);
	json_kv_u64(&j, "wall_ms", wall_ms(w));
	json_kv_u64(&j, "cpu_ms", cpu_ms(w));
	json_kv_u64(&j, "ctxt_switches", ctxt(w));
	json_kv_u64(&j, "voluntary_ctxt_switches", (uint64_t)w->ru.ru_nvcsw);
	json_kv_u64(&j, "involuntary_ctxt_switches", (uint64_t)w->ru.ru_nivcsw);
	json_kv_u64(&j, "stalls", w->stalls);
	end_event(sv, &j, &sb);
}

/* Count workers by outcome: ok[0] exited 0, ok[1] failed, ok[2] signalled. */
static void count_outcomes(const struct supervisor *sv, unsigned out[3])
{
	unsigned i;

	out[0] = out[1] = out[2] = 0;
	for (i = 0; i < sv->nworkers; i++) {
		const struct worker *w = &sv->workers[i];

		if (w->exit_signal)
			out[2]++;
		else if (w->status)
			out[1]++;
		else
			out[0]++;
	}
}

/* Return the number of stalls seen over every worker. */
static uint64_t total_stalls(const struct supervisor *sv)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < sv->nworkers; i++)
		n += sv->workers[i].stalls;
	return n;
}

/* Write the "summary" event. */
void summary_report_end(struct supervisor *sv, int status)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t foreign, malformed;
	unsigned n[3];
	struct json j;

	if (sv->report == NULL)
		return;
	count_outcomes(sv, n);
	json_init(&j, &sb);
	begin_event(&j, "summary");
	json_kv_i64(&j, "exit_status", status);
	json_kv_u64(&j, "workers", sv->opt->workers);
	json_kv_u64(&j, "started", sv->nworkers);
	json_kv_u64(&j, "succeeded", n[0]);
	json_kv_u64(&j, "failed", n[1]);
	json_kv_u64(&j, "signaled", n[2]);
	json_kv_bool(&j, "deadline_fired", sv->deadline_fired);
	json_kv_bool(&j, "deadline_killed", sv->deadline_killed);
	json_kv_u64(&j, "stalls", total_stalls(sv));
	json_kv_bool(&j, "stall_acted", sv->stall_acted);
	json_kv_bool(&j, "own_error", sv->own_error);
	json_key(&j, "first_failure");
	if (sv->have_failure) {
		json_object_begin(&j);
		json_kv_u64(&j, "worker", sv->first_failure_worker);
		json_kv_i64(&j, "status", sv->first_failure);
		json_object_end(&j);
	} else {
		json_null(&j);
	}
	if (sv->raise_signal)
		json_kv_string(&j, "dies_by", signame_name(sv->raise_signal));
	json_kv_u64(&j, "wall_ms", (clock_now() - sv->start_ns) / 1000000);
	json_kv_string(&j, "mechanism", supervisor_mechanism(sv));
	json_key(&j, "lines_lost");
	json_object_begin(&j);
	json_kv_u64(&j, "stdout", supervisor_lines_lost(sv, SINK_OUT));
	json_kv_u64(&j, "stderr", supervisor_lines_lost(sv, SINK_ERR));
	json_kv_u64(&j, "report", supervisor_lines_lost(sv, SINK_REPORT));
	json_object_end(&j);
	if (notify_ignored(sv, &foreign, &malformed)) {
		json_key(&j, "notify_ignored");
		json_object_begin(&j);
		json_kv_u64(&j, "foreign", foreign);
		json_kv_u64(&j, "malformed", malformed);
		json_object_end(&j);
	}
	end_event(sv, &j, &sb);
}

/* Describe how w ended ("exit 3", "signal KILL") into buf. */
static void describe_end(const struct worker *w, char *buf, size_t size)
{
	const char *name = signame_name(w->exit_signal);

	if (!w->exited)
		snprintf(buf, size, "running");
	else if (w->exit_signal && name)
		snprintf(buf, size, "signal %s", name);
	else if (w->exit_signal)
		snprintf(buf, size, "signal %d", w->exit_signal);
	else
		snprintf(buf, size, "exit %d", w->exit_code);
}

/* Say how many lines of output could not be written, if any. */
static void put_lost(const struct supervisor *sv, struct strbuf *sb)
{
	static const char *const names[NSINKS] = {
		[SINK_OUT] = "standard output", [SINK_ERR] = "standard error",
		[SINK_REPORT] = "report file",
	};
	const char *sep = "";
	uint64_t total = 0;

	for (int i = 0; i < NSINKS; i++)
		total += supervisor_lines_lost(sv, i);
	if (total == 0)
		return;
	sb_printf(sb, "stallsup: %llu lines could not be written (", (unsigned long long)total);
	for (int i = 0; i < NSINKS; i++) {
		if (supervisor_lines_lost(sv, i) == 0)
			continue;
		sb_printf(sb, "%s%s: %llu", sep, names[i],
			  (unsigned long long)supervisor_lines_lost(sv, i));
		sep = ", ";
	}
	sb_puts(sb, ")\n");
}

/* Say how many notify datagrams were ignored, if any (--heartbeat). */
static void put_ignored(const struct supervisor *sv, struct strbuf *sb)
{
	uint64_t foreign, malformed;

	if (!notify_ignored(sv, &foreign, &malformed) || foreign + malformed == 0)
		return;
	sb_printf(sb, "stallsup: notify: ignored %llu datagrams from outside the workers and "
		  "%llu malformed messages\n", (unsigned long long)foreign,
		  (unsigned long long)malformed);
}

/* Print the table of workers, the containment and lost lines on stderr. */
void summary_print(const struct supervisor *sv, int status)
{
	struct strbuf sb = STRBUF_INIT;
	const char *mech;
	char end[32];
	unsigned i;

	sb_printf(&sb, "stallsup: %6s %8s %11s %11s %8s %-12s %6s\n", "worker", "pid", "wall",
		  "cpu", "ctxsw", "result", "stalls");
	for (i = 0; i < sv->nworkers; i++) {
		const struct worker *w = &sv->workers[i];
		uint64_t wall = wall_ms(w), cpu = cpu_ms(w);

		describe_end(w, end, sizeof(end));
		sb_printf(&sb, "stallsup: %6u %8d %6llu.%03us %6llu.%03us %8llu %-12s %6u\n", i,
			  (int)w->pid, (unsigned long long)(wall / 1000), (unsigned)(wall % 1000),
			  (unsigned long long)(cpu / 1000), (unsigned)(cpu % 1000),
			  (unsigned long long)ctxt(w), end, w->stalls);
	}
	for (i = 0; i < sv->nworkers; i++) {
		if (!stallwatch_worker_observed(sv, &sv->workers[i]))
			sb_printf(&sb, "stallsup: worker %u was not observed: its /proc files could "
				  "not be read, so no stall of it could be seen\n", i);
		if (sv->workers[i].core_dumped)
			cores_human(sv, &sv->workers[i], &sb);
	}
	mech = supervisor_mechanism(sv);
	if (strcmp(mech, "cgroup") == 0)
		sb_printf(&sb, "stallsup: containment: cgroup v2 at %s\n", sv->cg.path);
	else if (strcmp(mech, "mixed") == 0)
		sb_printf(&sb, "stallsup: containment: cgroup v2 at %s, process groups for the "
			  "workers that could not join it\n", sv->cg.path);
	else
		sb_puts(&sb, "stallsup: containment: process groups (child subreaper)\n");
	put_lost(sv, &sb);
	put_ignored(sv, &sb);
	if (sv->raise_signal)
		sb_printf(&sb, "stallsup: exit status %d: stallsup dies by SIG%s, as its worker did\n",
			  status, signame_name(sv->raise_signal) ? signame_name(sv->raise_signal) : "?");
	else
		sb_printf(&sb, "stallsup: exit status %d\n", status);
	if (sb.err == 0)
		msg_put(sb.buf, sb.len);
	sb_free(&sb);
}
