# stall-identity.sh: a task is its number and its start time. A thread that
# exits and whose tid is taken at once by a new process of the same worker
# (clone3 set_tid, root only) must be seen as that new process: it works, so
# the worker is not stalled, and nothing is signalled.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)

if [ "$(id -u)" -ne 0 ]; then
	skip_all "clone3 set_tid needs root"
fi
for how in cgroup --no-cgroup; do
	opt=; [ "$how" = cgroup ] || opt=$how
	rm -f "$tmp/r" "$tmp/ids"
	"$STALLSUP" $opt --report "$tmp/r" --on-stall=kill -i 100ms -t 2.5 -- \
		"$W/reuse-tid" "$tmp/ids" 400 2> "$tmp/err"
	rc=$?
	if [ "$rc" -eq 3 ] || [ ! -s "$tmp/ids" ]; then
		skip 4 "clone3 set_tid is not available ($how)"
		continue
	fi
	read -r tid child < "$tmp/ids"
	is "$tid" "$child" "$how: the new process took the thread's tid ($tid)"
	is 124 "$rc" "$how: ended by the deadline, not by a stall policy"
	is 0 "$(stalls "$tmp/r")" "$how: no stall"
	is 0 "$(actions "$tmp/r")" "$how: nothing signalled"
done
rm -rf "$tmp"
done_testing
