/* confine: capabilities and the seccomp filter of the supervisor; see confine.h. */
#include <config.h>

#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "confine.h"
#include "msg.h"
#include "sandbox.h"
#include "supervisor.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* Record what stallsup holds (see confine.h). */
void confine_record(struct supervisor *sv)
{
	struct strbuf err = STRBUF_INIT;

	if (caps_record(&sv->caps, &err) < 0)
		msg_say("cannot read the capabilities of stallsup: %s; it keeps them all",
			sb_str(&err));
	sb_free(&err);
}

/* True when the run's cgroup directory sits in a directory our effective
 * user cannot write by its owner bits: removing it then needs
 * CAP_DAC_OVERRIDE. */
static bool cgroup_parent_foreign(const struct supervisor *sv)
{
	struct stat st;

	if (sv->cg.dir_fd < 0 || fstatat(sv->cg.dir_fd, "..", &st, 0) < 0)
		return false;
	return st.st_uid != geteuid() || !(st.st_mode & S_IWUSR);
}

/* What the rest of the run needs (a mask of enum privs_need). */
static unsigned run_needs(const struct supervisor *sv)
{
	const struct options *o = sv->opt;
	const char *summary = getenv("GITHUB_STEP_SUMMARY");
	unsigned needs = 0;

	if (o->stall_on != 0 && o->proc_root == NULL)
		needs |= PRIVS_MONITOR;
	if (!o->drop_caps)
		needs |= PRIVS_FOREIGN;
	if (o->junit_path != NULL || (o->annotations && summary != NULL && *summary != '\0') ||
	    (sv->report != NULL && sv->report->mode == SINK_WAITING))
		needs |= PRIVS_WRITES;
	if (cgroup_parent_foreign(sv))
		needs |= PRIVS_CGROUP_FOREIGN;
	return needs;
}

/* Keep only the capabilities the run needs; say so with --verbose. */
static void trim_caps(struct supervisor *sv)
{
	struct strbuf err = STRBUF_INIT, names = STRBUF_INIT;
	struct capsets now;
	int r;

	if (!sv->caps.known)
		return; /* said at start */
	r = caps_trim(&sv->caps, run_needs(sv), &now, &err);
	if (r < 0)
		msg_say("cannot drop capabilities: %s; the supervisor keeps what it started with",
			sb_str(&err));
	else if (sv->opt->verbose) {
		caps_names(now.effective, &names);
		msg_say("capabilities kept: %s", sb_str(&names));
	}
	sb_free(&names);
	sb_free(&err);
}

/* Why the filter is not loaded in this process, or NULL when it can be:
 * AddressSanitizer's leak check starts a thread and ptraces at exit, and
 * valgrind makes its own system calls (executable memory) for ours. */
static const char *sandbox_unfit(const struct supervisor *sv)
{
	const char *preload = getenv("LD_PRELOAD");

	if (sv->opt->no_sandbox)
		return "--no-sandbox";
#ifdef UNDER_ASAN
	return "a build with AddressSanitizer";
#endif
	if (preload != NULL && strstr(preload, "vgpreload") != NULL)
		return "valgrind";
	return NULL;
}

/* Load the allow-list on ourselves; returns 0 or -errno (named in err). */
static int load_filter(struct strbuf *err)
{
	scmp_filter_ctx ctx;
	size_t bad = 0;
	int r = sandbox_build(SCMP_ACT_ERRNO(EPERM), &ctx, &bad);

	if (r == -EINVAL) {
		sb_printf(err, "libseccomp does not know the system call '%s'",
			  sandbox_rules[bad].name);
		return r;
	}
	if (r == 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	if (r < 0)
		sb_printf(err, "%s", strerror(-r));
	return r;
}

/* Load the filter unless unfit; say what happened when it failed, or with
 * --verbose. */
static void sandbox(struct supervisor *sv)
{
	struct strbuf err = STRBUF_INIT;
	const char *unfit = sandbox_unfit(sv);

	if (unfit != NULL) {
		if (sv->opt->verbose)
			msg_say("no seccomp filter: %s", unfit);
	} else if (load_filter(&err) < 0)
		msg_say("cannot load the seccomp filter: %s; the supervisor runs without it",
			sb_str(&err));
	else if (sv->opt->verbose)
		msg_say("seccomp filter loaded: %zu system calls allowed, the rest fail with EPERM",
			sandbox_nrules);
	sb_free(&err);
}

/* What a call returned: "allowed" for r >= 0, else its errno's text. */
static const char *outcome(long r, int e)
{
	return r >= 0 ? "allowed" : strerror(e);
}

/* STALLSUP_SANDBOX_PROBE=1: try two calls the filter refuses and say how
 * they fared. The execve names no file: without the filter it fails with
 * ENOENT. */
static void probe(void)
{
	char *const argv[] = { NULL };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), se = errno, ee;
	long x;

	if (fd >= 0)
		close(fd);
	x = execve("", argv, argv);
	ee = errno;
	msg_say("sandbox probe: socket: %s; execve: %s", outcome(fd, se), outcome(x, ee));
}

/* Confine the supervisor (see confine.h). */
void confine_supervisor(struct supervisor *sv)
{
	const char *p = getenv("STALLSUP_SANDBOX_PROBE");

	trim_caps(sv);
	sandbox(sv);
	if (p != NULL && strcmp(p, "1") == 0)
		probe();
}
