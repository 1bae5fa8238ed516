/* block-in MODE [ARG]: block one thread forever in the system call MODE
 * names, after printing "ready TID" (TID: the thread that will block) on
 * stdout. Used by t/data/syscall/capture.sh and t/lib/syscall-live-t.c to see
 * real /proc/<tid>/syscall lines. Helper processes die with their parent
 * (PR_SET_PDEATHSIG); nothing is left behind when the caller kills this
 * process. "block-in list" prints the modes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LONG_WAIT 100000 /* seconds: "forever" for a timed wait */

static uint32_t futex_word;
static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER, m2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t barrier;
static pid_t owner_tid;

/* Announce the calling thread as the one about to block. */
static void ready(void)
{
	printf("ready %ld\n", (long)syscall(SYS_gettid));
	fflush(stdout);
}

/* Exit with a message: the setup failed. */
static void die(const char *what)
{
	fprintf(stderr, "block-in: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* A timespec LONG_WAIT seconds from now on clock, or relative when clock < 0. */
static struct timespec far(clockid_t clock, int relative)
{
	struct timespec ts = { LONG_WAIT, 0 };

	if (!relative) {
		clock_gettime(clock, &ts);
		ts.tv_sec += LONG_WAIT;
	}
	return ts;
}

/* Fork a child that pauses until this process dies; returns its pid. */
static pid_t paused_child(void (*setup)(void))
{
	pid_t parent = getpid(), pid = fork();

	if (pid < 0)
		die("fork");
	if (pid > 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	if (setup)
		setup();
	kill(parent, SIGUSR1);
	for (;;)
		pause();
}

/* Wait for SIGUSR1 from a child (its setup is done). */
static void wait_child_setup(void)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigwait(&set, &sig);
}

/* Raw futex call. */
static long futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, uaddr, op, val, ts, NULL, FUTEX_BITSET_MATCH_ANY);
}

static void m_futex_wait(void)
{
	ready();
	futex(&futex_word, FUTEX_WAIT_PRIVATE, 0, NULL);
}

static void m_futex_wait_timed(void)
{
	struct timespec ts = far(CLOCK_MONOTONIC, 1);

	ready();
	futex(&futex_word, FUTEX_WAIT_PRIVATE, 0, &ts);
}

static void m_futex_bitset(void)
{
	ready();
	futex(&futex_word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, NULL);
}

static void m_futex_bitset_timed(void)
{
	struct timespec ts = far(CLOCK_MONOTONIC, 0);

	ready();
	futex(&futex_word, FUTEX_WAIT_BITSET_PRIVATE, 0, &ts);
}

/* The owner of a PI futex: it takes the lock and keeps it. */
static void *pi_owner(void *arg)
{
	(void)arg;
	owner_tid = (pid_t)syscall(SYS_gettid);
	futex_word = (uint32_t)owner_tid;
	pthread_barrier_wait(&barrier);
	for (;;)
		pause();
	return NULL;
}

static void m_futex_lock_pi(void)
{
	pthread_t t;

	pthread_barrier_init(&barrier, NULL, 2);
	if (pthread_create(&t, NULL, pi_owner, NULL) != 0)
		die("pthread_create");
	pthread_barrier_wait(&barrier);
	ready();
	futex(&futex_word, FUTEX_LOCK_PI_PRIVATE, 0, NULL);
}

#ifdef SYS_futex_waitv
/* futex_waitv on one word, with or without a timeout. */
static void futex_waitv_one(int timed)
{
	struct futex_waitv w = { 0, (uintptr_t)&futex_word, FUTEX_32 | FUTEX_PRIVATE_FLAG, 0 };
	struct timespec ts = far(CLOCK_MONOTONIC, 0);

	ready();
	syscall(SYS_futex_waitv, &w, 1, 0, timed ? &ts : NULL, CLOCK_MONOTONIC);
}

static void m_futex_waitv(void)
{
	futex_waitv_one(0);
}

static void m_futex_waitv_timed(void)
{
	futex_waitv_one(1);
}
#endif

