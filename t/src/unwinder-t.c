/* Tests for src/unwinder.c and src/unwinder-server.c: the helper process
 * and its non-blocking client, against live workers.
 *
 * Every wait is bounded (BTFIX_WAIT_S, alarm) so a hang fails the test;
 * nothing asserts a duration. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic.h"
#include "btfix.h"
#include "btrender.h"
#include "ptstop.h"
#include "sys.h"
#include "unwind.h"
#include "unwinder.h"

#define SEC 1000000000ull

/* Wait (bounded) for the next complete answer of u. */
static struct bt_process *await(struct unwinder *u)
{
	struct pollfd pfd = {unwinder_fd(u), POLLIN, 0};
	struct bt_process *p;
	int i, r;

	for (i = 0; i < BTFIX_WAIT_S * 10; i++) {
		r = unwinder_on_readable(u, &p);
		if (r == 1)
			return p;
		if (r < 0)
			bail("on_readable: %s", strerror(-r));
		poll(&pfd, 1, 100);
	}
	bail("no answer from the helper");
}

/* Request every thread of pid (deadline in seconds from now) and wait. */
static struct bt_process *backtrace_of(struct unwinder *u, pid_t pid, double secs)
{
	uint32_t id;
	int r = unwinder_request(u, pid, NULL, 0, ptstop_now() + (uint64_t)(secs * SEC), 0, &id);

	if (r < 0)
		bail("request: %s", strerror(-r));
	return await(u);
}

/* Start bt-stuck MODE N; lines gets its line numbers. */
static pid_t start_stuck(char *worker, char *mode, char *n, int lines[3])
{
	char *argv[] = {worker, mode, n, NULL}, line[128];
	pid_t pid = btfix_spawn(argv, 1, line, sizeof(line));

	if (sscanf(line, "ready %d %d %d", &lines[0], &lines[1], &lines[2]) != 3)
		bail("bad ready line \"%s\"", line);
	return pid;
}

/* The pid of the first child of pid's main thread, or 0. */
static pid_t first_child(pid_t pid)
{
	char path[64];
	FILE *f;
	int child = 0;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
	f = fopen(path, "r");
	if (f != NULL) {
		if (fscanf(f, "%d", &child) != 1)
			child = 0;
		fclose(f);
	}
	return child;
}

/* True when the server holds only /dev/null on 0-2, its socket and /proc. */
static int server_fds_ok(pid_t server)
{
	char path[64], target[PATH_MAX];
	int fd, n = 0, good = 1;
	ssize_t len;

	for (fd = 0; fd < 1024; fd++) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)server, fd);
		len = readlink(path, target, sizeof(target) - 1);
		if (len < 0)
			continue;
		target[len] = '\0';
		n++;
		if (fd < 3)
			good &= strcmp(target, "/dev/null") == 0;
		else if (fd == 3)
			good &= strncmp(target, "socket:", 7) == 0;
		else if (fd == 4)
			good &= strcmp(target, "/proc") == 0;
		else
			good = 0;
	}
	if (!good || n != 5)
		diag("server fds: %d open", n);
	return good && n == 5;
}

static void test_setup(struct unwinder *u)
{
	struct bt_process *p = NULL;
	pid_t server = unwinder_server_pid(u);

	ok(server > 0 && unwinder_pidfd(u) >= 0, "the server runs (pid %d)", (int)server);
	ok((fcntl(unwinder_fd(u), F_GETFL) & O_NONBLOCK) != 0 &&
		   (fcntl(unwinder_fd(u), F_GETFD) & FD_CLOEXEC) != 0,
	   "the client socket is non-blocking and close-on-exec");
	alarm(BTFIX_WAIT_S);
	ok(unwinder_on_readable(u, &p) == 0 && p == NULL,
	   "with nothing sent, on_readable returns 0");
	alarm(0);
	btfix_wait_state(server, server, "S");
	ok(server_fds_ok(server),
	   "the server holds /dev/null on 0-2, its socket, /proc, nothing else");
	ok(unwinder_allow_tracer(server) == 0, "allow_tracer succeeds (or there is no Yama)");
	ok(unwinder_request(u, 0, NULL, 0, 0, 0, NULL) == -EINVAL, "pid 0 is refused");
	ok(unwinder_request(u, 1, NULL, 0, 0, 0x100, NULL) == -EINVAL, "unknown flags are refused");
}

