/* Tests for lib/report.c: report_time, the human report, the JSON lines. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backtrace.h"
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

/* A thread of the reference worker. */
static struct stall_thread thread(pid_t tid, char state, const char *wchan, const char *syscall,
				  enum wait_kind wait)
{
	struct stall_thread th;

	memset(&th, 0, sizeof(th));
	th.pid = 1234;
	th.tid = tid;
	th.state = state;
	snprintf(th.wchan, sizeof(th.wchan), "%s", wchan);
	snprintf(th.comm, sizeof(th.comm), "bench");
	snprintf(th.syscall, sizeof(th.syscall), "%s", syscall);
	th.wait = wait;
	return th;
}

/* Fill ev with the reference event: worker 3, process 1234 ("bench a b",
 * child of 1200 "sh -c bench"), thread 1240 starved while 1234 waits in a
 * futex, under policy p, with run_delay known or not. */
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
	ev->stalled_ns = 1500 * MS;
	ev->interval_ns = 500 * MS;
	ev->nwindow = 4;
	for (unsigned i = 0; i < 4; i++) {
		ev->window[i].t_ns = ev->start_ns + (1000 + 500 * i) * MS;
		ev->window[i].runtime_ns = 5000000;
		ev->window[i].switches = 12;
		ev->window[i].has_run_delay = run_delay;
		ev->window[i].run_delay_ns = run_delay ? 300 + 500000000ULL * i : 0;
		ev->window[i].source = ev->source;
	}
	ev->procs = calloc(2, sizeof(*ev->procs));
	ev->procs[0] = (struct stall_proc){ .pid = 1234, .ppid = 1200, .start = 77, .ntasks = 1,
					    .comm = "bench", .cmdline = strdup("bench a b") };
	ev->procs[1] = (struct stall_proc){ .pid = 1200, .ppid = 1, .ntasks = 1, .comm = "sh",
					    .cmdline = strdup("sh -c bench") };
	ev->nprocs = 2;
	ev->diag.tasks = calloc(1, sizeof(*ev->diag.tasks));
	ev->diag.ntasks = 1;
	t = &ev->diag.tasks[0];
	t->pid = 1234;
	t->tid = 1240;
	set_field(&t->f[DIAG_WCHAN], "0", NULL);
	set_field(&t->f[DIAG_SYSCALL], "running", NULL);
	set_field(&t->f[DIAG_STATUS], "Name:\tbench\nState:\tR (running)", NULL);
	set_field(&t->f[DIAG_STACK], NULL, "needs CAP_SYS_ADMIN");
	set_field(&t->f[DIAG_CGROUP], "1:cpu:/\n0::/stallsup/w3", NULL);
	set_field(&t->f[DIAG_STAT], "1240 (bench) R 1 1234", NULL);
	set_field(&t->f[DIAG_SCHED], NULL, "No such file or directory");
	ev->diag.threads = calloc(2, sizeof(*ev->diag.threads));
	ev->diag.nthreads = ev->diag.nthreads_total = 2;
	ev->diag.threads[0] = thread(1234, 'S', "futex_wait_queue",
				     "202 0x7f00 0x80 0x2 0x0 0x0 0x0 0x7ffd 0x7f01", WAIT_UNTIMED);
	ev->diag.threads[1] = thread(1240, 'R', "0", "running", WAIT_NONE);
	set_field(&ev->diag.host[DIAG_LOADAVG], "2.00 1.50 1.00 3/200 1240", NULL);
	set_field(&ev->diag.host[DIAG_PSI_CPU],
		  "some avg10=95.00 avg60=50.00 avg300=10.00 total=1\n"
		  "full avg10=0.00 avg60=0.00 avg300=0.00 total=0", NULL);
	set_field(&ev->diag.host[DIAG_CORE_PATTERN], "core", NULL);
	ev->action = stall_policy_action(ev->cls, p);
	ev->bt_unavailable = "--no-backtrace";
}

static const char want_human[] =
	"stallsup: worker 3 stalled: starved (a thread runnable, not run, while others ran), "
	"no progress for 1.5s\n"
	"  stuck: bench a b (pid 1234, 1 thread)\n"
	"    under: sh -c bench (pid 1200, 1 thread)\n"
	"  where: running in user space; no backtrace: --no-backtrace\n"
	"  threads: 2 in 2 groups\n"
	"    1 thread S futex(0x7f00, FUTEX_WAIT_PRIVATE, 2, NULL) untimed in futex_wait_queue: "
	"tid 1234 comm=\"bench\"\n"
	"    1 thread R running: tid 1240 comm=\"bench\"\n"
	"  evidence: tid 1240, 4 samples over 1.5s (schedstat): runtime flat, switches flat, "
	"waited for a CPU 1.5s\n"
	"  cgroup: /stallsup/w3\n"
	"  host: load 2.00 1.50 1.00, cpu pressure avg10=95.00\n"
	"  action: abort: SIGABRT to 1234 1200, then SIGKILL to the worker's tree after "
	"--kill-after\n"
	"  next: it wants a CPU and gets none: look at the host's load and CPU pressure above, "
	"its affinity (taskset -p) and its cgroup's cpu.max\n";

