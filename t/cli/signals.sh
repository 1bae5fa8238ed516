# signals.sh: signals sent to stallsup reach every worker; a killed
# stallsup takes its workers along (parent-death signal).
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
plan_lazy
tmp=$(test_tmpdir)

# forward SIG MODE: stallsup gets SIG, each of 3 workers records it.
forward() {
	rm -f "$tmp/got" "$tmp/ready"
	"$STALLSUP" -q $2 -w 3 -- "$W/term-reporter" "$tmp/got" > "$tmp/ready" &
	sv=$!
	wait_until 60 has_lines "$tmp/ready" 3 || diag "workers not ready"
	kill -"$1" "$sv"
	wait "$sv"
	is 0 $? "$1 $2: workers exit 0 after handling it"
	is "0 $1
1 $1
2 $1" "$(sort "$tmp/got")" "$1 $2: every worker received it"
}
forward TERM ""
forward INT ""
forward USR1 ""
forward TERM --no-cgroup

# pdeathsig: SIGKILL stallsup, its workers die too.
rm -f "$tmp/report" "$tmp/ready-pids"
"$STALLSUP" -q -w 3 --report "$tmp/report" -- "$W/ignore-term" > "$tmp/ready-pids" &
sv=$!
wait_until 60 has_lines "$tmp/ready-pids" 3 || diag "workers not ready"
pids=$(sed -n 's/^ready //p' "$tmp/ready-pids")
is 3 "$(echo $pids | wc -w | tr -d ' ')" "3 workers are running"
cg=$(cgroup_of_report "$tmp/report")
kill -KILL "$sv"
wait "$sv" 2> /dev/null
for p in $pids; do
	wait_until 30 gone "$p"; ok $? "worker $p died with stallsup"
done
remove_cgroup "$cg"
done_testing
