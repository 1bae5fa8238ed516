# sandbox.sh: the seccomp allow-list the supervisor loads on itself once its
# workers run: socket and execve fail there with EPERM, its status shows
# Seccomp: 2 with the trimmed capabilities, the workers are not filtered, and
# --no-sandbox leaves it out. (Every other test runs with the filter on.)
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
plan_lazy
tmp=$(test_tmpdir)

"$STALLSUP" -v -q --stall-on=none -- true 2> "$tmp/v"
if grep -q "^stallsup: no seccomp filter: " "$tmp/v"; then
	skip_all "$(sed -n 's/^stallsup: no seccomp filter: //p' "$tmp/v"): the filter is not loaded"
elif grep -q "^stallsup: cannot load the seccomp filter" "$tmp/v"; then
	skip_all "this kernel cannot load the filter: $(cat "$tmp/v")"
fi
grep -q "^stallsup: seccomp filter loaded: [0-9]* system calls allowed, the rest fail with EPERM$" \
	"$tmp/v"
ok $? "--verbose says the filter is loaded"

# field NAME FILE: the value of "NAME:" in a status file.
field() { sed -n "s/^$1:[[:space:]]*//p" "$2"; }

# In the supervisor itself, once loaded.
STALLSUP_SANDBOX_PROBE=1 "$STALLSUP" -q -- true 2> "$tmp/probe"
is 0 $? "a run with the probe: status 0"
is "stallsup: sandbox probe: socket: Operation not permitted; execve: Operation not permitted" \
	"$(grep "^stallsup: sandbox probe:" "$tmp/probe")" "socket and execve fail with EPERM in the supervisor"
STALLSUP_SANDBOX_PROBE=1 "$STALLSUP" -q --no-sandbox -- true 2> "$tmp/probe"
is "stallsup: sandbox probe: socket: allowed; execve: No such file or directory" \
	"$(grep "^stallsup: sandbox probe:" "$tmp/probe")" "--no-sandbox: socket works, execve fails only for its empty name"

# The running supervisor's status, read by its worker (its parent's) once
# the filter is there (a bound for a hung test), and the worker's own.
watch_parent='i=0
while [ "$(sed -n "s/^$1:[[:space:]]*//p" /proc/$PPID/status)" != "$2" ] && [ $i -lt 1200 ]; do
	sleep 0.05; i=$((i + 1))
done
grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/$PPID/status > "$3/parent"
grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status > "$3/self"'
"$STALLSUP" -q --no-cgroup -- sh -c "$watch_parent" sh Seccomp 2 "$tmp"
is 0 $? "a worker reading its supervisor's status: status 0"
is 2 "$(field Seccomp "$tmp/parent")" "the running supervisor: Seccomp: 2"
is 1 "$(field NoNewPrivs "$tmp/parent")" "... NoNewPrivs: 1"
eff=0x$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/$$/status)
is "$(printf '%016x' $((eff & 0x280024)))" "$(field CapEff "$tmp/parent")" \
	"... and the trimmed CapEff"
is 0 "$(field Seccomp "$tmp/self")" "the worker itself is not filtered"
is "$(sed -n 's/^NoNewPrivs:[[:space:]]*//p' /proc/$$/status)" "$(field NoNewPrivs "$tmp/self")" \
	"... nor given no_new_privs"

# --no-sandbox: once the capabilities are trimmed (just before the filter
# would come), still no filter.
"$STALLSUP" -q --no-cgroup --no-sandbox -- sh -c "$watch_parent" sh CapEff \
	"$(printf '%016x' $((eff & 0x280024)))" "$tmp"
is 0 $? "--no-sandbox: status 0"
is 0 "$(field Seccomp "$tmp/parent")" "--no-sandbox: the supervisor has Seccomp: 0"

# A run that does most of what the supervisor does after the start under
# the filter: a stall with its report and backtrace, the abort policy, a
# --report FIFO opened late, --junit written beside and renamed.
mkfifo "$tmp/fifo"
"$STALLSUP" -q -i 50ms --stall-after 300ms --on-stall=abort --no-core --report "$tmp/fifo" \
	--junit "$tmp/j.xml" -- sleep 30 2> "$tmp/stall.err" &
sv=$!
cat "$tmp/fifo" > "$tmp/r"
wait "$sv"
rc=$?
is 123 "$rc" "a stalled worker aborted under the filter: 123"
grep -q '"event":"stall"' "$tmp/r"
ok $? "... the stall reached the --report FIFO opened late"
grep -q '<testsuite' "$tmp/j.xml"
ok $? "... and --junit's file was written"
grep -qi "operation not permitted" "$tmp/stall.err"
ok "$([ $? -ne 0 ]; echo $?)" "... and nothing failed with EPERM"
done_testing
