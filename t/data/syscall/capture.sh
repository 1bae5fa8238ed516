#!/bin/sh
# capture.sh BLOCK-IN [OUTDIR]: capture real /proc/<tid>/syscall lines of a
# thread blocked in each mode of the t/workers/block-in program into
# OUTDIR/MODE.txt (default: t/data/syscall/$(uname -m) beside this script).
#
# Also captures four states no mode holds by itself: a thread on a CPU
# (running.txt), one stopped in user mode (stopped-user.txt: "-1 sp pc"),
# one stopped inside nanosleep (stopped-in-nanosleep.txt) and the same after
# SIGCONT, which the kernel resumes as restart_syscall (restart.txt).
# Run as root or as the owner of the processes (the file needs ptrace access).
# Every process it starts is killed by pid before the next one.
set -eu

blockin=$1
here=$(cd "$(dirname "$0")" && pwd)
out=${2:-$here/$(uname -m)}
mkdir -p "$out"
tmp=$(mktemp -d)
pid=
trap 'finish; rm -rf "$tmp"' EXIT

# state PID TID: the task's state letter from its stat file.
state() { sed 's/.*) \(.\).*/\1/' "/proc/$1/task/$2/stat" 2> /dev/null; }

# start MODE [ARG]: run block-in in the background; sets $pid and $tid.
start() {
	"$blockin" "$@" > "$tmp/ready" &
	pid=$!
	tid=
	for _ in $(seq 200); do
		tid=$(sed -n 's/^ready //p' "$tmp/ready" | head -n 1)
		[ -n "$tid" ] && return 0
		sleep 0.05
	done
	echo "capture: $1 never became ready" >&2
	return 1
}

# settle WANT: wait until the task's state is one of the letters of WANT
# ("SD" for blocked: a vfork parent waits in D), twice 0.2 s apart.
settle() {
	for _ in $(seq 200); do
		case $(state "$pid" "$tid") in ["$1"]) ;; *) sleep 0.05; continue ;; esac
		sleep 0.2
		case $(state "$pid" "$tid") in ["$1"]) return 0 ;; esac
	done
	echo "capture: pid $pid tid $tid never reached state $1" >&2
	return 1
}

# save NAME: copy the task's syscall file to OUTDIR/NAME.txt.
save() { cat "/proc/$pid/task/$tid/syscall" > "$out/$1.txt"; }

# finish: kill the block-in process by pid (if any) and reap it.
finish() {
	[ -n "$pid" ] || return 0
	kill -CONT "$pid" 2> /dev/null || :
	kill -KILL "$pid" 2> /dev/null || :
	wait "$pid" 2> /dev/null || :
	pid=
}

mkfifo "$tmp/fifo"
for mode in $("$blockin" list); do
	case $mode in spin) continue ;; esac
	start "$mode" "$tmp/fifo"
	settle SD
	save "$mode"
	finish
done

start spin
settle R
save running
kill -STOP "$pid"
settle T
save stopped-user
finish

start nanosleep
settle S
kill -STOP "$pid"
settle T
save stopped-in-nanosleep
kill -CONT "$pid"
settle S
save restart
finish
echo "capture: wrote $(ls "$out" | wc -l) files to $out"
