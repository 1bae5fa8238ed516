# many.sh: 1024 workers start and are reaped; descriptor limits.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
plan_lazy
tmp=$(test_tmpdir)

"$STALLSUP" -q -w 1024 --report "$tmp/report" -- /bin/true
is 0 $? "1024 workers of /bin/true: status 0"
is 1024 "$(grep -c '"event":"exit"' "$tmp/report")" "1024 exit events"
is 1024 "$(grep '"event":"exit"' "$tmp/report" | grep -c '"code":0')" "all exited 0"

hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -ge 2200 ]; then
	(ulimit -Sn 256 && "$STALLSUP" -q -w 1024 -- /bin/true)
	is 0 $? "soft limit 256 is raised to start 1024 workers"
else
	skip 1 "hard RLIMIT_NOFILE $hard too low"
fi
(ulimit -n 256 && "$STALLSUP" -q -w 1024 -- sh -c "touch $tmp/started") 2> "$tmp/err"
is 125 $? "hard limit 256: exit 125"
grep -q "hard limit" "$tmp/err"; ok $? "... with a clear error"
[ ! -e "$tmp/started" ]; ok $? "... before starting anything"
done_testing
