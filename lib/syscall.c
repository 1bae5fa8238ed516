/* syscall: decode /proc/<tid>/syscall; classify and describe the wait.
 * See syscall.h for the table's rules. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall.h"
#include "text.h"

/* How a call's registers say whether it waits with a timeout. */
enum rule {
	R_TIMED,   /* always timed */
	R_UNTIMED, /* always untimed */
	R_PTR,     /* args[arg] points to a timeout: NULL is untimed */
	R_INT,     /* args[arg] is a timeout value (int): negative is untimed */
	R_FUTEX,   /* futex: the op in args[1], a timeout pointer in args[3] */
	R_FCNTL,   /* fcntl: the command in args[1] */
	R_IOURING, /* io_uring_enter: min_complete in args[2], flags in args[3] */
	R_UNKNOWN, /* known, but the registers cannot say */
};

/* One call: its name, how to show its arguments (one letter each, see
 * append_arg), and its rule. */
struct wait_rule {
	const char *name;
	const char *args;
	unsigned char rule;
	unsigned char arg;
};

static const struct wait_rule rules[] = {
	{ "nanosleep", "pp", R_TIMED, 0 },
	{ "clock_nanosleep", "dxpp", R_TIMED, 0 },
	{ "clock_nanosleep_time64", "dxpp", R_TIMED, 0 },
	{ "futex", "pFup", R_FUTEX, 3 },
	{ "futex_time64", "pFup", R_FUTEX, 3 },
	{ "futex_waitv", "pudpd", R_PTR, 3 },
	{ "futex_wait", "pxxxpd", R_PTR, 4 },
	{ "poll", "pud", R_INT, 2 },
	{ "ppoll", "pupp", R_PTR, 2 },
	{ "ppoll_time64", "pupp", R_PTR, 2 },
	{ "select", "dpppp", R_PTR, 4 },
	{ "_newselect", "dpppp", R_PTR, 4 },
	{ "pselect6", "dppppp", R_PTR, 4 },
	{ "pselect6_time64", "dppppp", R_PTR, 4 },
	{ "epoll_wait", "dpdd", R_INT, 3 },
	{ "epoll_pwait", "dpddp", R_INT, 3 },
	{ "epoll_pwait2", "dpdpp", R_PTR, 3 },
	{ "rt_sigtimedwait", "ppp", R_PTR, 2 },
	{ "rt_sigtimedwait_time64", "ppp", R_PTR, 2 },
	{ "semtimedop", "dpup", R_PTR, 3 },
	{ "semtimedop_time64", "dpup", R_PTR, 3 },
	{ "mq_timedreceive", "dpupp", R_PTR, 4 },
	{ "mq_timedreceive_time64", "dpupp", R_PTR, 4 },
	{ "mq_timedsend", "dpuup", R_PTR, 4 },
	{ "mq_timedsend_time64", "dpuup", R_PTR, 4 },
	{ "io_getevents", "xddpp", R_PTR, 4 },
	{ "io_pgetevents", "xddppp", R_PTR, 4 },
	{ "io_pgetevents_time64", "xddppp", R_PTR, 4 },
	{ "recvmmsg", "dpuxp", R_PTR, 4 },
	{ "recvmmsg_time64", "dpuxp", R_PTR, 4 },
	{ "read", "dpu", R_UNTIMED, 0 },
	{ "readv", "dpu", R_UNTIMED, 0 },
	{ "pread64", "dpuu", R_UNTIMED, 0 },
	{ "preadv", "dpuu", R_UNTIMED, 0 },
	{ "preadv2", "dpuux", R_UNTIMED, 0 },
	{ "write", "dpu", R_UNTIMED, 0 },
	{ "writev", "dpu", R_UNTIMED, 0 },
	{ "pwrite64", "dpuu", R_UNTIMED, 0 },
	{ "pwritev", "dpuu", R_UNTIMED, 0 },
	{ "pwritev2", "dpuux", R_UNTIMED, 0 },
	{ "recv", "dpux", R_UNTIMED, 0 },
	{ "recvfrom", "dpuxpp", R_UNTIMED, 0 },
	{ "recvmsg", "dpx", R_UNTIMED, 0 },
	{ "send", "dpux", R_UNTIMED, 0 },
	{ "sendto", "dpuxpu", R_UNTIMED, 0 },
	{ "sendmsg", "dpx", R_UNTIMED, 0 },
	{ "sendmmsg", "dpux", R_UNTIMED, 0 },
	{ "accept", "dpp", R_UNTIMED, 0 },
	{ "accept4", "dppx", R_UNTIMED, 0 },
	{ "connect", "dpu", R_UNTIMED, 0 },
	{ "open", "pxx", R_UNTIMED, 0 },
	{ "openat", "dpxx", R_UNTIMED, 0 },
	{ "openat2", "dppu", R_UNTIMED, 0 },
	{ "wait4", "dpxp", R_UNTIMED, 0 },
	{ "waitid", "ddpxp", R_UNTIMED, 0 },
	{ "waitpid", "dpx", R_UNTIMED, 0 },
	{ "pause", "", R_UNTIMED, 0 },
	{ "rt_sigsuspend", "pu", R_UNTIMED, 0 },
	{ "sigsuspend", "x", R_UNTIMED, 0 },
	{ "flock", "dx", R_UNTIMED, 0 },
	{ "msgrcv", "dpudx", R_UNTIMED, 0 },
	{ "msgsnd", "dpux", R_UNTIMED, 0 },
	{ "semop", "dpu", R_UNTIMED, 0 },
	{ "splice", "dpdpux", R_UNTIMED, 0 },
	{ "tee", "ddux", R_UNTIMED, 0 },
	{ "sendfile", "ddpu", R_UNTIMED, 0 },
	{ "sendfile64", "ddpu", R_UNTIMED, 0 },
	{ "vfork", "", R_UNTIMED, 0 },
	{ "fcntl", "dCx", R_FCNTL, 1 },
	{ "fcntl64", "dCx", R_FCNTL, 1 },
	{ "io_uring_enter", "duuxpu", R_IOURING, 3 },
	/* only timed waits restart through restart_syscall (futex, nanosleep,
	 * poll and their kin with a timeout, after a signal or a ptrace stop);
	 * untimed ones restart as the same call */
	{ "restart_syscall", "", R_TIMED, 0 },
};