static void test_unavailable(struct unwinder *u, char *worker)
{
	int lines[3];
	pid_t pid = start_stuck(worker, "sleep", "1", lines);
	struct bt_process *p = backtrace_of(u, pid, 5);

	ok(p->nthreads == 2 && p->threads[0].reason != NULL &&
		   strcmp(p->threads[0].reason, BT_REASON_UNAVAILABLE) == 0 &&
		   strcmp(p->threads[0].comm, "bt-stuck") == 0,
	   "without libdw: every thread says backtraces are unavailable");
	bt_process_free(p);
	btfix_kill(pid);
}

static void test_answer(struct unwinder *u, char *worker)
{
	int lines[3];
	pid_t pid = start_stuck(worker, "two", "2", lines);
	struct bt_process *p;
	struct bt_groups g;
	const struct bt_frame *f;

	btfix_wait_states(pid, "S");
	p = backtrace_of(u, pid, 10);
	ok(p->pid == pid && p->nthreads == 5 && p->threads_total == 5 && p->threads[0].tid == pid,
	   "all 5 threads asked for and answered, the main thread first");
	f = bt_program_frame(&p->threads[0]);
	ok(f != NULL && strcmp(f->symbol, "main_wait") == 0 && (int)f->line == lines[2],
	   "main thread: main_wait, line %d", lines[2]);
	ok(bt_group(p, &g) == 0 && g.n == 3 && g.start[1] == 1 && g.start[2] == 3 &&
		   g.start[3] == 5,
	   "groups of 1, 2 and 2");
	f = bt_program_frame(&p->threads[g.idx[1]]);
	ok(f != NULL && strcmp(f->symbol, "stuck_a") == 0 && (int)f->line == lines[0],
	   "second group: stuck_a, line %d", lines[0]);
	f = bt_program_frame(&p->threads[g.idx[3]]);
	ok(f != NULL && strcmp(f->symbol, "stuck_b") == 0 && (int)f->line == lines[1],
	   "third group: stuck_b, line %d", lines[1]);
	bt_groups_free(&g);
	bt_process_free(p);
	btfix_kill(pid);
}

static void test_stopped(struct unwinder *u, char *worker)
{
	int lines[3];
	pid_t pid = start_stuck(worker, "stop", "3", lines);
	struct bt_process *p;

	ok(btfix_wait_states(pid, "T"), "the worker stopped itself");
	p = backtrace_of(u, pid, 10);
	ok(p->nthreads == 4 && p->threads[1].reason == NULL && p->threads[1].nframes > 0,
	   "a stopped worker is unwound");
	ok(btfix_wait_states(pid, "T"), "and is still stopped afterwards");
	bt_process_free(p);
	btfix_kill(pid);
}

static void test_uninterruptible(struct unwinder *u, char *vfork_hang)
{
	char *argv[] = {vfork_hang, NULL};
	pid_t pid = btfix_spawn(argv, 0, NULL, 0), child;
	struct bt_process *p, *partial = NULL;
	uint32_t id;
	int st;

	ok(btfix_wait_state(pid, pid, "D"), "vfork-hang's parent is in D");
	p = backtrace_of(u, pid, 1);
	ok(p->nthreads == 1 && p->threads[0].reason != NULL &&
		   strcmp(p->threads[0].reason, BT_REASON_TIMEOUT) == 0 &&
		   p->threads[0].state == 'D',
	   "the request gives up: [unreadable: timed out attaching], state D");
	bt_process_free(p);
	ok(unwinder_request(u, pid, &pid, 1, ptstop_now() + 60 * SEC, 0, &id) == 0,
	   "a request with a long deadline");
	ok(unwinder_pending(u) == 1 && unwinder_cancel(u, id, &partial) == 0 && partial != NULL &&
		   unwinder_pending(u) == 0,
	   "is cancelled at once, without blocking");
	ok(partial != NULL && partial->nthreads == 1 && partial->threads[0].reason != NULL &&
		   strcmp(partial->threads[0].reason, BT_REASON_TIMEOUT) == 0,
	   "the partial answer says timed out");
	bt_process_free(partial);
	ok(unwinder_cancel(u, id, NULL) == -ENOENT, "a second cancel: no such request");
	child = first_child(pid);
	if (child > 0)
		kill(child, SIGKILL);
	st = btfix_wait_exit(pid);
	ok(child > 0 && st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "out of D, the worker runs on and exits 0: nothing left it stopped");
}

