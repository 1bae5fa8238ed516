/* Tests for lib/report.c: report_time, the human report, the JSON lines. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "report.h"
#include "stall.h"

#define MS 1000000ULL

/* ---- a tiny JSON validator: true when s is exactly one JSON value ---- */

static bool jv_value(const char **p);

/* Skip JSON whitespace. */
static void jv_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

/* A string: no raw control byte, only valid escapes. */
static bool jv_string(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;

	if (*s++ != '"')
		return false;
	for (; *s != '"'; s++) {
		if (*s < 0x20)
			return false;
		if (*s != '\\')
			continue;
		s++;
		if (*s == 'u') {
			for (int i = 1; i <= 4; i++)
				if (!strchr("0123456789abcdefABCDEF", s[i]) || s[i] == '\0')
					return false;
			s += 4;
		} else if (*s == '\0' || !strchr("\"\\/bfnrt", *s)) {
			return false;
		}
	}
	*p = (const char *)s + 1;
	return true;
}

/* A number: -?digits(.digits)? (enough for our writer). */
static bool jv_number(const char **p)
{
	const char *s = *p;

	if (*s == '-')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	*p = s;
	return true;
}

/* Members or elements up to close; obj says whether keys come first. */
static bool jv_container(const char **p, char close, bool obj)
{
	(*p)++;
	jv_ws(p);
	if (**p == close) {
		(*p)++;
		return true;
	}
	for (;;) {
		jv_ws(p);
		if (obj && (!jv_string(p) || (jv_ws(p), **p != ':')))
			return false;
		if (obj)
			(*p)++;
		if (!jv_value(p))
			return false;
		jv_ws(p);
		if (**p == close) {
			(*p)++;
			return true;
		}
		if (**p != ',')
			return false;
		(*p)++;
	}
}

static bool jv_value(const char **p)
{
	jv_ws(p);
	switch (**p) {
	case '{': return jv_container(p, '}', true);
	case '[': return jv_container(p, ']', false);
	case '"': return jv_string(p);
	case 't': return strncmp(*p, "true", 4) == 0 && (*p += 4);
	case 'f': return strncmp(*p, "false", 5) == 0 && (*p += 5);
	case 'n': return strncmp(*p, "null", 4) == 0 && (*p += 4);
	default: return jv_number(p);
	}
}

/* True when s is one JSON value followed by exactly one '\n'. */
static bool json_line_valid(const char *s)
{
	const char *p = s;

	if (!jv_value(&p))
		return false;
	return p[0] == '\n' && p[1] == '\0';
}

/* True when every byte of s is printable ASCII or '\n'. */
static bool terminal_safe(const char *s)
{
	for (; *s; s++)
		if (*s != '\n' && (*(const unsigned char *)s < 0x20 || *(const unsigned char *)s > 0x7e))
			return false;
	return true;
}

/* Return the first line of s (static buffer). */
static const char *first_line(const char *s)
{
	static char line[512];
	size_t n = strcspn(s, "\n");

	snprintf(line, sizeof(line), "%.*s", (int)n, s);
	return line;
}

/* ---- building events ---- */

/* Set f to text (or, with reason, to unreadable). */
static void set_field(struct diag_field *f, const char *text, const char *reason)
{
	f->text = text ? strdup(text) : NULL;
	f->unreadable = reason ? strdup(reason) : NULL;
}

static const pid_t one_proc[1] = { 1234 };

/* Fill ev with the reference event: worker 3, pid 1234, tid 1240, "bench",
 * starved, under policy p, with run_delay known or not. */
