/* Tests for lib/exitstatus.c: the exit status table. */
#include <config.h>

#include <signal.h>
#include <sys/wait.h>

#include "basic.h"
#include "exitstatus.h"

/* own, fired, killed, preserve, stall, failed, first -> want */
static const struct {
	struct exit_facts f;
	int want;
	const char *what;
} cases[] = {
	{ { false, false, false, false, false, false, 0 }, 0, "all exited 0" },
	{ { false, false, false, false, false, true, 3 }, 3, "first failure code" },
	{ { false, false, false, false, false, true, 128 + 9 }, 137, "killed by signal" },
	{ { false, false, false, false, false, true, 127 }, 127, "not found" },
	{ { false, false, false, false, false, true, 126 }, 126, "not executable" },
	{ { false, true, false, false, false, true, 143 }, 124, "deadline" },
	{ { false, true, true, false, false, true, 137 }, 137, "deadline + KILL" },
	{ { false, true, false, true, false, true, 143 }, 143, "preserve-status" },
	{ { false, true, false, true, false, false, 0 }, 0, "preserve, all 0" },
	{ { false, true, true, true, false, true, 137 }, 137, "preserve + KILL" },
	{ { true, true, true, false, true, true, 3 }, 125, "own error wins" },
	{ { false, false, false, false, true, true, 134 }, 123, "stall policy acted" },
	{ { false, false, false, false, true, false, 0 }, 123, "fail-on-stall" },
	{ { false, true, false, false, true, true, 134 }, 124, "deadline beats stall" },
	{ { false, false, false, true, true, true, 134 }, 134, "preserve-status after a stall" },
	{ { false, false, false, true, true, false, 0 }, 0, "preserve-status, stall logged, all 0" },
};

int main(void)
{
	size_t i, n = sizeof(cases) / sizeof(cases[0]);

	plan(n + 4);
	for (i = 0; i < n; i++)
		is_int(cases[i].want, exitstatus_decide(&cases[i].f), "%s", cases[i].what);
	is_int(0, exitstatus_of_wait(CLD_EXITED, 0), "exit 0");
	is_int(3, exitstatus_of_wait(CLD_EXITED, 3), "exit 3");
	is_int(128 + SIGKILL, exitstatus_of_wait(CLD_KILLED, SIGKILL), "killed");
	is_int(128 + SIGABRT, exitstatus_of_wait(CLD_DUMPED, SIGABRT), "dumped");
	return 0;
}
