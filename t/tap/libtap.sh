# libtap.sh: a small TAP producer for stallsup's shell tests.
# Source it, call plan N (or plan_lazy), then ok/is/skip; finish with done_testing.
# $SOURCE and $BUILD are the source and build directories (set by make check).

: "${SOURCE:=.}"
: "${BUILD:=.}"
_tap_n=0
_tap_failed=0
_tap_plan=

# plan N: print the plan up front.
plan() { _tap_plan=$1; echo "1..$1"; }
# plan_lazy: print the plan at done_testing.
plan_lazy() { _tap_plan=lazy; }
# skip_all REASON: nothing in this file can run here.
skip_all() { echo "1..0 # SKIP $*"; _tap_plan=done; exit 0; }
# ok STATUS DESCRIPTION: STATUS 0 is a pass (like a shell exit status).
# A DESCRIPTION ending in "# TODO reason" marks a known failure: it does not
# count against the file.
ok() {
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		case $2 in
		*"# TODO"*) ;;
		*) _tap_failed=$((_tap_failed + 1)) ;;
		esac
	fi
	return "$1"
}
# is WANTED SEEN DESCRIPTION: string comparison.
is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "wanted: $1"
		diag "  seen: $2"
		return 1
	fi
}
# skip N REASON: report N checks as skipped.
skip() {
	_n=$1; shift
	while [ "$_n" -gt 0 ]; do
		_tap_n=$((_tap_n + 1))
		echo "ok $_tap_n # SKIP $*"
		_n=$((_n - 1))
	done
}
# diag TEXT: a comment line on stdout, one per input line.
diag() { printf '%s\n' "$*" | sed 's/^/# /'; }
# bail REASON: stop the whole file.
bail() { echo "Bail out! $*"; exit 255; }
# test_file_path NAME: path of fixture NAME under t/data.
test_file_path() { printf '%s/t/data/%s\n' "$SOURCE" "$1"; }
# test_tmpdir: make a scratch directory under $BUILD/t/tmp, removed by
# done_testing. Its name carries this shell's pid ($$ is the same in a
# $(...) subshell), which is how done_testing finds it.
test_tmpdir() {
	mkdir -p "$BUILD/t/tmp" || bail "cannot make $BUILD/t/tmp"
	_d=$(mktemp -d "$BUILD/t/tmp/sh.$$.XXXXXX") || bail "mktemp failed"
	printf '%s\n' "$_d"
}
# done_testing: print a lazy plan and remove this file's scratch directories.
done_testing() {
	[ "$_tap_plan" = lazy ] && echo "1..$_tap_n"
	rm -rf "$BUILD/t/tmp/sh.$$."*
	_tap_plan=done
	[ "$_tap_failed" -eq 0 ]
}
