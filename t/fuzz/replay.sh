# replay.sh: every seed corpus of t/data/fuzz/<target>/ through every fuzz
# target, built with the normal compiler and fuzz/driver.c (no libFuzzer):
# each target over its own corpus, then over all the others (a target takes
# any bytes). A failed property aborts the replay and names the input.
. "$SOURCE/t/tap/libtap.sh"
plan_lazy

corpora=$SOURCE/t/data/fuzz

# replay NAME PROGRAM DIR...: one test point for PROGRAM over the DIRs.
replay() {
	_name=$1
	shift
	_out=$("$@" 2>&1)
	_st=$?
	case $_st:$_out in
	0:"replayed "*) ok 0 "$_name (${_out#replayed })" ;;
	*)
		ok 1 "$_name: status $_st"
		diag "$(printf '%s\n' "$_out" | tail -n 20)"
		;;
	esac
}

for dir in "$corpora"/*/; do
	t=$(basename "$dir")
	bin=$BUILD/fuzz/$t-replay
	if [ ! -x "$bin" ]; then
		ok 1 "$t: no replay program $bin"
		continue
	fi
	n=$(find "$dir" -maxdepth 1 -type f | wc -l)
	[ "$n" -gt 0 ]
	ok $? "$t: the seed corpus has inputs ($n)"
	replay "$t: its own corpus" "$bin" "$dir"
	others=$(for d in "$corpora"/*/; do [ "$d" = "$dir" ] || echo "$d"; done)
	# shellcheck disable=SC2086 # the directory names hold no blanks
	replay "$t: every other corpus" "$bin" $others
done

# Every target has a corpus (a new target without one fails here).
for bin in "$BUILD"/fuzz/*-replay; do
	t=$(basename "$bin" -replay)
	[ -d "$corpora/$t" ]
	ok $? "$t: has a seed corpus in t/data/fuzz/$t"
done
done_testing
