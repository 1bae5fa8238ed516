# cluster.sh: a one-node Slurm cluster on this machine, as root, without
# systemd, everything under one directory.
#
# Sourced (by t/slurm/srun.sh), it defines slurm_cluster_start DIR,
# slurm_cluster_stop DIR, slurm_env DIR CMD... and slurm_leftovers DIR.
# Run as a script, `sh t/slurm/cluster.sh start DIR` starts a cluster in the
# empty directory DIR and prints the SLURM_CONF to export;
# `sh t/slurm/cluster.sh stop DIR` stops it and removes DIR.
#
# munged, slurmctld and slurmd run as root in the foreground (started here
# with &, their pids kept in DIR/*.pid); munged's socket, key, seed and pid
# files, Slurm's state, spool, pid and log files all live in DIR. The ports
# are chosen from this shell's pid among those not in use, so two clusters
# on one machine do not clash. Every process started here, and every task
# run through slurm_env, has STALLSUP_SLURM_RUN=DIR in its environment:
# that is how slurm_leftovers finds what is still running.
#
# Needs: munged, mungekey, slurmctld, slurmd, sinfo (Debian: munge slurmctld
# slurmd slurm-client).

# slurm_missing: print the reason this machine cannot run a cluster, or
# nothing.
slurm_missing() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "not root (munged and slurmd run as root here)"
		return
	fi
	for _c in munged mungekey slurmctld slurmd sinfo srun; do
		if ! command -v "$_c" > /dev/null 2>&1; then
			echo "no $_c (apt-get install munge slurmctld slurmd slurm-client)"
			return
		fi
	done
}

# slurm_port_used PORT: a TCP socket (v4 or v6) of this machine has PORT.
slurm_port_used() {
	_h=$(printf '%04X' "$1")
	grep -q "^ *[0-9]*: [0-9A-F]*:$_h " /proc/net/tcp /proc/net/tcp6 2> /dev/null
}

# slurm_pick_port: print an even port P such that P and P+1 are free, taken
# from 10000..31999 (under the ephemeral range) starting from this shell's
# pid, so that concurrent runs start from different places.
slurm_pick_port() {
	_try=0
	while [ "$_try" -lt 200 ]; do
		_p=$((10000 + ($$ * 2 + _try * 202) % 22000))
		if ! slurm_port_used "$_p" && ! slurm_port_used $((_p + 1)); then
			echo "$_p"
			return 0
		fi
		_try=$((_try + 1))
	done
	return 1
}

# slurm_env DIR CMD...: run CMD against the cluster in DIR, marked as ours.
slurm_env() {
	_dir=$1
	shift
	env STALLSUP_SLURM_RUN="$_dir" SLURM_CONF="$_dir/slurm.conf" "$@"
}