static void make_event(struct stall_event *ev, enum stall_policy p, bool run_delay)
{
	struct diag_task *t;

	memset(ev, 0, sizeof(*ev));
	ev->worker = 3;
	ev->pid = 1234;
	ev->tid = 1240;
	strcpy(ev->comm, "bench");
	ev->state = 'R';
	ev->cls = STALL_STARVED;
	ev->source = run_delay ? SOURCE_SCHEDSTAT : SOURCE_SCHED;
	ev->start_ns = 1000 * MS;
	ev->realtime_ns = 1764085883123456789LL;
	ev->nwindow = 4;
	for (unsigned i = 0; i < 4; i++) {
		ev->window[i].t_ns = ev->start_ns + (1000 + 500 * i) * MS;
		ev->window[i].runtime_ns = 5000000;
		ev->window[i].switches = 12;
		ev->window[i].has_run_delay = run_delay;
		ev->window[i].run_delay_ns = run_delay ? 300 + 500000 * i : 0;
		ev->window[i].source = ev->source;
	}
	ev->procs = malloc(sizeof(pid_t));
	ev->procs[0] = one_proc[0];
	ev->nprocs = 1;
	ev->diag.tasks = calloc(1, sizeof(*ev->diag.tasks));
	ev->diag.ntasks = 1;
	t = &ev->diag.tasks[0];
	t->pid = 1234;
	t->tid = 1240;
	set_field(&t->f[DIAG_WCHAN], "0", NULL);
	set_field(&t->f[DIAG_SYSCALL], "running", NULL);
	set_field(&t->f[DIAG_STATUS], "Name:\tbench\nState:\tR (running)", NULL);
	set_field(&t->f[DIAG_STACK], NULL, "needs CAP_SYS_ADMIN");
	set_field(&t->f[DIAG_CGROUP], "0::/stallsup/w3", NULL);
	set_field(&t->f[DIAG_STAT], "1240 (bench) R 1 1234", NULL);
	set_field(&t->f[DIAG_SCHED], NULL, "No such file or directory");
	ev->diag.threads = calloc(2, sizeof(*ev->diag.threads));
	ev->diag.nthreads = 2;
	ev->diag.threads[0] = (struct stall_thread){ 1234, 1234, 'S', "futex_wait_queue", "bench" };
	ev->diag.threads[1] = (struct stall_thread){ 1234, 1240, 'R', "0", "bench" };
	set_field(&ev->diag.host[DIAG_LOADAVG], "2.00 1.50 1.00 3/200 1240", NULL);
	set_field(&ev->diag.host[DIAG_PSI_CPU],
		  "some avg10=95.00 avg60=50.00 avg300=10.00 total=1\n"
		  "full avg10=0.00 avg60=0.00 avg300=0.00 total=0", NULL);
	set_field(&ev->diag.host[DIAG_CORE_PATTERN], "core", NULL);
	ev->action = stall_policy_action(ev->cls, p);
}

static const char want_human[] =
	"worker stall detected: worker=3 pid=1234 tid=1240 comm=\"bench\" class=starved\n"
	"  scope: one task starved while other tasks of the worker ran\n"
	"  source: schedstat\n"
	"  window: 4 samples, oldest first\n"
	"    t_ms=1000 runtime_ns=5000000 switches=12 run_delay_ns=300\n"
	"    t_ms=1500 runtime_ns=5000000 (+0) switches=12 (+0) run_delay_ns=500300 (+500000)\n"
	"    t_ms=2000 runtime_ns=5000000 (+0) switches=12 (+0) run_delay_ns=1000300 (+500000)\n"
	"    t_ms=2500 runtime_ns=5000000 (+0) switches=12 (+0) run_delay_ns=1500300 (+500000)\n"
	"  state: R\n"
	"  procs: 1234\n"
	"  task 1234/1240:\n"
	"    wchan: 0\n"
	"    syscall: running\n"
	"    cgroup: 0::/stallsup/w3\n"
	"    stat: 1240 (bench) R 1 1234\n"
	"    stack: [unreadable: needs CAP_SYS_ADMIN]\n"
	"  threads: 2\n"
	"    tid=1234 state=S wchan=futex_wait_queue comm=\"bench\"\n"
	"    tid=1240 state=R wchan=0 comm=\"bench\"\n"
	"  loadavg: 2.00 1.50 1.00 3/200 1240\n"
	"  psi_cpu:\n"
	"    some avg10=95.00 avg60=50.00 avg300=10.00 total=1\n"
	"    full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
	"  core_pattern: core\n"
	"  action: abort: SIGABRT to 1234, then SIGKILL to the worker's tree after --kill-after"
	" (core_pattern \"core\")\n";

