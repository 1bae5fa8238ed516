# backtrace.sh: user-space backtraces in stall reports, through the binary:
# the headline and frames name the stuck function and its file:line, thread
# groups and counts, a stopped worker stays stopped, a task in D gives up at
# --backtrace-timeout while other stalls are reported, --no-backtrace,
# --dump-signal before the policy; in a --without-libdw build, the report
# says backtraces are unavailable.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)
r=$tmp/r
e=$tmp/e
out=$tmp/out

# ready_line FILE N: field N (2: stuck_a's line, 3: stuck_b's, 4:
# main_wait's) of bt-stuck's "ready" line in FILE.
ready_line() { sed -n 's/^ready \([0-9]*\) \([0-9]*\) \([0-9]*\)$/\1 \2 \3/p' "$1" | cut -d' ' -f$(($2 - 1)); }

# py_bt FILE EXPR [N]: py_stall with g bound to the list of diag.backtrace
# groups, each with "prog": the symbol of its program frame (the first of
# stuck_a, stuck_b, main_wait) or None.
py_bt() {
	py_stall "$1" '(lambda g: '"$2"')([dict(x, prog=next((f["symbol"] for f in x["frames"] if f["symbol"] in ("stuck_a", "stuck_b", "main_wait")), None)) for x in e["diag"].get("backtrace", [])])' "${3:-1}"
}

# states PID: the state letters of PID's threads, in tid order.
states() {
	for _t in $(ls /proc/"$1"/task 2> /dev/null | sort -n); do
		sed 's/.*) \(.\).*/\1/' /proc/"$1"/task/"$_t"/stat 2> /dev/null
	done | tr -d '\n'
}

# all_in PID LETTER: every thread of PID is in state LETTER.
all_in() { _s=$(states "$1"); [ -n "$_s" ] && [ -z "$(printf %s "$_s" | tr -d "$2")" ]; }

# unwinding SV: an unwinder child (stallsup-unwind) of SV's helper exists.
unwinding() {
	for _h in $(cat /proc/"$1"/task/*/children 2> /dev/null); do
		for _u in $(cat /proc/"$_h"/task/*/children 2> /dev/null); do
			[ "$(cat /proc/"$_u"/comm 2> /dev/null)" = stallsup-unwind ] && return 0
		done
	done
	return 1
}

# Bad values of the options: status 125 and one line naming the option.
for bad in --backtrace=some --backtrace-timeout=soon --dump-signal=NOPE --dump-wait=-1; do
	"$STALLSUP" "$bad" -- true > "$out" 2> "$e"
	is 125 $? "$bad: status 125"
	is "1 1" "$(wc -l < "$e" | tr -d ' ') $(grep -c -- "invalid ${bad%%=*} " "$e")" \
		"$bad: one line naming the option"
done

# The build without libdw: the report says why it has no frames.
if ! grep -q '^#define HAVE_LIBDW 1' "$BUILD/config.h"; then
	rm -f "$r"
	"$STALLSUP" --report "$r" -i 100ms --stall-on=sleeping --on-stall=kill -t 60 \
		-- "$W/bt-stuck" sleep 0 > "$out" 2> "$e"
	is 123 $? "without libdw: the stall is killed (status 123)"
	grep -q '^  where: waiting in pause (untimed); no backtrace: backtraces are unavailable in this build' "$e"
	ok $? "without libdw: the headline says backtraces are unavailable in this build"
	grep -q '^ *#[0-9]* 0x' "$e"
	is 1 $? "without libdw: no frames"
	if have_python; then
		is "backtraces are unavailable in this build (--without-libdw)" \
			"$(py_stall "$r" 'e["diag"].get("backtrace_unavailable")')" \
			"without libdw: JSON diag.backtrace_unavailable"
	else
		skip 1 "no python3 to decode JSON"
	fi
	done_testing
	exit 0
fi

scope=$(cat /proc/sys/kernel/yama/ptrace_scope 2> /dev/null || echo 0)
if [ "$scope" -ge 3 ] || { [ "$scope" -ge 2 ] && [ "$(id -u)" -ne 0 ]; }; then
	skip_all "Yama ptrace_scope $scope forbids the backtrace helper to attach"
fi

# A worker with debug info, stuck in a known function: the headline and
# the frames name it with its file:line.
rm -f "$r"
"$STALLSUP" --report "$r" -i 100ms --stall-on=sleeping --on-stall=kill -t 60 \
	-- "$W/bt-stuck" sleep 0 > "$out" 2> "$e"
