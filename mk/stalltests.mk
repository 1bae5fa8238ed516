## End-to-end tests of stall detection through the binary.

# Worker programs the stall tests run under stallsup.
check_PROGRAMS += t/workers/comm-name t/workers/fork-wait \
	t/workers/bursts t/workers/exit-early t/workers/stop-self-at \
	t/workers/fork-hang t/workers/stop-one t/workers/vfork-hang \
	t/workers/starve-thread t/workers/many-tasks t/workers/reuse-tid \
	t/workers/nest-cgroup t/workers/nondumpable t/workers/deadlock
t_workers_deadlock_LDADD = -lpthread
t_workers_deadlock_CFLAGS = $(AM_CFLAGS) -g -pthread

stall_cli_tests = t/cli/stall-healthy.sh t/cli/stall-classes.sh \
	t/cli/stall-rearm.sh t/cli/stall-policy.sh t/cli/stall-input.sh \
	t/cli/stall-fixtures.sh t/cli/stall-many.sh t/cli/stall-fds.sh \
	t/cli/stall-identity.sh t/cli/stall-nested.sh \
	t/cli/stall-unreadable.sh t/cli/stall-untimed.sh t/cli/stall-report.sh
TESTS += $(stall_cli_tests)
EXTRA_DIST += $(stall_cli_tests) t/cli/stall-lib.sh
