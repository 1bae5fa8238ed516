/* Tests for lib/privs.c: which capabilities the supervisor keeps for which
 * needs, and that nothing outside the five it may use is ever kept. */
#include <config.h>

#include <linux/capability.h>
#include <stddef.h>
#include <stdint.h>

#include "basic.h"
#include "privs.h"

#define ALL UINT64_C(0x000001ffffffffff) /* every capability of Linux 6.x */
#define B(cap) PRIVS_BIT(cap)

/* The capabilities privs may ever keep. */
static const uint64_t usable = B(CAP_SYS_ADMIN) | B(CAP_SYS_PTRACE) | B(CAP_DAC_READ_SEARCH) |
			       B(CAP_KILL) | B(CAP_DAC_OVERRIDE);

/* One case: needs, what is held, what is kept. */
static const struct {
	const char *what;
	unsigned needs;
	uint64_t held, kept;
} cases[] = {
	{ "nothing needed: nothing kept", 0, ALL, 0 },
	{ "the default run as root: monitor, workers that may change user", PRIVS_MONITOR | PRIVS_FOREIGN,
	  ALL, B(CAP_SYS_ADMIN) | B(CAP_SYS_PTRACE) | B(CAP_DAC_READ_SEARCH) | B(CAP_KILL) },
	{ "--drop-caps: only /proc/<tid>/stack's CAP_SYS_ADMIN", PRIVS_MONITOR, ALL, B(CAP_SYS_ADMIN) },
	{ "--stall-on=none: only CAP_KILL", PRIVS_FOREIGN, ALL, B(CAP_KILL) },
	{ "--stall-on=none --drop-caps: nothing", 0, ALL, 0 },
	{ "--junit: CAP_DAC_OVERRIDE", PRIVS_WRITES, ALL, B(CAP_DAC_OVERRIDE) },
	{ "a cgroup in another user's directory: CAP_DAC_OVERRIDE", PRIVS_CGROUP_FOREIGN, ALL,
	  B(CAP_DAC_OVERRIDE) },
	{ "both: CAP_DAC_OVERRIDE once", PRIVS_WRITES | PRIVS_CGROUP_FOREIGN, ALL,
	  B(CAP_DAC_OVERRIDE) },
	{ "an unprivileged user: nothing held, nothing kept",
	  PRIVS_MONITOR | PRIVS_FOREIGN | PRIVS_WRITES, 0, 0 },
	{ "only what was held is kept", PRIVS_MONITOR | PRIVS_FOREIGN,
	  B(CAP_KILL) | B(CAP_NET_ADMIN), B(CAP_KILL) },
};

int main(void)
{
	size_t n = sizeof(cases) / sizeof(cases[0]);
	uint64_t ever = 0;

	plan(n + 8);
	for (size_t i = 0; i < n; i++)
		is_uint64(cases[i].kept, privs_keep(cases[i].held, cases[i].needs), "%s",
			  cases[i].what);
	for (unsigned needs = 0; needs < 16; needs++)
		ever |= privs_keep(ALL, needs);
	is_uint64(usable, ever, "every combination of needs keeps only the five usable ones");
	ok((ever & (B(CAP_SETUID) | B(CAP_SETPCAP) | B(CAP_SYS_MODULE) | B(CAP_NET_ADMIN) |
		    B(CAP_SYS_RAWIO) | B(CAP_CHOWN) | B(CAP_FOWNER) | B(CAP_MKNOD))) == 0,
	   "never CAP_SETUID, CAP_SETPCAP, CAP_SYS_MODULE, CAP_NET_ADMIN, CAP_SYS_RAWIO, ...");
	ok(privs_reason(CAP_SYS_ADMIN, PRIVS_MONITOR) != NULL, "a reason for CAP_SYS_ADMIN");
	ok(privs_reason(CAP_SYS_ADMIN, PRIVS_FOREIGN) == NULL, "... none without the monitor");
	ok(privs_reason(CAP_DAC_OVERRIDE, PRIVS_CGROUP_FOREIGN) != NULL,
	   "a reason for CAP_DAC_OVERRIDE from the cgroup");
	ok(privs_reason(CAP_SETUID, 15) == NULL, "no reason ever for CAP_SETUID");
	is_uint64(B(CAP_KILL), privs_keep(B(CAP_KILL), PRIVS_FOREIGN | PRIVS_WRITES),
		  "CAP_DAC_OVERRIDE not held: not kept");
	is_uint64(0, privs_keep(ALL & ~usable, 15), "held but never usable: nothing kept");
	return 0;
}
