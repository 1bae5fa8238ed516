# mix.sh (make check-load): 1024 workers of 2 threads for 30 s at -i 100ms;
# half of them stall for good at random moments. Every stall is reported
# once, within its window plus a margin, none on a busy worker, and
# stallsup's RSS and fd count stay flat. The 30 s start when every worker is
# spawned (the workers wait for a go file). LOAD_WORKERS, LOAD_SECONDS,
# LOAD_SEED, LOAD_PERIOD_MS, LOAD_MARGIN_MS, LOAD_NOFILE (a ulimit -n for the
# run) and LOAD_ARGS (more stallsup options) change the run; LOAD_KEEP=DIR
# keeps its files in DIR/mix. See doc/load.md.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/load/load-lib.sh"
plan_lazy
tmp=$(test_tmpdir)

workers=${LOAD_WORKERS:-1024}
seconds=${LOAD_SECONDS:-30}
seed=${LOAD_SEED:-$(($(date +%s) % 100000))}
period=${LOAD_PERIOD_MS:-100}
margin=${LOAD_MARGIN_MS:-14000}
go_nice=${LOAD_NICE:-}
interval=100
[ -n "${LOAD_NOFILE:-}" ] && { ulimit -n "$LOAD_NOFILE" || bail "cannot set ulimit -n $LOAD_NOFILE"; }
diag "$workers workers x 2 threads, $seconds s, -i ${interval}ms, threads wake every" \
	"$((period / 2))-$((period * 3 / 2)) ms; seed $seed (LOAD_SEED=$seed repeats it);" \
	"ulimit -n $(ulimit -Sn) (hard $(ulimit -Hn))"

# Only sleeping stalls count: a busy worker that waits for a CPU through a
# whole window on this loaded machine is truly starved, not falsely
# reported (doc/load.md, "Why --stall-on=sleeping"). --tag-output gives each
# worker its own pipes: 1024 writers of one shared file wait for its position
# lock, a real sleeping stall of a second or more (doc/load.md).
# LOAD_NICE=N gives stallsup alone nice N once every worker is spawned (at
# its nice value): see doc/load.md, "Late detections". --no-backtrace: a
# backtrace whose attach times out (the helper is starved too) lets the
# stalled threads run, which is progress, and the same stall is reported a
# second time (doc/load.md, "Backtraces"); LOAD_ARGS=--backtrace shows it.
go_file=$tmp/go go_report=$tmp/r
run_sampled "$tmp/samples" "$tmp/out" "$tmp/err" -q -w "$workers" -i "${interval}ms" \
	--stall-on=sleeping --tag-output --no-backtrace --report "$tmp/r" ${LOAD_ARGS:-} -- "$LOADWORKER" mix "$seconds" "$seed" "$period" "$go_file"
is 0 "$rc" "stallsup exits 0 (every worker exited 0; stalls only logged)"
stderr_notices "$tmp/err"
judge mix "$tmp/r" "$tmp/out" "$tmp/samples" "$workers" "$seconds" "$interval" "$margin"
diag "summary: workers=$workers seconds=$seconds seed=$seed nofile=$(ulimit -Hn)" \
	"args=${LOAD_ARGS:-none}$figures"
[ -n "${LOAD_KEEP:-}" ] && mkdir -p "$LOAD_KEEP/mix" &&
	cp "$tmp/r" "$tmp/out" "$tmp/err" "$tmp/samples" "$LOAD_KEEP/mix"
rm -rf "$tmp"
done_testing