static const char want_json[] =
	"{\"event\":\"stall\",\"time\":\"2025-11-25T15:51:23.123Z\",\"worker\":3,"
	"\"pid\":1234,\"tid\":1240,\"comm\":\"bench\",\"class\":\"starved\",\"state\":\"R\","
	"\"whole_worker\":false,\"source\":\"schedstat\",\"window\":["
	"{\"t_ms\":1000,\"sum_exec_runtime_ns\":5000000,\"switches\":12,\"run_delay_ns\":300},"
	"{\"t_ms\":1500,\"sum_exec_runtime_ns\":5000000,\"switches\":12,\"run_delay_ns\":500300},"
	"{\"t_ms\":2000,\"sum_exec_runtime_ns\":5000000,\"switches\":12,\"run_delay_ns\":1000300},"
	"{\"t_ms\":2500,\"sum_exec_runtime_ns\":5000000,\"switches\":12,\"run_delay_ns\":1500300}],"
	"\"procs\":[1234],\"diag\":{\"wchan\":\"0\",\"syscall\":\"running\","
	"\"status\":\"Name:\\tbench\\nState:\\tR (running)\","
	"\"stack\":\"[unreadable: needs CAP_SYS_ADMIN]\",\"cgroup\":\"0::/stallsup/w3\","
	"\"stat\":\"1240 (bench) R 1 1234\",\"sched\":\"[unreadable: No such file or directory]\","
	"\"threads\":[{\"pid\":1234,\"tid\":1234,\"state\":\"S\",\"wchan\":\"futex_wait_queue\","
	"\"comm\":\"bench\"},{\"pid\":1234,\"tid\":1240,\"state\":\"R\",\"wchan\":\"0\","
	"\"comm\":\"bench\"}],\"loadavg\":\"2.00 1.50 1.00 3/200 1240\","
	"\"psi_cpu\":\"some avg10=95.00 avg60=50.00 avg300=10.00 total=1\\n"
	"full avg10=0.00 avg60=0.00 avg300=0.00 total=0\",\"core_pattern\":\"core\"},"
	"\"action\":\"abort\"}\n";

/* The reference event, rendered both ways, exactly. */
static void test_reference(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct stall_event ev;

	make_event(&ev, POLICY_ABORT, true);
	is_int(0, report_human(&ev, &sb), "human: renders");
	is_str(want_human, sb_str(&sb), "human: whole reference report");
	is_str("worker stall detected: worker=3 pid=1234 tid=1240 comm=\"bench\" class=starved",
	       first_line(sb_str(&sb)), "human: exact first line");
	sb_reset(&sb);
	is_int(0, report_json(&ev, &sb), "json: renders");
	is_str(want_json, sb_str(&sb), "json: whole reference line");
	ok(json_line_valid(sb_str(&sb)), "json: valid, one line");
	stall_event_free(&ev);
	ok(ev.procs == NULL && ev.diag.tasks == NULL, "stall_event_free clears");
	sb_free(&sb);
}

/* Untrusted bytes everywhere: nothing raw comes out. */
static void test_hostile(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct stall_event ev;
	const char *s;
	bool indented = true;

	make_event(&ev, POLICY_LOG, true);
	strcpy(ev.comm, "be\nn\033[31m\"x");
	ev.state = '\033';
	strcpy(ev.diag.threads[0].comm, "t\033]0;pwn\a\x9b");
	strcpy(ev.diag.threads[0].wchan, "w\r\n");
	free(ev.diag.tasks[0].f[DIAG_WCHAN].text);
	ev.diag.tasks[0].f[DIAG_WCHAN].text = strdup("a\nb\033[2J\x7f\xff");
	free(ev.diag.host[DIAG_CORE_PATTERN].text);
	ev.diag.host[DIAG_CORE_PATTERN].text = strdup("|/bin/x \033c");
	is_int(0, report_human(&ev, &sb), "hostile human: renders");
	s = sb_str(&sb);
	ok(terminal_safe(s), "hostile human: no control byte or high byte anywhere");
	is_str("worker stall detected: worker=3 pid=1234 tid=1240 "
	       "comm=\"be\\nn\\x1b[31m\\\"x\" class=starved", first_line(s),
	       "hostile human: first line escaped exactly");
	for (const char *l = strchr(s, '\n'); l && l[1]; l = strchr(l + 1, '\n'))
		if (strncmp(l + 1, "  ", 2) != 0)
			indented = false;
	ok(indented, "hostile human: every later line indented under the first");
	ok(strstr(s, "    tid=1234 state=S wchan=w\\r\\n comm=\"t\\x1b]0;pwn\\x07\\x9b\"\n") != NULL,
	   "hostile human: thread line escaped");
	ok(strstr(s, "    wchan:\n      a\n      b\\x1b[2J\\x7f\\xff\n") != NULL,
	   "hostile human: multi-line field as an indented block");
	ok(strstr(s, "  state: \\x1b\n") != NULL, "hostile human: state escaped");
	ok(strstr(s, "  action: log (no signal; the worker carries on)\n") != NULL,
	   "hostile human: log action");
	sb_reset(&sb);
	is_int(0, report_json(&ev, &sb), "hostile json: renders");
	s = sb_str(&sb);
	ok(json_line_valid(s), "hostile json: valid JSON, one line");
	ok(terminal_safe(s), "hostile json: no raw control byte");
	ok(strstr(s, "\"comm\":\"be\\nn\\u001b[31m\\\"x\"") != NULL, "hostile json: comm escaped");
	ok(strstr(s, "\"state\":\"\\u001b\"") != NULL, "hostile json: state escaped");
	ok(strstr(s, "\"core_pattern\":\"|/bin/x \\u001bc\"") != NULL,
	   "hostile json: core_pattern escaped");
	stall_event_free(&ev);
	sb_free(&sb);
}

