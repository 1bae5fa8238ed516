# contain.sh: containment holds in every environment, and never claims what
# is not in force.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)

# mechanism FILE: the "mechanism" of the start event of report FILE.
mechanism() { sed -n 's/^{"event":"start".*"mechanism":"\([a-z]*\)".*/\1/p' "$1"; }

# v2_mount: the cgroup v2 mount point, if any.
v2_mount() { awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo; }

rm -f "$tmp/r"
"$STALLSUP" -q --report "$tmp/r" -- true
if [ "$(mechanism "$tmp/r")" != cgroup ]; then
	skip_all "no writable cgroup v2 hierarchy here"
fi
mnt=$(v2_mount)

# 1. clone3 fails with ENOSYS (the default seccomp profile of Docker and
# podman): the worker still starts in its cgroup, a stall is still seen and
# cgroup.kill still ends what the worker detached.
rm -f "$tmp/r" "$tmp/pids" "$tmp/cg"
"$W/no-clone3" "$STALLSUP" --report "$tmp/r" --on-stall=kill -i 50ms -t 60 -- \
	sh -c "cat /proc/self/cgroup > $tmp/cg; exec $W/fork-hang $tmp/pids setsid" 2> "$tmp/e"
is 123 $? "clone3 blocked: the stall is acted on (123)"
is cgroup "$(mechanism "$tmp/r")" "... the run says cgroup"
grep -q "^0::.*/stallsup\.[0-9]*\.[0-9a-f]*/w0\$" "$tmp/cg"
ok $? "... and the worker really ran in its cgroup ($(grep '^0::' "$tmp/cg"))"
is 1 "$(stalls "$tmp/r")" "... its stall was reported"
for p in $(cat "$tmp/pids"); do
	gone "$p"; ok $? "... $p (worker or detached grandchild) is gone"
	gone "$p" || kill -KILL "$p"
done

# 2. A cgroup that can be created but not joined (delegated for creating
# directories, not for moving processes): process groups, with a warning.
nobody=$(id -u nobody 2> /dev/null)
if [ "$(id -u)" -ne 0 ] || [ -z "$nobody" ] || ! command -v setpriv > /dev/null; then
	skip 5 "needs root, the user nobody and setpriv"
elif ! setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$STALLSUP"; then
	skip 5 "the user nobody cannot reach $STALLSUP (a directory above it is private)"
else
	parent="$mnt/stallsup-test.$$"
	mkdir "$parent" && chown nobody "$parent"
	chmod 755 "$tmp" "$BUILD/t/tmp" 2> /dev/null
	rm -f "$tmp/r" "$tmp/cg"
	touch "$tmp/r" "$tmp/cg" && chown nobody "$tmp/r" "$tmp/cg"
	sh -c "echo \$\$ > $parent/cgroup.procs && exec setpriv --reuid=nobody --regid=nogroup \
		--clear-groups $STALLSUP -q --report $tmp/r -- sh -c 'cat /proc/self/cgroup > $tmp/cg'" \
		2> "$tmp/e"
	is 0 $? "created but not joinable: the worker runs (status 0, not 126)"
	grep -q "cannot move worker 0 into its cgroup" "$tmp/e"
	ok $? "... with a warning"
	is pgroup "$(mechanism "$tmp/r")" "... the start event says process groups"
	is pgroup "$(sed -n 's/^{"event":"summary".*"mechanism":"\([a-z]*\)".*/\1/p' "$tmp/r")" \
		"... and so does the summary"
	grep -q "^0::/stallsup-test.$$\$" "$tmp/cg"
	ok $? "... and the worker stayed where stallsup was ($(grep '^0::' "$tmp/cg"))"
	wait_until 5 rmdir "$parent"
fi

# 3. A worker that nests a cgroup below its own and moves a child into it:
# cgroup.kill ends the whole subtree and the directories are removed
# deepest first.
rm -f "$tmp/r" "$tmp/pids"
"$STALLSUP" --report "$tmp/r" --on-stall=kill -i 50ms -t 60 -- \
	"$W/nested-child" "$mnt" "$tmp/pids" pause 2> "$tmp/e"
is 123 $? "nested cgroup, stalled: killed (123)"
cg=$(cgroup_of_report "$tmp/r")
for p in $(cat "$tmp/pids"); do
	gone "$p"; ok $? "... $p is gone"
	gone "$p" || kill -KILL "$p"
done
ok "$([ -n "$cg" ] && [ ! -d "$cg" ]; echo $?)" "... no cgroup directory is left"
grep -q "cannot remove cgroup" "$tmp/e"
ok $((! $?)) "... and no removal failed"

rm -f "$tmp/r" "$tmp/pids"
"$STALLSUP" -q --report "$tmp/r" -- "$W/nested-child" "$mnt" "$tmp/pids" pause exit 2> "$tmp/e"
is 0 $? "nested cgroup left behind by a worker that exits: status 0"
cg=$(cgroup_of_report "$tmp/r")
ok "$([ -n "$cg" ] && [ ! -d "$cg" ]; echo $?)" "... the nested directory is removed too"
done_testing
