# junit.sh: --junit XML and the GitHub Actions output (annotations, job
# summary), checked against t/data/junit.xsd with xmllint and by content.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
plan_lazy
tmp=$(test_tmpdir)
xsd=$(test_file_path junit.xsd)
have_xmllint=
command -v xmllint > /dev/null 2>&1 && have_xmllint=1
no_xmllint="xmllint is not installed (Debian: libxml2-utils)"

# valid FILE DESC: FILE is valid against the schema (skipped without xmllint).
valid() {
	if [ -z "$have_xmllint" ]; then
		skip 1 "$no_xmllint"
		return
	fi
	xmllint --noout --schema "$xsd" "$1" > "$tmp/lint" 2>&1
	_r=$?
	[ $_r -eq 0 ] || diag "$(cat "$tmp/lint")"
	ok $_r "$2"
}

# xp FILE XPATH: the string value of XPATH in FILE (empty without xmllint).
xp() { [ -n "$have_xmllint" ] && xmllint --xpath "string($2)" "$1" 2> /dev/null; }

# is_xp WANTED FILE XPATH DESC: XPATH of FILE is WANTED (skipped without xmllint).
is_xp() {
	if [ -z "$have_xmllint" ]; then
		skip 1 "$no_xmllint"
	else
		is "$1" "$(xp "$2" "$3")" "$4"
	fi
}

# no_raw_controls FILE: FILE holds no byte below 0x20 but tab and newline,
# and no DEL.
no_raw_controls() { ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1"; }

# The worker of the runs below: by STALLSUP_WORKER, 0 stalls with a hostile
# comm, 1 exits 3, 2 prints hostile lines and exits 0.
cat > "$tmp/worker.sh" << 'EOF_WORKER'
case $STALLSUP_WORKER in
0) exec "$1" ;;
1) echo "failing on purpose" >&2; exit 3 ;;
*) printf 'hostile ]]> <b>&amp; \033[31mred\001\377 caf\303\251\r\n'
   printf 'second line\n'; exit 0 ;;
esac
EOF_WORKER

# 1. A stalled worker (killed), a failing one and a healthy one. Sleeping
# stalls only, at 100 ms: the healthy workers exit well inside the window.
j=$tmp/run.xml
"$STALLSUP" -q -w 3 -i 100ms --stall-on=sleeping --on-stall=kill -t 120 --tag-output \
	--junit "$j" -- sh "$tmp/worker.sh" "$W/comm-name" > "$tmp/out" 2> "$tmp/err"
is 123 $? "stall, failure, healthy: status 123 (a stall policy acted)"
[ -f "$j" ]; ok $? "the JUnit file was written"
valid "$j" "valid against t/data/junit.xsd"
is_xp 3 "$j" '/testsuite/@tests' "tests=3"
is_xp 2 "$j" '/testsuite/@failures' "failures=2"
is_xp 0 "$j" '/testsuite/@errors' "errors=0"
is_xp stallsup "$j" '/testsuite/@name' "the suite is named stallsup"
is_xp "stalled (sleeping), killed" "$j" '/testsuite/testcase[1]/failure/@message' \
	"worker 0: 'stalled (sleeping), killed'"
is_xp stall "$j" '/testsuite/testcase[1]/failure/@type' "... of type stall"
xp "$j" '/testsuite/testcase[1]/failure' > "$tmp/text0"
grep -q '^worker 0 (pid [0-9]*): signal KILL after [0-9.]*s$' "$tmp/text0"
ok $? "... its text ends with how it ended"
grep -q 'be\\nn\\x1b\[31m' "$tmp/text0"
ok $? "... and holds the stall report, with the hostile comm escaped"
is_xp "exit 3" "$j" '/testsuite/testcase[2]/failure/@message' "worker 1: 'exit 3'"
is_xp "failing on purpose" "$j" 'normalize-space(/testsuite/testcase[2]/system-err)' \
	"... its standard error in system-err"
is_xp 0 "$j" 'count(/testsuite/testcase[3]/failure)' "worker 2: no failure"
is_xp "worker 2: sh $tmp/worker.sh $W/comm-name" "$j" '/testsuite/testcase[3]/@name' \
	"test case named after the worker and its command"
is_xp stallsup "$j" '/testsuite/testcase[3]/@classname' "classname stallsup"
grep -q '<system-out>hostile \]\]&gt; &lt;b&gt;&amp;amp; \\x1b\[31mred\\x01\\xff caf'"$(printf '\303\251')"'&#13;$' "$j"
ok $? "hostile output: markup, ]]>, ESC, control and invalid bytes escaped"
grep -q ']]>' "$j"; ok $((! $?)) "no ]]> anywhere in the file"
no_raw_controls "$j"; ok $? "no raw control byte in the file"
is_xp 123 "$j" '/testsuite/properties/property[@name="exit_status"]/@value' \
	"the exit status is a property"
is "" "$(ls -A "$tmp" | grep '^\.run\.xml\.')" "no temporary file left beside it"

# 2. The deadline: worker 0 still runs at 1 s, worker 1 exited at once.
cat > "$tmp/deadline.sh" << 'EOF_WORKER'
case $STALLSUP_WORKER in
0) exec "$1" ;;
*) exit 0 ;;
esac
EOF_WORKER
j=$tmp/deadline.xml
"$STALLSUP" -q -w 2 -t 1s --stall-on=none --junit "$j" -- sh "$tmp/deadline.sh" "$W/pause" \
	2> "$tmp/err"
is 124 $? "deadline: status 124"
valid "$j" "deadline: valid against the schema"
is_xp "deadline: SIGTERM" "$j" '/testsuite/testcase[1]/failure/@message' \
	"worker 0: 'deadline: SIGTERM'"
