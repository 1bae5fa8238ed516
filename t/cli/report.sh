# report.sh: --report writes JSON lines events.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
plan_lazy
tmp=$(test_tmpdir)

"$STALLSUP" -q -w 2 --report "$tmp/r" -- "$W/exit-with" worker 4
is 4 $? "status 4"
is 4 "$(lines "$tmp/r")" "start, 2 exits, summary"
head -1 "$tmp/r" | grep -q '^{"event":"start","time":"[0-9-]*T[0-9:.]*Z","version":"[^"]*",.*"workers":2,"command":\["[^"]*exit-with","worker","4"\],"mechanism":"[a-z]*"'
ok $? "start event"
grep -q '"event":"exit","time":"[^"]*","worker":0,"pid":[0-9]*,"code":4,.*"wall_ms":[0-9]*,"cpu_ms":[0-9]*,"ctxt_switches":[0-9]*' "$tmp/r"
ok $? "exit event of worker 0"
tail -1 "$tmp/r" | grep -q '"event":"summary",.*"exit_status":4,"workers":2,"started":2,"succeeded":1,"failed":1,"signaled":0'
ok $? "summary event"
if command -v python3 > /dev/null; then
	python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/r"
	ok $? "every line is valid JSON"
else
	skip 1 "no python3 to validate JSON"
fi
"$STALLSUP" -q --report "$tmp/r" -- true; is 0 $? "second run"
is 7 "$(lines "$tmp/r")" "the report file is appended to"
ln -s "$tmp/r" "$tmp/link"
"$STALLSUP" -q --report "$tmp/link" -- true; is 0 $? "a symbolic link is followed"
is 10 "$(lines "$tmp/r")" "... and appended to through the link"
out=$("$STALLSUP" -q --report - -- true | grep -c '"event"')
is 3 "$out" "--report - writes to stdout"
"$STALLSUP" -t 0.1 -- "$W/pause" 2> "$tmp/err"
grep -q '^stallsup: *0 *[0-9]* *[0-9.]*s *[0-9.]*s *[0-9]* signal TERM *0$' "$tmp/err"
ok $? "summary table row"
grep -q "containment: " "$tmp/err"; ok $? "summary names the containment"
done_testing
