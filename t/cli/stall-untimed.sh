# stall-untimed.sh: --stall-on=untimed reports a deadlock but not a sleep
# that ends by itself, sets housekeeping threads aside, and names what it
# set aside; --stall-after and STALLSUP_STALL_AFTER_MS set the stall span.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)

# run NAME ARGS...: run stallsup to its end with --report $tmp/NAME.r and
# stderr in $tmp/NAME.e; its status is in $tmp/NAME.rc.
run() {
	_n=$1; shift
	"$STALLSUP" --report "$tmp/$_n.r" "$@" > "$tmp/$_n.o" 2> "$tmp/$_n.e"
	echo $? > "$tmp/$_n.rc"
}

# A two-lock deadlock: reported, its wait untimed, before the deadline.
run dl -i 100ms -t 20 --stall-on=untimed --on-stall=kill -- "$W/deadlock" locks
is 123 "$(cat "$tmp/dl.rc")" "deadlock: killed for the stall (123), not by the deadline"
is 1 "$(stalls "$tmp/dl.r")" "deadlock: one stall"
is sleeping "$(stall_field "$tmp/dl.r" class)" "deadlock: class sleeping"
is untimed "$(stall_field "$tmp/dl.r" wait)" "deadlock: wait untimed"
grep -q "^stallsup: worker 0 stalled: sleeping, every thread in a wait without timeout, " "$tmp/dl.e"
ok $? "deadlock: the headline says untimed"
grep -q "FUTEX_WAIT_PRIVATE, 2, NULL) untimed" "$tmp/dl.e"
ok $? "deadlock: the futex wait decoded, untimed"

# The same with a timer thread waking every 20 ms: set aside, named.
run hk -i 100ms -t 20 --stall-on=untimed --on-stall=kill -- "$W/deadlock" timer
is 123 "$(cat "$tmp/hk.rc")" "timer thread: the deadlock is still caught"
grep -q '"housekeeping":1' "$tmp/hk.r"
ok $? "timer thread: JSON counts one housekeeping thread"
grep -q '^  housekeeping: 1 thread set aside (timed waits, under 1% of a CPU): [0-9]* "deadlock"$' "$tmp/hk.e"
ok $? "timer thread: the report names it"
grep -q '^  where: stuck in take_two (deadlock.c:[0-9]*), waiting in futex (untimed)$' "$tmp/hk.e" ||
	grep -q '^  where: .*waiting in futex (untimed)' "$tmp/hk.e"
ok $? "timer thread: where names the joined thread's wait"

# Sleeps that end by themselves are not stalls in this mode.
run sh -i 100ms -t 30 --stall-on=untimed -- sh -c 'sleep 3; true'
is 0 "$(cat "$tmp/sh.rc")" "sh -c 'sleep 3; true': exits 0"
no_stall_seen "$tmp/sh.r" "$tmp/sh.e" "sh running sleep"
run cs -i 100ms -t 30 --stall-on=untimed -- "$W/deadlock" condsleep 3
is 0 "$(cat "$tmp/cs.rc")" "condition signalled after a 3 s sleep: exits 0"
no_stall_seen "$tmp/cs.r" "$tmp/cs.e" "condition after a sleep"
run poll -i 100ms -t 30 --stall-on=untimed -- "$W/deadlock" poll 3
is 0 "$(cat "$tmp/poll.rc")" "polling with short sleeps while threads compute: exits 0"
no_stall_seen "$tmp/poll.r" "$tmp/poll.e" "polling while computing"

# Without untimed, the same sleep is a sleeping stall (the mode is what
# makes the difference).
run plain -i 100ms -t 30 --stall-on=sleeping -- sh -c 'sleep 2; true'
is 0 "$(cat "$tmp/plain.rc")" "--stall-on=sleeping: sleep exits 0 (log)"
ok "$([ "$(stalls "$tmp/plain.r")" -ge 1 ]; echo $?)" "--stall-on=sleeping: the sleep is a stall"
is timed "$(stall_field "$tmp/plain.r" wait)" "... whose wait is timed"

