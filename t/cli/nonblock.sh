# nonblock.sh: stallsup never waits on a reader of its output.
# Every case here hung or misbehaved before output went through sinks.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)
bg=""

# stuck_reader FIFO: open FIFO for reading and never read it; pid in $reader.
stuck_reader() { sleep 600 < "$1" & reader=$!; bg="$bg $reader"; }

# small_stuck_reader FIFO: the same, with the pipe shrunk to one page (with
# python3; a plain stuck reader without it).
small_stuck_reader() {
	if have_python; then
		python3 -c 'import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.fcntl(fd, 1031, 4096)  # F_SETPIPE_SZ
time.sleep(600)' "$1" &
		reader=$!
		bg="$bg $reader"
	else
		stuck_reader "$1"
	fi
}

# finish PID BOUND: wait (at most BOUND seconds) for PID to end; its status
# is $rc (255 when it had to be killed: the test failed).
finish() {
	if wait_until "$2" gone "$1"; then
		wait "$1"; rc=$?
	else
		kill -KILL "$1"; wait "$1"; rc=255
	fi
}

# alive PID: PID still runs.
alive() { ! gone "$1"; }

# rss_kb PID: resident set of PID in kB.
rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status" 2> /dev/null; }

# 1. Tagged output to a reader that never reads: the deadline keeps its time.
mkfifo "$tmp/out"
stuck_reader "$tmp/out"
"$STALLSUP" -q --tag-output -t 2 -- sh -c 'yes | head -c 3000000; sleep 30' > "$tmp/out" &
sv=$!
sleep 1
rss=$(rss_kb "$sv")
finish "$sv" 30
is 124 "$rc" "stuck stdout, --tag-output: the deadline ends the run (124)"
alive "$reader"; ok $? "... while the reader still has not read"
ok "$([ "$rss" -gt 0 ] && [ "$rss" -lt 32768 ]; echo $?)" \
	"... and stallsup's memory stays bounded while the worker floods (${rss} kB)"

# 2. Signals are forwarded while stdout is stuck.
stuck_reader "$tmp/out"
"$STALLSUP" -q --tag-output -- sh -c \
	"trap 'echo TERM > $tmp/term; exit 0' TERM; yes | head -c 3000000 & wait" > "$tmp/out" &
sv=$!
sleep 1
kill -TERM "$sv"
finish "$sv" 30
is 0 "$rc" "stuck stdout: TERM is forwarded and the worker exits 0"
is TERM "$(cat "$tmp/term" 2> /dev/null)" "... the worker saw TERM"
alive "$reader"; ok $? "... before the reader read anything"

# 3. Standard error nobody reads, with a stall report every ~100 ms (more
# than a pipe holds): the deadline, the ticks and the report file keep going
# (the 4 KiB pipe holds about two reports: 6 or more in the file show the
# loop went on; on a loaded machine there are fewer than the ~40 of an idle
# one).
mkfifo "$tmp/err"
small_stuck_reader "$tmp/err"
"$STALLSUP" --report "$tmp/r" -i 10ms -t 5 -- "$W/bursts" 1 60 2> "$tmp/err" &
sv=$!
finish "$sv" 30
is 124 "$rc" "stuck stderr, stalls every 100 ms: the deadline ends the run (124)"
ok "$([ "$(stalls "$tmp/r")" -ge 6 ]; echo $?)" \
	"... stalls keep being reported to the report file ($(stalls "$tmp/r"))"
grep -q '"event":"summary".*"lines_lost":{"stdout":0,"stderr":[1-9][0-9]*,"report":0}' "$tmp/r"
ok $? "... and the summary counts the lines lost on standard error"

# 4. A --report FIFO opened but never read.
mkfifo "$tmp/rf"
stuck_reader "$tmp/rf"
"$STALLSUP" --report "$tmp/rf" -i 20ms -t 2 -- "$W/bursts" 1 100 2> "$tmp/e4" &
sv=$!
finish "$sv" 30
is 124 "$rc" "report FIFO never read: the deadline ends the run (124)"
alive "$reader"; ok $? "... and stallsup did not wait for the reader"

