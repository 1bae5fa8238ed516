# stall-many.sh: workers of thousands of tasks. Every task is seen: lists
# served a page per read() (cgroup.threads, children) are read to the end,
# so the busy tasks created last count, whatever the containment.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)

# 5,000 idle tasks, then 20 that wake every 50 ms: healthy at 100 ms.
for kind in threads procs; do
	for how in cgroup --no-cgroup; do
		opt=; [ "$how" = cgroup ] || opt=$how
		rm -f "$tmp/r"
		"$STALLSUP" $opt --report "$tmp/r" --on-stall=kill -i 100ms -t 2.5 -- \
			"$W/many-tasks" $kind 5000 20 50 2> "$tmp/err"
		rc=$?
		is 124 "$rc" "5,000 idle $kind then 20 busy ($how): ended by the deadline"
		is 0 "$(stalls "$tmp/r")" "5,000 idle $kind then 20 busy ($how): no stall"
	done
done

# All of them idle: one stall, every task counted.
for how in cgroup --no-cgroup; do
	opt=; [ "$how" = cgroup ] || opt=$how
	rm -f "$tmp/r"
	"$STALLSUP" $opt --report "$tmp/r" --on-stall=kill -i 100ms -t 90 -- \
		"$W/many-tasks" threads 5000 0 50 2> "$tmp/err"
	is 123 "$?" "5,001 idle threads ($how): stopped by the kill policy"
	is 1 "$(stalls "$tmp/r")" "5,001 idle threads ($how): one stall"
	grep -q '"threads_total":5001' "$tmp/r"
	ok $? "5,001 idle threads ($how): every thread listed in the report's total"
done
rm -rf "$tmp"
done_testing
