## make check-load: the load and soak test (issue 12, section 6), not part
## of make check. See doc/load.md.
##   t/load/mix.sh    1024 workers x 2 threads for 30 s at -i 100ms, half of
##                    them stalling at random moments
##   t/load/churn.sh  one worker creating and joining threads for 60 s
## Each runs through the same TAP driver as make check, one after the other
## (never both at once: each wants the machine); their logs are
## t/load/mix.log and t/load/churn.log. LOAD_TESTS=t/load/mix.sh runs one.

# The worker program, built only for check-load.
EXTRA_PROGRAMS += t/workers/loadworker
t_workers_loadworker_SOURCES = t/workers/loadworker.c

LOAD_TESTS = t/load/mix.sh t/load/churn.sh
EXTRA_DIST += t/load/mix.sh t/load/churn.sh t/load/load-lib.sh t/load/loadcheck.py \
	doc/load.md
check-load: src/stallsup$(EXEEXT) t/workers/loadworker$(EXEEXT)
	@st=0; for t in $(LOAD_TESTS); do \
		$(MAKE) $(AM_MAKEFLAGS) check-TESTS TESTS="$$t" \
			AM_SH_LOG_DRIVER_FLAGS=--comments || st=1; \
	done; exit $$st
.PHONY: check-load
