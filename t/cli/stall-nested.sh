# stall-nested.sh: a worker that rearranges its own cgroup v2 tree stays
# watched. One that moves a busy child into a sub-cgroup of its own is not
# stalled while the child works, and its subtree's stall is reported; one
# whose leader moves itself out of its cgroup is said so once on stderr and
# its stall is still reported. Needs root and a writable cgroup v2.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)
r=$tmp/r
e=$tmp/e

# cleanup REPORT: remove the cgroups of the run in REPORT that are left
# (stallsup does not yet remove a worker's own sub-cgroups).
cleanup() {
	_cg=$(cgroup_of_report "$1")
	[ -n "$_cg" ] || return 0
	for _d in "$_cg"/w*/*/ "$_cg"/w*/ "$_cg"/; do
		[ -d "$_d" ] && wait_until 10 rmdir "$_d"
	done
	return 0
}

# ms_to_stall REPORT: ms from the start event to the first stall event.
ms_to_stall() {
	python3 -c 'import json, sys, datetime
def t(e): return datetime.datetime.strptime(e["time"], "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()
evs = [json.loads(l) for l in open(sys.argv[1])]
start = [e for e in evs if e["event"] == "start"][0]
stall = [e for e in evs if e["event"] == "stall"][0]
print(int((t(stall) - t(start)) * 1000))' "$1"
}

if [ "$(id -u)" -ne 0 ]; then
	skip_all "moving processes between cgroups needs root"
fi
rm -f "$r"
"$STALLSUP" --report "$r" --on-stall=kill -i 100ms -t 30 -- "$W/nest-cgroup" sub 1500 2> "$e"
rc=$?
if ! grep -q '"mechanism":"cgroup"' "$r" || [ "$rc" -eq 3 ]; then
	cleanup "$r"
	skip_all "no writable cgroup v2 here"
fi
is 123 "$rc" "sub-cgroup: ended by the kill policy"
is 1 "$(stalls "$r")" "sub-cgroup: one stall"
is 2 "$(py_stall "$r" 'len(e["procs"])' 2>/dev/null || echo none)" \
	"sub-cgroup: both the leader and the child below are stalled processes"
if have_python; then
	ms=$(ms_to_stall "$r")
	diag "stall reported ${ms} ms after the start; the child worked for 1500 ms"
	ok "$([ "$ms" -ge 1500 ]; echo $?)" "sub-cgroup: not reported while the child below works"
else
	skip 1 "no python3 to decode JSON"
fi
cleanup "$r"

rm -f "$r"
"$STALLSUP" --report "$r" --on-stall=kill -i 100ms -t 30 -- "$W/nest-cgroup" escape 2> "$e"
is 123 "$?" "escape: ended by the kill policy"
is 1 "$(stalls "$r")" "escape: its stall is reported"
is 1 "$(grep -c 'worker 0: its leader moved out of its cgroup' "$e")" "escape: said once on stderr"
cleanup "$r"
rm -rf "$tmp"
done_testing
