## Distribution: bash completion, Debian packaging, NEWS, deployment docs,
## and the Slurm check (make check-slurm, not part of make check).

# The bash completion, installed under the name bash-completion looks up.
if BASH_COMPLETION
bashcompletiondir = $(BASH_COMPLETION_DIR)
dist_bashcompletion_DATA = completion/stallsup
else
EXTRA_DIST += completion/stallsup
endif

TESTS += t/completion/completion.sh
EXTRA_DIST += t/completion/completion.sh t/completion/complete.bash

# The Slurm fields of the start event (src/summary.c).
TESTS += t/cli/report-slurm.sh
EXTRA_DIST += t/cli/report-slurm.sh

# make check-slurm: stallsup under a one-node Slurm cluster started on this
# machine (root, munge and Slurm installed: munge slurmctld slurmd
# slurm-client; skips with the reason otherwise). TAP through the same
# driver as make check, but not part of it. See t/slurm/cluster.sh.
SLURM_TESTS = t/slurm/srun.sh
EXTRA_DIST += $(SLURM_TESTS) t/slurm/cluster.sh
check-slurm:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="$(SLURM_TESTS)"
.PHONY: check-slurm
