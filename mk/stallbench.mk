## Benchmarks of stall detection: latency and supervision cost.
## Built and run only by `make bench` (never by make check); see bench/README.md.
bench_util_sources = bench/benchutil.c bench/benchutil.h

EXTRA_PROGRAMS += bench/stallworker bench/latency bench/cost
bench_stallworker_SOURCES = bench/stallworker.c
bench_latency_SOURCES = bench/latency.c $(bench_util_sources)
bench_cost_SOURCES = bench/cost.c $(bench_util_sources)
bench_cost_LDADD = lib/libstallsup.a $(SECCOMP_LIBS)

BENCH_TARGETS += bench-latency bench-cost
bench-latency: bench/latency$(EXEEXT) bench/stallworker$(EXEEXT) src/stallsup$(EXEEXT)
	./bench/latency$(EXEEXT) ./src/stallsup$(EXEEXT) ./bench/stallworker$(EXEEXT)
bench-cost: bench/cost$(EXEEXT) bench/stallworker$(EXEEXT) src/stallsup$(EXEEXT)
	./bench/cost$(EXEEXT) ./src/stallsup$(EXEEXT) ./bench/stallworker$(EXEEXT)
.PHONY: bench-latency bench-cost

EXTRA_DIST += bench/README.md