/* The reference event, rendered both ways. */
static void test_reference(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct stall_event ev;
	const char *s;

	make_event(&ev, POLICY_ABORT, true);
	is_int(0, report_human(&ev, &sb), "human: renders");
	is_str(want_human, sb_str(&sb), "human: whole reference report");
	sb_reset(&sb);
	is_int(0, report_json(&ev, &sb), "json: renders");
	s = sb_str(&sb);
	ok(json_line_valid(s), "json: valid, one line");
	ok(strncmp(s, "{\"event\":\"stall\",\"time\":\"2025-11-25T15:51:23.123Z\",\"worker\":3,"
		   "\"pid\":1234,\"tid\":1240,\"comm\":\"bench\",\"class\":\"starved\",\"state\":\"R\","
		   "\"wait\":\"none\",\"stalled_ms\":1500,\"interval_ms\":500,", 177) == 0,
	   "json: identity, wait, stalled_ms, interval_ms first");
	ok(strstr(s, "\"procs\":[1234,1200],\"stuck\":[{\"pid\":1234,\"ppid\":1200,\"comm\":\"bench\","
		     "\"cmdline\":\"bench a b\",\"tasks\":1},{\"pid\":1200,") != NULL,
	   "json: procs, and stuck with command lines, leaves first");
	ok(strstr(s, "{\"pid\":1234,\"tid\":1234,\"state\":\"S\",\"wchan\":\"futex_wait_queue\","
		     "\"comm\":\"bench\",\"syscall\":\"202 0x7f00 0x80 0x2 0x0 0x0 0x0 0x7ffd 0x7f01\","
		     "\"call\":\"futex(0x7f00, FUTEX_WAIT_PRIVATE, 2, NULL) untimed\",\"wait\":\"untimed\"}")
	   != NULL, "json: a thread with its raw and decoded system call and wait");
	ok(strstr(s, "\"status\":\"Name:\\tbench\\nState:\\tR (running)\"") != NULL &&
	   strstr(s, "\"sched\":\"[unreadable: No such file or directory]\"") != NULL,
	   "json: the raw files the human report leaves out");
	ok(strstr(s, "\"backtrace_unavailable\":\"--no-backtrace\"") != NULL,
	   "json: why there is no backtrace");
	ok(strstr(s, "\"action\":\"abort\"}") != NULL, "json: the action last");
	stall_event_free(&ev);
	ok(ev.procs == NULL && ev.diag.tasks == NULL, "stall_event_free clears");
	sb_free(&sb);
}

