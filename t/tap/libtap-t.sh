# libtap-t.sh: the shell TAP helper itself.
. "$SOURCE/t/tap/libtap.sh"
plan 4

# Run a small test file that uses libtap.sh; prints its output, returns its status.
run_child() {
	SOURCE="$SOURCE" BUILD="$BUILD" sh -c ". \"\$SOURCE/t/tap/libtap.sh\"; $1"
}

out=$(run_child 'plan_lazy; d=$(test_tmpdir); echo "$d" > "$BUILD/t/tmp/libtap-t.dir"; ok 0 a; done_testing')
is 0 $? "a passing file exits 0"
d=$(cat "$BUILD/t/tmp/libtap-t.dir"); rm -f "$BUILD/t/tmp/libtap-t.dir"
[ -n "$d" ] && [ ! -e "$d" ]
ok $? "a tmpdir made in a \$(...) subshell is removed by done_testing"

run_child 'plan 2; ok 0 a; ok 1 "b # TODO known"; done_testing' > /dev/null
is 0 $? "a TODO failure does not fail the file"

run_child 'plan 1; ok 1 b; done_testing' > /dev/null
ok $(( $? == 0 )) "a real failure fails the file"
done_testing
