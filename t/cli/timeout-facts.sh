# timeout-facts.sh: GNU timeout(1) on this machine agrees with the DURATION
# and SIGNAL facts of t/data/{duration,signal}/timeout-facts.tsv, which
# t/lib/duration-t and t/lib/signame-t hold stallsup's parsers to. This shows
# the facts are timeout(1)'s, not ours. Validity only: timeout exits 125 for an
# argument it rejects, and 0 (or 124 for a tiny duration) for one it accepts.
. "$SOURCE/t/tap/libtap.sh"

command -v timeout > /dev/null 2>&1 || skip_all "no timeout(1) here"
version=$(timeout --version 2> /dev/null | sed -n '1s/.*(GNU coreutils) *\([0-9.]*\).*/\1/p')
[ -n "$version" ] || skip_all "timeout(1) here is not GNU coreutils'"
plan_lazy
tab=$(printf '\t')

# at_least MAJOR.MINOR: the installed coreutils is that version or newer.
at_least() {
	_want_major=${1%%.*} _want_minor=${1#*.}
	_major=${version%%.*} _minor=${version#*.}
	_minor=${_minor%%.*}
	[ "$_major" -gt "$_want_major" ] ||
		{ [ "$_major" -eq "$_want_major" ] && [ "$_minor" -ge "$_want_minor" ]; }
}

# verdict STATUS: "valid" or "invalid" from timeout's exit status.
verdict() {
	case $1 in
	0 | 124) echo valid ;;
	125) echo invalid ;;
	*) echo "status $1" ;;
	esac
}

# check_fact KIND TEXT SEEN: compare timeout's verdict SEEN with the fact.
check_fact() {
	case $1 in
	valid | timeout-only) is valid "$3" "timeout accepts '$2' ($1)" ;;
	invalid | ours) is invalid "$3" "timeout rejects '$2' ($1)" ;;
	since-9.7)
		if at_least 9.7; then
			is invalid "$3" "timeout $version rejects '$2' ($1)"
		else
			skip 1 "timeout $version predates the coreutils 9.7 rule for '$2'"
		fi ;;
	*) bail "unknown kind '$1' in the facts" ;;
	esac
}

# check_file FACTS RUN: for each fact, run "RUN TEXT" and check its verdict.
check_file() {
	while IFS="$tab" read -r kind value text; do
		case $kind in '#'* | '') continue ;; esac
		: "$value" # stallsup's value; timeout(1) shows only validity
		$2 "$text" 2> /dev/null
		check_fact "$kind" "$text" "$(verdict $?)"
	done < "$(test_file_path "$1")"
}

# timeout_duration TEXT, timeout_signal TEXT: timeout(1) given TEXT.
timeout_duration() { timeout -- "$1" true; }
timeout_signal() { timeout -s "$1" 5 true; }

check_file duration/timeout-facts.tsv timeout_duration
check_file signal/timeout-facts.tsv timeout_signal
done_testing