/* --verbose adds the raw files and the whole window. */
static void test_verbose(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct stall_event ev;
	const char *s;

	make_event(&ev, POLICY_LOG, true);
	ev.verbose = true;
	report_human(&ev, &sb);
	s = sb_str(&sb);
	ok(strstr(s, "    t_ms=2500 runtime_ns=5000000 switches=12 run_delay_ns=1500000300\n") != NULL,
	   "verbose: the whole window");
	ok(strstr(s, "  task 1234/1240:\n    wchan: 0\n") != NULL, "verbose: the stalled task's files");
	ok(strstr(s, "    stat: 1240 (bench) R 1 1234\n") != NULL, "verbose: raw stat");
	ok(strstr(s, "  core_pattern: core\n") != NULL, "verbose: host files");
	stall_event_free(&ev);
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
	strcpy(ev.procs[0].comm, "\033[2J");
	free(ev.procs[0].cmdline);
	ev.procs[0].cmdline = NULL;
	free(ev.diag.tasks[0].f[DIAG_CGROUP].text);
	ev.diag.tasks[0].f[DIAG_CGROUP].text = strdup("0::/a\033[2J\x7f\xff");
	free(ev.diag.host[DIAG_CORE_PATTERN].text);
	ev.diag.host[DIAG_CORE_PATTERN].text = strdup("|/bin/x \033c");
	is_int(0, report_human(&ev, &sb), "hostile human: renders");
	s = sb_str(&sb);
	ok(terminal_safe(s), "hostile human: no control byte or high byte anywhere");
	for (const char *l = strchr(s, '\n'); l && l[1]; l = strchr(l + 1, '\n'))
		if (strncmp(l + 1, "  ", 2) != 0)
			indented = false;
	ok(indented, "hostile human: every later line indented under the first");
	ok(strstr(s, "in w\\r\\n: tid 1234 comm=\"t\\x1b]0;pwn\\x07\\x9b\"\n") != NULL,
	   "hostile human: thread group escaped");
	ok(strstr(s, "  stuck: [\\x1b[2J] (pid 1234, 1 thread)\n") != NULL,
	   "hostile human: a process without command line by its comm, escaped");
	ok(strstr(s, "  cgroup: /a\\x1b[2J\\x7f\\xff\n") != NULL, "hostile human: cgroup escaped");
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

/* Classes in the headline, the kill action, several tasks in JSON. */
static void test_classes_and_tasks(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct stall_event ev;
	const char *s;

	make_event(&ev, POLICY_KILL, false);
	ev.whole_worker = true;
	ev.cls = STALL_SLEEPING;
	ev.wait = WAIT_UNTIMED;
	report_human(&ev, &sb);
	s = sb_str(&sb);
	is_str("stallsup: worker 3 stalled: sleeping, every thread in a wait without timeout, "
	       "no progress for 1.5s", first_line(s), "sleeping, untimed: headline");
	ok(strstr(s, "waited for a CPU") == NULL, "no run_delay: not claimed");
	ok(strstr(s, "  action: kill: SIGKILL to 1234 1200, SIGKILL to the worker's whole tree\n") != NULL,
	   "kill action described");
	ok(strstr(s, "  next: it is being killed;") != NULL, "kill: no debugger hint");
	sb_reset(&sb);
	ev.wait = WAIT_TIMED;
	report_human(&ev, &sb);
	is_str("stallsup: worker 3 stalled: sleeping, in a wait that ends by itself, no progress "
	       "for 1.5s", first_line(sb_str(&sb)), "sleeping, timed: headline");
	sb_reset(&sb);
	ev.cls = STALL_UNINTERRUPTIBLE;
	ev.stalled_ns = 185 * 1000 * MS;
	report_human(&ev, &sb);
	is_str("stallsup: worker 3 stalled: uninterruptible (a task in D state), no progress for "
	       "3m05s", first_line(sb_str(&sb)), "uninterruptible, minutes: headline");
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
	ev.core_hint = strdup("/tmp/core.1234");
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
	ok(strstr(s, "\"other_tasks\":[{\"pid\":1234,\"tid\":1234,\"wchan\":\"other\",") != NULL,
	   "two tasks: the other one listed");
	ok(strstr(s, "\"core\":\"/tmp/core.1234\"") != NULL, "json: the core's place");
	sb_reset(&sb);
	report_human(&ev, &sb);
	s = sb_str(&sb);
	ok(strstr(s, "SIGABRT to 1234 1200, then SIGCONT, ") != NULL,
	   "stopped under abort: SIGCONT described");
	ok(strstr(s, "  next: something stopped it (a debugger, SIGSTOP or SIGTSTP): kill -CONT 1234"
		     " resumes it\n  core: /tmp/core.1234\n") != NULL,
	   "abort: where the core goes");
	stall_event_free(&ev);
	sb_free(&sb);
}

/* Backtraces: the headline's where, frames around the program frame. */
static void test_backtrace(void)
{
	static struct bt_frame fr[5] = {
		{ 0x7f10, 0x2b, 0, "__lll_lock_wait", "/lib/libc.so.6", NULL },
		{ 0x7f20, 0x112, 0, "pthread_mutex_lock", "/lib/libc.so.6", NULL },
		{ 0x5510, 0x32, 9, "worker_lock", "/t/bench", "/t/bench.c" },
		{ 0x5520, 0x25, 11, "t1", "/t/bench", "/t/bench.c" },
		{ 0x7f30, 0x305, 0, "start_thread", "/lib/libc.so.6", NULL },
	};
	pid_t tids[2] = { 1234, 1240 };
	struct strbuf sb = STRBUF_INIT;
	struct stall_event ev;
	struct bt_process *bt = bt_process_new(1, 1234, tids, 2, 2);
	const char *s;

	make_event(&ev, POLICY_LOG, true);
	ev.bt_unavailable = NULL;
	ev.diag.threads[1] = thread(1240, 'S', "futex_wait_queue",
				    "202 0x5500 0x80 0x2 0x0 0x0 0x0 0x7ffd 0x7f01", WAIT_UNTIMED);
	for (unsigned i = 0; i < 2; i++) {
		bt->threads[i].frames = fr;
		bt->threads[i].nframes = bt->threads[i].frames_total = 5;
		bt->threads[i].state = 'S';
	}
	ev.bt = malloc(sizeof(*ev.bt));
	ev.bt[0] = bt;
	ev.nbt = 1;
	report_human(&ev, &sb);
	s = sb_str(&sb);
	ok(strstr(s, "  where: stuck in worker_lock (bench.c:9), waiting in futex (untimed)\n") != NULL,
	   "where: the program frame and the wait");
	ok(strstr(s, "  threads: 2\n    2 threads S futex(") != NULL,
	   "the same wait and stacks: one group of two");
	ok(strstr(s, "      #1 0x7f20 pthread_mutex_lock+0x112 (libc.so.6)\n"
		     "      #2 0x5510 worker_lock+0x32 (bench) bench.c:9\n"
		     "      #3 0x5520 t1+0x25 (bench) bench.c:11\n"
		     "      (1 more frame)\n") != NULL,
	   "frames around the program frame, numbered, with the rest counted");
	sb_reset(&sb);
	report_json(&ev, &sb);
	s = sb_str(&sb);
	ok(json_line_valid(s), "backtrace: valid JSON");
	ok(strstr(s, "\"backtrace\":[{\"pid\":1234,\"tids\":[1234,1240],") != NULL,
	   "json: one backtrace group with both tids");
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

/* The next step fits the class and the stuck program. */
static void test_next(void)
{
	static const struct {
		enum stall_class cls;
		const char *cmdline, *want;
	} cases[] = {
		{ STALL_SLEEPING, "bench a b", "  next: gdb -p 1234 -batch -ex 'thread apply all bt'\n" },
		{ STALL_SLEEPING, "/usr/lib/jvm/java-17/bin/java -cp . Main", "  next: jstack 1234 " },
		{ STALL_SLEEPING, "python3 hang.py", "  next: py-spy dump --pid 1234, " },
		{ STALL_UNINTERRUPTIBLE, "bench", "cat /proc/1234/stack as root\n" },
		{ STALL_STOPPED, "bench", "kill -CONT 1234 resumes it\n" },
		{ STALL_STARVED, "java", "its cgroup's cpu.max\n" },
	};
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct stall_event ev;

		make_event(&ev, POLICY_LOG, true);
		ev.cls = cases[i].cls;
		ev.action = stall_policy_action(ev.cls, POLICY_LOG);
		free(ev.procs[0].cmdline);
		ev.procs[0].cmdline = strdup(cases[i].cmdline);
		sb_reset(&sb);
		report_human(&ev, &sb);
		ok(strstr(sb_str(&sb), cases[i].want) != NULL, "next step of %s %s",
		   stall_class_name(cases[i].cls), cases[i].cmdline);
		stall_event_free(&ev);
	}
	sb_free(&sb);
}

/* A huge worker: grouped threads, the totals said. */
static void test_cap(void)
{
	struct stall_event ev;
	struct strbuf sb = STRBUF_INIT;
	size_t lines = 0;
	const char *s;

	make_event(&ev, POLICY_LOG, true);
	free(ev.diag.threads);
	ev.diag.threads = calloc(1000, sizeof(*ev.diag.threads));
	for (unsigned i = 0; i < 1000; i++)
		ev.diag.threads[i] = thread((pid_t)(2000 + i), 'S', i % 3 ? "futex_wait_queue" : "pipe_read",
					    i % 3 ? "202 0x7f00 0x80 0x2 0x0 0x0 0x0 0x7ffd 0x7f01"
						  : "0 0x3 0x7f00 0x1000 0x0 0x0 0x0 0x7ffd 0x7f01",
					    WAIT_UNTIMED);
	ev.diag.nthreads = 1000;
	ev.diag.nthreads_total = 1500;
	ev.diag.ntasks_total = 20;
	is_int(0, report_human(&ev, &sb), "cap: human renders");
	s = sb_str(&sb);
	for (const char *p = s; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	ok(lines <= 40, "cap: a 1,500-thread worker in at most 40 lines (%zu)", lines);
	ok(strstr(s, "  threads: 1500 in 2 groups\n") != NULL, "cap: the thread total");
	ok(strstr(s, "    666 thread") != NULL && strstr(s, "    334 thread") != NULL,
	   "cap: groups with their counts");
	ok(strstr(s, "(500 more threads not examined)") != NULL, "cap: threads not examined");
	sb_reset(&sb);
	is_int(0, report_json(&ev, &sb), "cap: json renders");
	ok(strstr(sb_str(&sb), "\"tasks_total\":20") != NULL, "cap: json tasks_total");
	ok(strstr(sb_str(&sb), "\"threads_total\":1500") != NULL, "cap: json threads_total");
	ok(json_line_valid(sb_str(&sb)), "cap: valid JSON");
	stall_event_free(&ev);
	sb_free(&sb);
}

int main(void)
{
	plan_lazy();
	test_reference();
	test_verbose();
	test_hostile();
	test_classes_and_tasks();
	test_backtrace();
	test_time();
	test_action();
	test_next();
	test_cap();
	return 0;
}
