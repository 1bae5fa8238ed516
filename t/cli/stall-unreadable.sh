# stall-unreadable.sh: a worker whose /proc files stallsup cannot read at all
# (hidepid=2 and a non-dumpable worker, for an unprivileged stallsup) is said
# so once, with the reason, instead of being silently taken for healthy.
# Needs root (to mount a private /proc with hidepid=2 and drop to nobody).
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/cli/stall-lib.sh"
plan_lazy
tmp=$(test_tmpdir)

if [ "$(id -u)" -ne 0 ] || ! command -v unshare > /dev/null || ! command -v setpriv > /dev/null; then
	skip_all "needs root, unshare and setpriv"
fi
chmod 777 "$tmp"
unshare -m sh -c 'mount -t proc -o hidepid=2 proc /proc || exit 99
	exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"' sh \
	"$STALLSUP" --report "$tmp/r" -i 100ms -t 2 -- "$W/nondumpable" 2> "$tmp/err"
rc=$?
if [ "$rc" -eq 99 ] || [ ! -s "$tmp/r" ]; then
	skip_all "cannot mount a private /proc with hidepid=2 or run stallsup as nobody"
fi
is 124 "$rc" "hidden worker: ended by the deadline"
is 0 "$(stalls "$tmp/r")" "hidden worker: no stall (none can be seen)"
is 1 "$(grep -c '^stallsup: worker 0: cannot read its tasks under /proc: .* (No such file or directory)$' "$tmp/err")" \
	"hidden worker: said once, with the reason"
grep -q '^stallsup: worker 0 was not observed' "$tmp/err"
ok $? "hidden worker: the summary says it was not observed, not healthy"
grep -q '"event":"exit",.*"observed":false' "$tmp/r"
ok $? "hidden worker: so does its exit event"
rm -rf "$tmp"
done_testing
