# report-slurm.sh: the start event of --report names the Slurm job, rank and
# node when SLURM_JOB_ID, SLURM_PROCID, SLURM_NODEID are in the environment.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
plan_lazy
tmp=$(test_tmpdir)

# start_of [VAR=VALUE]...: the start event of a run with only these Slurm
# variables set.
start_of() {
	rm -f "$tmp/r"
	env -u SLURM_JOB_ID -u SLURM_PROCID -u SLURM_NODEID "$@" \
		"$STALLSUP" -q --report "$tmp/r" -- true
	head -n 1 "$tmp/r"
}

line=$(start_of)
case $line in
*'"event":"start"'*'"slurm"'*) ok 1 "no Slurm variable: no slurm member" ;;
*'"event":"start"'*) ok 0 "no Slurm variable: no slurm member" ;;
*) ok 1 "no Slurm variable: no slurm member"; diag "$line" ;;
esac

line=$(start_of SLURM_JOB_ID=4711 SLURM_PROCID=3 SLURM_NODEID=1)
case $line in
*',"slurm":{"job_id":"4711","procid":"3","nodeid":"1"}}') ok 0 "job, rank and node" ;;
*) ok 1 "job, rank and node"; diag "$line" ;;
esac

line=$(start_of SLURM_PROCID=0)
case $line in
*',"slurm":{"procid":"0"}}') ok 0 "only the variables that are set" ;;
*) ok 1 "only the variables that are set"; diag "$line" ;;
esac

line=$(start_of SLURM_JOB_ID='4"
2')
case $line in
*'"slurm":{"job_id":"4\"\n2"}}') ok 0 "a value is JSON-escaped" ;;
*) ok 1 "a value is JSON-escaped"; diag "$line" ;;
esac
if command -v python3 > /dev/null; then
	printf '%s\n' "$line" | python3 -c 'import json,sys; json.loads(sys.stdin.read())'
	ok $? "the start event is valid JSON"
else
	skip 1 "no python3 to validate JSON"
fi
done_testing