is_xp deadline "$j" '/testsuite/testcase[1]/failure/@type' "... of type deadline"
is_xp 0 "$j" 'count(/testsuite/testcase[2]/failure)' "worker 1, done before: no failure"
is_xp 0 "$j" 'count(//system-out)' "without --tag-output: no system-out"

# 3. The file appears at the end, whole, replacing an older one.
echo old > "$tmp/late.xml"
"$STALLSUP" -q --stall-on=none --junit "$tmp/late.xml" -- \
	sh -c 'grep -qx old "$1"' sh "$tmp/late.xml"
is 0 $? "during the run the older file is still there, untouched"
valid "$tmp/late.xml" "... then replaced by the new document"
is_xp 1 "$tmp/late.xml" '/testsuite/@tests' "... of this run"

# 4. Bad paths are refused at start: status 125, one line naming them.
rm -f "$tmp/started"
"$STALLSUP" --junit "$tmp/nodir/r.xml" -- touch "$tmp/started" 2> "$tmp/err"
is 125 $? "--junit in a missing directory: status 125"
is 1 "$(grep -c "$tmp/nodir/r.xml" "$tmp/err")" "... one line naming it"
is 1 "$(lines "$tmp/err")" "... and nothing else"
[ ! -e "$tmp/started" ]; ok $? "... before any worker started"
"$STALLSUP" --junit "$tmp" -- true 2> "$tmp/err"
is 125 $? "--junit naming a directory: status 125"
grep -q "is a directory" "$tmp/err"; ok $? "... said"

# 5. A failure to write at the end is said once; the status is the run's.
mkdir "$tmp/gone"
"$STALLSUP" -q --stall-on=none --junit "$tmp/gone/r.xml" -- rmdir "$tmp/gone" 2> "$tmp/err"
is 0 $? "the directory vanished during the run: status unchanged (0)"
is 1 "$(grep -c "cannot write the JUnit file '$tmp/gone/r.xml'" "$tmp/err")" "... said once"

# 6. GitHub Actions: an ::error line per stall, the job summary appended.
s=$tmp/summary.md
echo "previous step" > "$s"
GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY=$s "$STALLSUP" -q -w 3 -i 100ms --stall-on=sleeping \
	--on-stall=kill -t 120 -- sh "$tmp/worker.sh" "$W/comm-name" 'a|b<i>`' > "$tmp/out" 2> "$tmp/err"
is 123 $? "GitHub Actions: status 123"
grep '^::' "$tmp/out" > "$tmp/cmds"
is 1 "$(lines "$tmp/cmds")" "one workflow command on standard output (one stall)"
grep -q '^::error title=stallsup%3A worker 0 stalled (sleeping)%2C action kill::.*%0A' "$tmp/cmds"
ok $? "::error with an escaped title, the report as an escaped message"
no_raw_controls "$tmp/cmds"; ok $? "... no raw control byte in it (the hostile comm)"
is "previous step" "$(head -1 "$s")" "the job summary is appended"
grep -q '^### stallsup: exit status 123$' "$s"; ok $? "... headed by the exit status"
grep -q '^Exit status 123: a stall policy acted' "$s"; ok $? "... and what it means"
grep -q '^| worker | pid | result | stalls | wall time |$' "$s"; ok $? "... a table of workers"
grep -q '^| 0 | [0-9]* | stalled (sleeping), killed | 1 | [0-9.]*s |$' "$s"
ok $? "... worker 0 stalled and killed"
grep -q '^| 1 | [0-9]* | exit 3 | 0 | [0-9.]*s |$' "$s"; ok $? "... worker 1 exit 3"
grep -q '^| 2 | [0-9]* | ok | 0 | [0-9.]*s |$' "$s"; ok $? "... worker 2 ok"
grep -q '^- worker 0: ..*' "$s"; ok $? "... the stall's headline"
grep '^Command: sh ' "$s" | grep -qF " 'a\\|b\\<i\\>\\\`'"
ok $? "... the command, its markup escaped"
no_raw_controls "$s"; ok $? "... no raw control byte in the summary"

# A job summary that cannot be appended is said once; the status is the run's.
GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY=$tmp "$STALLSUP" -q --stall-on=none -- true \
	> "$tmp/out" 2> "$tmp/err"
is 0 $? "GITHUB_STEP_SUMMARY naming a directory: status unchanged (0)"
is 1 "$(grep -c "cannot append the job summary to '$tmp'" "$tmp/err")" "... said once"

# 7. --no-annotations turns both off; so does a run outside GitHub Actions.
rm -f "$s"
GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY=$s "$STALLSUP" -q -i 100ms --stall-on=sleeping \
	--on-stall=kill -t 120 --no-annotations -- "$W/pause" > "$tmp/out" 2> "$tmp/err"
is 123 $? "--no-annotations: the stall is still acted on"
is 0 "$(grep -c '^::' "$tmp/out")" "... no workflow command"
[ ! -e "$s" ]; ok $? "... no job summary"
GITHUB_ACTIONS=false GITHUB_STEP_SUMMARY=$s "$STALLSUP" -q -i 100ms --stall-on=sleeping \
	--on-stall=kill -t 120 -- "$W/pause" > "$tmp/out" 2> "$tmp/err"
is 0 "$(grep -c '^::' "$tmp/out")" "GITHUB_ACTIONS=false: no workflow command"
[ ! -e "$s" ]; ok $? "... no job summary"
"$STALLSUP" --help | grep -q -- '--no-annotations'; ok $? "--help names --no-annotations"
"$STALLSUP" --help | grep -q -- '--junit=FILE'; ok $? "--help names --junit"
done_testing
