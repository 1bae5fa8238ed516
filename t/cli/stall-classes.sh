# stall-classes.sh: each class of stall is caught through the real binary:
# stopped, sleeping (with a wchan) and starved (CPU quota of a cgroup).
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)
r=$tmp/r
e=$tmp/e

# Stopped: a worker that records the time and stops itself, 200 ms interval.
start_bg "$r" "$e" -i 200ms -t 60 -- "$W/stop-self-at" "$tmp/at"
wait_stalls "$r" 1; ok $? "stopped: a stall is reported"
pid=$(cut -d' ' -f1 "$tmp/at")
is stopped "$(stall_field "$r" class)" "stopped: class stopped"
is T "$(stall_field "$r" state)" "stopped: state T"
is "$pid" "$(stall_field "$r" pid)" "stopped: the worker's pid"
grep -q "^stallsup: worker 0 stalled: stopped, no progress for " "$e" &&
	grep -q "^  stuck: .*stop-self-at.* (pid $pid, 1 thread)\$" "$e"
ok $? "stopped: human report"
kill -CONT "$pid"
finish_bg
is 0 "$rc" "stopped: continued, the worker exits 0 (log policy)"
if have_python; then
	is 4 "$(py_stall "$r" 'len(e["window"])')" "stopped: window of 4 samples"
	span=$(py_stall "$r" 'e["window"][-1]["t_ms"] - e["window"][0]["t_ms"]')
	diag "window span ${span} ms (3 intervals of 200 ms)"
	ok "$([ "$span" -ge 400 ] && [ "$span" -le 10600 ]; echo $?)" \
		"stopped: the window spans about 3 intervals"
	flat=$(py_stall "$r" 'len({(s["sum_exec_runtime_ns"], s["switches"]) for s in e["window"]})')
	is 1 "$flat" "stopped: the window is flat"
	at=$(cut -d' ' -f2 "$tmp/at")
	late=$(py_stall "$r" 'int(__import__("datetime").datetime.strptime(e["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=__import__("datetime").timezone.utc).timestamp() * 1000) - '"$at")
	diag "reported ${late} ms after the worker stopped itself"
	ok "$([ "$late" -ge 0 ]; echo $?)" "stopped: reported after the stop, not before"
else
	skip 4 "no python3 to decode JSON"
fi

# Sleeping: pause(), with a wchan.
start_bg "$r" "$e" -i 50ms -t 60 -- "$W/pause"
wait_stalls "$r" 1; ok $? "sleeping: a stall is reported"
pid=$(stall_field "$r" pid)
is sleeping "$(stall_field "$r" class)" "sleeping: class sleeping"
is S "$(stall_field "$r" state)" "sleeping: state S"
kill -TERM "$pid"
finish_bg
is 143 "$rc" "sleeping: ended by our TERM"
if have_python; then
	wchan=$(py_stall "$r" 'e["diag"]["wchan"]')
	diag "wchan: $wchan"
	ok "$([ -n "$wchan" ] && [ "$wchan" != 0 ]; echo $?)" "sleeping: a wchan is captured"
else
	skip 1 "no python3 to decode JSON"
fi
grep -q '^    1 thread S .* in [a-z_]*: tid ' "$e"; ok $? "sleeping: wchan in the human report"

# Uninterruptible: a parent waiting for its vfork child (killable sleep, D).
start_bg "$r" "$e" -i 50ms -t 60 -- "$W/vfork-hang"
wait_stalls "$r" 1; ok $? "uninterruptible: a stall is reported"
is uninterruptible "$(stall_field "$r" class)" "uninterruptible: class uninterruptible"
is D "$(stall_field "$r" state)" "uninterruptible: state D (the vfork parent named)"
kill -TERM "$sv"
finish_bg
is 143 "$rc" "uninterruptible: TERM to stallsup ends the worker (status 143)"
rm -f "$r"
"$STALLSUP" --report "$r" --on-stall=kill -i 50ms -t 60 -- "$W/vfork-hang" 2> "$e"
is 123 $? "uninterruptible, kill policy: status 123"
is 1 "$(stalls "$r")" "uninterruptible, kill policy: one stall event"

# Starved: a spinner under a cgroup v1 CPU quota of 1 ms per second.
cpu=/sys/fs/cgroup/cpu
if [ "$(id -u)" -ne 0 ] || [ ! -w "$cpu/cpu.cfs_quota_us" ]; then
	skip 11 "no writable cgroup v1 cpu controller at $cpu"
else
	cg=$cpu/stallsup-test.$$
	mkdir "$cg" && echo 1000000 > "$cg/cpu.cfs_period_us" &&
		echo 1000 > "$cg/cpu.cfs_quota_us"
	ok $? "starved: quota cgroup made"
	start_bg "$r" "$e" -i 100ms -t 60 -- \
		sh -c 'echo $$ > "$1/cgroup.procs" && exec "$2"' sh "$cg" "$W/spin"
	wait_stalls "$r" 1; ok $? "starved: a stall is reported"
	is starved "$(stall_field "$r" class)" "starved: class starved"
	is R "$(stall_field "$r" state)" "starved: state R"
	echo -1 > "$cg/cpu.cfs_quota_us"
	kill -TERM "$sv"
	finish_bg
	is 143 "$rc" "starved: TERM to stallsup ends the worker (status 143)"

	# One thread of a worker starved while its main thread spins.
	echo 1000 > "$cg/cpu.cfs_quota_us"
	start_bg "$r" "$e" -i 100ms -t 60 -- "$W/starve-thread" "$cg"
	wait_stalls "$r" 1; ok $? "starved thread: a stall is reported"
	is starved "$(stall_field "$r" class)" "starved thread: class starved"
	pid=$(stall_field "$r" pid)
	tid=$(stall_field "$r" tid)
	ok "$([ -n "$tid" ] && [ "$tid" != "$pid" ]; echo $?)" \
		"starved thread: the starved thread ($tid) is named, not the leader ($pid)"
	grep -q '^{"event":"stall".*"whole_worker":false' "$r"
	ok $? "starved thread: not a whole-worker stall"
	grep -q '^stallsup: worker 0 stalled: starved (a thread runnable, not run, while others ran)' "$e"
	ok $? "starved thread: the human report says one task starved"
	echo -1 > "$cg/cpu.cfs_quota_us"
	kill -TERM "$sv"
	finish_bg
	is 143 "$rc" "starved thread: TERM to stallsup ends the worker (status 143)"
	wait_until 30 rmdir "$cg" || diag "cannot remove $cg"
fi
rm -rf "$tmp"
done_testing
