/* confine: capabilities of the supervisor; see confine.h. */
#include <config.h>

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "confine.h"
#include "msg.h"
#include "supervisor.h"

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

/* Confine the supervisor (see confine.h). */
void confine_supervisor(struct supervisor *sv)
{
	trim_caps(sv);
}