/* futex(2) commands, indexed by op & FUTEX_CMD_MASK. */
static const char *const futex_cmds[] = {
	"FUTEX_WAIT",        "FUTEX_WAKE",           "FUTEX_FD",
	"FUTEX_REQUEUE",     "FUTEX_CMP_REQUEUE",    "FUTEX_WAKE_OP",
	"FUTEX_LOCK_PI",     "FUTEX_UNLOCK_PI",      "FUTEX_TRYLOCK_PI",
	"FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET",    "FUTEX_WAIT_REQUEUE_PI",
	"FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2",
};

#define FUTEX_PRIVATE 128
#define FUTEX_REALTIME 256
#define FUTEX_CMD(op) ((op) & ~(uint32_t)(FUTEX_PRIVATE | FUTEX_REALTIME))
#define NFUTEX_CMDS (sizeof(futex_cmds) / sizeof(futex_cmds[0]))
#define IORING_GETEVENTS 1U
#define IORING_EXT_ARG 8U

/* Return the rule for call name, or NULL. */
static const struct wait_rule *find_rule(const char *name)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].name, name) == 0)
			return &rules[i];
	return NULL;
}

/* Parse "0x" and 1 or more hex digits at *p (before end) into *out;
 * returns 0, -EINVAL or -ERANGE. */
static int parse_hex(const char **p, const char *end, uint64_t *out)
{
	const char *q = *p;
	uint64_t v = 0;
	int d;

	if (end - q < 3 || q[0] != '0' || q[1] != 'x')
		return -EINVAL;
	for (q += 2; q < end && *q != ' ' && *q != '\n'; q++) {
		d = (*q >= '0' && *q <= '9') ? *q - '0' : (*q >= 'a' && *q <= 'f') ? *q - 'a' + 10 : -1;
		if (d < 0)
			return -EINVAL;
		if (v >> 60)
			return -ERANGE;
		v = v << 4 | (uint64_t)d;
	}
	if (q == *p + 2)
		return -EINVAL;
	*p = q;
	*out = v;
	return 0;
}

/* Parse n space-separated hex values at *p into vals; returns 0 or -errno. */
static int parse_hex_fields(const char **p, const char *end, uint64_t *vals, int n)
{
	int r;

	for (int i = 0; i < n; i++) {
		if (*p >= end || **p != ' ')
			return -EINVAL;
		(*p)++;
		if ((r = parse_hex(p, end, &vals[i])) < 0)
			return r;
	}
	return 0;
}

