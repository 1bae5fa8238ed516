/* corepat: expand core_pattern for one process, name pipe handlers, and say
 * whether a core can be written; see corepat.h. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "corepat.h"

/* A pattern as given, without its trailing newline. */
struct pat {
	const char *p;
	size_t n;
};

/* Pipe handlers we can name, by the base name of their program. */
static const struct {
	const char *program;
	const char *name;
	const char *hint;   /* what to run or where to look */
	bool hint_pid;      /* the hint ends with the pid in the initial namespace */
	bool honours_limit; /* keeps no core when the process's RLIMIT_CORE is under a page */
} handlers[] = {
	{ "systemd-coredump", "systemd-coredump", "coredumpctl debug ", true, true },
	{ "apport", "apport", "look in /var/crash and /var/lib/apport/coredump", false, false },
	{ "abrt-hook-ccpp", "abrt", "abrt-cli list", false, false },
};

#define NHANDLERS (sizeof(handlers) / sizeof(handlers[0]))

/* Return pattern[0..len) up to its first NUL byte (the kernel's pattern is a
 * C string), without one trailing newline. */
static struct pat pat_of(const char *pattern, size_t len)
{
	const char *nul = len > 0 ? memchr(pattern, '\0', len) : NULL;
	struct pat pt = { pattern, nul ? (size_t)(nul - pattern) : len };

	if (pt.n > 0 && pt.p[pt.n - 1] == '\n')
		pt.n--;
	return pt;
}

/* True for the white space the kernel splits a pipe command on (isspace). */
static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

enum corepat_kind corepat_kind(const char *pattern, size_t len)
{
	struct pat pt = pat_of(pattern, len);

	if (pt.n > 0 && pt.p[0] == '|')
		return COREPAT_PIPE;
	if (pt.n > 0 && pt.p[0] == '@')
		return COREPAT_SOCKET;
	return COREPAT_FILE;
}

void corepat_where_init(struct corepat_where *w)
{
	w->kind = COREPAT_FILE;
	sb_init(&w->path);
	sb_init(&w->handler);
	sb_init(&w->hint);
	w->glob = false;
}

void corepat_where_free(struct corepat_where *w)
{
	sb_free(&w->path);
	sb_free(&w->handler);
	sb_free(&w->hint);
	corepat_where_init(w);
}

/* The program of a pipe pattern: its first word after '|' (may be empty). */
static struct pat pipe_program(struct pat pt)
{
	struct pat prog;
	size_t i = 1;

	while (i < pt.n && is_space(pt.p[i]))
		i++;
	prog.p = pt.p + i;
	while (i < pt.n && !is_space(pt.p[i]))
		i++;
	prog.n = (size_t)(pt.p + i - prog.p);
	return prog;
}

/* The base name of a program path. */
static struct pat base_name(struct pat prog)
{
	const char *slash = prog.n ? memrchr(prog.p, '/', prog.n) : NULL;

	if (slash == NULL)
		return prog;
	return (struct pat){ slash + 1, (size_t)(prog.p + prog.n - slash - 1) };
}

/* True when s[0..n) is the string lit. */
static bool pat_is(struct pat s, const char *lit)
{
	return s.n == strlen(lit) && memcmp(s.p, lit, s.n) == 0;
}

/* Return the known handler whose program is base, or -1. */
static int find_handler(struct pat base)
{
	for (size_t i = 0; i < NHANDLERS; i++)
		if (pat_is(base, handlers[i].program))
			return (int)i;
	return -1;
}

/* Append s with '/' made '!', as the kernel writes %h %e %f %E; '*' for NULL. */
static void add_escaped(struct strbuf *out, const char *s, bool *glob)
{
	if (s == NULL) {
		sb_putc(out, '*');
		*glob = true;
		return;
	}
	for (; *s; s++)
		sb_putc(out, *s == '/' ? '!' : *s);
}

/* Append a number, or '*' when it is negative (not known). */
static void add_number(struct strbuf *out, long long v, bool *glob)
{
	if (v < 0) {
		sb_putc(out, '*');
		*glob = true;
		return;
	}
	sb_printf(out, "%lld", v);
}

/* Return the base name of the executable path exe, or NULL. */
static const char *exe_base(const char *exe)
{
	const char *slash = exe ? strrchr(exe, '/') : NULL;

	return slash ? slash + 1 : exe;
}

