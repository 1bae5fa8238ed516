# heartbeat.sh: --heartbeat (class heartbeat, doc/triggers.md) through the
# real binary, with t/workers/notify-beat speaking the notify protocol over
# plain sockets, and with systemd-notify when it is installed.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)
r=$tmp/r
e=$tmp/e
NB=$W/notify-beat

# What a worker is given.
"$STALLSUP" --heartbeat 1.5s -t 600 -- "$NB" env "$tmp/env" 2> "$e"
is 0 $? "env: exits 0"
read -r sock usec wpid mypid < "$tmp/env"
case $sock in @stallsup/notify/*) ok 0 "NOTIFY_SOCKET is an abstract socket of ours" ;;
*) ok 1 "NOTIFY_SOCKET is an abstract socket of ours ($sock)" ;; esac
is 1500000 "$usec" "WATCHDOG_USEC is the period"
is "$mypid" "$wpid" "WATCHDOG_PID is the worker's own pid"
"$STALLSUP" --heartbeat 1.5s -t 600 -- env 2> "$e" |
	grep -q '^STALLSUP_HEARTBEAT_MS=1500$'
ok $? "STALLSUP_HEARTBEAT_MS is the period in ms"
NOTIFY_SOCKET=/elsewhere "$STALLSUP" -t 600 -- env 2> "$e" |
	grep -q '^NOTIFY_SOCKET=/elsewhere$'
ok $? "without --heartbeat, an inherited NOTIFY_SOCKET passes through"

# Beats for 1 s, then says STATUS=quiet now and stops beating while running.
start_bg "$r" "$e" -i 100ms --heartbeat 500ms --stall-on=heartbeat -t 600 -- "$NB" beat 1
wait_stalls "$r" 1; ok $? "missed heartbeat: reported"
is heartbeat "$(stall_field "$r" class)" "missed heartbeat: class heartbeat"
grep -q "^stallsup: worker 0 stalled: heartbeat (no WATCHDOG=1 within 500ms), none for " "$e"
ok $? "missed heartbeat: human headline"
grep -q "^  said: STATUS=quiet now, ready, [1-9][0-9]* heartbeats\$" "$e"
ok $? "missed heartbeat: the last STATUS= in the report"
if have_python; then
	is "quiet now" "$(py_stall "$r" 'e["notify"]["status"]')" "JSON: notify.status"
	is True "$(py_stall "$r" 'e["notify"]["ready"]')" "JSON: notify.ready"
	is False "$(py_stall "$r" 'e["trigger"]["forced"]')" "JSON: not forced"
	is 500 "$(py_stall "$r" 'e["trigger"]["period_ms"]')" "JSON: trigger.period_ms"
else
	skip 4 "no python3 to decode JSON"
fi
kill -TERM "$sv"
finish_bg
ok "$([ "$rc" = 143 ]; echo $?)" "missed heartbeat: ended by our TERM"

# WATCHDOG=trigger fires at once, and the policy acts.
rm -f "$r"
"$STALLSUP" --report "$r" --heartbeat 1h --on-stall=heartbeat:kill -t 600 -- "$NB" trigger 2> "$e"
is 123 $? "WATCHDOG=trigger: killed by the policy (123)"
is heartbeat "$(stall_field "$r" class)" "WATCHDOG=trigger: class heartbeat"
grep -q "^stallsup: worker 0 stalled: heartbeat (the worker sent WATCHDOG=trigger, pid [0-9]*)\$" "$e"
ok $? "WATCHDOG=trigger: human headline"
grep -q "^  said: STATUS=about to trigger, not ready, 0 heartbeats\$" "$e"
ok $? "WATCHDOG=trigger: its STATUS= in the report"

# A healthy worker beating every 100 ms under a 3 s period: never fires.
start_bg "$r" "$e" -i 100ms --heartbeat 3s --stall-on=heartbeat -t 600 -- "$NB" healthy 3
finish_bg
is 0 "$rc" "healthy: exits 0"
no_stall_seen "$r" "$e" "healthy"

# WATCHDOG_USEC= moves the period from 300 ms to a minute: no miss in 3 s.
start_bg "$r" "$e" -i 100ms --heartbeat 300ms --stall-on=heartbeat -t 600 -- "$NB" usec 3
finish_bg
is 0 "$rc" "WATCHDOG_USEC=: exits 0"
no_stall_seen "$r" "$e" "WATCHDOG_USEC= lengthened the period"

# Malformed messages are ignored (said once), the worker carries on healthy;
# the summary counts them (-v: a single worker that exits 0 has one then).
# A line with no "=" is not one of them: ignored as an unknown assignment,
# as systemd does.
start_bg "$r" "$e" -v -i 100ms --heartbeat 3s --stall-on=heartbeat -t 600 -- "$NB" garbage 2
finish_bg
is 0 "$rc" "garbage: exits 0"
no_stall_seen "$r" "$e" "garbage"
is 1 "$(grep -c 'notify: a malformed message ignored (said once)' "$e")" "garbage: said once"
grep -q '"notify_ignored":{"foreign":0,"malformed":3}' "$r"
ok $? "garbage: the summary counts the 3 malformed messages"
grep -q '^stallsup: notify: ignored 0 datagrams from outside the workers and 3 malformed messages$' "$e"
ok $? "garbage: so does the summary on stderr"

# A sender outside the workers is ignored and said once: a WATCHDOG=trigger
# from it fires nothing.
start_bg "$r" "$e" -i 100ms --heartbeat 1h --stall-on=heartbeat -t 600 -- "$NB" env "$tmp/env2"
wait_until 60 test -s "$tmp/env2"
finish_bg
start_bg "$r" "$e" -i 100ms --heartbeat 1h --stall-on=heartbeat -t 600 -- sh -c \
	'"$0" env "$1"; sleep 3' "$NB" "$tmp/env3"
wait_until 60 test -s "$tmp/env3"
read -r sock3 _ < "$tmp/env3"
NOTIFY_SOCKET=$sock3 "$NB" send WATCHDOG=trigger
finish_bg
is 0 "$rc" "foreign sender: the worker exits 0"
no_stall_seen "$r" "$e" "foreign sender"
grep -q "notify: a datagram from pid [0-9]*, not of a worker, ignored (said once)" "$e"
ok $? "foreign sender: said"
grep -q '"notify_ignored":{"foreign":1,"malformed":0}' "$r"
ok $? "foreign sender: counted in the summary"

# systemd-notify, as a shell script in a unit would use it.
if command -v systemd-notify > /dev/null 2>&1; then
	rm -f "$r"
	"$STALLSUP" --report "$r" --heartbeat 1h --on-stall=heartbeat:kill -t 600 -- sh -c \
		'systemd-notify --status="from systemd-notify" && systemd-notify WATCHDOG=trigger; sleep 600' \
		2> "$e"
	rc=$?
	if [ "$rc" = 123 ]; then
		ok 0 "systemd-notify WATCHDOG=trigger: killed by the policy"
		grep -q '^  said: STATUS=from systemd-notify' "$e"
		ok $? "systemd-notify: its STATUS= in the report"
	else
		diag "$(cat "$e")"
		ok 1 "systemd-notify WATCHDOG=trigger: killed by the policy (status $rc)"
		skip 1 "no report"
	fi
else
	skip 2 "systemd-notify is not installed"
fi

# Bad values.
"$STALLSUP" --heartbeat 0 -- true 2> "$e"
is 125 $? "--heartbeat 0: status 125"
"$STALLSUP" --help | grep -q -- '--heartbeat=DURATION'; ok $? "--help lists --heartbeat"
rm -rf "$tmp"
done_testing
