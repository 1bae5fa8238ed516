/* unwinder-server: the backtrace helper process; see unwinder.h.
 *
 * Each request becomes a job: resolve its tids, fork a child that unwinds
 * and sends one THREAD per tid, collect and check them until the child is
 * done or the deadline passes, SIGKILL and reap the child, fill in what is
 * missing, send the client BEGIN, every THREAD, END. Up to SERVER_JOBS jobs
 * run at once, never two on the same process (two tracers would refuse each
 * other); the other requests wait in a queue, in order. So a process that
 * cannot be stopped (a task in D) holds up its own request until its
 * deadline, not those of other processes. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"
#include "ptstop.h"
#include "signame.h"
#include "taskset.h"
#include "unwind.h"
#include "unwinder.h"

#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#define SERVER_QUEUE  UNWINDER_MAX_PENDING
#define SERVER_JOBS   UNWINDER_MAX_JOBS
#define SERVER_FD     3		    /* the socket to the client */
#define MARGIN_MAX_NS 1000000000ull /* deadline - attach deadline, at most */

/* A request being served. */
struct job {
	struct bt_request *req; /* owned; NULL: the slot is free */
	struct bt_process *p;	/* checked answers, filled in at the end */
	bool got[BT_MAX_THREADS];
	pid_t child;	 /* or -1 */
	int fd;		 /* from the child, or -1 */
	int start_err;	 /* -errno when the child could not start */
	bool child_done; /* EOF from the child */
	bool cancelled;	 /* the client cancelled it: no answer */
};

struct server {
	int sock;    /* to the client */
	int proc_fd; /* "/proc" */
	pid_t self;
	bool client_gone;
	struct bt_request *queue[SERVER_QUEUE]; /* waiting, in order */
	unsigned nqueue;
	struct job jobs[SERVER_JOBS];
	struct strbuf msg;
	unsigned char buf[BT_MSG_MAX + 1];
};

/* Set every signal to its default, but ignore those a terminal or a closed
 * socket would send us; unblock everything. */
static void reset_signals(void)
{
	static const int ignored[] = {SIGINT, SIGQUIT, SIGHUP, SIGTSTP, SIGTTIN, SIGTTOU, SIGPIPE};
	struct sigaction sa;
	sigset_t none;
	size_t i;
	int sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL); /* KILL, STOP and reserved ones fail: fine */
	sa.sa_handler = SIG_IGN;
	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		sigaction(ignored[i], &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Close every fd from first up (close_range, or /proc/self/fd). */
static void close_from(int first)
{
	struct dirent *e;
	DIR *d;
	int fd;

	if (syscall(SYS_close_range, (unsigned)first, ~0u, 0) == 0)
		return;
	d = opendir("/proc/self/fd");
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		fd = atoi(e->d_name);
		if (fd >= first && fd != dirfd(d))
			close(fd);
	}
	closedir(d);
}

/* Leave the server with /dev/null on 0-2, sock on SERVER_FD and nothing
 * else: the supervisor's stdout/stderr pipes, signalfd, epoll, cgroup and
 * worker fds are not ours to hold. Returns the socket's fd. */
static int setup_fds(int sock)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC), fd;

	if (sock < SERVER_FD)
		sock = fcntl(sock, F_DUPFD_CLOEXEC, SERVER_FD);
	if (null < 0 || sock < 0)
		_exit(1);
	for (fd = 0; fd < SERVER_FD; fd++)
		if (null != fd && dup2(null, fd) < 0)
			_exit(1);
	if (sock != SERVER_FD && dup3(sock, SERVER_FD, O_CLOEXEC) < 0)
		_exit(1);
	close_from(SERVER_FD + 1);
	return SERVER_FD;
}

/* Answer req at once, every thread with reason (defined below). */
static void answer_now(struct server *s, const struct bt_request *req, const char *reason);

