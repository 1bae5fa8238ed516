# stall-fixtures.sh: the whole detection path driven by fixture proc trees
# (--proc-root): every class is reported with its source.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)
r=$tmp/r
e=$tmp/e

# Each tree holds one process, 4242, whose counters never move.
for class in starved uninterruptible stopped sleeping; do
	root=$(test_file_path "proc/mon-$class")
	rm -f "$r"
	"$STALLSUP" --report "$r" --proc-root="$root" -i 20ms -t 10 -- sleep 1 2> "$e"
	is 0 $? "$class: the real worker (sleep 1) exits 0"
	is 1 "$(stalls "$r")" "$class: one stall event"
	is "$class" "$(stall_field "$r" class)" "$class: class"
	is schedstat "$(stall_field "$r" source)" "$class: source"
	is 4242 "$(stall_field "$r" pid)" "$class: the fixture's pid"
	grep -q "^stallsup: worker 0 stalled: $class" "$e" && grep -q "^  stuck: .* (pid 4242, " "$e"
	ok $? "$class: human report"
	grep -q '^  evidence: .* (schedstat): ' "$e"; ok $? "$class: source in the human report"
done

# A fixture process that is a real process outside the worker (a sleep
# of ours renamed into the tree): the abort and kill policies never signal it.
victim_tree() {
	rm -rf "$tmp/root"
	cp -r "$(test_file_path proc/mon-sleeping)" "$tmp/root"
	mv "$tmp/root/4242/task/4242" "$tmp/root/4242/task/$1"
	mv "$tmp/root/4242" "$tmp/root/$1"
}
for policy in abort kill; do
	sleep 60 &
	victim=$!
	victim_tree "$victim"
	rm -f "$r"
	"$STALLSUP" --report "$r" --proc-root="$tmp/root" --on-stall=$policy -k 0.2s -i 20ms \
		-t 10 -- sleep 1 2> "$e"
	is 123 $? "$policy, fixture names a stranger: status 123"
	is "$victim" "$(stall_field "$r" pid)" "$policy, fixture names a stranger: reported"
	gone "$victim"; is 1 $? "$policy, fixture names a stranger: it was not signalled"
	kill -KILL "$victim" 2> /dev/null
	wait "$victim" 2> /dev/null
done
rm -rf "$tmp/root"

# A worker beyond the fixture's processes is not watched.
rm -f "$r"
"$STALLSUP" --report "$r" --proc-root="$(test_file_path proc/mon-sleeping)" -i 20ms -w 2 \
	-t 10 -- sleep 0.5 2> "$e"
is 0 $? "2 workers, 1 fixture process: status 0"
is 1 "$(stalls "$r")" "2 workers, 1 fixture process: one stall event"
is 0 "$(stall_field "$r" worker)" "2 workers, 1 fixture process: worker 0"

# A proc root that does not exist, or holds no process: 125, nothing started.
for root in "$tmp/none" "$tmp/empty"; do
	[ "$root" = "$tmp/empty" ] && mkdir "$root"
	rm -f "$tmp/started"
	"$STALLSUP" --proc-root="$root" -- sh -c 'touch "$1"' sh "$tmp/started" 2> "$e"
	is 125 $? "proc root ${root##*/}: status 125"
	is 1 "$(lines "$e")" "proc root ${root##*/}: one line on stderr"
	ok "$([ ! -e "$tmp/started" ]; echo $?)" "proc root ${root##*/}: nothing started"
done
rm -rf "$tmp"
done_testing
