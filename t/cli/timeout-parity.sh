# timeout-parity.sh: stallsup keeps timeout(1)'s promises. Each shared fact
# is also checked against timeout(1) itself, to show that the fact is right.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
plan_lazy
tmp=$(test_tmpdir)

# $tmp/run TOOL DURATION OPTIONS CMD...: exec CMD under timeout or stallsup
# alike (an executable, so that sigstate and status-of can run it).
cat > "$tmp/run" << EOS
#!/bin/sh
t=\$1 d=\$2 o=\$3
shift 3
[ "\$t" = timeout ] && exec timeout \$o -- "\$d" "\$@"
exec "$STALLSUP" -q \$o -t "\$d" -- "\$@"
EOS
chmod +x "$tmp/run"

tools=stallsup
if command -v timeout > /dev/null; then
	tools="timeout stallsup"
else
	diag "no timeout(1) here: the facts are checked against stallsup only"
fi

for t in $tools; do
	# Signals: what was ignored or blocked at start reaches the command.
	rm -f "$tmp/yes"
	"$W/sigstate" -i PIPE -- "$tmp/run" "$t" 10 "" sh -c "yes; echo \$? > $tmp/yes" 2> /dev/null | true
	wait_until 10 test -s "$tmp/yes"
	is 1 "$(cat "$tmp/yes" 2> /dev/null)" \
		"$t: an ignored SIGPIPE stays ignored (yes sees EPIPE, exit 1)"
	is "blocked=USR1 ignored=USR2" "$("$W/sigstate" -b USR1 -i USR2 -- "$tmp/run" "$t" 10 "" "$W/sigstate")" \
		"$t: the signal mask and an ignored signal reach the command"

	# Death by signal is passed on: the parent sees the signal, not 143.
	is "signal 15" "$("$W/status-of" "$tmp/run" "$t" 10 "" sh -c 'kill -TERM $$')" \
		"$t: a command killed by SIGTERM: dies by SIGTERM too"

	# -s 0 is valid; -k 0 means no SIGKILL.
	"$tmp/run" "$t" 0.3 "-s 0" sleep 1
	is 124 $? "$t: -s 0 is valid; the deadline still decides the status (124)"
	rm -f "$tmp/ready"
	"$tmp/run" "$t" 0.3 "-k 0" "$W/ignore-term" > "$tmp/ready" &
	pid=$!
	wait_until 10 test -s "$tmp/ready"
	w=$(sed -n 's/^ready //p' "$tmp/ready")
	sleep 1.3
	ok "$(gone "$w"; [ $? -ne 0 ]; echo $?)" "$t: -k 0: no SIGKILL after the deadline's TERM"
	kill -KILL "$w"
	wait "$pid"
	is 137 $? "$t: ... and a command killed by SIGKILL after the deadline gives 137"

	# Durations: exponents and days.
	"$tmp/run" "$t" 1e-1 "" sleep 2
	is 124 $? "$t: 1e-1 is a tenth of a second"
	"$tmp/run" "$t" 1e2 "" true
	is 0 $? "$t: 1e2 is valid"
	"$tmp/run" "$t" .001d "" true
	is 0 $? "$t: .001d is valid"
	"$tmp/run" "$t" 1x "" true 2> /dev/null
	is 125 $? "$t: 1x is refused (125)"

	# --foreground: the command can read the terminal.
	if command -v script > /dev/null; then
		out=$(printf 'hello\n' | script -qec \
			"$tmp/run $t 10 --foreground sh -c 'read x; echo got=\$x'" /dev/null | tr -d '\r')
		case $out in *got=hello*) ok 0 "$t: --foreground: the command reads the terminal" ;;
		*) ok 1 "$t: --foreground: the command reads the terminal"; diag "$out" ;; esac
	else
		skip 1 "no script(1) to make a terminal"
	fi
done

# Where stallsup keeps more than timeout(1) does: a forwarded signal that was
# ignored at start (nohup) stays ignored in the command (timeout resets it).
is "blocked= ignored=HUP" "$("$W/sigstate" -i HUP -- "$tmp/run" stallsup 10 "" "$W/sigstate")" \
	"stallsup: a SIGHUP ignored at start (nohup) stays ignored in the command"
# With several workers killed by a signal, the status stays 128+N.
is "exit 143" "$("$W/status-of" "$STALLSUP" -q -w 2 -- sh -c 'kill -TERM $$')" \
	"stallsup: two workers killed by SIGTERM: exit 143"
# A stall policy's SIGKILL is not passed on: it is stallsup's own doing (123).
is "exit 123" "$("$W/status-of" "$STALLSUP" -q --on-stall=kill -i 50ms -- "$W/pause" 2> /dev/null)" \
	"stallsup: killed by the stall policy: exit 123, not death by SIGKILL"
done_testing
