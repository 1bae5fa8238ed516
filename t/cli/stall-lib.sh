# stall-lib.sh: helpers shared by the stall-*.sh tests (sourced after
# libtap.sh and common.sh).

# stalls FILE: number of {"event":"stall"} lines in the report FILE.
stalls() { if [ -f "$1" ]; then grep -c '^{"event":"stall"' "$1"; else echo 0; fi; }

# has_stalls FILE N: the report FILE holds at least N stall events.
has_stalls() { [ "$(stalls "$1")" -ge "$2" ]; }

# stall_field FILE KEY [N]: the top-level string or number KEY of the N-th
# (default first) stall event of FILE, without quotes. Keys before
# "window" only (event, time, worker, pid, tid, class, state, source).
stall_field() {
	grep '^{"event":"stall"' "$1" | sed -n "${3:-1}p" | sed 's/,"window".*//' |
		sed -n "s/.*\"$2\":\"\{0,1\}\([^\",]*\)\"\{0,1\}.*/\1/p"
}

# actions FILE: number of {"event":"action"} lines in the report FILE.
actions() { if [ -f "$1" ]; then grep -c '^{"event":"action"' "$1"; else echo 0; fi; }

# no_stall_seen REPORT ERR DESC: neither a stall event nor a human report.
no_stall_seen() {
	is 0 "$(stalls "$1")" "$3: no stall event"
	grep -q '^stallsup: worker [0-9]* stalled: ' "$2"
	is 1 $? "$3: no stall report on stderr"
}

# have_python: python3 is there to decode JSON.
have_python() { command -v python3 > /dev/null 2>&1; }

# py_stall FILE EXPR [N]: evaluate the python EXPR with e bound to the N-th
# (default first) stall event of the report FILE; print the result.
py_stall() {
	python3 -c 'import json, sys
evs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{\"event\":\"stall\"")]
e = evs[int(sys.argv[3]) - 1]
print(eval(sys.argv[2]))' "$1" "$2" "${3:-1}"
}

# start_bg REPORT ERR STALLSUP-ARGS...: run stallsup in the background with
# --report REPORT and stderr to ERR; its pid is $sv.
start_bg() {
	_r=$1; _e=$2; shift 2
	rm -f "$_r" "$_e"
	"$STALLSUP" --report "$_r" "$@" > /dev/null 2> "$_e" &
	sv=$!
}

# wait_stalls REPORT N: wait (bounded) until REPORT holds N stall events;
# false if they never came.
wait_stalls() { wait_until 60 has_stalls "$1" "$2"; }

# finish_bg: wait for the background stallsup $sv; its status is $rc.
finish_bg() { wait "$sv"; rc=$?; }