/* Parse the decimal call number at *p, "-1" (or any negative) included. */
static int parse_nr(const char **p, const char *end, long *nr)
{
	bool minus = *p < end && **p == '-';
	uint64_t v;
	int r;

	r = text_u64(*p + minus, end, &v, p);
	if (r < 0)
		return r;
	if (v > LONG_MAX)
		return -ERANGE;
	*nr = minus ? -(long)v : (long)v;
	return 0;
}

/* Parse /proc/<tid>/syscall (see syscall.h). */
int syscall_parse(const char *text, size_t len, struct syscall_info *out)
{
	const char *p = text, *end = text + len;
	struct syscall_info si = { SYSCALL_RUNNING, -1, { 0 }, 0, 0 };
	uint64_t v[8];
	int r;

	if (len > 0 && end[-1] == '\n')
		end--;
	if (end - p == 7 && memcmp(p, "running", 7) == 0) {
		*out = si;
		return 0;
	}
	if ((r = parse_nr(&p, end, &si.nr)) < 0)
		return r;
	si.state = si.nr < 0 ? SYSCALL_OUTSIDE : SYSCALL_IN;
	if ((r = parse_hex_fields(&p, end, v, si.nr < 0 ? 2 : 8)) < 0)
		return r;
	if (p != end)
		return -EINVAL;
	if (si.nr < 0) {
		si.nr = -1;
		si.sp = v[0], si.pc = v[1];
	} else {
		memcpy(si.args, v, sizeof(si.args));
		si.sp = v[6], si.pc = v[7];
	}
	*out = si;
	return 0;
}

/* Name system call nr for this architecture (see syscall.h). */
const char *syscall_name(long nr, char *buf, size_t size)
{
	char *name = NULL;

	if (nr >= 0 && nr <= INT_MAX)
		name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, (int)nr);
	if (name != NULL)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "syscall_%ld", nr);
	free(name);
	return buf;
}

/* The wait of a futex call with op and timeout pointer ts. */
static enum wait_kind futex_wait_kind(uint64_t op, uint64_t ts)
{
	switch (FUTEX_CMD((uint32_t)op)) {
	case 0:  /* FUTEX_WAIT */
	case 6:  /* FUTEX_LOCK_PI */
	case 9:  /* FUTEX_WAIT_BITSET */
	case 11: /* FUTEX_WAIT_REQUEUE_PI */
	case 13: /* FUTEX_LOCK_PI2 */
		return ts ? WAIT_TIMED : WAIT_UNTIMED;
	default:
		return FUTEX_CMD((uint32_t)op) < NFUTEX_CMDS ? WAIT_NONE : WAIT_UNKNOWN;
	}
}

/* The wait of fcntl command cmd: only the lock-and-wait commands wait. */
static enum wait_kind fcntl_wait_kind(uint64_t cmd)
{
	int c = (int)(uint32_t)cmd;

	return c == F_SETLKW || c == F_SETLKW64 || c == F_OFD_SETLKW ? WAIT_UNTIMED : WAIT_NONE;
}

/* The wait of io_uring_enter: waiting for completions is untimed unless an
 * extended argument (which may hold a timeout) is passed. */
static enum wait_kind iouring_wait_kind(const uint64_t args[6])
{
	if (!(args[3] & IORING_GETEVENTS) || (uint32_t)args[2] == 0 || (args[3] & IORING_EXT_ARG))
		return WAIT_UNKNOWN;
	return WAIT_UNTIMED;
}

/* Classify a wait by call name and registers (see syscall.h). */
enum wait_kind syscall_wait_kind_named(const char *name, const uint64_t args[6])
{
	const struct wait_rule *r = find_rule(name);

	if (r == NULL)
		return WAIT_UNKNOWN;
	switch ((enum rule)r->rule) {
	case R_TIMED: return WAIT_TIMED;
	case R_UNTIMED: return WAIT_UNTIMED;
	case R_PTR: return args[r->arg] ? WAIT_TIMED : WAIT_UNTIMED;
	case R_INT: return (int32_t)(uint32_t)args[r->arg] < 0 ? WAIT_UNTIMED : WAIT_TIMED;
	case R_FUTEX: return futex_wait_kind(args[1], args[r->arg]);
	case R_FCNTL: return fcntl_wait_kind(args[r->arg]);
	case R_IOURING: return iouring_wait_kind(args);
	case R_UNKNOWN: break;
	}
	return WAIT_UNKNOWN;
}

/* Classify si's wait (see syscall.h). */
enum wait_kind syscall_wait_kind(const struct syscall_info *si)
{
	char name[SYSCALL_NAME_MAX];

	if (si->state != SYSCALL_IN)
		return WAIT_NONE;
	return syscall_wait_kind_named(syscall_name(si->nr, name, sizeof(name)), si->args);
}