# --stall-after: the span, in the start event and in the stall's stalled_ms.
run after -i 100ms -t 30 --stall-after 1s --stall-on=untimed --on-stall=kill -- "$W/deadlock" locks
is 123 "$(cat "$tmp/after.rc")" "--stall-after 1s: the deadlock is caught"
grep -q '"event":"start".*"interval_ms":100,"stall_after_ms":1000' "$tmp/after.r"
ok $? "--stall-after 1s: in the start event"
ms=$(stall_field "$tmp/after.r" stalled_ms)
diag "stalled_ms $ms"
ok "$([ "${ms:-0}" -ge 900 ]; echo $?)" "--stall-after 1s: the stall had lasted about 1 s"
STALLSUP_STALL_AFTER_MS=700 run env -i 100ms -t 30 --stall-on=untimed --on-stall=kill -- "$W/deadlock" locks
grep -q '"stall_after_ms":700' "$tmp/env.r"
ok $? "STALLSUP_STALL_AFTER_MS=700: in the start event"
STALLSUP_STALL_AFTER_MS=700 run envwin -i 100ms -t 30 --stall-after 2s --stall-on=none -- true
grep -q '"stall_after_ms":2000' "$tmp/envwin.r"
ok $? "--stall-after wins over STALLSUP_STALL_AFTER_MS"
STALLSUP_STALL_AFTER_MS=abc run envbad -i 100ms -t 30 --stall-on=none -- true
grep -q '"stall_after_ms":300' "$tmp/envbad.r"
ok $? "STALLSUP_STALL_AFTER_MS=abc: the default (W-1 intervals), as STALLSUP_POLL_MS"
run short -i 100ms --stall-after 10ms --stall-on=none -- true
grep -q '"stall_after_ms":300' "$tmp/short.r"
ok $? "--stall-after under W-1 intervals is raised to them"
"$STALLSUP" --stall-after bogus -- true > /dev/null 2> "$tmp/bad.e"
is 125 $? "--stall-after bogus: status 125"
is 1 "$(lines "$tmp/bad.e")" "--stall-after bogus: one line"
grep -q "stall-after" "$tmp/bad.e"
ok $? "--stall-after bogus: the line names the option"

# What workers are told.
run penv -t 40 --stall-after 5s --stall-on=stopped -- sh -c \
	'echo "$STALLSUP_STALL_AFTER_MS $STALLSUP_WORKERS ${STALLSUP_DEADLINE:+set}"'
is "5000 1 set" "$(cat "$tmp/penv.o")" "workers get STALLSUP_STALL_AFTER_MS, STALLSUP_WORKERS, STALLSUP_DEADLINE"
run penv2 --stall-on=none -- sh -c 'echo "${STALLSUP_DEADLINE-unset}"'
is unset "$(cat "$tmp/penv2.o")" "no --timeout: no STALLSUP_DEADLINE"

# The JVM: its service threads wake on timers; a two-lock deadlock is still
# caught, and a sleeping, busy or polling JVM is not.
if command -v javac > /dev/null 2>&1 && command -v java > /dev/null 2>&1; then
	javac -d "$tmp/cls" "$SOURCE"/t/data/java/*.java
	for c in Deadlock Sleep ThreadSleep Busy Poll; do
		run "j$c" -i 100ms -t 40 --stall-on=untimed --on-stall=kill -- \
			java -cp "$tmp/cls" "$c" &
	done
	run jlog -i 100ms -t 20 --stall-on=untimed --no-backtrace -- java -cp "$tmp/cls" Deadlock &
	wait
	is 123 "$(cat "$tmp/jDeadlock.rc")" "JVM deadlock: caught and killed before the deadline"
	is untimed "$(stall_field "$tmp/jDeadlock.r" wait)" "JVM deadlock: wait untimed"
	grep -q '^  housekeeping: [0-9]* threads set aside .*"VM Periodic Tas"' "$tmp/jDeadlock.e"
	ok $? "JVM deadlock: the JVM's timer threads are named as housekeeping"
	grep -q "^  next: jstack " "$tmp/jlog.e"
	ok $? "JVM deadlock, logged: next: jstack"
	for c in Sleep ThreadSleep Busy Poll; do
		is 0 "$(cat "$tmp/j$c.rc")" "JVM $c: exits 0"
		no_stall_seen "$tmp/j$c.r" "$tmp/j$c.e" "JVM $c"
		[ "$(stalls "$tmp/j$c.r")" = 0 ] || diag "$(cat "$tmp/j$c.e")"
	done
else
	skip 16 "no java and javac (openjdk-17-jdk-headless)"
fi
done_testing