static void m_cond_wait(void)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;

	pthread_mutex_lock(&m1);
	ready();
	pthread_cond_wait(&c, &m1);
}

static void m_cond_timedwait(void)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec ts = far(CLOCK_REALTIME, 0);

	pthread_mutex_lock(&m1);
	ready();
	pthread_cond_timedwait(&c, &m1, &ts);
}

/* One side of an ABBA deadlock: lock first, meet the other, lock second. */
static void *abba(void *arg)
{
	pthread_mutex_t *first = arg ? &m2 : &m1, *second = arg ? &m1 : &m2;

	pthread_mutex_lock(first);
	pthread_barrier_wait(&barrier);
	ready();
	pthread_mutex_lock(second);
	return NULL;
}

static void m_mutex_deadlock(void)
{
	pthread_t t;

	pthread_barrier_init(&barrier, NULL, 2);
	if (pthread_create(&t, NULL, abba, (void *)1) != 0)
		die("pthread_create");
	abba(NULL);
}

static void m_nanosleep(void)
{
	struct timespec ts = far(CLOCK_MONOTONIC, 1);

	ready();
	syscall(SYS_nanosleep, &ts, NULL);
}

static void m_clock_nanosleep(void)
{
	struct timespec ts = far(CLOCK_MONOTONIC, 0);

	ready();
	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

static void m_sleep(void)
{
	ready();
	sleep(LONG_WAIT);
}

/* Return the read end of a pipe nobody writes to. */
static int idle_pipe(void)
{
	int p[2];

	if (pipe(p) < 0)
		die("pipe");
	return p[0];
}

static void m_poll_inf(void)
{
	struct pollfd pfd = { idle_pipe(), POLLIN, 0 };

	ready();
	poll(&pfd, 1, -1);
}

static void m_poll_timed(void)
{
	struct pollfd pfd = { idle_pipe(), POLLIN, 0 };

	ready();
	poll(&pfd, 1, LONG_WAIT * 1000);
}

static void m_ppoll_inf(void)
{
	struct pollfd pfd = { idle_pipe(), POLLIN, 0 };

	ready();
	ppoll(&pfd, 1, NULL, NULL);
}

static void m_ppoll_timed(void)
{
	struct pollfd pfd = { idle_pipe(), POLLIN, 0 };
	struct timespec ts = far(CLOCK_MONOTONIC, 1);

	ready();
	ppoll(&pfd, 1, &ts, NULL);
}

/* select or pselect on an idle pipe, with or without a timeout. */
static void select_on_pipe(int use_pselect, int timed)
{
	int fd = idle_pipe();
	struct timeval tv = { LONG_WAIT, 0 };
	struct timespec ts = far(CLOCK_MONOTONIC, 1);
	fd_set set;

	FD_ZERO(&set);
	FD_SET(fd, &set);
	ready();
	if (use_pselect)
		pselect(fd + 1, &set, NULL, NULL, timed ? &ts : NULL, NULL);
	else
		select(fd + 1, &set, NULL, NULL, timed ? &tv : NULL);
}

static void m_select_inf(void)
{
	select_on_pipe(0, 0);
}

static void m_select_timed(void)
{
	select_on_pipe(0, 1);
}

static void m_pselect_inf(void)
{
	select_on_pipe(1, 0);
}

static void m_pselect_timed(void)
{
	select_on_pipe(1, 1);
}

/* Return an epoll fd watching an idle pipe. */
static int idle_epoll(void)
{
	struct epoll_event ev = { EPOLLIN, { 0 } };
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, idle_pipe(), &ev) < 0)
		die("epoll");
	return ep;
}

static void m_epoll_inf(void)
{
	struct epoll_event ev;
	int ep = idle_epoll();

	ready();
	epoll_wait(ep, &ev, 1, -1);
}

static void m_epoll_timed(void)
{
	struct epoll_event ev;
	int ep = idle_epoll();

	ready();
	epoll_wait(ep, &ev, 1, LONG_WAIT * 1000);
}

