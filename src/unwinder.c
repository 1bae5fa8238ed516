/* unwinder: start the backtrace helper and talk to it without blocking;
 * see unwinder.h. The server itself is src/unwinder-server.c. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sys.h"
#include "unwinder.h"

#ifndef PR_SET_PTRACER
#define PR_SET_PTRACER 0x59616d61
#endif

/* One request in flight. */
struct pending {
	uint32_t id;
	pid_t pid;
	unsigned ntids, threads_total;
	pid_t tids[BT_MAX_THREADS]; /* as asked (none when ntids == 0) */
	struct bt_process *p;	    /* the answer, from its BEGIN on */
	bool got[BT_MAX_THREADS];   /* p->threads[i] was answered */
};

struct unwinder {
	int fd; /* our end of the socket */
	pid_t server;
	int pidfd; /* of the server, or -1 */
	bool gone; /* EOF or error: the server is gone */
	uint32_t last_id;
	struct pending *pend[UNWINDER_MAX_PENDING];
	unsigned npend;
	struct strbuf msg;  /* outgoing message */
	unsigned char *buf; /* incoming message, BT_MSG_MAX + 1 */
};

int unwinder_allow_tracer(pid_t server_pid)
{
	if (prctl(PR_SET_PTRACER, (unsigned long)server_pid, 0, 0, 0) == 0)
		return 0;
	return errno == EINVAL ? 0 : -errno; /* EINVAL: no Yama in this kernel */
}

int unwinder_start(struct unwinder **out)
{
	struct unwinder *u = calloc(1, sizeof(*u));
	pid_t parent = getpid();
	int sv[2];

	*out = NULL;
	if (u == NULL || (u->buf = malloc(BT_MSG_MAX + 1)) == NULL) {
		free(u);
		return -ENOMEM;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		free(u->buf);
		free(u);
		return -errno;
	}
	u->server = fork();
	if (u->server == 0) {
		close(sv[0]);
		unwinder_server_main(sv[1], parent);
	}
	close(sv[1]);
	if (u->server < 0) {
		close(sv[0]);
		free(u->buf);
		free(u);
		return -errno;
	}
	u->fd = sv[0];
	u->pidfd = sys_pidfd_open(u->server);
	if (u->pidfd < 0 || fcntl(u->fd, F_SETFL, O_NONBLOCK) < 0) {
		int e = u->pidfd < 0 ? u->pidfd : -errno;

		kill(u->server, SIGKILL); /* our child, not yet reaped: the pid is ours */
		waitpid(u->server, NULL, 0);
		u->pidfd = -1;
		unwinder_stop(u);
		return e;
	}
	sb_init(&u->msg);
	*out = u;
	return 0;
}

int unwinder_fd(const struct unwinder *u)
{
	return u->fd;
}

pid_t unwinder_server_pid(const struct unwinder *u)
{
	return u->server;
}

int unwinder_pidfd(const struct unwinder *u)
{
	return u->pidfd;
}

unsigned unwinder_pending(const struct unwinder *u)
{
	return u->npend;
}

/* Send u->msg without blocking. Returns 0, -EAGAIN or -EPIPE. */
static int send_msg(struct unwinder *u)
{
	if (u->msg.err)
		return u->msg.err;
	if (send(u->fd, u->msg.buf, u->msg.len, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)u->msg.len)
		return 0;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)
		return -EAGAIN;
	u->gone = true;
	return -EPIPE;
}

/* Fill a wire request from the arguments of unwinder_request. */
static void fill_request(struct bt_request *r, pid_t pid, const pid_t *tids, size_t ntids,
			 uint64_t deadline_ns, unsigned flags)
{
	memset(r, 0, sizeof(*r));
	r->pid = pid;
	r->flags = flags;
	r->deadline_ns = deadline_ns;
	r->ntids = ntids > BT_MAX_THREADS ? BT_MAX_THREADS : (unsigned)ntids;
	r->threads_total = ntids > UINT32_MAX ? UINT32_MAX : (unsigned)ntids;
	if (r->ntids > 0)
		memcpy(r->tids, tids, r->ntids * sizeof(*tids));
}

/* Remember request r as pending. Returns 0 or -ENOMEM. */
static int add_pending(struct unwinder *u, const struct bt_request *r)
{
	struct pending *pd = calloc(1, sizeof(*pd));

	if (pd == NULL)
		return -ENOMEM;
	pd->id = r->id;
	pd->pid = r->pid;
	pd->ntids = r->ntids;
	pd->threads_total = r->threads_total;
	memcpy(pd->tids, r->tids, r->ntids * sizeof(*r->tids));
	u->pend[u->npend++] = pd;
	return 0;
}

