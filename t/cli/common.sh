# common.sh: shared setup for the CLI tests of stallsup.
# Sourced after libtap.sh; defines $STALLSUP, $W (worker programs) and helpers.
STALLSUP="$BUILD/src/stallsup"
W="$BUILD/t/workers"
[ -x "$STALLSUP" ] || bail "no $STALLSUP (build first)"

# wait_until SECONDS CMD...: run CMD every 50 ms until it succeeds or the
# bound passes (a bound for a hung test, never a timing assertion).
wait_until() {
	_limit=$(($1 * 20)); shift
	while [ "$_limit" -gt 0 ]; do
		"$@" && return 0
		sleep 0.05
		_limit=$((_limit - 1))
	done
	return 1
}

# gone PID: the process no longer exists (or is a zombie about to be reaped).
gone() {
	[ ! -e "/proc/$1" ] && return 0
	[ "$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

# lines FILE: number of lines in FILE (0 when absent).
lines() { if [ -f "$1" ]; then wc -l < "$1" | tr -d ' '; else echo 0; fi; }

# has_lines FILE N: FILE has at least N lines.
has_lines() { [ "$(lines "$1")" -ge "$2" ]; }

# has_children PID: PID has a child that runs a command (see children_of);
# a command for wait_until, which runs it anew each time.
has_children() { [ -n "$(children_of "$1")" ]; }

# children_of PID: the direct children of PID that run a command: stallsup's
# helpers (stallsup-keeper, stallsup-bt, or still stallsup before they name
# themselves) and a worker that has not yet exec'd are left out.
children_of() {
	for _c in $(cat /proc/"$1"/task/*/children 2> /dev/null); do
		case $(cat /proc/"$_c"/comm 2> /dev/null) in
		stallsup* | "") ;;
		*) echo "$_c" ;;
		esac
	done
}

# cgroup_of_report FILE: the cgroup path named in a --report start event.
cgroup_of_report() { sed -n 's/.*"event":"start".*"cgroup":"\([^"]*\)".*/\1/p' "$1"; }

# remove_cgroup DIR: remove a cgroup tree a killed stallsup left behind.
remove_cgroup() {
	[ -n "$1" ] && [ -d "$1" ] || return 0
	for _d in "$1"/w*; do [ -d "$_d" ] && wait_until 10 rmdir "$_d"; done
	rmdir "$1" 2>/dev/null
}
