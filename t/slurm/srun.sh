# srun.sh: stallsup under a real Slurm (make check-slurm, not make check).
# Starts a one-node cluster (t/slurm/cluster.sh), runs stallsup as the tasks
# of srun steps, and stops the cluster, leaving nothing behind.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
. "$SOURCE/t/slurm/cluster.sh"

why=$(slurm_missing)
[ -z "$why" ] || skip_all "$why"
plan_lazy

# Inside a Slurm job already? Our srun must not join that allocation.
for v in $(env | sed -n 's/^\(SLURM_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$v"
done

# A short path: munged and slurmd make unix sockets in it.
dir=$(mktemp -d "${TMPDIR:-/tmp}/stallsup-slurm.XXXXXX") || bail "mktemp failed"
trap 'slurm_cluster_stop "$dir"' EXIT
out=$(test_tmpdir)

if ! slurm_cluster_start "$dir" 2> "$out/start.err"; then
	ok 1 "a one-node cluster starts"
	diag "$(cat "$out/start.err")"
	for f in "$dir"/*.out "$dir"/*.log; do
		[ -f "$f" ] && diag "$f:" && diag "$(tail -n 20 "$f")"
	done
	bail "no cluster"
fi
ok 0 "a one-node cluster starts (node idle)"

# srun_ ARG...: srun on our cluster; the step may take 5 minutes at most.
srun_() { slurm_env "$dir" srun --time=5 --overcommit "$@"; }

# 1. Two tasks, each a stallsup with two workers that stall: each task's
# report names its rank.
srun_ -n2 sh -c 'exec "$0" -q -w 2 -i 100ms --on-stall=kill --report "$1.$SLURM_PROCID" -- "$2"' \
	"$STALLSUP" "$dir/report" "$W/pause" > "$out/stall.out" 2>&1
st=$?
is 123 "$st" "srun -n2 stallsup -w 2 --on-stall=kill: status 123 (a policy acted)" ||
	diag "$(tail -n 20 "$out/stall.out")"
for rank in 0 1; do
	r="$dir/report.$rank"
	start=$(head -n 1 "$r" 2> /dev/null)
	case $start in
	*'"event":"start"'*',"slurm":{"job_id":"'[0-9]*'","procid":"'$rank'","nodeid":"0"}}')
		ok 0 "task $rank: the start event names job, rank $rank and node 0" ;;
	*) ok 1 "task $rank: the start event names job, rank $rank and node 0"; diag "$start" ;;
	esac
	is 2 "$(grep -c '"event":"stall",.*"class":"sleeping"' "$r" 2> /dev/null)" \
		"task $rank: both workers' stalls are reported"
	is 2 "$(grep -c '"event":"exit",.*"signal_name":"KILL"' "$r" 2> /dev/null)" \
		"task $rank: both workers were killed"
done
job0=$(sed -n '1s/.*"job_id":"\([0-9]*\)".*/\1/p' "$dir/report.0" 2> /dev/null)
job1=$(sed -n '1s/.*"job_id":"\([0-9]*\)".*/\1/p' "$dir/report.1" 2> /dev/null)
[ -n "$job0" ] && [ "$job0" = "$job1" ]
ok $? "both tasks name the same job ($job0)"

# running_gc PID: PID is a live fork-grandchild (not a zombie, not a reused pid).
running_gc() { [ "$(cat "/proc/$1/comm" 2> /dev/null)" = fork-grandchild ] && ! gone "$1"; }
# none_running FILE: no pid listed in FILE is a live fork-grandchild.
none_running() {
	for p in $(cat "$1"); do
		running_gc "$p" && return 1
	done
	return 0
}

# 2. The control: a task whose child detaches (setsid) and outlives it.
# proctrack/linuxproc tracks a step's processes by parentage; the orphan is
# reparented away and survives the end of the step. (Its output goes to
# /dev/null, as a daemon's does: srun would wait for a pipe it held.)
srun_ -n1 sh -c 'exec "$0" setsid "$1" < /dev/null > /dev/null 2>&1' \
	"$W/fork-grandchild" "$dir/control.pid" > "$out/control.out" 2>&1
is 0 $? "srun fork-grandchild setsid: status 0" || diag "$(cat "$out/control.out")"
no_jobs() { [ -z "$(slurm_env "$dir" squeue -h 2> /dev/null)" ]; }
wait_until 60 no_jobs
ok $? "the job has ended"
cpid=$(cat "$dir/control.pid" 2> /dev/null)
running_gc "$cpid"
ok $? "without stallsup, the detached grandchild ($cpid) outlives the job"
if [ -n "$cpid" ] && running_gc "$cpid"; then
	kill -KILL "$cpid"
	wait_until 30 gone "$cpid"
fi

# 3. The same under stallsup (two tasks, two workers each): stallsup, a
# child subreaper, adopts the detached process and ends it before it exits.
srun_ -n2 sh -c 'exec "$0" -q -w 2 -k 1 -- "$1" setsid "$2"' \
	"$STALLSUP" "$W/fork-grandchild" "$dir/detached.pid" > "$out/detached.out" 2>&1
is 0 $? "srun -n2 stallsup -w 2 -- fork-grandchild setsid: status 0" ||
	diag "$(cat "$out/detached.out")"
is 4 "$(lines "$dir/detached.pid")" "four detached processes were started"
none_running "$dir/detached.pid"
ok $? "under stallsup no detached process outlives the step"
for p in $(cat "$dir/detached.pid"); do running_gc "$p" && kill -KILL "$p"; done

# 4. A batch job: sbatch --wait returns the job's status, and the reports
# of its step's tasks name the batch job.
cat > "$dir/job.sh" << EOF
#!/bin/sh
#SBATCH --ntasks=2
#SBATCH --overcommit
#SBATCH --time=5
srun sh -c 'exec "\$0" -q -w 2 -i 100ms --on-stall=kill --report "\$1.\$SLURM_JOB_ID.\$SLURM_PROCID" -- "\$2"' \\
	"$STALLSUP" "$dir/batch" "$W/pause"
EOF
slurm_env "$dir" sbatch --wait -o "$dir/batch.out" "$dir/job.sh" > "$out/sbatch.out" 2>&1
is 123 $? "sbatch --wait: the job's status is 123" || diag "$(cat "$out/sbatch.out" "$dir/batch.out")"
job=$(sed -n 's/^Submitted batch job \([0-9]*\)$/\1/p' "$out/sbatch.out")
for rank in 0 1; do
	start=$(head -n 1 "$dir/batch.$job.$rank" 2> /dev/null)
	case $start in
	*',"slurm":{"job_id":"'"$job"'","procid":"'$rank'","nodeid":"0"}}')
		ok 0 "batch job $job, task $rank: the start event names them" ;;
	*) ok 1 "batch job $job, task $rank: the start event names them"; diag "$start" ;;
	esac
done

# 5. Stop the daemons by pid; nothing of the cluster is left.
trap - EXIT
slurm_cluster_stop "$dir" 2> "$out/stop.err"
ok $? "the daemons stop and no other process of the cluster was left" ||
	diag "$(cat "$out/stop.err")"
is "" "$(slurm_leftovers "$dir")" "nothing of the cluster runs"
[ ! -e "$dir" ]
ok $? "the cluster's directory is removed"
done_testing
