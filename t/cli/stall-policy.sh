# stall-policy.sh: --on-stall=abort|kill|log acted out on real workers.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)
r=$tmp/r
e=$tmp/e

# summary_result ERR: the result column of worker 0's summary row.
summary_result() {
	sed -n 's/^stallsup: *0 *[0-9]* *[0-9.]*s *[0-9.]*s *[0-9]* *\([a-z]* [A-Z0-9]*\) .*/\1/p' "$1"
}

# cores DIR PREFIX: the files of DIR named like a core (PREFIX, PREFIX.*).
cores() { (cd "$1" && ls -d "$2" "$2".* 2> /dev/null); }

# abort: a core in the worker's cwd when core_pattern is a plain file name.
pattern=$(cat /proc/sys/kernel/core_pattern 2> /dev/null)
prefix=${pattern%%%*}
case "$pattern" in
*'|'* | */* | '') reason="core_pattern '$pattern' is not a plain file name" ;;
*) reason= ;;
esac
[ -z "$reason" ] && [ -z "$prefix" ] && reason="core_pattern '$pattern' has no fixed prefix"
[ -z "$reason" ] && [ "$(ulimit -Hc)" = 0 ] && reason="hard RLIMIT_CORE is 0"
mkdir "$tmp/cwd"
(cd "$tmp/cwd" && exec "$STALLSUP" --report "$r" --on-stall=abort -k 20s -i 50ms -t 60 -- \
	"$W/pause" 2> "$e")
is 123 $? "abort: status 123"
res=$(summary_result "$e")
ok "$(case "$res" in "signal ABRT" | "signal KILL") echo 0 ;; *) echo 1 ;; esac)" \
	"abort: the summary shows signal ABRT or KILL ($res)"
is 1 "$(grep -c '^{"event":"action".*"action":"abort","signal":"SIGABRT"' "$r")" \
	"abort: one SIGABRT action event"
if [ -n "$reason" ]; then
	skip 3 "$reason"
else
	found=$(cores "$tmp/cwd" "$prefix")
	ok "$([ -n "$found" ]; echo $?)" "abort: a core file in the cwd ($found)"
	grep -q "\"event\":\"exit\".*\"core_dumped\":true,\"core\":{\"path\":\"$tmp/cwd/$prefix" "$r"
	ok $? "abort: the exit event says where the core went"
	grep -q "^stallsup: worker 0 dumped core: $tmp/cwd/$prefix" "$e"
	ok $? "abort: so does the summary"
fi
rm -f "$tmp/cwd/$prefix" "$tmp/cwd/$prefix".*

# --no-core with a soft RLIMIT_CORE of 0: no core.
(ulimit -Sc 0 && cd "$tmp/cwd" && exec "$STALLSUP" --report "$r" --on-stall=abort --no-core \
	-k 20s -i 50ms -t 60 -- "$W/pause" 2> "$e")
is 123 $? "abort --no-core: status 123"
grep -q "^stallsup: --on-stall=abort: the soft RLIMIT_CORE stops core dumps" "$e"
ok $? "abort --no-core, soft RLIMIT_CORE 0: warned at start"
res=$(summary_result "$e")
ok "$(case "$res" in "signal ABRT" | "signal KILL") echo 0 ;; *) echo 1 ;; esac)" \
	"abort --no-core: the summary shows signal ABRT or KILL ($res)"
if [ -n "$prefix" ]; then
	is "" "$(cores "$tmp/cwd" "$prefix")" "abort --no-core: no core file"
	rm -f "$tmp/cwd/$prefix" "$tmp/cwd/$prefix".*
else
	skip 1 "$reason"
fi

# abort on a stopped worker: SIGABRT, then SIGCONT so that it takes it.
rm -f "$r"
(cd "$tmp/cwd" && exec "$STALLSUP" --report "$r" --on-stall=abort -k 20s -i 50ms -t 60 -- \
	"$W/stop-self" 2> "$e")
is 123 $? "abort, stopped worker: status 123"
is "SIGABRT SIGCONT" "$(sed -n 's/^{"event":"action".*"signal":"\([A-Z]*\)".*/\1/p' "$r" | head -2 | tr '\n' ' ' | sed 's/ $//')" \
	"abort, stopped worker: SIGABRT then SIGCONT"
res=$(summary_result "$e")
ok "$(case "$res" in "signal ABRT" | "signal KILL") echo 0 ;; *) echo 1 ;; esac)" \
	"abort, stopped worker: the summary shows signal ABRT or KILL ($res)"
[ -n "$prefix" ] && rm -f "$tmp/cwd/$prefix" "$tmp/cwd/$prefix".*

# abort on a worker that ignores SIGABRT: SIGKILL to its tree after -k.
rm -f "$r"
(cd "$tmp/cwd" && exec "$STALLSUP" --report "$r" --on-stall=abort -k 0.3s -i 50ms -t 60 -- \
	sh -c 'trap "" ABRT; exec "$0"' "$W/pause" 2> "$e")