/* Deltas, unknown run_delay, several tasks, kill and stopped actions. */
static void test_window_and_tasks(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct stall_event ev;
	const char *s;

	make_event(&ev, POLICY_KILL, false);
	ev.window[1].runtime_ns += 250;
	ev.window[2].runtime_ns += 250;
	ev.window[3].switches -= 1;
	ev.whole_worker = true;
	report_human(&ev, &sb);
	s = sb_str(&sb);
	ok(strstr(s, "run_delay") == NULL, "no run_delay: absent from human");
	ok(strstr(s, "    t_ms=1500 runtime_ns=5000250 (+250) switches=12 (+0)\n") != NULL,
	   "window: positive delta");
	ok(strstr(s, "    t_ms=2500 runtime_ns=5000000 (-250) switches=11 (-1)\n") != NULL,
	   "window: negative delta");
	ok(strstr(s, "  scope: whole worker (no task of the worker made progress)\n") != NULL,
	   "scope: whole worker");
	ok(strstr(s, "  source: sched\n") != NULL, "source named");
	ok(strstr(s, "  action: kill: SIGKILL to 1234, SIGKILL to the worker's whole tree\n") != NULL,
	   "kill action described");
	sb_reset(&sb);
	report_json(&ev, &sb);
	s = sb_str(&sb);
	ok(strstr(s, "run_delay") == NULL, "no run_delay: absent from JSON");
	ok(strstr(s, "\"other_tasks\"") == NULL, "one task: no other_tasks");
	ok(strstr(s, "\"whole_worker\":true") != NULL, "json: whole_worker");
	stall_event_free(&ev);

	make_event(&ev, POLICY_ABORT, true);
	ev.cls = STALL_STOPPED;
	ev.action = stall_policy_action(ev.cls, POLICY_ABORT);
	ev.diag.tasks = realloc(ev.diag.tasks, 2 * sizeof(*ev.diag.tasks));
	memmove(&ev.diag.tasks[1], &ev.diag.tasks[0], sizeof(ev.diag.tasks[0]));
	memset(&ev.diag.tasks[0], 0, sizeof(ev.diag.tasks[0]));
	ev.diag.tasks[0].pid = 1234;
	ev.diag.tasks[0].tid = 1234;
	for (unsigned k = 0; k < DIAG_TASK_FIELDS; k++)
		set_field(&ev.diag.tasks[0].f[k], "other", NULL);
	ev.diag.ntasks = 2;
	sb_reset(&sb);
	report_json(&ev, &sb);
	s = sb_str(&sb);
	ok(json_line_valid(s), "two tasks: valid JSON");
	ok(strstr(s, "\"diag\":{\"wchan\":\"0\",") != NULL, "two tasks: named task flattened");
	ok(strstr(s, "\"other_tasks\":[{\"pid\":1234,\"tid\":1234,\"wchan\":\"other\",") != NULL,
	   "two tasks: the other one listed");
	sb_reset(&sb);
	report_human(&ev, &sb);
	s = sb_str(&sb);
	ok(strstr(s, "  task 1234/1240:\n") < strstr(s, "  task 1234/1234:\n") &&
	   strstr(s, "  task 1234/1234:\n") != NULL, "two tasks: named task first in human");
	ok(strstr(s, "class=stopped\n") != NULL && strstr(s, "SIGABRT to 1234, then SIGCONT, ") != NULL,
	   "stopped under abort: SIGCONT described");
	stall_event_free(&ev);
	sb_free(&sb);
}

