# status.sh: environment and exit statuses of workers.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
plan_lazy
tmp=$(test_tmpdir)

"$STALLSUP" -q -w 4 -- "$W/print-env" > "$tmp/env"
is 0 $? "4 workers exit 0"
is "worker=0 workers=4
worker=1 workers=4
worker=2 workers=4
worker=3 workers=4" "$(sort "$tmp/env")" "each worker sees a distinct STALLSUP_WORKER"
STALLSUP_WORKER=99 "$STALLSUP" -q -- "$W/print-env" > "$tmp/env"
is "worker=0 workers=1" "$(cat "$tmp/env")" "inherited STALLSUP_WORKER is replaced"
out=$(echo hello | "$STALLSUP" -q -w 2 -- cat)
is "" "$out" "stdin is /dev/null with 2 workers"
out=$(echo hello | "$STALLSUP" -q -- cat)
is "hello" "$out" "stdin is inherited with 1 worker"

"$STALLSUP" -q -- "$W/exit-with" 3; is 3 $? "exit code 3"
"$STALLSUP" -q -w 3 -- "$W/exit-with" 0; is 0 $? "three workers exit 0"
"$STALLSUP" -q -- "$W/exit-with" signal 9; is 137 $? "killed by KILL: 137"
"$STALLSUP" -q -- "$W/exit-with" signal 15; is 143 $? "killed by TERM: 143"
"$STALLSUP" -q -w 3 -- "$W/exit-with" worker 5; is 5 $? "mixed: the failing worker's code"
"$STALLSUP" -q -w 2 -- "$tmp/no-such-command" 2> "$tmp/err"; is 127 $? "not found: 127"
is 2 "$(grep -c 'No such file or directory' "$tmp/err")" "exec error reported per worker"
printf '#!/bin/sh\nexit 0\n' > "$tmp/noexec"; chmod 644 "$tmp/noexec"
"$STALLSUP" -q -- "$tmp/noexec" 2> "$tmp/err"; is 126 $? "not executable: 126"
grep -q 'Permission denied' "$tmp/err"; ok $? "... with the errno text"
"$STALLSUP" -q -- no-such-command-stallsup 2> /dev/null; is 127 $? "not found in PATH: 127"

"$STALLSUP" -q -t 0.2 -- "$W/pause"; is 124 $? "deadline: 124"
"$STALLSUP" -q -t 0.2 --preserve-status -- "$W/pause"; is 143 $? "--preserve-status: 143"
"$STALLSUP" -q -t 0.2 -s KILL -- "$W/pause"; is 137 $? "deadline with -s KILL: 137"
"$STALLSUP" -q -t 1 -k 0.3 -- "$W/ignore-term" > /dev/null
is 137 $? "TERM ignored: KILL after --kill-after, 137"
"$STALLSUP" -q -w 2 -t 1 -s INT -k 0.3 -- "$W/ignore-term" > /dev/null
is 137 $? "INT ignored by 2 workers: 137"
"$STALLSUP" -q -t 0.3 -- "$W/stop-self"; is 124 $? "a stopped worker still ends at the deadline"
"$STALLSUP" -q -t 30 -- "$W/exit-with" 0; is 0 $? "deadline not reached: 0"
"$STALLSUP" -q --no-cgroup -t 1 -k 0.2 -- "$W/ignore-term" > /dev/null
is 137 $? "process groups: KILL after --kill-after"

# A quiet success prints nothing, as timeout(1); anything else prints the table.
"$STALLSUP" -- "$W/exit-with" 0 2> "$tmp/err"
is 0 "$(lines "$tmp/err")" "one worker, success: nothing on stderr"
[ -s "$tmp/err" ] && diag "stderr: $(cat "$tmp/err")" # once seen under make -j2 check
"$STALLSUP" -v -- "$W/exit-with" 0 2> "$tmp/err"
grep -q '^stallsup: exit status 0$' "$tmp/err"; ok $? "-v: the summary table after a success"
"$STALLSUP" -w 2 -- "$W/exit-with" 0 2> "$tmp/err"
grep -q '^stallsup: exit status 0$' "$tmp/err"; ok $? "two workers: the summary table"
"$STALLSUP" -- "$W/exit-with" 3 2> "$tmp/err"
grep -q '^stallsup: exit status 3$' "$tmp/err"; ok $? "a failure: the summary table"
"$STALLSUP" -i 50ms -- sh -c 'sleep 0.5' 2> "$tmp/err"
grep -q '^stallsup: exit status 0$' "$tmp/err"; ok $? "a logged stall, then success: the summary table"
head -1 "$tmp/err" > /dev/null
awk '/^stallsup: *worker/ { h = index($0, "wall") + 3 } /^stallsup: *0 / { r = index($0, "s ") }
	END { exit !(h && h == r) }' "$tmp/err"
ok $? "the table's header lines up with its columns"

# --stall-on=none: nothing is sampled or reported.
"$STALLSUP" --stall-on=none -i 20ms -t 0.5 -- "$W/pause" 2> "$tmp/err"
is 124 $? "--stall-on=none: a plain deadline (124)"
grep -q ' stalled: ' "$tmp/err"; ok $((! $?)) "... and no stall is reported"
done_testing