is 123 $? "known function: the stall is killed (status 123)"
line=$(ready_line "$out" 4)
ok "$([ -n "$line" ]; echo $?)" "known function: the worker said where main_wait waits (line $line)"
grep -q "^  where: stuck in main_wait (bt-stuck.c:$line), waiting in pause (untimed)\$" "$e"
ok $? "known function: the headline names main_wait (bt-stuck.c:$line)"
grep -q "^      #[0-9]* 0x[0-9a-f]* main_wait+0x[0-9a-f]* (bt-stuck) bt-stuck.c:$line\$" "$e"
ok $? "known function: a frame names main_wait, its module and bt-stuck.c:$line"
grep -q "^      #0 0x[0-9a-f]* pause+0x[0-9a-f]* (libc.so.6)\$" "$e"
ok $? "known function: frame #0 is pause in libc, without file:line"
if have_python; then
	is "main_wait bt-stuck.c $line bt-stuck True" "$(py_stall "$r" '" ".join(str(x) for x in next(([f["symbol"], f["file"].split("/")[-1], f["line"], f["module"].split("/")[-1], f["pc"].startswith("0x") and isinstance(f["offset"], int)] for g in e["diag"]["backtrace"] for f in g["frames"] if f["symbol"] == "main_wait"), []))')" \
		"known function: JSON diag.backtrace has the frame (symbol, file, line, module, pc, offset)"
	is "1 $(stall_field "$r" pid)" "$(py_stall "$r" '" ".join(str(x) for x in [len(e["diag"]["backtrace"]), e["diag"]["backtrace"][0]["pid"]])')" \
		"known function: one group, of the worker's process"
else
	skip 2 "no python3 to decode JSON"
fi

# --backtrace=all (also the worker's other processes): a one-process worker
# gets the same frames.
rm -f "$r"
"$STALLSUP" --report "$r" -i 100ms --stall-on=sleeping --on-stall=kill --backtrace=all -t 60 \
	-- "$W/bt-stuck" sleep 0 > "$out" 2> "$e"
is 123 $? "--backtrace=all: the stall is killed (status 123)"
grep -q '^  where: stuck in main_wait (bt-stuck.c:[0-9]*), waiting in pause (untimed)$' "$e"
ok $? "--backtrace=all: the headline names main_wait"

# A multi-threaded worker: 4 threads in stuck_a, 1 in stuck_b, the main
# thread in main_wait: three groups with their counts.
rm -f "$r"
"$STALLSUP" --report "$r" -i 100ms --stall-on=sleeping --on-stall=kill -t 60 \
	-- "$W/bt-stuck" two 4 1 > "$out" 2> "$e"
is 123 $? "threads: the stall is killed (status 123)"
grep -q '^  threads: 6 in 3 groups$' "$e"; ok $? "threads: 6 in 3 groups"
groups=$(awk '/^    [0-9]+ threads? /{ n = $1 }
	/^      #[0-9]+ / && n { s = $3; sub(/\+.*/, "", s)
		if (s == "stuck_a" || s == "stuck_b" || s == "main_wait") { print n, s; n = 0 } }' "$e" |
	sort | tr '\n' ' ')
is "1 main_wait 1 stuck_b 4 stuck_a " "$groups" "threads: the human report's groups and counts"
grep -q '^    4 threads S .*: tids [0-9]*,[0-9]*,[0-9]*,[0-9]* comm="bt-stuck"$' "$e"
ok $? "threads: the group of 4 lists its 4 tids"
if have_python; then
	is "[(1, 'main_wait'), (1, 'stuck_b'), (4, 'stuck_a')]" \
		"$(py_bt "$r" 'sorted((len(x["tids"]), x["prog"]) for x in g)')" \
		"threads: JSON groups and their tids"
	is 6 "$(py_bt "$r" 'len(set(t for x in g for t in x["tids"]))')" \
		"threads: JSON: every thread once"
else
	skip 2 "no python3 to decode JSON"
fi

# A stopped worker is still stopped after its backtrace, and runs on when
# continued: nothing left it in a ptrace stop.
start_bg "$r" "$e" -i 100ms --stall-on=stopped --on-stall=log -t 60 -- "$W/bt-stuck" stop 2
wait_stalls "$r" 1; ok $? "stopped: a stall is reported"
pid=$(stall_field "$r" pid)
is stopped "$(stall_field "$r" class)" "stopped: class stopped"
grep -q '^      #[0-9]* 0x[0-9a-f]* stuck_a+0x[0-9a-f]* (bt-stuck) bt-stuck.c:[0-9]*$' "$e"
ok $? "stopped: its threads were unwound"
is TTT "$(states "$pid")" "stopped: every thread is still stopped (T) after the backtrace"
kill -CONT "$pid"
wait_until 30 all_in "$pid" S
ok $? "stopped: continued, every thread sleeps again (none left in a ptrace stop)"
kill -TERM "$sv"
finish_bg

