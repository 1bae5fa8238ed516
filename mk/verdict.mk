## Verdicts and reports people act on (issue 9): timeout(1) parity facts,
## the syscall decoder, core_pattern, thread groups, command lines.
## lib/duration.[ch] and lib/signame.[ch] are listed in mk/supervisor.mk.

# GNU timeout(1) on this machine agrees with the facts the C tests use.
verdict_cli_tests = t/cli/timeout-facts.sh
TESTS += $(verdict_cli_tests)
EXTRA_DIST += $(verdict_cli_tests)

