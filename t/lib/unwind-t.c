/* Tests for lib/unwind.c against live workers with debug info
 * (t/workers/bt-stuck): functions, file:line, the program frame, groups
 * and counts, stopped and running targets left as they were. Built
 * --without-libdw, it checks the "unavailable" answer instead.
 *
 * The unwinder runs in a forked child ("B", as in the helper, never the
 * target's parent) that sends each thread encoded (lib/btcodec.h) over a
 * socketpair; the test decodes them into a struct bt_process. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic.h"
#include "btcodec.h"
#include "btfix.h"
#include "btrender.h"
#include "proc.h"
#include "ptstop.h"
#include "unwind.h"

#define MAXT 512

struct b_ctx {
	int fd;
	struct strbuf msg;
};

/* In B: send one thread. */
static int b_send(size_t index, const struct bt_thread *t, void *arg)
{
	struct b_ctx *c = arg;

	if (bt_encode_thread(1, (uint32_t)index, t, &c->msg) < 0 ||
	    send(c->fd, c->msg.buf, c->msg.len, 0) != (ssize_t)c->msg.len)
		return -1;
	return 0;
}

/* Unwind tids[0..n) of pid in a child; return the decoded answer (every
 * thread answered exactly once, else bail). */
static struct bt_process *unwind_in_child(pid_t pid, const pid_t *tids, unsigned n, int no_source)
{
	static char buf[BT_MSG_MAX + 1];
	struct bt_process *p;
	unsigned got = 0;
	uint32_t index;
	pid_t b;
	ssize_t len;
	int sv[2], r;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
		sysbail("socketpair");
	b = fork(); /* before allocating: the child frees all it allocates */
	if (b == 0) {
		struct b_ctx c = {sv[1], STRBUF_INIT};
		struct unwind_opts o = {proc_root_open(NULL), ptstop_now() + 10000000000ull,
					no_source != 0};

		close(sv[0]);
		r = unwind_process(pid, tids, n, &o, b_send, &c, NULL);
		sb_free(&c.msg);
		_exit(r < 0);
	}
	close(sv[1]);
	p = bt_process_new(1, pid, tids, n, n);
	if (p == NULL)
		bail("out of memory");
	while ((len = recv(sv[0], buf, sizeof(buf), 0)) > 0) {
		if (bt_decode_thread(buf, (size_t)len, p, &index) < 0)
			bail("undecodable thread message");
		got++;
	}
	close(sv[0]);
	if (btfix_wait_exit(b) != 0 || got != n)
		bail("the unwinder child failed (%u of %u answers)", got, n);
	return p;
}

/* Start bt-stuck MODE N; store its line numbers (a, b, main). */
static pid_t start_stuck(char *worker, char *mode, char *n, int lines[3])
{
	char *argv[] = {worker, mode, n, NULL}, line[128];
	pid_t pid = btfix_spawn(argv, 1, line, sizeof(line));

	if (sscanf(line, "ready %d %d %d", &lines[0], &lines[1], &lines[2]) != 3)
		bail("bad ready line \"%s\"", line);
	return pid;
}

/* True when frame f is function fn at bt-stuck.c:line. */
static int frame_is(const struct bt_frame *f, const char *fn, int line)
{
	const char *file = f != NULL ? f->file : NULL;
	size_t n = file != NULL ? strlen(file) : 0;

	return f != NULL && f->symbol != NULL && strcmp(f->symbol, fn) == 0 && n >= 10 &&
	       strcmp(file + n - 10, "bt-stuck.c") == 0 && (int)f->line == line;
}

static void test_unavailable(char *worker)
{
	int lines[3];
	pid_t pid = start_stuck(worker, "sleep", "1", lines), tids[4];
	unsigned n = (unsigned)btfix_tids(pid, tids, 4);
	struct bt_process *p = unwind_in_child(pid, tids, n, 0);

	ok(p->nthreads == 2, "both threads are answered");
	ok(p->threads[0].reason != NULL &&
		   strcmp(p->threads[0].reason, BT_REASON_UNAVAILABLE) == 0 &&
		   strcmp(p->threads[0].comm, "bt-stuck") == 0 && p->threads[1].reason != NULL,
	   "every thread says backtraces are unavailable, with its comm");
	bt_process_free(p);
	btfix_kill(pid);
}