is 123 $? "abort, SIGABRT ignored: status 123"
is "signal KILL" "$(summary_result "$e")" "abort, SIGABRT ignored: killed after --kill-after"
grep -q '^{"event":"action".*"action":"abort","signal":"SIGABRT".*"target":"procs"' "$r"
ok $? "abort, SIGABRT ignored: a SIGABRT action event"
grep -q '^{"event":"action".*"action":"abort","signal":"SIGKILL","signo":9,"target":"tree"' "$r"
ok $? "abort, SIGABRT ignored: a SIGKILL action event for the tree"

# kill: the worker and its grandchild are gone when stallsup exits.
for ps in "" " --preserve-status"; do
	rm -f "$tmp/pids"
	"$STALLSUP" --report "$r" --on-stall=kill $ps -i 50ms -t 60 -- \
		"$W/fork-hang" "$tmp/pids" 2> "$e"
	rc=$?
	if [ -z "$ps" ]; then
		is 123 "$rc" "kill: status 123"
	else
		is 137 "$rc" "kill --preserve-status: the worker's status 137"
	fi
	is 2 "$(wc -w < "$tmp/pids" | tr -d ' ')" "kill$ps: worker and grandchild ran"
	for p in $(cat "$tmp/pids"); do
		gone "$p"; ok $? "kill$ps: $p is gone when stallsup exits"
	done
	grep -q '^{"event":"action".*"action":"kill","signal":"SIGKILL".*"result":"ok"' "$r"
	ok $? "kill$ps: a SIGKILL action event"
done

# kill: a grandchild that left for its own session is gone too, with a
# cgroup and with process groups only.
for cg in "" " --no-cgroup"; do
	rm -f "$tmp/pids"
	"$STALLSUP" --report "$r" --on-stall=kill $cg -i 50ms -t 60 -- \
		"$W/fork-hang" "$tmp/pids" setsid 2> "$e"
	is 123 $? "kill$cg, setsid grandchild: status 123"
	is 2 "$(wc -w < "$tmp/pids" | tr -d ' ')" "kill$cg, setsid grandchild: both ran"
	for p in $(cat "$tmp/pids"); do
		gone "$p"; ok $? "kill$cg, setsid grandchild: $p is gone when stallsup exits"
		gone "$p" || kill -KILL "$p"
	done
done

# log: the worker carries on; a continued worker exits 0.
for fail in "" " --fail-on-stall"; do
	start_bg "$r" "$e" $fail -i 50ms -t 60 -- "$W/stop-self"
	wait_stalls "$r" 1; ok $? "log$fail: stall reported"
	is 0 "$(actions "$r")" "log$fail: no action event"
	kill -CONT "$(stall_field "$r" pid)"
	finish_bg
	if [ -z "$fail" ]; then
		is 0 "$rc" "log: the continued worker exits 0, status 0"
	else
		is 123 "$rc" "log --fail-on-stall: status 123"
	fi
	grep -q '"event":"exit","time":"[^"]*","worker":0,.*"code":0' "$r"
	ok $? "log$fail: the worker exited 0"
done

# Per-class policy: kill the sleeping one, only log the stopped one.
rm -f "$tmp/r"
"$STALLSUP" --report "$tmp/r" --on-stall=kill,stopped:log -i 50ms -t 1 -- "$W/stop-self" 2> "$e"
is 124 $? "--on-stall=kill,stopped:log: a stopped worker is only logged (the deadline ends it)"
is 0 "$(actions "$r")" "... no action event"
grep -q '"class":"stopped".*"action":"log"' "$r"; ok $? "... its report names the log action"
"$STALLSUP" --report "$tmp/r" --on-stall=kill,stopped:log -i 50ms -t 60 -- "$W/pause" 2> "$e"
is 123 $? "--on-stall=kill,stopped:log: a sleeping worker is killed (123)"
"$STALLSUP" --on-stall=sleeping:bogus -- true 2> "$e"
is 125 $? "--on-stall=sleeping:bogus: refused (125)"
grep -q "invalid stall policy 'sleeping:bogus'" "$e"; ok $? "... naming it"

# A stall ends only its own worker: 3 workers, worker 1 stops, kill policy.
# (The other two spin: on a loaded machine they can really be starved for
# 150 ms, so only the stopped class counts here.)
rm -f "$tmp/who" "$tmp/done"
start_bg "$r" "$e" -w 3 --on-stall=kill --stall-on=stopped -i 50ms -t 60 -- \
	"$W/stop-one" 1 "$tmp/who" "$tmp/done"
wait_until 60 grep -q '^{"event":"action"' "$r"; ok $? "one stall: the kill action came"
is 1 "$(stall_field "$r" worker)" "one stall: worker 1 reported"
for w in 0 2; do
	p=$(sed -n "s/^$w //p" "$tmp/who")
	ok "$(gone "$p"; [ $? -ne 0 ]; echo $?)" "one stall: worker $w ($p) still runs"
done
touch "$tmp/done"
finish_bg
is 123 "$rc" "one stall: status 123"
for w in 0 2; do
	grep -q "\"event\":\"exit\",\"time\":\"[^\"]*\",\"worker\":$w,.*\"code\":0" "$r"
	ok $? "one stall: worker $w exited 0 by itself"
done
grep -q '"event":"exit","time":"[^"]*","worker":1,.*"signal_name":"KILL"' "$r"
ok $? "one stall: worker 1 was killed"
is 1 "$(stalls "$r")" "one stall: exactly one stall event"
rm -rf "$tmp"
done_testing
