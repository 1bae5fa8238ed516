# churn.sh (make check-load): one worker that creates and joins threads
# without pause for 60 s, at -i 100ms: no false stall, and stallsup's RSS and
# fd count stay flat while thousands of tasks come and go (and tids are
# reused). LOAD_CHURN_SECONDS, LOAD_CHURN_SLOTS (threads alive at a time),
# LOAD_ARGS (more stallsup options) and LOAD_KEEP=DIR (keep its files in
# DIR/churn) change the run; see doc/load.md.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/load/load-lib.sh"
plan_lazy
tmp=$(test_tmpdir)

seconds=${LOAD_CHURN_SECONDS:-60}
slots=${LOAD_CHURN_SLOTS:-8}
interval=100
diag "one worker, $slots threads at a time replaced as they end, $seconds s, -i ${interval}ms;" \
	"ulimit -n $(ulimit -Sn) (hard $(ulimit -Hn)); pid_max $(cat /proc/sys/kernel/pid_max)"

# Every class counts: a starved verdict is accepted only when the worker saw
# one of its threads wait a window for a CPU (loadcheck.py, churn).
run_sampled "$tmp/samples" "$tmp/out" "$tmp/err" -q -i "${interval}ms" --report "$tmp/r" \
	${LOAD_ARGS:-} -- "$LOADWORKER" churn "$seconds" "$slots"
is 0 "$rc" "stallsup exits 0"
stderr_notices "$tmp/err"
judge churn "$tmp/r" "$tmp/out" "$tmp/samples" "$seconds" "$interval"
diag "summary: churn seconds=$seconds slots=$slots nofile=$(ulimit -Hn)" \
	"args=${LOAD_ARGS:-none}$figures"
[ -n "${LOAD_KEEP:-}" ] && mkdir -p "$LOAD_KEEP/churn" &&
	cp "$tmp/r" "$tmp/out" "$tmp/err" "$tmp/samples" "$LOAD_KEEP/churn"
rm -rf "$tmp"
done_testing
