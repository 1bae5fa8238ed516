# stall-healthy.sh: workers that make progress are never reported.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)

# healthy DESC STALLSUP-ARGS...: run, check no stall was seen; sets $rc.
healthy() {
	_desc=$1; shift
	rm -f "$tmp/r" "$tmp/err"
	"$STALLSUP" --report "$tmp/r" "$@" 2> "$tmp/err"
	rc=$?
	no_stall_seen "$tmp/r" "$tmp/err" "$_desc"
	grep '^stallsup: worker [0-9]* stalled\|^  stuck\|^  where\|^  evidence\|^  host' "$tmp/err" |
		while IFS= read -r _l; do diag "$_desc: $_l"; done
}

# The tests of scopes leave starvation out: at 50 ms a task of a loaded
# machine (make -j2 distcheck beside other suites) really can wait 150 ms for
# a CPU, and that is a true verdict, not what they test. Starvation's own
# false positives are tested by the spinners below, at 100 ms.
nostarve=--stall-on=sleeping,stopped,uninterruptible

# Twice as many spinning workers as CPUs, 20 samples (over 10 windows).
n=$(($(nproc) * 2))
healthy "$n spinners" -w "$n" -i 100ms -t 2 -- "$W/spin"
is 124 "$rc" "$n spinners: ended by the deadline"
is "$n" "$(grep -c '"event":"exit".*"signal_name":"TERM"' "$tmp/r")" \
	"$n spinners: every one ran until the deadline"

# A main thread joining spinning threads: the threads count...
for scope in tree process; do
	healthy "threads, $scope scope" --scope=$scope $nostarve -i 50ms -t 1 -- "$W/threads" 2
	is 124 "$rc" "threads, $scope scope: ended by the deadline"
done
# ...but not under the leader scope, which sees only the joining main thread.
rm -f "$tmp/r"
"$STALLSUP" --report "$tmp/r" --scope=leader -i 50ms -t 1 -- "$W/threads" 2 2> "$tmp/err"
is 1 "$(stalls "$tmp/r")" "threads, leader scope: one stall event"
is sleeping "$(stall_field "$tmp/r" class)" "threads, leader scope: class sleeping"

# Workers that exit early, one after the other. They spin until they exit:
# six spinners on a loaded 2-core machine really wait 30 ms for a CPU at
# times, which at 10 ms is a true starvation, so that class is left out.
healthy "early exits" -w 6 -i 10ms --stall-on=sleeping,stopped,uninterruptible -- \
	"$W/exit-early" 30
is 0 "$rc" "early exits: status 0"
# (A fresh process may wait 30 ms for a CPU on a loaded machine: at 10 ms that
# is a true starvation, so that class is left out here too.)
healthy "immediate exits" -w 4 -i 10ms --stall-on=sleeping,stopped,uninterruptible -- \
	"$W/exit-with" 0
is 0 "$rc" "immediate exits: status 0"

# A leader that called pthread_exit while its threads spin.
for scope in tree process leader; do
	healthy "pthread_exit leader, $scope scope" --scope=$scope $nostarve -i 50ms -t 1 -- \
		"$W/threads" 2 exit
	is 124 "$rc" "pthread_exit leader, $scope scope: ended by the deadline"
done

# A parent waiting in waitpid while its child does the work.
healthy "waiting parent, tree scope" $nostarve -i 50ms -t 1 -- "$W/fork-wait"
is 124 "$rc" "waiting parent, tree scope: ended by the deadline"
rm -f "$tmp/r"
"$STALLSUP" --report "$tmp/r" --scope=process -i 50ms -t 1 -- "$W/fork-wait" 2> "$tmp/err"
is 1 "$(stalls "$tmp/r")" "waiting parent, process scope: one stall event"
is sleeping "$(stall_field "$tmp/r" class)" "waiting parent, process scope: class sleeping"
grep -q '^stallsup: worker 0 stalled: sleeping' "$tmp/err" && grep -q '^  stuck: .*fork-wait' "$tmp/err"
ok $? "waiting parent, process scope: human report"

# Short sleeps (one interval at most) between bursts of work.
healthy "bursts" -i 100ms -t 2 -- "$W/bursts" 10 50
is 124 "$rc" "bursts: ended by the deadline"
healthy "bursts, 2 workers" -w 2 -i 100ms -t 2 -- "$W/bursts" 5 80
rm -rf "$tmp"
done_testing
