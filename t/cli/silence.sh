# silence.sh: --silence-after (class silent, doc/triggers.md) and the last
# lines of carried output in every report, through the real binary.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)
r=$tmp/r
e=$tmp/e

# Prints, then goes quiet while still running.
start_bg "$r" "$e" -i 100ms --silence-after 1s --stall-on=silent -t 600 -- sh -c \
	'echo "first line"; printf "a\033[31mred\n" >&2; printf "no newline"; exec "$0"' "$W/pause"
wait_stalls "$r" 1; ok $? "quiet worker: reported"
is silent "$(stall_field "$r" class)" "quiet worker: class silent"
grep -q "^stallsup: worker 0 stalled: silent (no output on stdout or stderr) for " "$e"
ok $? "quiet worker: human headline"
grep -q "^  last output (3 lines):\$" "$e"; ok $? "quiet worker: its last lines"
grep -q "^    out| first line\$" "$e"; ok $? "... stdout line"
grep -q '^    err| a\\x1b\[31mred$' "$e"; ok $? "... stderr line, escaped"
grep -q "^    out| no newline (no newline yet)\$" "$e"; ok $? "... the partial line"
if have_python; then
	is "first line" "$(py_stall "$r" 'e["output"][0]["text"]')" "JSON: output[0].text"
	is stderr "$(py_stall "$r" 'e["output"][1]["stream"]')" "JSON: output[1].stream"
	is 1000 "$(py_stall "$r" 'e["trigger"]["period_ms"]')" "JSON: trigger.period_ms"
else
	skip 3 "no python3 to decode JSON"
fi
kill -TERM "$sv"
finish_bg
ok "$([ "$rc" = 143 ]; echo $?)" "quiet worker: ended by our TERM"

# A chatty worker (a line every 100 ms for 3 s) under a 10 s limit: never.
start_bg "$r" "$e" -i 100ms --silence-after 10s --stall-on=silent -t 600 -- sh -c \
	'i=0; while [ $i -lt 30 ]; do echo "tick $i"; sleep 0.1; i=$((i + 1)); done'
finish_bg
is 0 "$rc" "chatty worker: exits 0"
no_stall_seen "$r" "$e" "chatty worker"

# Without --tag-output the output passes unchanged, byte for byte.
printf 'x\ny\000z\r\n\tw' > "$tmp/want"
"$STALLSUP" --silence-after 1h -t 600 -- sh -c 'cat "$0"' "$tmp/want" > "$tmp/got" 2> "$e"
is 0 $? "carried untagged: exits 0"
cmp -s "$tmp/want" "$tmp/got"; ok $? "carried untagged: stdout unchanged"
"$STALLSUP" --silence-after 1h -t 600 -- sh -c 'echo to-err >&2' > "$tmp/got" 2> "$e"
grep -q '^to-err$' "$e" && [ ! -s "$tmp/got" ]; ok $? "carried untagged: stderr stays stderr"

# --tag-output alone: a stall's report shows the last lines too.
start_bg "$r" "$e" -i 100ms --tag-output -t 600 -- sh -c 'echo hello; exec "$0"' "$W/pause"
wait_stalls "$r" 1; ok $? "tag-output: the sleeping worker is reported"
is sleeping "$(stall_field "$r" class)" "tag-output: class sleeping"
grep -q "^    out| hello\$" "$e"; ok $? "tag-output: its last line in the report"
kill -TERM "$sv"
finish_bg

# Bad values.
"$STALLSUP" --silence-after 0 -- true 2> "$e"
is 125 $? "--silence-after 0: status 125"
"$STALLSUP" --help | grep -q -- '--silence-after=DURATION'; ok $? "--help lists --silence-after"
rm -rf "$tmp"
done_testing
