/* notify: --heartbeat, the notify protocol in the loop; see notify.h. */
#include <config.h>

#include "notify.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "clock.h"
#include "duration.h"
#include "msg.h"
#include "notifymsg.h"
#include "proc.h"
#include "procparse.h"
#include "stallwatch.h"
#include "supervisor.h"

#define NOTIFY_BURST 64      /* datagrams taken per wakeup: the loop goes on */
#define TREE_HOPS 64         /* parents walked from a sender to a worker */
#define PID_DIGITS 10        /* room for a pid in WATCHDOG_PID */

/* What one worker said, and its heartbeat deadline. */
struct notify_worker {
	struct stall_notify said; /* status owned here */
	uint64_t last_ns;         /* the last WATCHDOG=1, or the worker's start */
	uint64_t armed_ns;        /* the TIMER_HEARTBEAT entry queued, 0 none */
	bool fired;               /* a miss was reported: quiet until the next beat */
	bool started;
};

struct notify {
	int fd;
	char name[64];            /* the socket's address, '@' for the abstract namespace */
	struct notify_worker *w;  /* one per worker */
	unsigned n;
	uint64_t foreign, malformed;
};

/* Make the socket, bound at a fresh abstract address; fd or -errno. */
static int make_socket(struct notify *nt, uint64_t salt)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int one = 1, fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	size_t len;

	if (fd < 0)
		return -errno;
	snprintf(nt->name, sizeof(nt->name), "@stallsup/notify/%d/%llx", (int)getpid(),
		 (unsigned long long)salt);
	len = strlen(nt->name);
	memcpy(sa.sun_path, nt->name, len);
	sa.sun_path[0] = '\0';
	if (bind(fd, (struct sockaddr *)&sa, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

int notify_init(struct supervisor *sv, struct strbuf *err)
{
	const struct options *o = sv->opt;
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = EV_TAG(EV_NOTIFY, 0) };
	struct notify *nt;

	if (o->heartbeat_ns == 0 || !(o->stall_on & (1u << STALL_HEARTBEAT)))
		return 0;
	nt = calloc(1, sizeof(*nt));
	if (nt == NULL || (nt->w = calloc(o->workers, sizeof(*nt->w))) == NULL) {
		free(nt);
		return -ENOMEM;
	}
	nt->n = o->workers;
	sv->notify = nt;
	nt->fd = make_socket(nt, clock_now());
	if (nt->fd < 0) {
		sb_printf(err, "cannot make the notify socket: %s", strerror(-nt->fd));
		return nt->fd;
	}
	if (epoll_ctl(sv->epfd, EPOLL_CTL_ADD, nt->fd, &ev) < 0) {
		sb_printf(err, "cannot watch the notify socket: %s", strerror(errno));
		return -errno;
	}
	for (unsigned i = 0; i < nt->n; i++)
		nt->w[i].said.period_ns = o->heartbeat_ns;
	return 0;
}

int notify_env(struct supervisor *sv, char **vars, size_t *n, char **pid_slot)
{
	struct notify *nt = sv->notify;
	uint64_t us = sv->opt->heartbeat_ns / 1000, ms = sv->opt->heartbeat_ns / 1000000;
	int r = 0;

	*pid_slot = NULL;
	if (nt == NULL)
		return 0;
	r |= asprintf(&vars[(*n)++], "NOTIFY_SOCKET=%s", nt->name) < 0;
	r |= asprintf(&vars[(*n)++], "WATCHDOG_USEC=%llu", (unsigned long long)(us ? us : 1)) < 0;
	r |= asprintf(&vars[(*n)++], "STALLSUP_HEARTBEAT_MS=%llu", (unsigned long long)ms) < 0;
	r |= asprintf(&vars[(*n)++], "WATCHDOG_PID=%*s", PID_DIGITS, "") < 0;
	if (r)
		return -ENOMEM;
	*pid_slot = vars[*n - 1] + strlen("WATCHDOG_PID=");
	return 0;
}

void notify_child_pid(char *slot, pid_t pid)
{
	char digits[PID_DIGITS];
	int k = 0;

	if (slot == NULL)
		return;
	do
		digits[k++] = (char)('0' + pid % 10);
	while ((pid /= 10) > 0 && k < PID_DIGITS);
	for (int i = 0; i < k; i++)
		slot[i] = digits[k - 1 - i];
	slot[k] = '\0';
}

/* Queue worker i's timer at when unless one is queued at or before it. */
static void arm(struct supervisor *sv, struct notify *nt, unsigned i, uint64_t when)
{
	struct notify_worker *nw = &nt->w[i];

	if (nw->armed_ns != 0 && nw->armed_ns <= when)
		return;
	if (timers_at(&sv->timers, when, TIMER_HEARTBEAT, i) < 0) {
		msg_say("worker %u: cannot arm its heartbeat timer: out of memory", i);
		return;
	}
	nw->armed_ns = when;
	timers_rearm(&sv->timers);
}

void notify_worker_started(struct supervisor *sv, struct worker *w)
{
	struct notify *nt = sv->notify;
	struct notify_worker *nw;

	if (nt == NULL || w->index >= nt->n || w->exec_errno)
		return;
	nw = &nt->w[w->index];
	nw->started = true;
	nw->last_ns = w->start_ns;
	arm(sv, nt, w->index, dur_add_sat(nw->last_ns, nw->said.period_ns));
}

/* Fire class heartbeat for worker i: forced by sender, else missed. */
static void fire(struct supervisor *sv, struct notify *nt, unsigned i, pid_t sender,
		 uint64_t now)
{
	struct notify_worker *nw = &nt->w[i];
	struct stall_trigger t = {
		.period_ns = nw->said.period_ns, .last_ns = nw->said.last_beat_ns,
		.count = nw->said.beats, .forced = sender > 0, .sender = sender,
	};

	nw->fired = true;
	stallwatch_trigger(sv, i, STALL_HEARTBEAT, &t, now - nw->last_ns);
}

void notify_timer(struct supervisor *sv, unsigned index, uint64_t when, uint64_t now)
{
	struct notify *nt = sv->notify;
	struct notify_worker *nw;
	uint64_t due;

	if (nt == NULL || index >= nt->n || nt->w[index].armed_ns != when)
		return; /* stale */
	nw = &nt->w[index];
	nw->armed_ns = 0;
	if (nw->said.period_ns == 0 || nw->said.stopping || sv->workers[index].exited)
		return;
	due = dur_add_sat(nw->last_ns, nw->said.period_ns);
	if (now < due)
		arm(sv, nt, index, due);
	else if (!nw->fired)
		fire(sv, nt, index, 0, now);
}

/* The worker whose tree holds pid: its parents walked up to a leader;
 * 0 and *index, or -ENOENT. */
static int tree_worker(struct supervisor *sv, int proc_fd, pid_t pid, unsigned *index)
{
	struct taskstat_info st;
	char rel[32], text[1024];
	ssize_t len;

	for (int hop = 0; hop < TREE_HOPS && pid > 1; hop++) {
		for (unsigned i = 0; i < sv->nworkers; i++) {
			if (sv->workers[i].pid == pid && !sv->workers[i].exited) {
				*index = i;
				return 0;
			}
		}
		snprintf(rel, sizeof(rel), "%d/stat", (int)pid);
		len = proc_read(proc_fd, rel, text, sizeof(text));
		if (len < 0 || taskstat_parse(text, (size_t)len, &st) < 0)
			return -ENOENT;
		pid = st.ppid;
	}
	return -ENOENT;
}

/* The worker whose cgroup holds pid; 0 and *index, or -ENOENT. */
static int cgroup_worker(struct supervisor *sv, int proc_fd, pid_t pid, unsigned *index)
{
	char rel[32], text[4096], *line;
	ssize_t len;

	if (sv->cg.dir_fd < 0)
		return -ENOENT;
	snprintf(rel, sizeof(rel), "%d/cgroup", (int)pid);
	len = proc_read(proc_fd, rel, text, sizeof(text));
	if (len <= 0)
		return -ENOENT;
	text[len < (ssize_t)sizeof(text) ? len : (ssize_t)sizeof(text) - 1] = '\0';
	line = strncmp(text, "0::", 3) == 0 ? text : strstr(text, "\n0::");
	if (line == NULL)
		return -ENOENT;
	line += line[0] == '\n' ? 4 : 3;
	line[strcspn(line, "\n")] = '\0';
	return notify_cgroup_worker(line, sv->cg.rel, index);
}

/* The worker of sender pid; 0 and *index, or -ENOENT (not one of ours). */
static int sender_worker(struct supervisor *sv, pid_t pid, unsigned *index)
{
	int proc_fd = proc_root_open(NULL), r;

	if (proc_fd < 0)
		return -ENOENT;
	r = cgroup_worker(sv, proc_fd, pid, index);
	if (r < 0)
		r = tree_worker(sv, proc_fd, pid, index);
	close(proc_fd);
	if (r == 0 && (*index >= sv->nworkers || !sv->notify || !((struct notify *)sv->notify)->w[*index].started))
		r = -ENOENT;
	return r;
}

/* Record STATUS= of m for nw (a copy, NUL-terminated). */
static void set_status(struct notify_worker *nw, const struct notify_msg *m, uint64_t now)
{
	char *s = malloc(m->status_len + 1);

	if (s == NULL)
		return; /* keeps the previous one */
	memcpy(s, m->status, m->status_len);
	s[m->status_len] = '\0';
	free(nw->said.status);
	nw->said.status = s;
	nw->said.status_ns = now;
}

/* Act on message m from sender pid of worker i. */
static void apply(struct supervisor *sv, struct notify *nt, unsigned i, pid_t pid,
		  const struct notify_msg *m, uint64_t now)
{
	struct notify_worker *nw = &nt->w[i];

	if (m->has & NOTIFY_STATUS)
		set_status(nw, m, now);
	if ((m->has & NOTIFY_READY) && !nw->said.ready) {
		nw->said.ready = true;
		nw->said.ready_ns = now;
	}
	if (m->has & NOTIFY_STOPPING)
		nw->said.stopping = true;
	if (m->has & NOTIFY_WATCHDOG_USEC)
		nw->said.period_ns = dur_mul_sat(m->watchdog_usec, 1000);
	if (m->has & NOTIFY_WATCHDOG) {
		nw->said.beats++;
		nw->said.last_beat_ns = now;
		nw->last_ns = now;
		nw->fired = false;
	}
	if ((m->has & NOTIFY_TRIGGER) && !nw->said.stopping)
		fire(sv, nt, i, pid, now);
	else if (nw->said.period_ns && !nw->said.stopping && !nw->fired)
		arm(sv, nt, i, dur_add_sat(nw->last_ns, nw->said.period_ns));
}

/* Close the fds a datagram carried (FDSTORE=1): we keep none. */
static void close_passed(struct msghdr *mh, pid_t *pid)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_SOCKET)
			continue;
		if (c->cmsg_type == SCM_CREDENTIALS && c->cmsg_len >= CMSG_LEN(sizeof(struct ucred))) {
			struct ucred cred;

			memcpy(&cred, CMSG_DATA(c), sizeof(cred));
			*pid = cred.pid;
		} else if (c->cmsg_type == SCM_RIGHTS) {
			size_t nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

			for (size_t k = 0; k < nfd; k++) {
				int fd;

				memcpy(&fd, CMSG_DATA(c) + k * sizeof(int), sizeof(fd));
				close(fd);
			}
		}
	}
}

