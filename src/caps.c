/* caps: capabilities through libcap-ng; see caps.h. */
#include <config.h>

#include <cap-ng.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caps.h"

#define MAX_CAP 63 /* masks are 64 bits wide */

/* What libcap-ng's negative return codes mean: capng_apply's -1 to -8 (its
 * source, 0.8), and -1 of every other call. */
static const struct {
	int rc;
	const char *what;
	int err; /* errno when libcap-ng left none */
} capng_codes[] = {
	{ -1, "libcap-ng could not read or has no capability state", EINVAL },
	{ -2, "cannot drop a capability from the bounding set", EPERM },
	{ -3, "cannot read the bounding set back", EIO },
	{ -4, "changing the bounding set needs CAP_SETPCAP", EPERM },
	{ -5, "capset failed", EPERM },
	{ -6, "cannot clear the ambient set", EPERM },
	{ -7, "cannot clear the ambient set", EPERM },
	{ -8, "cannot raise an ambient capability", EPERM },
};

/* The one place where a libcap-ng return code rc of call (with errno saved
 * as saved) becomes -errno and a reason appended to err. */
static int capng_failure(const char *call, int rc, int saved, struct strbuf *err)
{
	const char *what = "failed";
	int e = saved ? saved : EINVAL;

	for (size_t i = 0; i < sizeof(capng_codes) / sizeof(capng_codes[0]); i++) {
		if (capng_codes[i].rc == rc) {
			what = capng_codes[i].what;
			e = saved ? saved : capng_codes[i].err;
		}
	}
	sb_printf(err, "%s: %s (%s)", call, what, strerror(e));
	return -e;
}

/* The mask of the capabilities libcap-ng's state holds in set which. */
static uint64_t mask_of(capng_type_t which)
{
	uint64_t m = 0;

	for (unsigned cap = 0; cap <= MAX_CAP && capng_capability_to_name(cap); cap++)
		if (capng_have_capability(which, cap) == 1)
			m |= PRIVS_BIT(cap);
	return m;
}

/* Read the process's sets into p (see caps.h). */
int caps_record(struct capsets *p, struct strbuf *err)
{
	int rc;

	memset(p, 0, sizeof(*p));
	capng_clear(CAPNG_SELECT_ALL);
	errno = 0;
	if ((rc = capng_get_caps_process()) != 0)
		return capng_failure("capng_get_caps_process", rc, errno, err);
	p->effective = mask_of(CAPNG_EFFECTIVE);
	p->permitted = mask_of(CAPNG_PERMITTED);
	p->inheritable = mask_of(CAPNG_INHERITABLE);
	p->bounding = mask_of(CAPNG_BOUNDING_SET);
	p->ambient = mask_of(CAPNG_AMBIENT);
	p->known = true;
	return 0;
}

/* Put set into libcap-ng's state for types (a capng_type_t mask). */
static int state_add(uint64_t set, int types)
{
	for (unsigned cap = 0; cap <= MAX_CAP; cap++)
		if ((set & PRIVS_BIT(cap)) && capng_update(CAPNG_ADD, (capng_type_t)types, cap) != 0)
			return -1;
	return 0;
}

/* Trim the supervisor's capabilities (see caps.h). */
int caps_trim(const struct capsets *start, unsigned needs, struct capsets *now,
	       struct strbuf *err)
{
	uint64_t keep = privs_keep(start->effective & start->permitted, needs);
	bool bounds = (start->effective & PRIVS_BIT(CAP_SETPCAP)) != 0;
	int rc;

	capng_clear(CAPNG_SELECT_ALL);
	errno = 0;
	rc = state_add(keep, CAPNG_EFFECTIVE | CAPNG_PERMITTED);
	if (rc == 0)
		rc = state_add(bounds ? keep : start->bounding, CAPNG_BOUNDING_SET);
	if (rc != 0)
		return capng_failure("capng_update", rc, errno, err);
	/* bounds first (it needs CAP_SETPCAP, which the capset drops), then
	 * the other sets, the ambient one last */
	rc = capng_apply(bounds ? CAPNG_SELECT_ALL : CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT);
	if (rc != 0)
		return capng_failure("capng_apply", rc, errno, err);
	return caps_record(now, err);
}

/* Append the names of set, or "none" (see caps.h). */
void caps_names(uint64_t set, struct strbuf *out)
{
	const char *sep = "";

	if (set == 0)
		sb_puts(out, "none");
	for (unsigned cap = 0; cap <= MAX_CAP; cap++) {
		const char *name = (set & PRIVS_BIT(cap)) ? capng_capability_to_name(cap) : NULL;

		if (set & PRIVS_BIT(cap)) {
			if (name)
				sb_printf(out, "%s%s", sep, name);
			else
				sb_printf(out, "%s%u", sep, cap);
			sep = ",";
		}
	}
}

/* Clear every capability and set no_new_privs (see caps.h). */
int caps_child_drop_all(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	int cap;

	memset(data, 0, sizeof(data));
	/* the bounding set: best effort, it needs CAP_SETPCAP; no_new_privs
	 * and an empty permitted set already keep exec from gaining any */
	for (cap = 0; cap <= MAX_CAP && prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; cap++)
		prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return -errno;
	if (syscall(SYS_capset, &hdr, data) < 0)
		return -errno;
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ? -errno : 0;
}