static void test_partial(struct unwinder *u, char *worker)
{
	int lines[3];
	pid_t pid = start_stuck(worker, "vfork", "2", lines), child;
	struct bt_process *p;
	const struct bt_frame *f;

	ok(btfix_wait_state(pid, pid, "D"), "the main thread waits in D under vfork");
	p = backtrace_of(u, pid, 2);
	ok(p->nthreads == 3 && p->threads[0].reason != NULL &&
		   strcmp(p->threads[0].reason, BT_REASON_TIMEOUT) == 0,
	   "the main thread: timed out attaching");
	f = p->nthreads == 3 ? bt_program_frame(&p->threads[2]) : NULL;
	ok(p->nthreads == 3 && p->threads[1].reason == NULL && f != NULL &&
		   strcmp(f->symbol, "stuck_a") == 0,
	   "the other threads are answered with their frames");
	bt_process_free(p);
	child = first_child(pid);
	if (child > 0)
		kill(child, SIGKILL);
	ok(child > 0 && btfix_wait_states(pid, "S"),
	   "once the vfork ends, every thread sleeps in pause(): none was left stopped");
	btfix_kill(pid);
}

/* A process that cannot be stopped holds up its own request only: a request
 * about another process, made after it, is answered first, in full. */
static void test_concurrent(struct unwinder *u, char *worker, char *vfork_hang)
{
	char *argv[] = {vfork_hang, NULL};
	pid_t hung = btfix_spawn(argv, 0, NULL, 0), child;
	int lines[3];
	pid_t pid = start_stuck(worker, "sleep", "1", lines);
	struct bt_process *p;
	uint32_t id_hung = 0, id = 0;

	ok(btfix_wait_state(hung, hung, "D"), "concurrent: a process waits in D");
	ok(unwinder_request(u, hung, NULL, 0, ptstop_now() + 20 * SEC, 0, &id_hung) == 0 &&
		   unwinder_request(u, pid, NULL, 0, ptstop_now() + 20 * SEC, 0, &id) == 0,
	   "concurrent: a request about it, then one about a sleeping process");
	p = await(u);
	ok(p->id == id && p->nthreads == 2 && p->threads[0].reason == NULL &&
		   p->threads[1].reason == NULL,
	   "concurrent: the second is answered first, every thread with its frames");
	bt_process_free(p);
	ok(unwinder_pending(u) == 1 && unwinder_cancel(u, id_hung, NULL) == 0,
	   "concurrent: the first is still pending, and is cancelled");
	btfix_kill(pid);
	child = first_child(hung);
	if (child > 0)
		kill(child, SIGKILL);
	ok(child > 0 && btfix_wait_exit(hung) == 0,
	   "concurrent: the process in D was not left stopped");
}

static void test_busy(struct unwinder *u, char *worker)
{
	int lines[3], i, sent = 0, answered = 0;
	pid_t pid = start_stuck(worker, "sleep", "1", lines);
	struct bt_process *p;
	uint32_t id;

	for (i = 0; i < UNWINDER_MAX_PENDING; i++)
		sent += unwinder_request(u, pid, NULL, 0, ptstop_now() + 30 * SEC,
					 BT_FLAG_NO_SOURCE, &id) == 0;
	is_int(UNWINDER_MAX_PENDING, sent, "%d requests in flight", UNWINDER_MAX_PENDING);
	ok(unwinder_request(u, pid, NULL, 0, ptstop_now() + 30 * SEC, 0, &id) == -EBUSY,
	   "one more is refused: busy");
	for (i = 0; i < UNWINDER_MAX_PENDING; i++) {
		p = await(u);
		answered += p->nthreads == 2 && p->threads[1].reason == NULL;
		bt_process_free(p);
	}
	is_int(UNWINDER_MAX_PENDING, answered, "every one is answered, in turn");
	btfix_kill(pid);
}

static void test_helper_gone(char *vfork_hang)
{
	char *argv[] = {vfork_hang, NULL};
	pid_t pid = btfix_spawn(argv, 0, NULL, 0), child;
	struct unwinder *u;
	struct bt_process *p;
	uint32_t id;

	btfix_wait_state(pid, pid, "D");
	if (unwinder_start(&u) < 0)
		bail("unwinder_start");
	unwinder_request(u, pid, NULL, 0, ptstop_now() + 60 * SEC, 0, &id);
	sys_pidfd_send_signal(unwinder_pidfd(u), SIGKILL);
	p = await(u);
	ok(p->nthreads == 1 && p->threads[0].reason != NULL &&
		   strcmp(p->threads[0].reason, UNWINDER_HELPER_GONE) == 0,
	   "a pending request is answered: backtrace helper exited");
	bt_process_free(p);
	ok(unwinder_on_readable(u, &p) == -EPIPE, "then on_readable says the helper is gone");
	ok(unwinder_request(u, pid, NULL, 0, ptstop_now() + SEC, 0, &id) == -EPIPE,
	   "and requests fail with EPIPE");
	unwinder_stop(u);
	child = first_child(pid);
	if (child > 0)
		kill(child, SIGKILL);
	ok(child > 0 && btfix_wait_exit(pid) == 0, "the target was not left stopped");
}

