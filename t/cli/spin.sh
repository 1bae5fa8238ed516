# spin.sh: --spin-after (class spinning, doc/triggers.md) through the real
# binary: a spinning thread beside a sleeping one is reported, with its
# evidence and its two pc samples (they stay in the worker's spin function);
# with --no-backtrace the report has no pc line; python's `while True: pass` too; a CPU-bound worker that makes
# system calls that sleep is not; bad values are refused.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)
r=$tmp/r
e=$tmp/e

# Why this run cannot sample the spinning thread's pc, or nothing.
no_pc=
grep -q '^#define HAVE_LIBDW 1' "$BUILD/config.h" || no_pc="a build without libdw"
scope=$(cat /proc/sys/kernel/yama/ptrace_scope 2> /dev/null || echo 0)
[ "$scope" -lt 2 ] || no_pc="Yama ptrace_scope $scope forbids the backtrace helper"

# One spinning thread; the main thread sleeps joining it.
start_bg "$r" "$e" -i 100ms --spin-after 1s --stall-on=spinning -t 600 -- "$W/threads" 1
wait_stalls "$r" 1; ok $? "a spinning thread is reported"
pid=$(stall_field "$r" pid)
is spinning "$(stall_field "$r" class)" "class spinning"
tid=$(stall_field "$r" tid)
ok "$([ -n "$tid" ] && [ "$pid" != "$tid" ]; echo $?)" \
	"it names the spinning thread, not the sleeping main thread"
grep -q "^stallsup: worker 0 stalled: spinning (a thread on a CPU in user mode, never sleeping) for " "$e"
ok $? "human headline"
grep -q "^  evidence: tid $tid over .*: ran .*, 0 voluntary switches" "$e"
ok $? "human evidence line"
grep -q "^  where: .*running in user space" "$e"
ok $? "where: running in user space"
if [ -z "$no_pc" ]; then
	grep -A1 "^  evidence: tid $tid " "$e" | grep -q "^  pc: stays in spin (threads.c:[0-9]*) over [0-9]"
	ok $? "pc: the two samples stay in the spin function, under the evidence"
else
	skip 1 "$no_pc"
fi
if have_python; then
	is 0 "$(py_stall "$r" 'e["trigger"]["voluntary_switches"]')" "JSON: no voluntary switch"
	is 1000 "$(py_stall "$r" 'e["trigger"]["period_ms"]')" "JSON: period is --spin-after"
	ok "$(py_stall "$r" '0 if e["trigger"]["span_ms"] >= 1000 else 1')" "JSON: span of at least --spin-after"
	if [ -z "$no_pc" ]; then
		is "True spin spin" "$(py_stall "$r" '"%s %s %s" % (e["trigger"]["pc"]["same_function"], e["trigger"]["pc"]["first"]["function"], e["trigger"]["pc"]["second"]["function"])')" \
			"JSON: pc.same_function, both samples in spin"
		ok "$(py_stall "$r" '0 if e["trigger"]["pc"]["apart_ms"] >= 50 else 1')" \
			"JSON: pc samples at least 50 ms apart"
	else
		skip 2 "$no_pc"
	fi
else
	skip 5 "no python3 to decode JSON"
fi
kill -TERM "$sv"
finish_bg
is 143 "$rc" "ended by our TERM"

# --on-stall=spinning:kill acts on it.
rm -f "$r"
"$STALLSUP" --report "$r" -i 100ms --spin-after 1s --on-stall=spinning:kill -t 600 \
	-- "$W/spin" 2> "$e"
is 123 $? "spinning:kill: status 123"
is spinning "$(stall_field "$r" class)" "spinning:kill: class spinning"

# --no-backtrace: no pc samples, and no pc line (the report says why it has
# no backtraces).
rm -f "$r"
"$STALLSUP" --report "$r" -i 100ms --spin-after 1s --no-backtrace --on-stall=spinning:kill \
	-t 600 -- "$W/spin" 2> "$e"
is 123 $? "--no-backtrace: status 123"
grep -q "^  evidence: tid " "$e"; ok $? "--no-backtrace: the evidence line"
grep -q "^  pc:" "$e"; is 1 $? "--no-backtrace: no pc line"
grep -q '"pc":{"first"' "$r"; is 1 $? "--no-backtrace: no JSON pc"

# Python's endless loop (spinning only: on a loaded machine its wait for a
# CPU may first look starved).
if have_python; then
	start_bg "$r" "$e" -i 100ms --spin-after 1s --stall-on=spinning -t 600 -- python3 -c 'while True: pass'
	wait_stalls "$r" 1; ok $? "python3 'while True: pass' is reported"
	is spinning "$(stall_field "$r" class)" "... as spinning"
	kill -TERM "$sv"
	finish_bg
else
	skip 2 "no python3"
fi

# A CPU-bound worker that sleeps briefly in a system call every 20 ms of
# CPU: never spinning, however loaded the machine.
start_bg "$r" "$e" -i 100ms --spin-after 500ms -t 600 -- "$W/busy-syscalls" 3
finish_bg
is 0 "$rc" "busy with system calls: exits 0"
is 0 "$(grep -c '"class":"spinning"' "$r")" "busy with system calls: not spinning"

# Off by default: the spinner is never reported without --spin-after.
start_bg "$r" "$e" -i 100ms -t 2 -- "$W/spin"
finish_bg
is 124 "$rc" "no --spin-after: the deadline ends the spinner"
no_stall_seen "$r" "$e" "no --spin-after"

# Bad values.
"$STALLSUP" --spin-after 0 -- true 2> "$e"
is 125 $? "--spin-after 0: status 125"
grep -q "^stallsup: --spin-after '0' must be more than 0" "$e"; ok $? "... a one-line reason"
"$STALLSUP" --spin-after x -- true 2> "$e"
is 125 $? "--spin-after x: status 125"
"$STALLSUP" --help | grep -q -- '--spin-after=DURATION'; ok $? "--help lists --spin-after"
rm -rf "$tmp"
done_testing