/* Append the value of specifier c for p; returns false for an unknown one. */
static bool add_spec(struct strbuf *out, char c, const struct corepat_proc *p, bool *glob)
{
	pid_t gpid = p->global_pid ? p->global_pid : p->pid, tid = p->tid ? p->tid : p->pid;

	switch (c) {
	case '%': sb_putc(out, '%'); break;
	case 'p': add_number(out, p->pid, glob); break;
	case 'P': add_number(out, gpid, glob); break;
	case 'i': add_number(out, tid, glob); break;
	case 'I': add_number(out, p->global_tid ? p->global_tid : tid, glob); break;
	case 'u': sb_printf(out, "%u", (unsigned)p->uid); break;
	case 'g': sb_printf(out, "%u", (unsigned)p->gid); break;
	case 'd': add_number(out, p->dumpable, glob); break;
	case 's': add_number(out, p->signal, glob); break;
	case 't': add_number(out, p->time, glob); break;
	case 'C': add_number(out, p->cpu, glob); break;
	case 'c': sb_printf(out, "%" PRIu64, p->core_limit); break;
	case 'h': add_escaped(out, p->hostname, glob); break;
	case 'e': add_escaped(out, p->comm, glob); break;
	case 'f': add_escaped(out, exe_base(p->exe), glob); break;
	case 'E': add_escaped(out, p->exe, glob); break;
	default: return false;
	}
	return true;
}

/* Expand a path pattern for p into out; *pid_seen tells whether %p was used. */
static void expand(struct strbuf *out, struct pat pt, const struct corepat_proc *p,
		   bool *pid_seen, bool *glob)
{
	*pid_seen = false;
	for (size_t i = 0; i < pt.n; i++) {
		if (pt.p[i] != '%') {
			sb_putc(out, pt.p[i]);
			continue;
		}
		if (++i == pt.n)
			break; /* a lone % at the end is dropped */
		if (pt.p[i] == 'p')
			*pid_seen = true;
		add_spec(out, pt.p[i], p, glob);
	}
}

/* Why a path pattern writes no file (empty without core_uses_pid, or
 * /dev/null), or NULL. */
static const char *file_discards(struct pat pt, int core_uses_pid)
{
	if (pt.n == 0 && !core_uses_pid)
		return "core_pattern is empty";
	if (pat_is(pt, "/dev/null"))
		return "core_pattern is /dev/null";
	return NULL;
}

/* Why a pipe pattern keeps no core whatever the limits, or NULL. */
static const char *pipe_discards(struct pat pt)
{
	struct pat prog = pipe_program(pt), base = base_name(prog);

	if (prog.n == 0)
		return "core_pattern pipes to no program";
	if (pat_is(base, "false") || pat_is(base, "true"))
		return "core_pattern pipes to true or false, which discard the core";
	return NULL;
}

/* FILE: the expanded path, taken from p->cwd when relative. */
static int locate_file(struct pat pt, int core_uses_pid, const struct corepat_proc *p,
		       struct corepat_where *w)
{
	struct strbuf name = STRBUF_INIT;
	bool pid_seen;
	int r;

	if (file_discards(pt, core_uses_pid))
		return -ENOENT;
	expand(&name, pt, p, &pid_seen, &w->glob);
	if (!pid_seen && core_uses_pid)
		sb_printf(&name, ".%d", (int)p->pid);
	if (sb_str(&name)[0] != '/' && p->cwd != NULL && p->cwd[0] != '\0') {
		sb_puts(&w->path, p->cwd);
		if (p->cwd[strlen(p->cwd) - 1] != '/')
			sb_putc(&w->path, '/');
	}
	sb_add(&w->path, sb_str(&name), name.len);
	r = name.err;
	sb_free(&name);
	return r;
}

/* PIPE: the handler's program, its name and what to run. */
static int locate_pipe(struct pat pt, const struct corepat_proc *p, struct corepat_where *w)
{
	struct pat prog = pipe_program(pt), base = base_name(prog);
	int h;

	if (pipe_discards(pt))
		return -ENOENT;
	sb_add(&w->path, prog.p, prog.n);
	if ((h = find_handler(base)) < 0) {
		sb_add(&w->handler, base.p, base.n);
		return 0;
	}
	sb_puts(&w->handler, handlers[h].name);
	sb_puts(&w->hint, handlers[h].hint);
	if (handlers[h].hint_pid)
		sb_printf(&w->hint, "%d", (int)(p->global_pid ? p->global_pid : p->pid));
	return 0;
}