/* Take one datagram; 1 when one was taken, 0 when none waits. */
static int take_one(struct supervisor *sv, struct notify *nt)
{
	char buf[NOTIFY_MSG_MAX + 1];
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(int) * 16)];
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &ctl,
			     .msg_controllen = sizeof(ctl) };
	struct notify_msg m = { 0 };
	pid_t pid = 0;
	unsigned index;
	ssize_t n = recvmsg(nt->fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC | MSG_TRUNC);

	if (n < 0)
		return errno == EINTR ? 1 : 0;
	close_passed(&mh, &pid);
	if (pid <= 0 || sender_worker(sv, pid, &index) < 0) {
		if (nt->foreign++ == 0)
			msg_say("notify: a datagram from pid %d, not of a worker, ignored (said once)",
				(int)pid);
		return 1;
	}
	if ((mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || (size_t)n > NOTIFY_MSG_MAX ||
	    notifymsg_parse(buf, (size_t)n, &m) < 0 || m.bad) {
		if (nt->malformed++ == 0)
			msg_say("worker %u: notify: a malformed message ignored (said once)", index);
		if (m.bad == 0)
			return 1; /* refused whole; with bad values, the rest still counts */
	}
	apply(sv, nt, index, pid, &m, clock_now());
	return 1;
}