# 5. A --report FIFO with no reader at all: the workers run meanwhile, and
# a reader that comes later gets every line.
rm -f "$tmp/rf" "$tmp/started"
mkfifo "$tmp/rf"
"$STALLSUP" -q --report "$tmp/rf" -- sh -c "touch $tmp/started; sleep 1" &
sv=$!
wait_until 20 test -e "$tmp/started"
ok $? "report FIFO without a reader: the worker starts anyway"
cat "$tmp/rf" > "$tmp/got" &
cat=$!
finish "$sv" 30
is 0 "$rc" "... status 0"
wait "$cat"
is "start exit summary" "$(sed 's/^{"event":"\([a-z]*\)".*/\1/' "$tmp/got" | tr '\n' ' ' | sed 's/ $//')" \
	"... a reader that opens later gets every line"
rm -f "$tmp/rf"
mkfifo "$tmp/rf"
"$STALLSUP" -q --report "$tmp/rf" -- true 2> "$tmp/e5" &
sv=$!
finish "$sv" 30
is 0 "$rc" "report FIFO never opened: stallsup ends (status 0)"

# 6. /dev/stdout, /dev/fd/N and >(...) work (symbolic links are followed).
is 3 "$("$STALLSUP" -q --report /dev/stdout -- true | grep -c '^{"event"')" \
	"--report /dev/stdout"
"$STALLSUP" -q --report /dev/fd/7 -- true 7> "$tmp/fd7"
is 3 "$(lines "$tmp/fd7")" "--report /dev/fd/7"
if command -v bash > /dev/null; then
	bash -c '"$1" -q --report >(cat > "$2") -- true; wait' sh "$STALLSUP" "$tmp/ps"
	wait_until 10 has_lines "$tmp/ps" 3
	is 3 "$(lines "$tmp/ps")" "--report >(...) (process substitution)"
else
	skip 1 "no bash for process substitution"
fi

# 7. A full device: the real errno once, lines counted, status unchanged.
"$STALLSUP" --report /dev/full -w 2 -- true 2> "$tmp/e7"
is 0 "$?" "--report /dev/full: the workers' status (0)"
is 1 "$(grep -c 'cannot write to the report file: No space left on device' "$tmp/e7")" \
	"... says ENOSPC once, with the real errno"
grep -q '^stallsup: 3 lines could not be written (report file: 3)$' "$tmp/e7"
ok $? "... and the summary counts the lost lines (start, 2 exits)"

# 8. A reader that went away: EPIPE once.
"$STALLSUP" --report - -- sleep 0.3 2> "$tmp/e8" | true
is 1 "$(grep -c 'cannot write to standard output: Broken pipe' "$tmp/e8")" \
	"--report - to a closed pipe: EPIPE said once"

# 9. A file system that fills up in the middle of a line: the file keeps
# whole lines only.
if [ "$(id -u)" -ne 0 ]; then
	skip 2 "mounting a small tmpfs needs root"
elif ! mkdir "$tmp/mnt" || ! mount -t tmpfs -o size=64k tmpfs "$tmp/mnt" 2> /dev/null; then
	skip 2 "cannot mount a tmpfs here"
else
	head -c 57000 /dev/zero > "$tmp/mnt/fill" 2> /dev/null
	"$STALLSUP" --report "$tmp/mnt/r" -i 20ms -t 1.5 -- "$W/bursts" 1 100 2> "$tmp/e9"
	grep -q 'cannot write to the report file: No space left on device' "$tmp/e9"
	ok $? "a full tmpfs: ENOSPC said"
	if have_python; then
		python3 -c 'import json, sys
for l in open(sys.argv[1]):
    json.loads(l)' "$tmp/mnt/r"
		ok $? "... and every line left in the file is whole JSON"
	else
		skip 1 "no python3 to decode JSON"
	fi
	umount "$tmp/mnt"
fi

for p in $bg; do kill "$p" 2> /dev/null; done
wait 2> /dev/null
done_testing