/* In a child: start a helper, report its pid on fd, then either exit at
 * once (the helper must die with us) or close our socket end and report
 * whether the helper exits on EOF. */
static void parent_process(int fd, int close_only)
{
	struct unwinder *u;
	pid_t server;
	struct pollfd pfd;

	if (unwinder_start(&u) < 0)
		_exit(2);
	server = unwinder_server_pid(u);
	if (write(fd, &server, sizeof(server)) != sizeof(server))
		_exit(2);
	if (!close_only)
		_exit(0);
	close(unwinder_fd(u));
	pfd.fd = unwinder_pidfd(u);
	pfd.events = POLLIN;
	_exit(poll(&pfd, 1, BTFIX_WAIT_S * 1000) == 1 ? 0 : 1);
}

/* Run parent_process in a child; return the helper's pid and the child's
 * exit status. */
static pid_t helper_of_child(int close_only, int *status)
{
	pid_t child, server = 0;
	int p[2];

	if (pipe(p) < 0)
		sysbail("pipe");
	child = fork();
	if (child == 0) {
		close(p[0]);
		parent_process(p[1], close_only);
	}
	close(p[1]);
	if (read(p[0], &server, sizeof(server)) != sizeof(server))
		server = 0;
	close(p[0]);
	*status = btfix_wait_exit(child);
	return server;
}

static void test_lifetime(void)
{
	int st, i;
	pid_t server = helper_of_child(1, &st);

	ok(server > 0 && st == 0, "the helper exits when its socket is closed");
	server = helper_of_child(0, &st);
	for (i = 0; server > 0 && i < BTFIX_WAIT_S * 50 && btfix_state(server, server) != '\0' &&
		    btfix_state(server, server) != 'Z';
	     i++)
		usleep(20000);
	ok(server > 0 && st == 0 &&
		   (btfix_state(server, server) == '\0' || btfix_state(server, server) == 'Z'),
	   "the helper dies with the process that started it");
}

static void test_denied(char *worker)
{
	int lines[3], p[2], st;
	pid_t pid, child;
	char reason[256] = "";
	ssize_t n;

	if (geteuid() != 0) {
		skip(1, "needs root to run the helper as another user");
		return;
	}
	pid = start_stuck(worker, "sleep", "1", lines);
	if (pipe(p) < 0)
		sysbail("pipe");
	child = fork();
	if (child == 0) {
		struct unwinder *u;
		struct bt_process *bt;

		close(p[0]);
		if (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0 ||
		    unwinder_start(&u) < 0)
			_exit(1);
		bt = backtrace_of(u, pid, 10);
		n = bt->threads[0].reason != NULL ? (ssize_t)strlen(bt->threads[0].reason) : 0;
		if (write(p[1], bt->threads[0].reason ? bt->threads[0].reason : "", (size_t)n) != n)
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	n = read(p[0], reason, sizeof(reason) - 1);
	reason[n > 0 ? n : 0] = '\0';
	close(p[0]);
	st = btfix_wait_exit(child);
	ok(st == 0 && strncmp(reason, "ptrace not permitted", 20) == 0,
	   "as another user: [unreadable: %s]", reason);
	btfix_kill(pid);
}

int main(void)
{
	char *worker = btfix_worker("bt-stuck"), *vfork_hang = btfix_worker("vfork-hang");
	const char *denied = btfix_ptrace_denied();
	struct unwinder *u;

	if (unwinder_start(&u) < 0)
		bail("unwinder_start failed");
	if (!unwind_available()) {
		plan(8);
		test_setup(u);
		test_unavailable(u, worker);
		unwinder_stop(u);
		return 0;
	}
	if (denied != NULL) {
		unwinder_stop(u);
		skip_all("%s", denied);
	}
	plan(41);
	test_setup(u);
	test_answer(u, worker);
	test_stopped(u, worker);
	test_uninterruptible(u, vfork_hang);
	test_partial(u, worker);
	test_concurrent(u, worker, vfork_hang);
	test_busy(u, worker);
	unwinder_stop(u);
	test_helper_gone(vfork_hang);
	test_lifetime();
	test_denied(worker);
	free(worker);
	free(vfork_hang);
	return 0;
}