# slurm_write_conf DIR PORT: write DIR/slurm.conf for this node, with
# slurmctld on PORT and slurmd on PORT+1.
slurm_write_conf() {
	_node=$(slurmd -C 2> /dev/null | grep '^NodeName=') || return 1
	_name=${_node#NodeName=}
	_name=${_name%% *}
	cat > "$1/slurm.conf" << EOF
# A one-node cluster for stallsup's make check-slurm (t/slurm/cluster.sh).
ClusterName=stallsup
SlurmctldHost=$_name(127.0.0.1)
SlurmctldPort=$2
SlurmdPort=$(($2 + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$1/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$1/state
SlurmdSpoolDir=$1/spool
SlurmctldPidFile=$1/slurmctld.pidfile
SlurmdPidFile=$1/slurmd.pidfile
SlurmctldLogFile=$1/slurmctld.log
SlurmdLogFile=$1/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MailProg=/bin/true
$_node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

# slurm_daemon DIR NAME CMD...: start CMD in the background as NAME, output
# to DIR/NAME.out, pid to DIR/NAME.pid.
slurm_daemon() {
	_dir=$1
	_name=$2
	shift 2
	# A simple command (not a function), so that $! is the daemon itself.
	env STALLSUP_SLURM_RUN="$_dir" SLURM_CONF="$_dir/slurm.conf" "$@" \
		< /dev/null > "$_dir/$_name.out" 2>&1 &
	echo $! > "$_dir/$_name.pid"
}

# slurm_cluster_start DIR: start munged, slurmctld and slurmd in the empty
# directory DIR and wait (at most 60 s) until the node is idle. Returns 0,
# or 1 with the reason on stderr (what did start is left for
# slurm_cluster_stop).
slurm_cluster_start() {
	# munged checks that every directory above its socket is searchable.
	chmod 711 "$1" && mkdir -m 711 "$1/munge" && mkdir "$1/state" "$1/spool" || return 1
	mungekey --create --keyfile="$1/munge/munge.key" > /dev/null 2>&1 ||
		{ echo "mungekey failed" >&2 && return 1; }
	_port=$(slurm_pick_port) || { echo "no free port pair" >&2 && return 1; }
	slurm_write_conf "$1" "$_port" || { echo "slurmd -C failed" >&2 && return 1; }
	slurm_daemon "$1" munged munged --foreground --socket="$1/munge/munge.socket" \
		--key-file="$1/munge/munge.key" --pid-file="$1/munge/munged.pidfile" \
		--seed-file="$1/munge/munged.seed"
	_n=0
	while [ ! -S "$1/munge/munge.socket" ] && [ "$_n" -lt 300 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	[ -S "$1/munge/munge.socket" ] || { echo "munged did not start" >&2 && return 1; }
	slurm_daemon "$1" slurmctld slurmctld -D -i
	slurm_daemon "$1" slurmd slurmd -D
	_n=0
	while [ "$(slurm_env "$1" sinfo -h -o %t 2> /dev/null)" != idle ]; do
		_n=$((_n + 1))
		if [ "$_n" -gt 240 ]; then
			echo "the node is not idle after 60 s" >&2
			return 1
		fi
		sleep 0.25
	done
}

# slurm_leftovers DIR: print the pids of the processes of the cluster in DIR
# still running: those with STALLSUP_SLURM_RUN=DIR in their environment, and
# those with a file under DIR open (slurmstepd writes its title over its
# environment, but keeps the slurmd log open).
slurm_leftovers() {
	{
		grep -lzxF "STALLSUP_SLURM_RUN=$1" /proc/[0-9]*/environ 2> /dev/null |
			sed 's|^/proc/\([0-9]*\)/environ$|\1|'
		find /proc/[0-9]*/fd -lname "$1/*" 2> /dev/null |
			sed 's|^/proc/\([0-9]*\)/fd/.*|\1|'
	} | sort -nu
}

# slurm_wait_gone SECONDS PID...: wait until no PID runs (zombies count as
# gone); returns 1 if one still runs after SECONDS.
slurm_wait_gone() {
	_n=$(($1 * 10))
	shift
	while [ "$_n" -gt 0 ]; do
		_alive=
		for _p in "$@"; do
			[ -e "/proc/$_p" ] && [ "$(sed 's/.*) \(.\).*/\1/' "/proc/$_p/stat" 2> /dev/null)" != Z ] &&
				_alive=1
		done
		[ -z "$_alive" ] && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

# slurm_stop_pids SIGNAL PID...: send SIGNAL to each PID that runs.
slurm_stop_pids() {
	_sig=$1
	shift
	for _p in "$@"; do
		kill "-$_sig" "$_p" 2> /dev/null
	done
}

# slurm_cluster_stop DIR: stop slurmd, slurmctld and munged by pid (TERM,
# then KILL after 30 s), give the other processes of the cluster
# (slurm_leftovers) 30 s to end, KILL those that did not, reap the daemons
# and remove DIR. Returns 1 (naming them on stderr) if processes other than
# the daemons had to be killed.
slurm_cluster_stop() {
	[ -d "$1" ] || return 0
	_pids=
	for _name in slurmd slurmctld munged; do
		[ -f "$1/$_name.pid" ] && _pids="$_pids $(cat "$1/$_name.pid")"
	done
	# Only pids still marked as ours: a pid file may be stale.
	_ours=$(slurm_leftovers "$1")
	_kill=
	for _p in $_pids; do
		case " $(echo $_ours) " in *" $_p "*) _kill="$_kill $_p" ;; esac
	done
	_status=0
	slurm_stop_pids TERM $_kill
	slurm_wait_gone 30 $_kill || slurm_stop_pids KILL $_kill
	slurm_wait_gone 30 $_kill
	# slurmscriptd and the step daemons (slurmstepd) end on their own.
	slurm_wait_gone 30 $(slurm_leftovers "$1")
	_left=$(slurm_leftovers "$1")
	if [ -n "$_left" ]; then
		echo "left running, now killed:" $_left >&2
		slurm_stop_pids KILL $_left
		slurm_wait_gone 30 $_left
		_status=1
	fi
	for _p in $_pids; do
		wait "$_p" 2> /dev/null
	done
	rm -rf "$1"
	return $_status
}

# Run as a script: start DIR or stop DIR.
case ${0##*/} in
cluster.sh)
	set -u
	case ${1-}:${2-} in
	start:?*)
		why=$(slurm_missing)
		[ -z "$why" ] || { echo "cluster.sh: $why" >&2 && exit 1; }
		if ! slurm_cluster_start "$2"; then
			slurm_cluster_stop "$2"
			exit 1
		fi
		echo "export SLURM_CONF=$2/slurm.conf"
		;;
	stop:?*) slurm_cluster_stop "$2" ;;
	*)
		echo "usage: sh cluster.sh start|stop DIR" >&2
		exit 2
		;;
	esac
	;;
esac