static void m_epoll_pwait_inf(void)
{
	struct epoll_event ev;
	sigset_t set;
	int ep = idle_epoll();

	sigemptyset(&set);
	ready();
	epoll_pwait(ep, &ev, 1, -1, &set);
}

#ifdef SYS_epoll_pwait2
/* epoll_pwait2 with or without a timeout. */
static void epoll_pwait2_one(int timed)
{
	struct epoll_event ev;
	struct timespec ts = far(CLOCK_MONOTONIC, 1);
	int ep = idle_epoll();

	ready();
	syscall(SYS_epoll_pwait2, ep, &ev, 1, timed ? &ts : NULL, NULL, 8);
}

static void m_epoll_pwait2_inf(void)
{
	epoll_pwait2_one(0);
}

static void m_epoll_pwait2_timed(void)
{
	epoll_pwait2_one(1);
}
#endif

static void m_read_pipe(void)
{
	char c;
	int fd = idle_pipe();

	ready();
	if (read(fd, &c, 1) < 0)
		die("read");
}

static void m_write_pipe(void)
{
	static char buf[65536];
	int p[2];

	if (pipe(p) < 0)
		die("pipe");
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	while (write(p[1], buf, sizeof(buf)) > 0)
		;
	fcntl(p[1], F_SETFL, 0);
	ready();
	if (write(p[1], buf, sizeof(buf)) < 0)
		die("write");
}

/* Return one end of a connected AF_UNIX pair nobody sends to. */
static int idle_socket(int type)
{
	int sv[2];

	if (socketpair(AF_UNIX, type, 0, sv) < 0)
		die("socketpair");
	return sv[0];
}

static void m_recvfrom(void)
{
	char c;
	int fd = idle_socket(SOCK_DGRAM);

	ready();
	recv(fd, &c, 1, 0);
}

static void m_recvmsg(void)
{
	char c;
	struct iovec iov = { &c, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	int fd = idle_socket(SOCK_STREAM);

	ready();
	recvmsg(fd, &msg, 0);
}

/* accept (or accept4) on a loopback TCP socket nobody connects to. */
static void accept_on_loopback(int four)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr = { htonl(INADDR_LOOPBACK) } };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 1) < 0)
		die("listen");
	ready();
	if (four)
		accept4(fd, NULL, NULL, SOCK_CLOEXEC);
	else
		accept(fd, NULL, NULL);
}

static void m_accept(void)
{
	accept_on_loopback(0);
}

static void m_accept4(void)
{
	accept_on_loopback(1);
}

static void m_wait4(void)
{
	paused_child(NULL);
	ready();
	waitpid(-1, NULL, 0);
}

static void m_waitid(void)
{
	siginfo_t si;

	paused_child(NULL);
	ready();
	waitid(P_ALL, 0, &si, WEXITED);
}

static void m_pause(void)
{
	ready();
	pause();
}

static void m_sigsuspend(void)
{
	sigset_t set;

	sigfillset(&set);
	sigdelset(&set, SIGTERM);
	sigdelset(&set, SIGKILL);
	ready();
	sigsuspend(&set);
}

/* Block SIGUSR2 and wait for it, with or without a timeout. */
static void wait_usr2(int timed)
{
	struct timespec ts = far(CLOCK_MONOTONIC, 1);
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	ready();
	if (timed)
		sigtimedwait(&set, NULL, &ts);
	else
		sigwaitinfo(&set, NULL);
}

static void m_sigwaitinfo(void)
{
	wait_usr2(0);
}

static void m_sigtimedwait(void)
{
	wait_usr2(1);
}

/* Take an exclusive flock on our own executable (in a child). */
static void flock_exe(void)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || flock(fd, LOCK_EX) < 0)
		_exit(1);
}

static void m_flock(void)
{
	int fd;

	paused_child(flock_exe);
	wait_child_setup();
	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("open");
	ready();
	flock(fd, LOCK_EX);
}

static int lock_fd = -1;

