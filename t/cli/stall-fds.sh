# stall-fds.sh: under a low RLIMIT_NOFILE stallsup keeps within its budget,
# reads the rest by open+read+close, says so once, and never skips a verdict.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)

# budget_said ERR: how many times stderr says the budget ran out.
budget_said() { grep -c 'descriptor budget is used up' "$1"; }

# 150 sleeping workers under 450 fds (the supervisor keeps two per worker):
# every one starts and stalls. (The monitor's fds used to be left out of the
# count: workers failed to start, or verdicts were skipped on EMFILE.)
rm -f "$tmp/r"
(ulimit -n 450 && exec "$STALLSUP" -w 150 -i 100ms --report "$tmp/r" -- sleep 10) 2> "$tmp/err"
is 0 "$?" "150 workers under 450 fds: they exit 0"
is 150 "$(stalls "$tmp/r")" "150 workers under 450 fds: 150 stalls reported"
is 1 "$(budget_said "$tmp/err")" "150 workers under 450 fds: the budget is said once"

# 400 idle threads under 256 fds, and one more created after the first
# stall: the worker progressed, so it stalls again, every thread counted.
for how in cgroup --no-cgroup; do
	opt=; [ "$how" = cgroup ] || opt=$how
	rm -f "$tmp/r"
	(ulimit -n 256 && exec "$STALLSUP" $opt --report "$tmp/r" -i 100ms -t 4 -- \
		"$W/many-tasks" threads 400 0 50 1500) 2> "$tmp/err"
	is 124 "$?" "400 threads under 256 fds ($how): ended by the deadline"
	is 2 "$(stalls "$tmp/r")" "400 threads under 256 fds ($how): stalled, then again after the late thread"
	grep '"event":"stall"' "$tmp/r" | sed -n 2p | grep -q '"threads_total":402'
	ok $? "400 threads under 256 fds ($how): the late thread is counted"
	is 1 "$(budget_said "$tmp/err")" "400 threads under 256 fds ($how): the budget is said once"
done
rm -rf "$tmp"
done_testing
