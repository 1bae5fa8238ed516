# usage.sh: options, --help, --version and one-line errors with status 125.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
plan_lazy
tmp=$(test_tmpdir)

out=$("$STALLSUP" --help); ok $? "--help exits 0"
for opt in --workers --timeout --signal --kill-after --preserve-status --tag-output \
	--report --quiet --no-cgroup --help --version 65536 "Exit status" 124 137 123; do
	case $out in *"$opt"*) ok 0 "--help mentions $opt" ;; *) ok 1 "--help mentions $opt" ;; esac
done
out=$("$STALLSUP" --version); ok $? "--version exits 0"
case $out in "stallsup 0."*libseccomp*libcap-ng*) ok 0 "--version names the libraries" ;;
	*) ok 1 "--version names the libraries"; diag "$out" ;; esac

# bad_input WHAT WORD ARGS...: 125, one line naming WORD, nothing started.
bad_input() {
	_what=$1 _word=$2; shift 2
	rm -f "$tmp/started"
	"$STALLSUP" "$@" > "$tmp/out" 2> "$tmp/err"
	is 125 $? "$_what: exit 125"
	is 1 "$(lines "$tmp/err")" "$_what: one line of error"
	grep -q -- "$_word" "$tmp/err"; ok $? "$_what: the error names '$_word'"
	[ ! -e "$tmp/started" ]; ok $? "$_what: nothing started"
}
start="touch $tmp/started"
bad_input "unknown option" "--bogus" --bogus -- sh -c "$start"
bad_input "no command" "no command" -w 2 --
bad_input "no command at all" "no command"
bad_input "worker count 0" "worker count" -w 0 -- sh -c "$start"
bad_input "worker count too big" "65536" -w 65537 -- sh -c "$start"
bad_input "worker count garbage" "'abc'" --workers=abc -- sh -c "$start"
bad_input "bad duration" "'1x'" -t 1x -- sh -c "$start"
bad_input "negative duration" "'-1'" --timeout=-1 -- sh -c "$start"
bad_input "NaN duration" "'nan'" -k nan -- sh -c "$start"
bad_input "bad signal" "'SIGFOO'" -s SIGFOO -- sh -c "$start"
bad_input "missing argument" "needs an argument" -w
bad_input "report in a missing directory" "report" --report "$tmp/no/such/file" -- sh -c "$start"

"$STALLSUP" -q -s 9 -k 1.5 -t 500ms -- sh -c "$start"
is 0 $? "good options run the command"
[ -e "$tmp/started" ]; ok $? "... which started"

# A duration past 64-bit nanoseconds saturates to DURATION_NEVER, as timeout(1)
# clamps (lib/duration.h): the deadline and the kill never come.
"$STALLSUP" -q -t 1e400 -k inf -- sleep 1
is 0 $? "a saturated deadline never fires"
done_testing
