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

# Debian packaging (source format 3.0 native: the release tarball is the
# Debian source, so debian/ is in it).
EXTRA_DIST += NEWS doc/deploy.md debian/changelog debian/control debian/copyright \
	debian/rules debian/source/format debian/stallsup.docs
# The package build runs autoreconf, whose aclocal -I m4 wants the directory.
EXTRA_DIST += m4/.keep

# make deb: build the package from the release tarball in deb/ (a scratch
# copy, so this tree stays configured): dpkg-buildpackage -b -us -uc leaves
# the .deb, .buildinfo and .changes in deb/. DEB_BUILD_OPTIONS=nocheck skips
# the package build's make check. Then e.g. lintian deb/*.changes.
deb:
	$(MAKE) $(AM_MAKEFLAGS) dist-gzip
	rm -rf deb && mkdir deb
	tar -xzf $(distdir).tar.gz -C deb
	cd deb/$(distdir) && dpkg-buildpackage -b -us -uc
	rm -rf deb/$(distdir)
.PHONY: deb
