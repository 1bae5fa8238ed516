# escalate.sh: escalation is exact: the abort's SIGKILL is never postponed,
# each kind of SIGKILL has its own timer, and time arithmetic saturates.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)

# finish PID BOUND: wait at most BOUND seconds for PID; its status is $rc
# (255 when it had to be killed).
finish() {
	if wait_until "$2" gone "$1"; then
		wait "$1"; rc=$?
	else
		kill -KILL "$1"; wait "$1"; rc=255
	fi
}

# event_ms FILE PATTERN: the time of the first line of FILE matching PATTERN,
# in ms of the day.
event_ms() {
	grep "$2" "$1" | head -1 |
		sed -n 's/.*"time":"[0-9-]*T\([0-9]*\):\([0-9]*\):\([0-9]*\)\.\([0-9]*\)Z".*/\1 \2 \3 \4/p' |
		awk '{ print ((($1 * 60) + $2) * 60 + $3) * 1000 + $4 }'
}

# 1. A worker that catches SIGABRT and stays stuck stalls again and again;
# the SIGKILL scheduled by the first abort still comes on time.
rm -f "$tmp/r" "$tmp/abrt"
"$STALLSUP" --report "$tmp/r" --on-stall=abort -k 1s -i 50ms -- "$W/catch-abrt" "$tmp/abrt" \
	2> "$tmp/e" &
sv=$!
finish "$sv" 30
is 123 "$rc" "SIGABRT caught, no --timeout: the run ends (123)"
ok "$([ "$(lines "$tmp/abrt")" -ge 2 ]; echo $?)" \
	"... after the worker took SIGABRT and stalled again ($(lines "$tmp/abrt") times)"
grep -q '"event":"exit".*"signal_name":"KILL"' "$tmp/r"
ok $? "... ended by the SIGKILL"
first=$(event_ms "$tmp/r" '"action":"abort","signal":"SIGABRT"')
kill_at=$(event_ms "$tmp/r" '"action":"abort","signal":"SIGKILL"')
ok "$([ -n "$first" ] && [ -n "$kill_at" ] && [ $((kill_at - first)) -lt 1800 ]; echo $?)" \
	"... scheduled by the first abort, not postponed ($((kill_at - first)) ms after it)"

# 2. The abort's SIGKILL and the SIGKILL of a tree left behind have their
# own timers: a leader that exits after the abort does not postpone it. (The
# leader sleeps 4 s so that a loaded machine still sees the stall before it
# exits: the abort comes at about 0.2 s, its SIGKILL 5 s later, and one
# postponed to the leader's exit would come at 9 s.)
rm -f "$tmp/r"
"$STALLSUP" --report "$tmp/r" --on-stall=abort -k 5s -i 50ms -t 60 -- sh -c \
	"trap '' ABRT; sh -c \"trap '' ABRT TERM; exec $W/pause\" & sleep 4" 2> "$tmp/e"
is 123 $? "abort, then the leader exits leaving a child: 123"
first=$(event_ms "$tmp/r" '"action":"abort","signal":"SIGABRT"')
kill_at=$(event_ms "$tmp/r" '"action":"abort","signal":"SIGKILL"')
ok "$([ -n "$first" ] && [ -n "$kill_at" ] && [ $((kill_at - first)) -lt 7000 ]; echo $?)" \
	"... the abort's SIGKILL comes -k after the abort ($((kill_at - first)) ms), not -k after the leader's exit"

# 3. Huge durations saturate: "practically never", not a wrap to now.
"$STALLSUP" -q -t 18446744073 -- sleep 0.3
is 0 $? "-t 18446744073: the command runs to its end (status 0, not 124)"
"$STALLSUP" -q -t 0.3 -k 18446744073 -- "$W/ignore-term" > "$tmp/ready" &
sv=$!
wait_until 10 has_lines "$tmp/ready" 1
w=$(sed -n 's/^ready //p' "$tmp/ready")
sleep 1.3
ok "$(gone "$w"; [ $? -ne 0 ]; echo $?)" "-k 18446744073: no SIGKILL right after the TERM"
kill -KILL "$w"
finish "$sv" 10
is 137 "$rc" "... and a worker killed by SIGKILL after the deadline gives 137, as timeout(1)"
rm -f "$tmp/r"
"$STALLSUP" -q --report "$tmp/r" --on-stall=abort -k 18446744073 -i 50ms -t 1.5 -- \
	"$W/catch-abrt" "$tmp/abrt2" 2> /dev/null
is 124 $? "abort with -k 18446744073: no SIGKILL from the abort; the deadline ends it (124)"
grep -q '"action":"abort","signal":"SIGKILL"' "$tmp/r"
ok $((! $?)) "... and no abort SIGKILL was sent"
done_testing
