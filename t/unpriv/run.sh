#!/bin/sh
# run.sh: make check-unprivileged. Run the test suite once more as an
# unprivileged user (nobody unless UNPRIV_USER says otherwise), over a copy
# of the built tree that user owns: what needs root skips with its reason,
# and the degraded paths (process groups instead of cgroups, kernel stacks
# unreadable, backtraces of stallsup's own children only) must hold with no
# false verdict. The copy's .trs files come back under t/unpriv/results so
# that CI counts them.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
user=${UNPRIV_USER:-nobody}
if [ "$(id -u)" -ne 0 ]; then
	echo "check-unprivileged: skipped: needs root to become $user" >&2
	exit 0
fi
if ! id "$user" > /dev/null 2>&1 || ! command -v setpriv > /dev/null; then
	echo "check-unprivileged: skipped: no user $user or no setpriv" >&2
	exit 0
fi
dir=$(mktemp -d /tmp/stallsup-unpriv.XXXXXX) || exit 1
trap 'rm -rf "$dir"' EXIT INT TERM
cp -a "$top"/. "$dir"/
rm -rf "$dir/t/tmp" "$dir/t/unpriv/results"
find "$dir" \( -name '*.log' -o -name '*.trs' \) -exec rm -f {} +
chown -R "$user" "$dir"
chmod 755 "$dir"
cd "$dir" || exit 1
setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups \
	env HOME="$dir" PATH=/usr/local/bin:/usr/bin:/bin make -j2 check abs_top_builddir="$dir" abs_top_srcdir="$dir" \
	${TESTS:+TESTS="$TESTS"}
status=$?
mkdir -p "$top/t/unpriv/results"
find t -name '*.trs' | while read -r f; do
	mkdir -p "$top/t/unpriv/results/$(dirname "$f")"
	cp "$f" "$top/t/unpriv/results/$f"
done
[ -f test-suite.log ] && cp test-suite.log "$top/t/unpriv/results/test-suite.log"
exit "$status"