/* Apply one message from the client. */
static void client_msg(struct server *s, size_t len)
{
	struct bt_request *req;
	uint32_t type, id;
	unsigned i;

	if (bt_msg_header(s->buf, len, &type, &id) < 0)
		return;
	if (type == BT_MSG_CANCEL && bt_decode_end(s->buf, len) == 0) {
		for (i = 0; i < SERVER_JOBS; i++)
			if (s->jobs[i].req != NULL && s->jobs[i].req->id == id)
				s->jobs[i].cancelled = true;
		for (i = 0; i < s->nqueue; i++)
			if (s->queue[i]->id == id) {
				free(s->queue[i]);
				memmove(&s->queue[i], &s->queue[i + 1],
					(s->nqueue - i - 1) * sizeof(s->queue[0]));
				s->nqueue--;
				break;
			}
		return;
	}
	req = malloc(sizeof(*req));
	if (type != BT_MSG_REQUEST || req == NULL || bt_decode_request(s->buf, len, req) < 0) {
		free(req);
		return;
	}
	if (s->nqueue < SERVER_QUEUE) {
		s->queue[s->nqueue++] = req;
		return;
	}
	answer_now(s, req, "backtrace helper busy");
	free(req);
}

/* Read every message the client has sent, without blocking. */
static void read_client(struct server *s)
{
	ssize_t n;

	while (!s->client_gone) {
		n = recv(s->sock, s->buf, sizeof(s->buf), MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			s->client_gone = true;
			return;
		}
		client_msg(s, (size_t)n);
	}
}

/* Send s->msg to the client (blocking: the client reads from its loop). */
static void send_client(struct server *s)
{
	ssize_t n;

	if (s->client_gone || s->msg.err)
		return;
	do
		n = send(s->sock, s->msg.buf, s->msg.len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)s->msg.len)
		s->client_gone = true;
}

/* Send the whole answer p: BEGIN, every THREAD, END. */
static void send_answer(struct server *s, const struct bt_process *p)
{
	unsigned i;

	if (bt_encode_begin(p, &s->msg) == 0)
		send_client(s);
	for (i = 0; i < p->nthreads; i++)
		if (bt_encode_thread(p->id, i, &p->threads[i], &s->msg) == 0)
			send_client(s);
	if (bt_encode_end(p->id, &s->msg) == 0)
		send_client(s);
}

/* Give every thread of p without an answer its comm, state and reason. */
static void fill_missing(struct server *s, struct bt_process *p, const bool *got,
			 const char *reason)
{
	unsigned i;

	for (i = 0; i < p->nthreads; i++) {
		if (got[i])
			continue;
		bt_thread_read_info(s->proc_fd, p->pid, &p->threads[i]);
		if (bt_thread_set_reason(p, &p->threads[i], reason) < 0)
			p->threads[i].reason = "out of memory";
	}
}

/* The tids a request is about: its own, or the first BT_MAX_THREADS of
 * "<pid>/task" (the main thread alone when that cannot be read). Returns
 * the answer to fill, or NULL when out of memory. */
static struct bt_process *resolve(struct server *s, const struct bt_request *req)
{
	struct taskset ts;
	pid_t tids[BT_MAX_THREADS];
	unsigned n = 0, total;
	struct bt_process *p;

	if (req->ntids > 0)
		return bt_process_new(req->id, req->pid, req->tids, req->ntids, req->threads_total);
	taskset_init(&ts);
	if (taskset_process(&ts, s->proc_fd, req->pid) == 0)
		for (; n < ts.n && n < BT_MAX_THREADS; n++)
			tids[n] = ts.ids[n].tid;
	total = ts.n > n ? (unsigned)ts.n : n;
	taskset_free(&ts);
	if (n == 0) {
		tids[n++] = req->pid;
		total = 1;
	}
	p = bt_process_new(req->id, req->pid, tids, n, total);
	return p;
}

static void answer_now(struct server *s, const struct bt_request *req, const char *reason)
{
	bool got[BT_MAX_THREADS] = {false};
	struct bt_process *p = resolve(s, req);

	if (p == NULL)
		return;
	fill_missing(s, p, got, reason);
	send_answer(s, p);
	bt_process_free(p);
}

/* What the child sends each answer through. */
struct child_ctx {
	int fd;
	uint32_t id;
	struct strbuf msg;
};

/* unwind_process callback in the child: send one THREAD to the server. */
static int child_send(size_t index, const struct bt_thread *t, void *arg)
{
	struct child_ctx *c = arg;
	int r = bt_encode_thread(c->id, (uint32_t)index, t, &c->msg);

	if (r < 0)
		return r;
	if (send(c->fd, c->msg.buf, c->msg.len, MSG_NOSIGNAL) != (ssize_t)c->msg.len)
		return -errno;
	return 0;
}

