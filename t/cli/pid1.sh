# pid1.sh: stallsup as PID 1 of a PID namespace reaps orphans, forwards signals.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
plan_lazy
tmp=$(test_tmpdir)

unshare --pid --fork --mount-proc true 2> /dev/null ||
	skip_all "unshare --pid --fork --mount-proc is not available or not permitted"

# The worker forks an orphan in its own session, then exits.
unshare --pid --fork --mount-proc "$STALLSUP" -q -k 0.5 -- \
	sh -c "\"$W/fork-grandchild\" setsid \"$tmp/pids\"; echo \$\$ > \"$tmp/self\"" \
	2> "$tmp/err"
is 0 $? "PID 1: status 0"
is 1 "$(lines "$tmp/self")" "the worker ran (as pid $(cat "$tmp/self"))"
is 1 "$(lines "$tmp/pids")" "the orphan was started"

# Signals reach the workers of a PID 1 stallsup.
unshare --pid --fork --mount-proc "$STALLSUP" -q -w 2 -- \
	"$W/term-reporter" "$tmp/got" > "$tmp/ready" &
us=$!
wait_until 60 has_lines "$tmp/ready" 2 || diag "workers not ready"
sv=$(cat /proc/"$us"/task/*/children)
kill -TERM $sv
wait "$us"
is 0 $? "PID 1: TERM forwarded, workers exit 0"
is "0 TERM
1 TERM" "$(sort "$tmp/got")" "PID 1: both workers got TERM"
done_testing
