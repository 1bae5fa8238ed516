/* cores: locating core dumps and warning when none can be written; see cores.h. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "corepat.h"
#include "cores.h"
#include "msg.h"
#include "proc.h"

/* Read core_pattern into pat and core_uses_pid into *uses_pid; 0 or -errno. */
static int read_pattern(struct strbuf *pat, int *uses_pid)
{
	char num[32];
	ssize_t n = proc_read_all(AT_FDCWD, "/proc/sys/kernel/core_pattern", pat);

	if (n < 0)
		return (int)n;
	*uses_pid = proc_read(AT_FDCWD, "/proc/sys/kernel/core_uses_pid", num, sizeof(num)) > 0 &&
		    num[0] == '1';
	return 0;
}

/* True when some class's policy under opt is abort. */
static bool aborts(const struct options *opt)
{
	for (int c = 0; c < STALL_CLASS_COUNT; c++)
		if (opt->on_stall[c] == POLICY_ABORT && (opt->stall_on & (1u << c)))
			return true;
	return false;
}

void cores_check_at_start(struct supervisor *sv)
{
	struct strbuf pat = STRBUF_INIT;
	struct corepat_check c;
	struct rlimit rl;
	uint64_t soft;
	int uses_pid;

	if (!aborts(sv->opt) || read_pattern(&pat, &uses_pid) < 0 ||
	    getrlimit(RLIMIT_CORE, &rl) < 0) {
		sb_free(&pat);
		return;
	}
	soft = sv->opt->no_core ? rl.rlim_cur : rl.rlim_max; /* what the workers get */
	corepat_check(pat.buf, pat.len, uses_pid, soft, rl.rlim_max, &c);
	if (c.no_core)
		msg_say("--on-stall=abort: no core dump can be written (%s)", c.no_core);
	else if (c.soft_limit)
		msg_say("--on-stall=abort: the soft RLIMIT_CORE stops core dumps (raise it, or "
			"drop --no-core)");
	if (!c.no_core && c.overwrite && sv->opt->workers > 1)
		msg_say("--on-stall=abort: the cores of several workers would overwrite one file "
			"(core_pattern has no %%p and core_uses_pid is 0)");
	sb_free(&pat);
}

/* Read the symbolic link /proc/<pid>/<name> into a new string, or NULL. */
static char *read_link(pid_t pid, const char *name)
{
	char path[64], buf[4096];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

void cores_remember(struct supervisor *sv, struct worker *w)
{
	char path[64], comm[64];

	(void)sv;
	if (w->core_cwd != NULL || w->exited)
		return;
	w->core_cwd = read_link(w->pid, "cwd");
	w->core_exe = read_link(w->pid, "exe");
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)w->pid);
	if (proc_read(AT_FDCWD, path, comm, sizeof(comm)) > 0) {
		comm[strcspn(comm, "\n")] = '\0';
		w->core_comm = strdup(comm);
	}
}

void cores_forget(struct worker *w)
{
	free(w->core_cwd);
	free(w->core_exe);
	free(w->core_comm);
	w->core_cwd = w->core_exe = w->core_comm = NULL;
}

/* Resolve where w's core went into *where; 0, -ENOENT or -errno. */
static int locate(const struct supervisor *sv, const struct worker *w,
		  struct corepat_where *where, bool *guessed_cwd)
{
	struct strbuf pat = STRBUF_INIT;
	struct utsname u;
	char cwd[4096];
	struct rlimit rl;
	int uses_pid, r;
	struct corepat_proc p = {
		.pid = w->pid, .uid = getuid(), .gid = getgid(), .signal = w->exit_signal,
		.dumpable = -1, .cpu = -1, .time = -1, .comm = w->core_comm, .exe = w->core_exe,
		.cwd = w->core_cwd,
	};

	(void)sv;
	*guessed_cwd = false;
	if (p.cwd == NULL && getcwd(cwd, sizeof(cwd)) != NULL) {
		p.cwd = cwd; /* it started here */
		*guessed_cwd = true;
	}
	if (uname(&u) == 0)
		p.hostname = u.nodename;
	p.core_limit = getrlimit(RLIMIT_CORE, &rl) == 0 ? rl.rlim_max : (uint64_t)-1;
	r = read_pattern(&pat, &uses_pid);
	if (r == 0)
		r = corepat_locate(pat.buf, pat.len, uses_pid, &p, where);
	sb_free(&pat);
	return r;
}

void cores_json(const struct supervisor *sv, const struct worker *w, struct json *j)
{
	struct corepat_where where;
	bool guessed;
	int r;

	corepat_where_init(&where);
	r = locate(sv, w, &where, &guessed);
	json_key(j, "core");
	json_object_begin(j);
	if (r < 0) {
		json_kv_string(j, "unknown", strerror(-r));
	} else if (where.kind == COREPAT_FILE) {
		json_kv_string(j, "path", sb_str(&where.path));
		json_kv_bool(j, "glob", where.glob || guessed);
	} else {
		json_kv_string(j, "handler", sb_str(&where.handler));
		if (where.hint.len)
			json_kv_string(j, "hint", sb_str(&where.hint));
	}
	json_object_end(j);
	corepat_where_free(&where);
}

void cores_human(const struct supervisor *sv, const struct worker *w, struct strbuf *out)
{
	struct corepat_where where;
	bool guessed;
	int r;

	corepat_where_init(&where);
	r = locate(sv, w, &where, &guessed);
	sb_printf(out, "stallsup: worker %u dumped core", w->index);
	if (r < 0)
		sb_printf(out, " (where: %s)\n", strerror(-r));
	else if (where.kind == COREPAT_FILE)
		sb_printf(out, ": %s%s\n", sb_str(&where.path),
			  where.glob || guessed ? " (a pattern: look for a match)" : "");
	else
		sb_printf(out, " to %s%s%s\n", sb_str(&where.handler), where.hint.len ? ": " : "",
			  sb_str(&where.hint));
	corepat_where_free(&where);
}

char *cores_hint(pid_t pid)
{
	struct worker w = { .pid = pid, .exit_signal = SIGABRT };
	struct corepat_where where;
	struct strbuf out = STRBUF_INIT;
	bool guessed;
	char *hint = NULL;

	cores_remember(NULL, &w);
	corepat_where_init(&where);
	if (locate(NULL, &w, &where, &guessed) == 0) {
		if (where.kind == COREPAT_FILE)
			sb_printf(&out, "%s%s", sb_str(&where.path),
				  where.glob || guessed ? " (a pattern)" : "");
		else
			sb_printf(&out, "%s%s%s", sb_str(&where.handler), where.hint.len ? ": " : "",
				  sb_str(&where.hint));
		if (out.err == 0)
			hint = strdup(sb_str(&out));
	}
	sb_free(&out);
	corepat_where_free(&where);
	cores_forget(&w);
	return hint;
}