/* When the child stops waiting for tasks to stop: halfway to the deadline
 * (at most MARGIN_MAX_NS before it), so that the symbols of the threads it
 * did stop are looked up and sent before the server's SIGKILL. */
static uint64_t attach_deadline(uint64_t deadline_ns)
{
	uint64_t now = ptstop_now(), margin;

	if (deadline_ns <= now)
		return now;
	margin = (deadline_ns - now) / 2;
	return deadline_ns - (margin < MARGIN_MAX_NS ? margin : MARGIN_MAX_NS);
}

/* The unwinder child: unwind p's threads, send each, exit. */
static void child_main(struct server *s, const struct bt_request *req, const struct bt_process *p,
		       int fd) __attribute__((noreturn));
static void child_main(struct server *s, const struct bt_request *req, const struct bt_process *p,
		       int fd)
{
	struct child_ctx c = {fd, req->id, STRBUF_INIT};
	struct unwind_opts o;
	pid_t tids[BT_MAX_THREADS];
	unsigned i;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != s->self)
		_exit(1);
	prctl(PR_SET_NAME, "stallsup-unwind");
	close(s->sock);
	for (i = 0; i < SERVER_JOBS; i++)
		if (s->jobs[i].req != NULL && s->jobs[i].fd >= 0)
			close(s->jobs[i].fd); /* the other jobs' sockets */
	for (i = 0; i < p->nthreads; i++)
		tids[i] = p->threads[i].tid;
	o.proc_fd = s->proc_fd;
	o.attach_deadline_ns = attach_deadline(req->deadline_ns);
	o.no_source = (req->flags & BT_FLAG_NO_SOURCE) != 0;
	_exit(unwind_process(p->pid, tids, p->nthreads, &o, child_send, &c, NULL) < 0);
}

/* Fork the unwinder child of job j. Returns 0 or -errno. */
static int start_child(struct server *s, struct job *j)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	j->child = fork();
	if (j->child == 0) {
		close(sv[0]);
		child_main(s, j->req, j->p, sv[1]);
	}
	close(sv[1]);
	if (j->child < 0) {
		close(sv[0]);
		return -errno;
	}
	j->fd = sv[0];
	return 0;
}

/* Read what the child sent; keep each THREAD that checks out. */
static void read_child(struct server *s, struct job *j)
{
	uint32_t index;
	ssize_t n;

	for (;;) {
		n = recv(j->fd, s->buf, sizeof(s->buf), MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			j->child_done = true;
			return;
		}
		if (bt_decode_thread(s->buf, (size_t)n, j->p, &index) == 0)
			j->got[index] = true;
	}
}

/* SIGKILL and reap the child; return the reason for threads it did not
 * answer. */
static const char *end_child(struct job *j, char *buf, size_t size)
{
	const char *name;
	int status = 0;

	if (j->child <= 0 && j->start_err < 0) {
		snprintf(buf, size, "cannot start the unwinder: %s", strerror(-j->start_err));
		return buf;
	}
	if (j->child <= 0)
		return BT_REASON_TIMEOUT; /* the deadline had passed already */
	kill(j->child, SIGKILL);
	while (waitpid(j->child, &status, 0) < 0 && errno == EINTR)
		;
	close(j->fd);
	if (!j->child_done || (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL))
		return BT_REASON_TIMEOUT;
	if (WIFSIGNALED(status)) {
		name = signame_name(WTERMSIG(status));
		snprintf(buf, size, "unwinder crashed (SIG%s)", name != NULL ? name : "?");
		return buf;
	}
	return "no answer from the unwinder";
}

/* True when a job runs on process pid. */
static bool pid_busy(const struct server *s, pid_t pid)
{
	for (unsigned i = 0; i < SERVER_JOBS; i++)
		if (s->jobs[i].req != NULL && s->jobs[i].req->pid == pid)
			return true;
	return false;
}

/* Start serving req (taken over) in the free slot j: resolve its tids and
 * fork its child, unless its deadline has passed. */
static void start_job(struct server *s, struct job *j, struct bt_request *req)
{
	memset(j, 0, sizeof(*j));
	j->child = -1;
	j->fd = -1;
	j->p = resolve(s, req);
	if (j->p == NULL) {
		free(req); /* out of memory: the client's own deadline answers it */
		return;
	}
	j->req = req;
	if (ptstop_now() < req->deadline_ns)
		j->start_err = start_child(s, j);
}