static void test_functions(char *worker)
{
	int lines[3];
	pid_t pid = start_stuck(worker, "sleep", "2", lines), tids[4];
	unsigned n = (unsigned)btfix_tids(pid, tids, 4);
	struct bt_process *p;
	struct strbuf sb = STRBUF_INIT;
	char want[64];

	btfix_wait_states(pid, "S");
	p = unwind_in_child(pid, tids, n, 0);
	ok(p->threads[0].nframes >= 3 && p->threads[0].reason == NULL,
	   "the main thread has frames");
	ok(frame_is(bt_program_frame(&p->threads[0]), "main_wait", lines[2]),
	   "its program frame is main_wait at bt-stuck.c:%d", lines[2]);
	ok(frame_is(bt_program_frame(&p->threads[1]), "stuck_a", lines[0]) &&
		   frame_is(bt_program_frame(&p->threads[2]), "stuck_a", lines[0]),
	   "the threads' program frame is stuck_a at bt-stuck.c:%d", lines[0]);
	ok(bt_module_is_runtime(p->threads[1].frames[0].module) &&
		   p->threads[1].frames[0].file == NULL,
	   "the innermost frame is in libc, without file:line (the runtime's are not looked up)");
	bt_render_where(bt_program_frame(&p->threads[1]), &sb);
	snprintf(want, sizeof(want), "stuck_a (bt-stuck.c:%d)", lines[0]);
	is_str(want, sb_str(&sb), "the headline says where");
	sb_reset(&sb);
	bt_render_human(p, 0, &sb);
	snprintf(want, sizeof(want), "(bt-stuck) bt-stuck.c:%d\n", lines[0]);
	ok(strstr(sb_str(&sb), "tids ") != NULL && strstr(sb_str(&sb), " stuck_a+0x") != NULL &&
		   strstr(sb_str(&sb), want) != NULL,
	   "the human text shows the function, module and file:line");
	diag("%s", sb_str(&sb));
	bt_process_free(p);
	p = unwind_in_child(pid, tids, n, 1);
	ok(bt_program_frame(&p->threads[1]) != NULL &&
		   bt_program_frame(&p->threads[1])->file == NULL &&
		   strcmp(bt_program_frame(&p->threads[1])->symbol, "stuck_a") == 0,
	   "without source lookups: the symbol, no file");
	bt_process_free(p);
	sb_free(&sb);
	btfix_kill(pid);
}

/* Count groups of p, storing the size of each in sizes[0..3). */
static size_t groups(const struct bt_process *p, size_t sizes[3])
{
	struct bt_groups g;
	size_t k, n;

	if (bt_group(p, &g) < 0)
		bail("bt_group");
	for (k = 0; k < g.n && k < 3; k++)
		sizes[k] = g.start[k + 1] - g.start[k];
	n = g.n;
	bt_groups_free(&g);
	return n;
}

static void test_groups(char *worker)
{
	int lines[3];
	pid_t pid = start_stuck(worker, "two", "3", lines), tids[MAXT];
	unsigned n = (unsigned)btfix_tids(pid, tids, MAXT);
	size_t sizes[3] = {0, 0, 0};
	struct bt_process *p;

	btfix_wait_states(pid, "S");
	p = unwind_in_child(pid, tids, n, 0);
	ok(n == 7 && groups(p, sizes) == 3 && sizes[0] == 1 && sizes[1] + sizes[2] == 6 &&
		   sizes[1] == 3,
	   "3 + 3 threads in two functions and main: groups of 1, 3 and 3");
	bt_process_free(p);
	btfix_kill(pid);

	pid = start_stuck(worker, "sleep", "299", lines);
	n = (unsigned)btfix_tids(pid, tids, MAXT);
	btfix_wait_states(pid, "S");
	p = unwind_in_child(pid, tids, BT_MAX_THREADS, 1);
	ok(n == 300 && groups(p, sizes) == 2 && sizes[0] == 1 && sizes[1] == 255,
	   "300 threads, 256 unwound: main and a group of 255");
	bt_process_free(p);
	btfix_kill(pid);
}

static void test_states(char *worker)
{
	int lines[3];
	pid_t pid = start_stuck(worker, "stop", "2", lines), tids[4], gone = 0;
	unsigned n;
	struct bt_process *p;
	uint64_t before;

	ok(btfix_wait_states(pid, "T"), "the worker stopped itself");
	n = (unsigned)btfix_tids(pid, tids, 4);
	p = unwind_in_child(pid, tids, n, 0);
	ok(frame_is(bt_program_frame(&p->threads[1]), "stuck_a", lines[0]) &&
		   p->threads[0].state == 'T',
	   "a stopped worker is unwound, its state T");
	ok(btfix_state(pid, tids[0]) == 'T' && btfix_state(pid, tids[1]) == 'T' &&
		   btfix_state(pid, tids[2]) == 'T',
	   "and every thread is still stopped afterwards");
	bt_process_free(p);
	btfix_kill(pid);

	pid = start_stuck(worker, "spin", "1", lines);
	n = (unsigned)btfix_tids(pid, tids, 4);
	tids[n++] = 999999; /* no such task */
	p = unwind_in_child(pid, tids, n, 0);
	ok(p->threads[1].reason == NULL && bt_program_frame(&p->threads[1]) != NULL &&
		   strcmp(bt_program_frame(&p->threads[1])->symbol, "spin_here") == 0,
	   "a spinning thread is unwound in spin_here");
	ok(p->threads[2].reason != NULL && strcmp(p->threads[2].reason, "no such task") == 0,
	   "a tid that is not in the process: no such task");
	before = btfix_cputime(pid, tids[1]);
	while (gone++ < 100 && btfix_cputime(pid, tids[1]) <= before + 1)
		usleep(100000);
	ok(strchr("tT", btfix_state(pid, tids[1])) == NULL && gone < 100,
	   "the spinning thread runs on afterwards");
	bt_process_free(p);
	btfix_kill(pid);
}

/* The worker's path: a global, so a forked child that exits while it is
 * allocated does not count it as leaked (valgrind). */
static char *worker;

int main(void)
{
	const char *denied = unwind_available() ? btfix_ptrace_denied() : NULL;

	worker = btfix_worker("bt-stuck");
	if (!unwind_available()) {
		plan(2);
		test_unavailable(worker);
		free(worker);
		return 0;
	}
	if (denied != NULL)
		skip_all("%s", denied);
	plan(15);
	test_functions(worker);
	test_groups(worker);
	test_states(worker);
	free(worker);
	return 0;
}
