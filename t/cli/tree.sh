# tree.sh: processes a worker leaves behind are ended and reaped.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
plan_lazy
tmp=$(test_tmpdir)

# orphan MODE OPTS: a worker forks a sleeper (MODE "group" or "setsid") and exits.
orphan() {
	rm -f "$tmp/pids"
	"$STALLSUP" -q $2 -k 0.5 -w 2 -- "$W/fork-grandchild" "$1" "$tmp/pids"
	is 0 $? "$1 $2: status 0"
	is 2 "$(lines "$tmp/pids")" "$1 $2: two grandchildren were started"
	for p in $(cat "$tmp/pids"); do
		gone "$p"; ok $? "$1 $2: grandchild $p is gone when stallsup returns"
	done
}
orphan group ""
orphan setsid ""
orphan group --no-cgroup
orphan setsid --no-cgroup

# A worker that ignores TERM and leaves a child that ignores TERM: KILL.
cat > "$tmp/stubborn.sh" <<EOS
trap '' TERM
"$W/ignore-term" > /dev/null &
echo \$! > "$tmp/stubborn"
EOS
"$STALLSUP" -q -k 0.3 -- sh "$tmp/stubborn.sh"
is 0 $? "stubborn leftover: status of the worker"
gone "$(cat "$tmp/stubborn")"; ok $? "stubborn leftover killed after --kill-after"

"$STALLSUP" -q -- "$W/threads" 3 &
sv=$!
wait_until 30 has_children "$sv"
kill -TERM "$sv"; wait "$sv"
is 143 $? "a threaded worker ends with TERM"
ls -d /sys/fs/cgroup/unified/stallsup.* 2> /dev/null | grep -q "stallsup.$sv\$"
ok $((! $?)) "no cgroup left behind"
done_testing