/* Take a write lock on lock_fd (in a child). */
static void lock_memfd(void)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

	if (fcntl(lock_fd, F_SETLK, &fl) < 0)
		_exit(1);
}

static void m_fcntl_setlkw(void)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

	lock_fd = memfd_create("block-in", MFD_CLOEXEC);
	if (lock_fd < 0)
		die("memfd_create");
	paused_child(lock_memfd);
	wait_child_setup();
	ready();
	fcntl(lock_fd, F_SETLKW, &fl);
}

static void m_vfork(void)
{
	pid_t parent = getpid();

	ready();
	if (vfork() == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(0);
		for (;;)
			pause();
	}
}

static const char *fifo_path;

static void m_open_fifo(void)
{
	if (fifo_path == NULL) {
		fprintf(stderr, "block-in: open-fifo needs a FIFO path\n");
		exit(2);
	}
	ready();
	open(fifo_path, O_RDONLY | O_CLOEXEC);
}

static void m_spin(void)
{
	volatile unsigned long n = 0;

	ready();
	for (;;)
		n++;
}

static const struct {
	const char *name;
	void (*run)(void);
} modes[] = {
	{ "futex-wait", m_futex_wait },
	{ "futex-wait-timed", m_futex_wait_timed },
	{ "futex-bitset", m_futex_bitset },
	{ "futex-bitset-timed", m_futex_bitset_timed },
	{ "futex-lock-pi", m_futex_lock_pi },
#ifdef SYS_futex_waitv
	{ "futex-waitv", m_futex_waitv },
	{ "futex-waitv-timed", m_futex_waitv_timed },
#endif
	{ "cond-wait", m_cond_wait },
	{ "cond-timedwait", m_cond_timedwait },
	{ "mutex-deadlock", m_mutex_deadlock },
	{ "nanosleep", m_nanosleep },
	{ "clock-nanosleep", m_clock_nanosleep },
	{ "sleep", m_sleep },
	{ "poll-inf", m_poll_inf },
	{ "poll-timed", m_poll_timed },
	{ "ppoll-inf", m_ppoll_inf },
	{ "ppoll-timed", m_ppoll_timed },
	{ "select-inf", m_select_inf },
	{ "select-timed", m_select_timed },
	{ "pselect-inf", m_pselect_inf },
	{ "pselect-timed", m_pselect_timed },
	{ "epoll-inf", m_epoll_inf },
	{ "epoll-timed", m_epoll_timed },
	{ "epoll-pwait-inf", m_epoll_pwait_inf },
#ifdef SYS_epoll_pwait2
	{ "epoll-pwait2-inf", m_epoll_pwait2_inf },
	{ "epoll-pwait2-timed", m_epoll_pwait2_timed },
#endif
	{ "read-pipe", m_read_pipe },
	{ "write-pipe", m_write_pipe },
	{ "recvfrom", m_recvfrom },
	{ "recvmsg", m_recvmsg },
	{ "accept", m_accept },
	{ "accept4", m_accept4 },
	{ "wait4", m_wait4 },
	{ "waitid", m_waitid },
	{ "pause", m_pause },
	{ "sigsuspend", m_sigsuspend },
	{ "sigwaitinfo", m_sigwaitinfo },
	{ "sigtimedwait", m_sigtimedwait },
	{ "flock", m_flock },
	{ "fcntl-setlkw", m_fcntl_setlkw },
	{ "vfork", m_vfork },
	{ "open-fifo", m_open_fifo },
	{ "spin", m_spin },
};

int main(int argc, char **argv)
{
	sigset_t usr1;
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "usage: block-in MODE [FIFO] (block-in list: the modes)\n");
		return 2;
	}
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	fifo_path = argc > 2 ? argv[2] : NULL;
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(argv[1], "list") == 0)
			printf("%s\n", modes[i].name);
		else if (strcmp(argv[1], modes[i].name) == 0)
			modes[i].run();
	}
	if (strcmp(argv[1], "list") == 0)
		return 0;
	fprintf(stderr, "block-in: mode %s unknown or returned\n", argv[1]);
	return 2;
}