void notify_readable(struct supervisor *sv)
{
	struct notify *nt = sv->notify;

	for (int k = 0; nt && k < NOTIFY_BURST; k++)
		if (take_one(sv, nt) == 0)
			break;
}

int notify_annotate(struct supervisor *sv, struct stall_event *ev)
{
	struct notify *nt = sv->notify;
	const struct stall_notify *said;

	if (nt == NULL || ev->worker >= nt->n)
		return 0;
	said = &nt->w[ev->worker].said;
	free(ev->notify.status);
	ev->notify = *said;
	ev->notify.on = true;
	ev->notify.status = NULL;
	if (said->status && (ev->notify.status = strdup(said->status)) == NULL)
		return -ENOMEM;
	return 0;
}

bool notify_ignored(const struct supervisor *sv, uint64_t *foreign, uint64_t *malformed)
{
	const struct notify *nt = sv->notify;

	*foreign = nt ? nt->foreign : 0;
	*malformed = nt ? nt->malformed : 0;
	return nt != NULL;
}

void notify_free(struct supervisor *sv)
{
	struct notify *nt = sv->notify;

	if (nt == NULL)
		return;
	if (nt->fd >= 0)
		close(nt->fd);
	for (unsigned i = 0; nt->w && i < nt->n; i++)
		free(nt->w[i].said.status);
	free(nt->w);
	free(nt);
	sv->notify = NULL;
}
