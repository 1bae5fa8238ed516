# survive.sh: nothing of a run survives stallsup, not even its SIGKILL;
# cgroup directories are unique, owned, and swept only when their owner is gone.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)

# pids_of FILE [ROLE]: the pids of the "ROLE PID" lines of FILE (all roles
# when none is given).
pids_of() { awk -v r="$2" 'r == "" || $1 == r { print $2 }' "$1" 2> /dev/null; }

# all_gone FILE [ROLE]: no such pid listed in FILE is alive (zombies count as gone).
all_gone() {
	for _p in $(pids_of "$1" "$2"); do gone "$_p" || return 1; done
}

# groups_gone FILE: the leaders and plain children of FILE are gone.
groups_gone() { all_gone "$1" leader && all_gone "$1" child; }

# nothing_left FILE CGROUP: all_gone FILE, and the directory CGROUP is gone;
# without a cgroup (CGROUP empty), only the leaders and their plain children
# (a detached daemon may survive process-group containment: stallsup(1)).
nothing_left() {
	if [ -z "$2" ]; then
		groups_gone "$1"
	else
		all_gone "$1" && [ ! -d "$2" ]
	fi
}

# has_keeper PID: stallsup PID has its keeper (for wait_until).
has_keeper() { [ -n "$(keeper_of "$1")" ]; }

