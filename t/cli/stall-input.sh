# stall-input.sh: the interval from STALLSUP_POLL_MS and -i, bad option
# values, a hostile comm in both reports, --stall-on.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)
r=$tmp/r
e=$tmp/e

# quiet_second ENV-ASSIGNMENT DESC STALLSUP-ARGS...: with the environment
# set so, a self-stopped worker is not reported within 1 s (at the 500 ms
# default the earliest report is the 4th sample, after 2 s).
quiet_second() {
	_env=$1 _desc=$2; shift 2
	rm -f "$r"
	env $_env "$STALLSUP" --report "$r" -t 1 "$@" -- "$W/stop-self" 2> "$e"
	is 124 $? "$_desc: ended by the deadline"
	no_stall_seen "$r" "$e" "$_desc"
}
quiet_second "-u STALLSUP_POLL_MS" "STALLSUP_POLL_MS unset"
quiet_second "STALLSUP_POLL_MS=" "STALLSUP_POLL_MS empty"
quiet_second "STALLSUP_POLL_MS=0" "STALLSUP_POLL_MS=0"
quiet_second "STALLSUP_POLL_MS=abc" "STALLSUP_POLL_MS=abc"
quiet_second "STALLSUP_POLL_MS=50" "-i 1s wins over STALLSUP_POLL_MS=50" -i 1s

# reported ENV-ASSIGNMENT DESC STALLSUP-ARGS...: a self-stopped worker is
# reported; continued, it exits 0.
reported() {
	_env=$1 _desc=$2; shift 2
	rm -f "$r"
	env $_env "$STALLSUP" --report "$r" -t 60 "$@" -- "$W/stop-self" 2> "$e" &
	sv=$!
	wait_stalls "$r" 1; ok $? "$_desc: reported"
	kill -CONT "$(stall_field "$r" pid)" 2> /dev/null
	finish_bg
	is 0 "$rc" "$_desc: the continued worker exits 0"
}
reported "STALLSUP_POLL_MS=50" "STALLSUP_POLL_MS=50"
reported "STALLSUP_POLL_MS=60000" "-i 50ms wins over STALLSUP_POLL_MS=60000" -i 50ms
reported "STALLSUP_POLL_MS=5" "-i 50ms wins over STALLSUP_POLL_MS=5" -i 50ms

# refused ENV-ASSIGNMENT DESC STALLSUP-ARGS...: exit 125 with one line on
# stderr, and no worker started.
refused() {
	_env=$1 _desc=$2; shift 2
	rm -f "$tmp/started"
	env $_env "$STALLSUP" "$@" -- sh -c 'touch "$1"' sh "$tmp/started" > "$tmp/out" 2> "$e"
	is 125 $? "$_desc: status 125"
	is 1 "$(lines "$e")" "$_desc: one line on stderr"
	ok "$([ ! -e "$tmp/started" ]; echo $?)" "$_desc: nothing started"
}
refused "STALLSUP_POLL_MS=5" "STALLSUP_POLL_MS=5 (under 10 ms)"
refused "STALLSUP_POLL_MS=9" "STALLSUP_POLL_MS=9 (under 10 ms)"
for arg in --interval=5ms --interval=abc --interval=0 --interval= -i-1s \
	--scope=foo --scope= --scope=TREE --stall-on=foo --stall-on= \
	--stall-on=starved,,stopped --stall-on=starved,bogus --stall-on=stopped, \
	--on-stall=foo --on-stall= --on-stall=core; do
	refused "-u STALLSUP_POLL_MS" "$arg" "$arg"
done

# A comm holding a newline, ESC and a quote is escaped in both reports
# (sleeping only: on a loaded machine the worker may be starved before it
# names itself, and that stall would carry its old comm).
comm=$(printf 'be\nn\033[31m"x')
start_bg "$r" "$e" -i 50ms -t 60 --stall-on=sleeping -- "$W/comm-name"
wait_stalls "$r" 1; ok $? "hostile comm: reported"
pid=$(stall_field "$r" pid)
kill -TERM "$pid" 2> /dev/null
finish_bg
is 0 "$(tr -cd '\033' < "$e" | wc -c | tr -d ' ')" "hostile comm: no raw ESC on stderr"
is 0 "$(tr -cd '\033' < "$r" | wc -c | tr -d ' ')" "hostile comm: no raw ESC in the report file"
grep -qF ": tid $pid comm=\"be\\nn\\x1b[31m\\\"x\"" "$e"
ok $? "hostile comm: escaped in the human report's thread group"
grep -qF "comm=\"be\\nn\\x1b[31m\\\"x\"" "$e" &&
	! grep -v '^  ' "$e" | grep -qv '^stallsup: '
ok $? "hostile comm: no line of the human report starts inside the comm"
if have_python; then
	python3 -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$r"
	ok $? "hostile comm: every report line is valid JSON"
	want='be\nn\x1b[31m"x'
	is True "$(py_stall "$r" "e['comm'] == '$want'")" "hostile comm: the JSON comm decodes exactly"
	is True "$(py_stall "$r" "[t['comm'] for t in e['diag']['threads']] == ['$want']")" \
		"hostile comm: the JSON thread list holds it exactly"
else
	skip 3 "no python3 to decode JSON"
fi

# --stall-on without sleeping: an idle sleeper is ignored, a stopped worker is not.
rm -f "$r"
"$STALLSUP" --report "$r" --stall-on=starved,uninterruptible,stopped -i 50ms -t 1 -- \
	"$W/pause" 2> "$e"
is 124 $? "--stall-on without sleeping, pause: ended by the deadline"
no_stall_seen "$r" "$e" "--stall-on without sleeping, pause"
reported "-u STALLSUP_POLL_MS" "--stall-on without sleeping, stopped" \
	--stall-on=starved,uninterruptible,stopped -i 50ms
is stopped "$(stall_field "$r" class)" "--stall-on without sleeping: class stopped"
rm -rf "$tmp"
done_testing
