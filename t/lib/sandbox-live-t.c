/* Live test of lib/sandbox.c: a child loads the filter on itself and tries
 * calls the supervisor makes and calls it must not be able to make; the
 * parent checks what each returned. The child ends by itself; the parent
 * reaps it by pid. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic.h"
#include "proc.h"
#include "sandbox.h"
#include "strbuf.h"

/* What the child saw: 0 for a success, else the errno. */
struct seen {
	int load, socket, socketpair, execve, fork_, mmap_exec, mprotect_exec, prctl_name;
	int getpid, mmap, open_status, prctl_dumpable, fcntl_getfl;
	char status[4096]; /* /proc/self/status, read under the filter */
};

/* errno of call result r (0 for a success). */
static int err_of(long r)
{
	return r < 0 ? errno : 0;
}

/* The calls the filter must refuse. */
static void try_refused(struct seen *s)
{
	char *const argv[] = { (char *)"true", NULL };
	int sv[2];
	pid_t f;
	void *p;

	s->socket = err_of(socket(AF_INET, SOCK_STREAM, 0));
	s->socketpair = err_of(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	s->execve = err_of(execve("/bin/true", argv, argv));
	f = fork();
	if (f == 0)
		_exit(0); /* the filter let it through: the check below fails */
	s->fork_ = err_of(f);
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	s->mmap_exec = p == MAP_FAILED ? errno : 0;
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	s->mmap = p == MAP_FAILED ? errno : 0;
	s->mprotect_exec = p == MAP_FAILED ? -1 : err_of(mprotect(p, 4096, PROT_READ | PROT_EXEC));
	s->prctl_name = err_of(prctl(PR_SET_NAME, "evil", 0, 0, 0));
}

/* The calls the filter must let through. */
static void try_allowed(struct seen *s)
{
	struct strbuf text = STRBUF_INIT;
	ssize_t n;

	s->getpid = getpid() > 0 ? 0 : errno;
	n = proc_read_all(AT_FDCWD, "/proc/self/status", &text);
	s->open_status = n < 0 ? (int)-n : 0;
	snprintf(s->status, sizeof(s->status), "%s", n > 0 ? sb_str(&text) : "");
	sb_free(&text);
	s->prctl_dumpable = err_of(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
	s->fcntl_getfl = err_of(fcntl(0, F_GETFL));
}

/* The child: load the filter, try, write what it saw to fd, exit. */
static void child(int fd)
{
	struct seen s;
	scmp_filter_ctx ctx;
	int r;

	memset(&s, 0, sizeof(s));
	r = sandbox_build(SCMP_ACT_ERRNO(EPERM), &ctx, NULL);
	if (r == 0)
		r = seccomp_load(ctx);
	s.load = -r;
	if (r == 0) {
		try_refused(&s);
		try_allowed(&s);
	}
	if (write(fd, &s, sizeof(s)) != (ssize_t)sizeof(s))
		_exit(2);
	_exit(0);
}

/* The value of key ("Seccomp:") in status text into buf[64], or "". */
static const char *field(const char *status, const char *key, char buf[64])
{
	const char *p = strstr(status, key);

	buf[0] = '\0';
	if (p != NULL)
		sscanf(p + strlen(key), " %63s", buf);
	return buf;
}

/* Why this process cannot test a loaded filter, or NULL: under valgrind or
 * AddressSanitizer, their own system calls would meet it (stallsup does not
 * load it there either, src/confine.c). */
static const char *unfit(void)
{
	const char *preload = getenv("LD_PRELOAD");

#if defined(__SANITIZE_ADDRESS__)
	return "a build with AddressSanitizer";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	return "a build with AddressSanitizer";
#endif
#endif
	if (preload != NULL && strstr(preload, "vgpreload") != NULL)
		return "valgrind";
	return NULL;
}

int main(void)
{
	struct seen s;
	char buf[64];
	int p[2], st;
	pid_t pid;

	if (unfit() != NULL)
		skip_all("under %s, the filter is not loaded", unfit());
	if (pipe(p) < 0)
		sysbail("pipe");
	if ((pid = fork()) < 0)
		sysbail("fork");
	if (pid == 0) {
		close(p[0]);
		child(p[1]);
	}
	close(p[1]);
	if (read(p[0], &s, sizeof(s)) != (ssize_t)sizeof(s))
		bail("the child wrote no result");
	waitpid(pid, &st, 0);
	if (s.load == EINVAL || s.load == ENOSYS)
		skip_all("this kernel cannot load seccomp filters (%s)", strerror(s.load));
	plan(15);
	is_int(0, s.load, "the filter loads on an unprivileged process (no_new_privs)");
	is_int(EPERM, s.socket, "socket: EPERM");
	is_int(EPERM, s.socketpair, "socketpair: EPERM");
	is_int(EPERM, s.execve, "execve: EPERM");
	is_int(EPERM, s.fork_, "fork (clone): EPERM");
	is_int(EPERM, s.mmap_exec, "mmap of executable memory: EPERM");
	is_int(EPERM, s.mprotect_exec, "mprotect to executable: EPERM");
	is_int(EPERM, s.prctl_name, "prctl(PR_SET_NAME): EPERM");
	is_int(0, s.getpid, "getpid works");
	is_int(0, s.mmap, "mmap without PROT_EXEC works");
	is_int(0, s.open_status, "/proc/self/status can be read");
	is_int(0, s.prctl_dumpable, "prctl(PR_SET_DUMPABLE) works");
	is_int(0, s.fcntl_getfl, "fcntl(F_GETFL) works");
	is_str("2", field(s.status, "\nSeccomp:", buf), "Seccomp: 2 (filter)");
	is_str("1", field(s.status, "\nNoNewPrivs:", buf), "NoNewPrivs: 1");
	return 0;
}