# keeper_of PID: the keeper process of stallsup PID.
keeper_of() {
	for _c in $(cat /proc/"$1"/task/*/children 2> /dev/null); do
		[ "$(cat /proc/"$_c"/comm 2> /dev/null)" = stallsup-keeper ] && echo "$_c"
	done
}

# end_pids FILE: SIGKILL what FILE lists that still runs (cleanup after a failure).
end_pids() { for _p in $(pids_of "$1"); do kill -KILL "$_p" 2> /dev/null; done; }

# 1. SIGKILL stallsup at random moments, 20 times: workers with a plain
# child, a detached daemon, one stalled and one waking. Within a second,
# nothing is alive and no cgroup directory is left.
fails=0
cgroups=0
for i in $(seq 1 20); do
	rm -f "$tmp/pids" "$tmp/r"
	"$STALLSUP" -q --report "$tmp/r" -w 2 -i 50ms -- "$W/family" "$tmp/pids" 2> "$tmp/e" &
	sv=$!
	wait_until 30 has_lines "$tmp/pids" 6
	# a random moment: before, during or after the stalled worker's report
	sleep "0.$(awk -v s="$i" 'BEGIN { srand(s); printf "%03d", rand() * 400 }')"
	cg=$(cgroup_of_report "$tmp/r")
	[ -n "$cg" ] && cgroups=$((cgroups + 1))
	kill -KILL "$sv"
	wait "$sv" 2> /dev/null
	if ! wait_until 1 nothing_left "$tmp/pids" "$cg"; then
		fails=$((fails + 1))
		diag "run $i: left behind: $(for p in $(pids_of "$tmp/pids"); do gone "$p" || printf '%s ' "$p"; done) ${cg:+cgroup $cg}"
		remove_cgroup "$cg"
	fi
	end_pids "$tmp/pids"
	wait_until 10 all_gone "$tmp/pids"
done
is 0 "$fails" "SIGKILL of stallsup, 20 times: nothing left after one second ($cgroups runs with cgroups)"

# 2. The same with process groups only: the workers and their plain
# children are ended; a daemon that left the process group may survive
# (documented in stallsup(1)).
rm -f "$tmp/pids"
"$STALLSUP" -q --no-cgroup -w 2 -i 50ms -- "$W/family" "$tmp/pids" 2> "$tmp/e" &
sv=$!
wait_until 30 has_lines "$tmp/pids" 6
kill -KILL "$sv"
wait "$sv" 2> /dev/null
wait_until 1 groups_gone "$tmp/pids"
ok $? "--no-cgroup, SIGKILL: the workers and their plain children end within a second"
end_pids "$tmp/pids"

# 3. The keeper says what it did.
rm -f "$tmp/pids" "$tmp/r"
"$STALLSUP" -q --report "$tmp/r" -i 50ms -- "$W/family" "$tmp/pids" 2> "$tmp/e" &
sv=$!
wait_until 30 has_lines "$tmp/pids" 3
cg=$(cgroup_of_report "$tmp/r")
kill -KILL "$sv"
wait "$sv" 2> /dev/null
wait_until 2 nothing_left "$tmp/pids" "$cg"
if [ -n "$cg" ]; then
	grep -q "stallsup: supervisor (pid $sv) died: its keeper killed the workers (cgroup.kill) and removed $cg" "$tmp/e"
	ok $? "the keeper says it killed the workers and removed the cgroup"
else
	grep -q "stallsup: supervisor (pid $sv) died: its keeper killed 1 worker process group" "$tmp/e"
	ok $? "the keeper says it killed the worker's process group"
fi
end_pids "$tmp/pids"

# 4. A keeper that dies is noticed, once, and the run carries on.
rm -f "$tmp/r"
"$STALLSUP" -q --report "$tmp/r" -- sleep 3 2> "$tmp/e" &
sv=$!
wait_until 30 has_keeper "$sv"
kill -KILL "$(keeper_of "$sv")"
wait "$sv"
is 0 $? "the keeper killed: the run still ends normally"
is 1 "$(grep -c 'the keeper process died' "$tmp/e")" "... and says so once"

# Cgroup directories: skip the rest without a writable cgroup v2.
rm -f "$tmp/r"
"$STALLSUP" -q --report "$tmp/r" -- true
cg=$(cgroup_of_report "$tmp/r")
if [ -z "$cg" ]; then
	skip 7 "no writable cgroup v2 hierarchy here"
	done_testing
	exit
fi

# 5. Directories left by a run whose stallsup and keeper were both killed
# are swept by the next run, processes included; an owned one is not.
rm -f "$tmp/r2" "$tmp/long"
"$STALLSUP" -q --report "$tmp/r2" -- sh -c "echo \$\$ > $tmp/long; sleep 30" &
owner=$!
wait_until 10 test -s "$tmp/long"
owned=$(cgroup_of_report "$tmp/r2")
rm -f "$tmp/pids" "$tmp/r"
"$STALLSUP" -q --report "$tmp/r" -i 50ms -- "$W/family" "$tmp/pids" 2> /dev/null &
sv=$!
wait_until 30 has_lines "$tmp/pids" 3
keeper=$(keeper_of "$sv")
left=$(cgroup_of_report "$tmp/r")
kill -KILL "$sv" $keeper
wait "$sv" 2> /dev/null
wait_until 10 gone "$sv"
ok "$([ -d "$left" ]; echo $?)" "stallsup and its keeper killed: the cgroup stays ($left)"
"$STALLSUP" -q -- true 2> "$tmp/e"
is 0 $? "the next run: status 0"
ok "$([ ! -d "$left" ]; echo $?)" "... removed the leftover cgroup"
wait_until 2 all_gone "$tmp/pids"
ok $? "... and ended what was still in it"
if grep -q "stallsup: removed cgroup $left, left by an earlier run" "$tmp/e"; then
	ok 0 "... and said so"
else
	# make -j2 check: a stallsup of a test run beside this one may sweep
	# the directory first and say so on its own stderr (the removal itself
	# is checked above)
	skip 1 "another stallsup run swept $left before this one"
fi
ok "$([ -d "$owned" ] && ! gone "$(cat "$tmp/long")"; echo $?)" \
	"... but left a running stallsup's cgroup and worker alone"
kill -TERM "$owner"
wait "$owner"
end_pids "$tmp/pids"

# 6. Two stallsups that are both PID 1 of a PID namespace get their own
# cgroups (the names do not collide).
if unshare --pid --fork true 2> /dev/null; then
	rm -f "$tmp/n1" "$tmp/n2"
	unshare --pid --fork "$STALLSUP" -q --report "$tmp/n1" -- sleep 1 &
	a=$!
	unshare --pid --fork "$STALLSUP" -q --report "$tmp/n2" -- sleep 1 &
	b=$!
	wait "$a" "$b"
	c1=$(cgroup_of_report "$tmp/n1")
	c2=$(cgroup_of_report "$tmp/n2")
	ok "$([ -n "$c1" ] && [ -n "$c2" ] && [ "$c1" != "$c2" ]; echo $?)" \
		"two stallsups as PID 1 each have a cgroup of their own ($c1, $c2)"
else
	skip 1 "unshare --pid is not permitted here"
fi
done_testing
