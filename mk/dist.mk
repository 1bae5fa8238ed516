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
