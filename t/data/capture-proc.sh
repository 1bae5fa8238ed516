#!/bin/sh
# capture-proc.sh: copy the /proc files stallsup reads for one live process
# into a fixture tree, as util-linux captures sysroots for lscpu tests.
#
#   t/data/capture-proc.sh PID DIR
#
# writes DIR/PID/{stat,status,sched,schedstat,wchan,syscall,cgroup,stack}
# and DIR/PID/task/TID/{same files} for each task. Files that do not exist
# or cannot be read (stack needs CAP_SYS_ADMIN, sched needs
# CONFIG_SCHED_DEBUG) are left out, not faked.
set -eu

FILES="stat status sched schedstat wchan syscall cgroup stack"

usage() {
	echo "usage: $0 PID DIR" >&2
	exit 2
}

# copy_files SRC DST: copy each readable file of FILES from SRC into DST.
copy_files() {
	mkdir -p "$2"
	for f in $FILES; do
		if [ -r "$1/$f" ] && cat "$1/$f" > "$2/$f.tmp" 2>/dev/null; then
			mv "$2/$f.tmp" "$2/$f"
		else
			rm -f "$2/$f.tmp"
		fi
	done
}

[ $# -eq 2 ] || usage
pid=$1
dir=$2
case $pid in
''|*[!0-9]*) usage ;;
esac
[ -d "/proc/$pid" ] || { echo "$0: no process $pid" >&2; exit 1; }

copy_files "/proc/$pid" "$dir/$pid"
for t in "/proc/$pid/task/"*; do
	[ -d "$t" ] || continue
	copy_files "$t" "$dir/$pid/task/${t##*/}"
done