/* report_time: fixed timestamps, exact strings. */
static void test_time(void)
{
	char buf[40];

	report_time(0, buf, sizeof(buf));
	is_str("1970-01-01T00:00:00.000Z", buf, "time: epoch");
	report_time(1764085883123456789LL, buf, sizeof(buf));
	is_str("2025-11-25T15:51:23.123Z", buf, "time: milliseconds truncated");
	report_time(1764085883005000000LL, buf, sizeof(buf));
	is_str("2025-11-25T15:51:23.005Z", buf, "time: milliseconds zero-padded");
	report_time(1764085883999999999LL, buf, sizeof(buf));
	is_str("2025-11-25T15:51:23.999Z", buf, "time: never rounds up");
	report_time(-1, buf, sizeof(buf));
	is_str("1969-12-31T23:59:59.999Z", buf, "time: just before 1970");
}

/* The follow-up action lines. */
static void test_action(void)
{
	static const pid_t pids[2] = { 1234, 1250 };
	struct strbuf sb = STRBUF_INIT;
	struct action_step st = { 3, "abort", SIGABRT, false, pids, 2, 0, 1764085883123456789LL };

	is_int(0, report_action_json(&st, &sb), "action: renders");
	is_str("{\"event\":\"action\",\"time\":\"2025-11-25T15:51:23.123Z\",\"worker\":3,"
	       "\"action\":\"abort\",\"signal\":\"SIGABRT\",\"signo\":6,\"target\":\"procs\","
	       "\"pids\":[1234,1250],\"result\":\"ok\"}\n", sb_str(&sb), "action: abort line");
	sb_reset(&sb);
	st.signal = SIGKILL;
	st.tree = true;
	st.err = -ESRCH;
	report_action_json(&st, &sb);
	is_str("{\"event\":\"action\",\"time\":\"2025-11-25T15:51:23.123Z\",\"worker\":3,"
	       "\"action\":\"abort\",\"signal\":\"SIGKILL\",\"signo\":9,\"target\":\"tree\","
	       "\"result\":\"error\",\"error\":\"No such process\"}\n", sb_str(&sb),
	       "action: failed tree kill");
	ok(json_line_valid(sb_str(&sb)), "action: valid JSON");
	sb_free(&sb);
}

/* A capped huge worker: both reports say how many were left out. */
static void test_cap(void)
{
	struct stall_event ev;
	struct strbuf sb = STRBUF_INIT;

	make_event(&ev, POLICY_LOG, true);
	ev.diag.ntasks_total = 20;
	ev.diag.nthreads_total = 500;
	is_int(0, report_human(&ev, &sb), "cap: human renders");
	ok(strstr(sb_str(&sb), "  threads: 500\n") != NULL, "cap: human thread count is the total");
	ok(strstr(sb_str(&sb), "(498 more threads not listed)") != NULL, "cap: human threads left out");
	ok(strstr(sb_str(&sb), "(19 more stalled tasks without diagnostics)") != NULL,
	   "cap: human tasks left out");
	sb_reset(&sb);
	is_int(0, report_json(&ev, &sb), "cap: json renders");
	ok(strstr(sb_str(&sb), "\"tasks_total\":20") != NULL, "cap: json tasks_total");
	ok(strstr(sb_str(&sb), "\"threads_total\":500") != NULL, "cap: json threads_total");
	ok(json_line_valid(sb_str(&sb)), "cap: valid JSON");
	stall_event_free(&ev);
	sb_free(&sb);
}

int main(void)
{
	plan(7 + 14 + 14 + 5 + 4 + 8);
	test_reference();
	test_hostile();
	test_window_and_tasks();
	test_time();
	test_action();
	test_cap();
	return 0;
}
