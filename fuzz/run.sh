#!/bin/sh
# run.sh: run libFuzzer targets over their seed corpora (make fuzz).
#
# Usage (from the build directory, after make fuzz-build):
#   fuzz/run.sh [-m] SRCDIR SECONDS TARGET...
# Each fuzz/TARGET-fuzzer runs for SECONDS over fuzz/work/TARGET, where its
# new inputs go, and the seeds in SRCDIR/t/data/fuzz/TARGET, which it only
# reads; with fuzz/TARGET.dict as its dictionary when there is one; crashes
# go to fuzz/artifacts/TARGET-*. FUZZ_FLAGS adds libFuzzer flags (e.g.
# -rss_limit_mb=4096). Prints one line per target:
#   TARGET: EXECS execs, EXEC/S exec/s, cov: COV ft: FT
# and the end of the log of a target that failed, then exits 1.
# With -m, the inputs of fuzz/work/TARGET that add coverage are then merged
# into the seed corpus (libFuzzer -merge=1), for a maintainer to review and
# commit.
set -u

merge=false
if [ "${1:-}" = -m ]; then
	merge=true
	shift
fi
[ $# -ge 3 ] || { echo "usage: $0 [-m] SRCDIR SECONDS TARGET..." >&2; exit 2; }
srcdir=$1
seconds=$2
shift 2

# stat NAME LOG: the value of libFuzzer's final statistic stat::NAME.
stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -n 1; }
# field NAME LOG: the value after "NAME: " on the last status line.
field() { grep -E '^#[0-9]+' "$2" | tail -n 1 | sed -n "s/.* $1: \([0-9]*\).*/\1/p"; }

status=0
mkdir -p fuzz/artifacts
for t in "$@"; do
	seeds=$srcdir/t/data/fuzz/$t
	log=fuzz/work/$t.log
	mkdir -p "fuzz/work/$t"
	dict=
	[ -f "$srcdir/fuzz/$t.dict" ] && dict=-dict=$srcdir/fuzz/$t.dict
	# shellcheck disable=SC2086 # FUZZ_FLAGS and dict are lists of flags
	if ! "./fuzz/$t-fuzzer" -max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="fuzz/artifacts/$t-" $dict ${FUZZ_FLAGS:-} \
		"fuzz/work/$t" "$seeds" > "$log" 2>&1; then
		echo "$t: FAILED (log $log, input in fuzz/artifacts/)"
		tail -n 40 "$log"
		status=1
		continue
	fi
	echo "$t: $(stat number_of_executed_units "$log") execs," \
		"$(stat average_exec_per_sec "$log") exec/s," \
		"cov: $(field cov "$log") ft: $(field ft "$log")"
	if $merge; then
		"./fuzz/$t-fuzzer" -merge=1 $dict "$seeds" "fuzz/work/$t" > "fuzz/work/$t.merge.log" 2>&1 ||
			{ echo "$t: merge failed (fuzz/work/$t.merge.log)"; status=1; }
	fi
done
exit $status