# A task in D (a vfork parent) cannot be stopped: its backtrace gives up at
# --backtrace-timeout, and meanwhile the supervisor samples and reports
# another worker's stall, with its frames. Worker 0 waits in D; worker 1
# starts to stall only once worker 0's backtrace is under way.
go=$tmp/go
rm -f "$go"
start_bg "$r" "$e" -w 2 -i 100ms --stall-on=uninterruptible,sleeping --on-stall=log \
	--backtrace-timeout=15s -t 120 -- /bin/sh -c '
	if [ "$STALLSUP_WORKER" = 0 ]; then exec "$1/bt-stuck" vfork 0; fi
	while [ ! -e "$2" ]; do sleep 0.1; done
	exec "$1/bt-stuck" sleep 0' sh "$W" "$go"
wait_until 60 unwinding "$sv"; ok $? "D: worker 0's backtrace is under way"
touch "$go"
wait_stalls "$r" 2; ok $? "D: both stalls are reported"
is "1 0" "$(stall_field "$r" worker 1) $(stall_field "$r" worker 2)" \
	"D: worker 1's stall is reported while worker 0's backtrace waits"
is "sleeping uninterruptible" "$(stall_field "$r" class 1) $(stall_field "$r" class 2)" \
	"D: the classes are sleeping and uninterruptible"
grep -q '^  where: stuck in main_wait (bt-stuck.c:[0-9]*), waiting in pause (untimed)$' "$e"
ok $? "D: worker 1's report names main_wait"
grep -A1 '^    1 thread D ' "$e" | grep -q '^      \[unreadable: timed out attaching\]$'
ok $? "D: the thread in D is [unreadable: timed out attaching]"
if have_python; then
	is "['timed out attaching']" \
		"$(py_stall "$r" '[x["unreadable"] for x in e["diag"]["backtrace"] if x["state"] == "D"]' 2)" \
		"D: JSON: unreadable: timed out attaching"
else
	skip 1 "no python3 to decode JSON"
fi
kill -TERM "$sv"
finish_bg
is 143 "$rc" "D: TERM ends the run (status 143)"

# --no-backtrace: the report says so and has no frames.
rm -f "$r"
"$STALLSUP" --report "$r" -i 100ms --stall-on=sleeping --on-stall=kill --no-backtrace -t 60 \
	-- "$W/bt-stuck" sleep 0 > "$out" 2> "$e"
is 123 $? "--no-backtrace: the stall is killed (status 123)"
grep -q '^  where: waiting in pause (untimed); no backtrace: --no-backtrace$' "$e"
ok $? "--no-backtrace: the headline says there is no backtrace, and why"
grep -q '^ *#[0-9]* 0x' "$e"
is 1 $? "--no-backtrace: no frames"
if have_python; then
	is "--no-backtrace False" \
		"$(py_stall "$r" '" ".join(str(x) for x in [e["diag"].get("backtrace_unavailable"), "backtrace" in e["diag"]])')" \
		"--no-backtrace: JSON backtrace_unavailable, no backtrace"
else
	skip 1 "no python3 to decode JSON"
fi

# --dump-signal=USR1 under --on-stall=kill: the worker's own dump comes
# after the report and before the kill. One file holds the JSON events and
# the worker's output, in the order they were written.
"$STALLSUP" --report - -i 100ms --stall-on=sleeping --on-stall=kill --dump-signal=USR1 \
	--dump-wait=3s -t 60 -- "$W/dump-marker" > "$out" 2> "$e"
is 123 $? "--dump-signal: the stall is killed (status 123)"
order=$(sed -n -e 's/^{"event":"stall".*/stall/p' \
	-e 's/^dump-marker: thread dump of [0-9]*$/marker/p' \
	-e 's/^{"event":"action".*"action":"kill","signal":"SIGKILL".*/kill/p' \
	-e 's/^{"event":"exit".*"signal_name":"KILL".*/killed/p' "$out" | tr '\n' ' ')
is "stall marker kill killed " "$order" \
	"--dump-signal: the report, the worker's dump, then SIGKILL; it exits killed"
# The action line of the dump is written just after the signal is sent, so
# the worker's marker may come before it or after.
order=$(sed -n -e 's/^{"event":"action".*"action":"dump","signal":"SIGUSR1".*/dump/p' \
	-e 's/^{"event":"action".*"action":"kill".*/kill/p' "$out" | tr '\n' ' ')
is "dump kill " "$order" "--dump-signal: the JSON records SIGUSR1 (action dump), then the kill"
grep -q '^  action: kill: ' "$e"; ok $? "--dump-signal: the human report names the policy"

done_testing
