/* privs: the capabilities the supervisor keeps; see privs.h. */
#include <config.h>

#include <linux/capability.h>
#include <stddef.h>

#include "privs.h"

/* A capability is kept when every need of one of its rows holds. */
static const struct {
	int cap;
	unsigned needs;
	const char *why;
} rows[] = {
	{ CAP_SYS_ADMIN, PRIVS_MONITOR, "/proc/<tid>/stack" },
	{ CAP_SYS_PTRACE, PRIVS_MONITOR | PRIVS_FOREIGN,
	  "/proc/<tid>/syscall, stack, wchan of workers holding more than we do" },
	{ CAP_DAC_READ_SEARCH, PRIVS_MONITOR | PRIVS_FOREIGN,
	  "/proc/<tid>/syscall and stack of workers that became another user" },
	{ CAP_KILL, PRIVS_FOREIGN, "signals to workers that became another user" },
	{ CAP_DAC_OVERRIDE, PRIVS_WRITES, "files written by path at the end" },
	{ CAP_DAC_OVERRIDE, PRIVS_CGROUP_FOREIGN, "removing the run's cgroup" },
};

/* Why cap is kept for needs, or NULL (see privs.h). */
const char *privs_reason(int cap, unsigned needs)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (rows[i].cap == cap && (needs & rows[i].needs) == rows[i].needs)
			return rows[i].why;
	return NULL;
}

/* The capabilities of held kept for needs (see privs.h). */
uint64_t privs_keep(uint64_t held, unsigned needs)
{
	uint64_t keep = 0;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if ((needs & rows[i].needs) == rows[i].needs)
			keep |= PRIVS_BIT(rows[i].cap);
	return keep & held;
}