/* SOCKET: the socket's path after '@' or '@@'. */
static int locate_socket(struct pat pt, struct corepat_where *w)
{
	size_t skip = pt.n > 1 && pt.p[1] == '@' ? 2 : 1;

	if (pt.n <= skip)
		return -ENOENT;
	sb_add(&w->path, pt.p + skip, pt.n - skip);
	sb_puts(&w->handler, "coredump socket");
	return 0;
}

int corepat_locate(const char *pattern, size_t len, int core_uses_pid,
		   const struct corepat_proc *p, struct corepat_where *w)
{
	struct pat pt = pat_of(pattern, len);
	int r;

	sb_reset(&w->path);
	sb_reset(&w->handler);
	sb_reset(&w->hint);
	w->glob = false;
	w->kind = corepat_kind(pattern, len);
	if (w->kind == COREPAT_PIPE)
		r = locate_pipe(pt, p, w);
	else if (w->kind == COREPAT_SOCKET)
		r = locate_socket(pt, w);
	else
		r = locate_file(pt, core_uses_pid, p, w);
	if (r == 0 && (w->path.err || w->handler.err || w->hint.err))
		r = -ENOMEM;
	return r;
}

/* True when the path pattern names one file per process: %p %P %i or %I. */
static bool has_unique_id(struct pat pt)
{
	for (size_t i = 0; i + 1 < pt.n; i++) {
		if (pt.p[i] != '%')
			continue;
		i++;
		if (strchr("pPiI", pt.p[i]) != NULL)
			return true;
	}
	return false;
}

/* The message for a hard limit under a page. */
static const char *hard_limit_message(uint64_t hard)
{
	return hard == 0 ? "the hard RLIMIT_CORE is 0"
			 : "the hard RLIMIT_CORE is under 4096 bytes, too small for a core";
}

/* corepat_check for a path pattern. */
static void check_file(struct pat pt, int core_uses_pid, uint64_t soft, uint64_t hard,
		       struct corepat_check *out)
{
	out->no_core = file_discards(pt, core_uses_pid);
	if (out->no_core == NULL && hard < COREPAT_MIN_LIMIT)
		out->no_core = hard_limit_message(hard);
	out->soft_limit = out->no_core == NULL && soft < COREPAT_MIN_LIMIT;
	out->overwrite = out->no_core == NULL && !core_uses_pid && !has_unique_id(pt);
}

/* corepat_check for a pipe: the kernel ignores RLIMIT_CORE but for a soft
 * limit of exactly 1 (its guard against recursive dumps: the handler is not
 * run); systemd-coredump honours the limit itself. */
static void check_pipe(struct pat pt, uint64_t soft, uint64_t hard, struct corepat_check *out)
{
	int h = find_handler(base_name(pipe_program(pt)));
	bool honours = h >= 0 && handlers[h].honours_limit;

	out->no_core = pipe_discards(pt);
	if (out->no_core == NULL && honours && hard < COREPAT_MIN_LIMIT)
		out->no_core = hard_limit_message(hard);
	out->soft_limit =
		out->no_core == NULL && (soft == 1 || (honours && soft < COREPAT_MIN_LIMIT));
}

void corepat_check(const char *pattern, size_t len, int core_uses_pid, uint64_t soft_limit,
		   uint64_t hard_limit, struct corepat_check *out)
{
	struct pat pt = pat_of(pattern, len);

	memset(out, 0, sizeof(*out));
	switch (corepat_kind(pattern, len)) {
	case COREPAT_FILE:
		check_file(pt, core_uses_pid, soft_limit, hard_limit, out);
		break;
	case COREPAT_PIPE:
		check_pipe(pt, soft_limit, hard_limit, out);
		break;
	case COREPAT_SOCKET:
		out->no_core = pt.n > (pt.n > 1 && pt.p[1] == '@' ? 2u : 1u)
				       ? NULL
				       : "core_pattern names no coredump socket";
		break;
	}
}