pid_t syscall_joins(const struct syscall_info *si)
{
	char name[SYSCALL_NAME_MAX];
	uint32_t cmd;

	if (si->state != SYSCALL_IN)
		return 0;
	syscall_name(si->nr, name, sizeof(name));
	if (strcmp(name, "futex") != 0 && strcmp(name, "futex_time64") != 0)
		return 0;
	cmd = FUTEX_CMD((uint32_t)si->args[1]);
	if (cmd != 0 && cmd != 9) /* FUTEX_WAIT, FUTEX_WAIT_BITSET */
		return 0;
	return (int32_t)(uint32_t)si->args[2] > 0 ? (pid_t)(uint32_t)si->args[2] : 0;
}

bool syscall_reaps(const struct syscall_info *si)
{
	char name[SYSCALL_NAME_MAX];

	if (si->state != SYSCALL_IN)
		return false;
	syscall_name(si->nr, name, sizeof(name));
	return strcmp(name, "wait4") == 0 || strcmp(name, "waitid") == 0;
}

const char *wait_kind_name(enum wait_kind kind)
{
	switch (kind) {
	case WAIT_TIMED: return "timed";
	case WAIT_UNTIMED: return "untimed";
	case WAIT_UNKNOWN: return "unknown";
	case WAIT_NONE: break;
	}
	return "none";
}

/* Append futex op v, its low 32 bits as the kernel reads them:
 * "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME". */
static void append_futex_op(struct strbuf *out, uint64_t v)
{
	uint32_t op = (uint32_t)v, cmd = FUTEX_CMD(op);

	if (cmd >= NFUTEX_CMDS) {
		sb_printf(out, "0x%" PRIx32, op);
		return;
	}
	sb_puts(out, futex_cmds[cmd]);
	if (op & FUTEX_PRIVATE)
		sb_puts(out, "_PRIVATE");
	if (op & FUTEX_REALTIME)
		sb_puts(out, "|FUTEX_CLOCK_REALTIME");
}

/* Append fcntl command v, named when it is one that waits. */
static void append_fcntl_cmd(struct strbuf *out, uint64_t v)
{
	int c = (int)(uint32_t)v;

	if (c == F_SETLKW)
		sb_puts(out, "F_SETLKW");
	else if (c == F_SETLKW64)
		sb_puts(out, "F_SETLKW64");
	else if (c == F_OFD_SETLKW)
		sb_puts(out, "F_OFD_SETLKW");
	else
		sb_printf(out, "%d", c);
}

/* Append argument v as letter how says: p pointer (NULL or hex), x hex,
 * d int (the low 32 bits, signed), u unsigned decimal, F futex op, C fcntl
 * command. */
static void append_arg(struct strbuf *out, char how, uint64_t v)
{
	if (how == 'p' && v == 0)
		sb_puts(out, "NULL");
	else if (how == 'p' || how == 'x')
		sb_printf(out, "0x%" PRIx64, v);
	else if (how == 'd')
		sb_printf(out, "%" PRId32, (int32_t)(uint32_t)v);
	else if (how == 'F')
		append_futex_op(out, v);
	else if (how == 'C')
		append_fcntl_cmd(out, v);
	else
		sb_printf(out, "%" PRIu64, v);
}

/* Describe si, in call name (see syscall.h). */
void syscall_describe_named(struct strbuf *out, const char *name, const struct syscall_info *si)
{
	const struct wait_rule *r;
	const char *how;
	enum wait_kind kind;

	if (si->state != SYSCALL_IN) {
		sb_puts(out, si->state == SYSCALL_RUNNING ? "running" : "not in a syscall");
		return;
	}
	r = find_rule(name);
	how = r ? r->args : "xxxxxx";
	sb_printf(out, "%s(", name);
	for (size_t i = 0; how[i] && i < 6; i++) {
		sb_puts(out, i ? ", " : "");
		append_arg(out, how[i], si->args[i]);
	}
	sb_putc(out, ')');
	kind = syscall_wait_kind_named(name, si->args);
	if (kind != WAIT_NONE)
		sb_printf(out, " %s", wait_kind_name(kind));
}

/* Describe si, naming its call for this architecture. */
void syscall_describe(struct strbuf *out, const struct syscall_info *si)
{
	char name[SYSCALL_NAME_MAX];

	syscall_describe_named(out, si->state == SYSCALL_IN ? syscall_name(si->nr, name, sizeof(name)) : "",
			       si);
}