int unwinder_request(struct unwinder *u, pid_t pid, const pid_t *tids, size_t ntids,
		     uint64_t deadline_ns, unsigned flags, uint32_t *id)
{
	struct bt_request r;
	int e;

	if (pid <= 0 || (ntids > 0 && tids == NULL) || (flags & ~BT_FLAGS_ALL) != 0)
		return -EINVAL;
	if (u->gone)
		return -EPIPE;
	if (u->npend >= UNWINDER_MAX_PENDING)
		return -EBUSY;
	fill_request(&r, pid, tids, ntids, deadline_ns, flags);
	r.id = ++u->last_id != 0 ? u->last_id : ++u->last_id;
	e = bt_encode_request(&r, &u->msg);
	if (e == 0)
		e = send_msg(u);
	if (e == 0)
		e = add_pending(u, &r);
	if (e == 0)
		*id = r.id;
	return e;
}

/* Index of the pending request id, or -1. */
static int find_pending(const struct unwinder *u, uint32_t id)
{
	unsigned i;

	for (i = 0; i < u->npend; i++)
		if (u->pend[i]->id == id)
			return (int)i;
	return -1;
}

/* Take pending request k out of the list (order kept) and return it. */
static struct pending *take_pending(struct unwinder *u, unsigned k)
{
	struct pending *pd = u->pend[k];

	memmove(&u->pend[k], &u->pend[k + 1], (u->npend - k - 1) * sizeof(u->pend[0]));
	u->npend--;
	return pd;
}

/* Finish pd: every thread without an answer gets reason. Returns the
 * answer (pd is freed), or NULL when out of memory. */
static struct bt_process *finish(struct pending *pd, const char *reason)
{
	struct bt_process *p = pd->p;
	pid_t main_tid = pd->pid;
	unsigned i;

	if (p == NULL && pd->ntids > 0)
		p = bt_process_new(pd->id, pd->pid, pd->tids, pd->ntids, pd->threads_total);
	else if (p == NULL) /* every thread was asked for, none is known: the main one */
		p = bt_process_new(pd->id, pd->pid, &main_tid, 1, 1);
	for (i = 0; p != NULL && i < p->nthreads; i++)
		if (!pd->got[i] && bt_thread_set_reason(p, &p->threads[i], reason) < 0) {
			bt_process_free(p);
			p = NULL;
		}
	free(pd);
	return p;
}

/* Handle one message from the server; returns 1 with *done when it
 * completed an answer, else 0. Malformed or stray messages are dropped. */
static int handle_msg(struct unwinder *u, size_t len, struct bt_process **done)
{
	uint32_t type, id, index;
	struct pending *pd;
	int k;

	if (bt_msg_header(u->buf, len, &type, &id) < 0 || (k = find_pending(u, id)) < 0)
		return 0;
	pd = u->pend[k];
	if (type == BT_MSG_BEGIN && pd->p == NULL) {
		if (bt_decode_begin(u->buf, len, &pd->p) == 0 && pd->p->pid != pd->pid) {
			bt_process_free(pd->p);
			pd->p = NULL;
		}
	} else if (type == BT_MSG_THREAD && pd->p != NULL) {
		if (bt_decode_thread(u->buf, len, pd->p, &index) == 0)
			pd->got[index] = true;
	} else if (type == BT_MSG_END && bt_decode_end(u->buf, len) == 0) {
		*done = finish(take_pending(u, (unsigned)k), "no answer from the backtrace helper");
		return *done != NULL;
	}
	return 0;
}

int unwinder_on_readable(struct unwinder *u, struct bt_process **done)
{
	ssize_t n;

	*done = NULL;
	while (!u->gone) {
		n = recv(u->fd, u->buf, BT_MSG_MAX + 1, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n <= 0) {
			u->gone = true;
			break;
		}
		if (handle_msg(u, (size_t)n, done) == 1)
			return 1;
	}
	while (u->npend > 0) {
		*done = finish(take_pending(u, 0), UNWINDER_HELPER_GONE);
		if (*done != NULL)
			return 1;
	}
	return -EPIPE;
}

int unwinder_cancel(struct unwinder *u, uint32_t id, struct bt_process **partial)
{
	int k = find_pending(u, id);
	struct pending *pd;

	if (partial != NULL)
		*partial = NULL;
	if (k < 0)
		return -ENOENT;
	pd = take_pending(u, (unsigned)k);
	if (!u->gone && bt_encode_cancel(id, &u->msg) == 0)
		send_msg(u); /* best effort: a late answer is dropped anyway */
	if (partial != NULL) {
		*partial = finish(pd, BT_REASON_TIMEOUT);
		return 0;
	}
	bt_process_free(pd->p);
	free(pd);
	return 0;
}

void unwinder_stop(struct unwinder *u)
{
	siginfo_t si;

	if (u == NULL)
		return;
	close(u->fd);
	if (u->pidfd >= 0) {
		sys_pidfd_send_signal(u->pidfd, SIGKILL);
		sys_waitid(P_PIDFD, (id_t)u->pidfd, &si, WEXITED, NULL);
		close(u->pidfd);
	}
	while (u->npend > 0) {
		struct pending *pd = take_pending(u, 0);

		bt_process_free(pd->p);
		free(pd);
	}
	sb_free(&u->msg);
	free(u->buf);
	free(u);
}
