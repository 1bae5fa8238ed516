# stall-report.sh: the human report is concise and names the stuck
# process by its command line, leaves first.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)

# report_lines ERR: the number of lines of the first human report in ERR
# (from its headline to the line before the next "stallsup: " line).
report_lines() {
	awk '/^stallsup: worker [0-9]* stalled: /{n++; inr = n == 1; if (inr) c = 1; next}
	     /^stallsup: /{inr = 0} inr {c++} END {print c + 0}' "$1"
}

# A 3-thread deadlock: one report of at most 25 lines, with backtraces.
"$STALLSUP" -i 100ms -t 20 --stall-on=sleeping --on-stall=kill --report "$tmp/r3" \
	-- "$W/deadlock" locks > /dev/null 2> "$tmp/e3"
is 123 $? "3-thread deadlock: killed for the stall"
n=$(report_lines "$tmp/e3")
diag "3-thread report: $n lines"
ok "$([ "$n" -ge 8 ] && [ "$n" -le 25 ]; echo $?)" "3-thread deadlock: 8 to 25 lines"
grep -q "^  stuck: .*/deadlock locks (pid [0-9]*, 3 threads)$" "$tmp/e3"
ok $? "3-thread deadlock: stuck names the command line"
grep -q "^  evidence: tid [0-9]*, 4 samples over .*: runtime flat, switches flat" "$tmp/e3"
ok $? "3-thread deadlock: one line of evidence"
grep -q "^  next: " "$tmp/e3"
ok $? "3-thread deadlock: a next step"
grep -c "^  action: kill" "$tmp/e3" | grep -qx 1
ok $? "3-thread deadlock: the action, once"
grep -q "52 fields\|^Name:" "$tmp/e3"
is 1 $? "3-thread deadlock: no raw stat or status dumps"

# 1000 threads blocked: grouped, at most 40 lines.
"$STALLSUP" -i 200ms -t 60 --stall-on=sleeping --on-stall=kill --report "$tmp/r1k" \
	-- "$W/deadlock" locks 1000 > /dev/null 2> "$tmp/e1k"
is 123 $? "1000 threads: killed for the stall"
n=$(report_lines "$tmp/e1k")
diag "1000-thread report: $n lines"
ok "$([ "$n" -ge 8 ] && [ "$n" -le 40 ]; echo $?)" "1000 threads: 8 to 40 lines"
# (backtraces stop at 256 threads a process: those with and those without
# one are two groups)
sum=$(sed -n 's/^    \([0-9]*\) threads S futex(.*FUTEX_WAIT_PRIVATE, 2, NULL) untimed .*/\1/p' "$tmp/e1k" |
	awk '{s += $1} END {print s + 0}')
ok "$([ "$sum" -ge 1000 ]; echo $?)" "1000 threads: the waiters grouped with their counts ($sum)"
grep -q "^  threads: 1003 in " "$tmp/e1k"
ok $? "1000 threads: the total said"

# A shell running a stuck program: the program is named first, the shell under it.
"$STALLSUP" -i 100ms -t 20 --stall-on=sleeping --on-stall=kill \
	-- sh -c "\"$W/deadlock\" locks; echo never" > /dev/null 2> "$tmp/esh"
grep -A1 "^  stuck: " "$tmp/esh" > "$tmp/stuck"
grep -q "^  stuck: .*/deadlock locks (pid [0-9]*, 3 threads)$" "$tmp/stuck"
ok $? "shell: the stuck program first"
grep -q "^    under: sh -c .*deadlock.* locks; echo never' (pid [0-9]*, 1 thread)$" "$tmp/stuck"
ok $? "shell: the shell under it, quoted"
grep -q "^  where: stuck in take_two (deadlock.c:[0-9]*), waiting in futex (untimed)$" "$tmp/esh" ||
	grep -q "^  where: .*waiting in futex (untimed)" "$tmp/esh"
ok $? "shell: where is the program's locked thread, not the shell's wait4"

# The issue's case: hang.sh running Python.
if command -v python3 > /dev/null 2>&1; then
	cat > "$tmp/hang.py" <<'PY'
import threading, time
a, b = threading.Lock(), threading.Lock()
def one():
    with a:
        time.sleep(0.2)
        with b: pass
def two():
    with b:
        time.sleep(0.2)
        with a: pass
ts = [threading.Thread(target=one), threading.Thread(target=two)]
for t in ts: t.start()
for t in ts: t.join()
PY
	printf '#!/bin/sh\necho starting\npython3 "%s"\n' "$tmp/hang.py" > "$tmp/hang.sh"
	chmod +x "$tmp/hang.sh"
	"$STALLSUP" -t 20 --stall-on=sleeping -- "$tmp/hang.sh" > /dev/null 2> "$tmp/epy"
	grep -q "^stallsup: worker 0 stalled: sleeping" "$tmp/epy"
	ok $? "hang.sh: a stall"
	grep -q "^  stuck: [^ ]*python3[^ ]* .*hang.py (pid [0-9]*, 3 threads)$" "$tmp/epy"
	ok $? "hang.sh: the Python process is named first, by its command line"
	grep -q "^    under: /bin/sh .*hang.sh (pid [0-9]*, 1 thread)$" "$tmp/epy"
	ok $? "hang.sh: the shell under it"
	grep -q "^  next: py-spy dump --pid " "$tmp/epy"
	ok $? "hang.sh: next: py-spy"
else
	skip 4 "no python3"
fi
done_testing