/* Move queued requests into free job slots, in order, skipping those whose
 * process a job already works on. */
static void start_jobs(struct server *s)
{
	unsigned q = 0, k;

	while (q < s->nqueue) {
		for (k = 0; k < SERVER_JOBS && s->jobs[k].req != NULL; k++)
			;
		if (k == SERVER_JOBS)
			return;
		if (pid_busy(s, s->queue[q]->pid)) {
			q++;
			continue;
		}
		struct bt_request *req = s->queue[q];

		memmove(&s->queue[q], &s->queue[q + 1], (s->nqueue - q - 1) * sizeof(s->queue[0]));
		s->nqueue--;
		start_job(s, &s->jobs[k], req);
	}
}

/* True when job j is over: its child is done, its deadline passed, or it
 * was cancelled. */
static bool job_over(const struct server *s, const struct job *j, uint64_t now)
{
	return j->child <= 0 || j->child_done || j->cancelled || s->client_gone ||
	       now >= j->req->deadline_ns;
}

/* End job j: reap its child, send the answer (unless cancelled), free the slot. */
static void finish_job(struct server *s, struct job *j)
{
	char why[128];
	const char *reason = end_child(j, why, sizeof(why));

	if (!j->cancelled && !s->client_gone) {
		fill_missing(s, j->p, j->got, reason);
		send_answer(s, j->p);
	}
	bt_process_free(j->p);
	free(j->req);
	j->req = NULL;
}

/* Milliseconds to poll for a wait of ns (rounded up, at most a second). */
static int poll_ms(uint64_t ns)
{
	uint64_t ms = (ns + 999999) / 1000000;

	return ms < 1000 ? (int)ms : 1000;
}

/* Wait for a client message, a child's answers or the first job deadline;
 * read what came. */
static void wait_events(struct server *s)
{
	struct pollfd pfd[1 + SERVER_JOBS];
	struct job *of[1 + SERVER_JOBS];
	uint64_t now = ptstop_now(), first = UINT64_MAX;
	nfds_t n = 1;
	int timeout;

	pfd[0] = (struct pollfd){s->sock, POLLIN, 0};
	for (unsigned i = 0; i < SERVER_JOBS; i++) {
		struct job *j = &s->jobs[i];

		if (j->req == NULL || j->fd < 0)
			continue;
		if (j->req->deadline_ns < first)
			first = j->req->deadline_ns;
		of[n] = j;
		pfd[n++] = (struct pollfd){j->fd, POLLIN, 0};
	}
	timeout = first == UINT64_MAX ? -1 : first <= now ? 0 : poll_ms(first - now);
	if (poll(pfd, n, timeout) <= 0)
		return;
	for (nfds_t i = 1; i < n; i++)
		if (pfd[i].revents)
			read_child(s, of[i]);
}

/* Become the server: die with the parent, drop its fds and signals. */
static void setup_process(struct server *s, int sock, pid_t parent)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(0); /* the supervisor is already gone */
	prctl(PR_SET_NAME, "stallsup-bt");
	reset_signals();
	s->sock = setup_fds(sock);
	s->self = getpid();
	/* libdw would ask debuginfod servers over the network for missing
	 * debug info when this is set: never from here. */
	unsetenv("DEBUGINFOD_URLS");
	s->proc_fd = proc_root_open(NULL);
	sb_init(&s->msg);
}

/* Finish every job that is over; returns how many. */
static unsigned finish_jobs(struct server *s)
{
	uint64_t now = ptstop_now();
	unsigned n = 0;

	for (unsigned i = 0; i < SERVER_JOBS; i++)
		if (s->jobs[i].req != NULL && job_over(s, &s->jobs[i], now)) {
			finish_job(s, &s->jobs[i]);
			n++;
		}
	return n;
}

void unwinder_server_main(int sock, pid_t parent)
{
	static struct server s; /* this process's one server; buf is large */

	setup_process(&s, sock, parent);
	for (;;) {
		read_client(&s);
		if (s.client_gone)
			break;
		start_jobs(&s);
		if (finish_jobs(&s) == 0)
			wait_events(&s);
	}
	finish_jobs(&s); /* reap the children: the kernel detaches what they held */
	_exit(0);
}
