# stall-rearm.sh: a stall is reported once, and again only after progress.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)
r=$tmp/r
e=$tmp/e

# runtime PID: the CPU time of PID's main thread in ns (schedstat).
runtime() { cut -d' ' -f1 "/proc/$1/schedstat" 2> /dev/null || echo 0; }

# ran_since PID NS: PID's runtime passed NS.
ran_since() { [ "$(runtime "$1")" -gt "$2" ]; }

# Stop, continue, stop again: two stall events. (Only the stopped class
# counts: on a loaded machine the spinner can really be starved for 150 ms.)
start_bg "$r" "$e" --stall-on=stopped -i 50ms -t 60 -- "$W/spin"
wait_until 60 has_children "$sv" || bail "the worker did not start within 60 s"
pid=$(echo $(children_of "$sv"))
kill -STOP "$pid"
wait_stalls "$r" 1; ok $? "first stop reported"
is stopped "$(stall_field "$r" class)" "first stop: class stopped"
kill -CONT "$pid"
# Progress: half a second of CPU, i.e. ten intervals.
base=$(runtime "$pid")
wait_until 60 ran_since "$pid" $((base + 500000000)); ok $? "the worker ran again"
is 1 "$(stalls "$r")" "progress is not reported"
kill -STOP "$pid"
wait_stalls "$r" 2; ok $? "second stop reported"
is stopped "$(stall_field "$r" class 2)" "second stop: class stopped"
is "$pid" "$(stall_field "$r" pid 2)" "second stop: same worker"
kill -KILL "$pid"
finish_bg
is 137 "$rc" "the worker killed by us: 137"
is 2 "$(stalls "$r")" "exactly two stall events"
grep -q '"event":"exit".*"stalls":2' "$r"; ok $? "the exit event counts two stalls"
is 2 "$(grep -c '^stallsup: worker [0-9]* stalled: ' "$e")" "two human reports"

# A permanently stuck worker over ~13 windows: one report.
for worker in pause stop-self; do
	rm -f "$r"
	"$STALLSUP" --report "$r" -i 50ms -t 2 -- "$W/$worker" 2> "$e"
	is 124 $? "stuck $worker: ended by the deadline"
	is 1 "$(stalls "$r")" "stuck $worker: exactly one stall event"
	is 1 "$(grep -c '^stallsup: worker [0-9]* stalled: ' "$e")" "stuck $worker: one human report"
	grep -q '^stallsup: *0 *[0-9]* *[0-9.]*s *[0-9.]*s *[0-9]* signal TERM *1$' "$e"
	ok $? "stuck $worker: the summary counts one stall"
done
rm -rf "$tmp"
done_testing
