# caps.sh: the capabilities of the supervisor once its workers run, of the
# workers (exactly the invoking user's, or none under --drop-caps), and what
# --verbose says about them.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
plan_lazy
tmp=$(test_tmpdir)

# field NAME FILE: the value of "NAME:" in a status file.
field() { sed -n "s/^$1:[[:space:]]*//p" "$2"; }
# hexmask N: N as /proc prints capability sets.
hexmask() { printf '%016x' "$1"; }

grep -E '^(Cap|NoNewPrivs)' /proc/$$/status > "$tmp/ours"
eff=0x$(field CapEff "$tmp/ours")
# dac_read_search (2), kill (5), sys_ptrace (19), sys_admin (21)
keep_default=$(hexmask $((eff & 0x280024)))
keep_drop=$(hexmask $((eff & 0x200000)))
names_default=$(printf '%s\n' 2:dac_read_search 5:kill 19:sys_ptrace 21:sys_admin |
	while IFS=: read -r bit name; do
		[ $((eff >> bit & 1)) = 1 ] && printf '%s\n' "$name"
	done | paste -sd, -)
[ -n "$names_default" ] || names_default=none

# Workers keep exactly what we have: the same sets through the same exec.
grep -E '^(Cap|NoNewPrivs)' /proc/self/status > "$tmp/direct"
"$STALLSUP" -q -- grep -E '^(Cap|NoNewPrivs)' /proc/self/status > "$tmp/worker"
is 0 $? "a worker reading its status: status 0"
is "$(cat "$tmp/direct")" "$(cat "$tmp/worker")" "the worker has exactly the invoking user's sets"

# --drop-caps: nothing at all, and no_new_privs.
"$STALLSUP" -q --drop-caps -- grep -E '^(Cap|NoNewPrivs)' /proc/self/status > "$tmp/dropped"
is 0 $? "--drop-caps: status 0"
for set in CapInh CapPrm CapEff CapAmb; do
	is 0000000000000000 "$(field $set "$tmp/dropped")" "--drop-caps: $set empty"
done
is 1 "$(field NoNewPrivs "$tmp/dropped")" "--drop-caps: NoNewPrivs 1"
if [ $((eff >> 8 & 1)) = 1 ]; then
	is 0000000000000000 "$(field CapBnd "$tmp/dropped")" "--drop-caps: CapBnd empty"
else
	skip 1 "stallsup holds no CAP_SETPCAP: the bounding set stays"
fi

# The supervisor (the worker's parent) once trimmed: the worker waits until
# its parent's effective set is what it should keep (a bound for a hung
# test), then prints its parent's sets. --no-cgroup: a run cgroup in a
# directory mode 555 (cgroup v1 hybrid's "unified") needs CAP_DAC_OVERRIDE to
# be removed, which the end of this file checks.
watch_parent='i=0
while [ "$(sed -n "s/^CapEff:[[:space:]]*//p" /proc/$PPID/status)" != "$1" ] && [ $i -lt 1200 ]; do
	sleep 0.05; i=$((i + 1))
done
grep -E "^(Cap|NoNewPrivs)" /proc/$PPID/status'
"$STALLSUP" -v --no-cgroup -- sh -c "$watch_parent" sh "$keep_default" > "$tmp/sv" 2> "$tmp/sv.err"
is 0 $? "the supervisor's sets read by its worker: status 0"
is "$keep_default" "$(field CapEff "$tmp/sv")" "the supervisor keeps CapEff $keep_default"
is "$keep_default" "$(field CapPrm "$tmp/sv")" "... and CapPrm the same"
is 0000000000000000 "$(field CapInh "$tmp/sv")" "... no inheritable capability"
if [ $((eff >> 8 & 1)) = 1 ]; then
	is "$keep_default" "$(field CapBnd "$tmp/sv")" "... and the bounding set the same"
else
	skip 1 "stallsup holds no CAP_SETPCAP: the bounding set stays"
fi
grep -qx "stallsup: capabilities kept: $names_default" "$tmp/sv.err"
ok $? "--verbose names the set kept ($names_default)"

# --drop-caps: the workers cannot change user nor hold more than we keep,
# so only /proc/<tid>/stack's CAP_SYS_ADMIN stays.
"$STALLSUP" -v --no-cgroup --drop-caps -- sh -c "$watch_parent" sh "$keep_drop" > "$tmp/sv" 2> "$tmp/sv.err"
is 0 $? "--drop-caps: status 0"
is "$keep_drop" "$(field CapEff "$tmp/sv")" "--drop-caps: the supervisor keeps CapEff $keep_drop"

# Nothing that needs a capability: none kept.
"$STALLSUP" -v --no-cgroup --drop-caps --stall-on=none -- true 2> "$tmp/none.err"
grep -qx "stallsup: capabilities kept: none" "$tmp/none.err"
ok $? "--drop-caps --stall-on=none: --verbose says none"
# With a cgroup: CAP_DAC_OVERRIDE is kept exactly when the run's cgroup sits
# in a directory root cannot write by its owner bits, and the cgroup is
# removed at the end either way.
"$STALLSUP" -v --report "$tmp/report" --drop-caps --stall-on=none -- true 2> "$tmp/cg.err"
cg=$(cgroup_of_report "$tmp/report")
if [ -z "$cg" ]; then
	skip 2 "no writable cgroup v2 hierarchy"
else
	parent=$(dirname "$cg")
	want=none
	if [ $((eff >> 1 & 1)) = 1 ] && { [ "$(stat -c %u "$parent")" != "$(id -u)" ] ||
		[ $((0$(stat -c %a "$parent") & 0200)) = 0 ]; }; then
		want=dac_override
	fi
	grep -qx "stallsup: capabilities kept: $want" "$tmp/cg.err"
	ok $? "a cgroup under $parent: kept $want"
	[ ! -e "$cg" ]
	ok $? "the run's cgroup was removed"
	remove_cgroup "$cg"
fi
done_testing
