# load-lib.sh: helpers of the make check-load scripts (sourced after
# libtap.sh and common.sh). See doc/load.md.
LOADWORKER="$BUILD/t/workers/loadworker"
LOADCHECK="$SOURCE/t/load/loadcheck.py"
[ -x "$LOADWORKER" ] || bail "no $LOADWORKER (make check-load builds it)"
command -v python3 > /dev/null 2>&1 || skip_all "python3 is needed to read the reports"

# now_ms: CLOCK_REALTIME in milliseconds.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# proc_sample PID: "RSS_KB FDS CPU_TICKS" of PID (CPU_TICKS its user plus
# system time in clock ticks), or nothing once it is gone.
proc_sample() {
	_rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status" 2> /dev/null)
	_fds=$(ls -U "/proc/$1/fd" 2> /dev/null | wc -l)
	_cpu=$(sed 's/.*) //' "/proc/$1/stat" 2> /dev/null | awk '{print $12 + $13}')
	[ -n "$_rss" ] && [ "$_fds" -gt 0 ] && [ -n "$_cpu" ] && echo "$_rss $_fds $_cpu"
}

# go_when_started REPORT GO PID: in the background, once REPORT holds the
# start event (stallsup writes it when every worker is spawned), set the nice
# value of PID (stallsup) to $go_nice when that is set, append "go T_MS" to
# $_samples and create GO; its pid is $_gopid.
go_when_started() {
	(
		until grep -q '"event":"start"' "$1" 2> /dev/null; do sleep 0.2; done
		[ -n "${go_nice:-}" ] && renice -n "$go_nice" -p "$3" > /dev/null
		echo "go $(now_ms)" >> "$_samples"
		: > "$2"
	) &
	_gopid=$!
}

# run_sampled SAMPLES OUT ERR STALLSUP-ARGS...: run stallsup with stdout to
# OUT and stderr to ERR; every half second while it runs, append
# "T_MS RSS_KB FDS CPU_TICKS" (T_MS from now_ms) to SAMPLES. When $go_file
# is set, create it once the report $go_report holds the start event
# (go_when_started, which also sets stallsup's nice value to $go_nice). Its
# status is $rc.
run_sampled() {
	_samples=$1 _out=$2 _err=$3
	shift 3
	: > "$_samples"
	"$STALLSUP" "$@" > "$_out" 2> "$_err" &
	_sv=$!
	[ -n "${go_file:-}" ] && go_when_started "$go_report" "$go_file" "$_sv"
	while _t=$(now_ms) && _s=$(proc_sample "$_sv") && ! gone "$_sv"; do
		echo "$_t $_s" >> "$_samples"
		sleep 0.5
	done
	wait "$_sv"
	rc=$?
	if [ -n "${go_file:-}" ]; then
		kill "$_gopid" 2> /dev/null # it waits for good when stallsup failed early
		wait "$_gopid" 2> /dev/null
	fi
}

# judge ARGS...: run loadcheck.py ARGS and turn its lines into test points,
# diagnostics and the figures (collected in $figures).
judge() {
	figures=
	python3 "$LOADCHECK" "$@" > "$tmp/judged" 2>&1 || echo "check 1 loadcheck.py $1 ran" >> "$tmp/judged"
	while IFS= read -r _line; do
		case $_line in
		"check "*) _st=${_line#check }; ok "${_st%% *}" "${_st#* }" ;;
		"figure "*) figures="$figures ${_line#figure }"; diag "${_line#figure }" ;;
		"diag "*) diag "${_line#diag }" ;;
		*) diag "$_line" ;;
		esac
	done < "$tmp/judged"
}

# stderr_notices ERR: diagnose stallsup's own messages in ERR (not the human
# stall reports: their head is "stallsup: worker N stalled: ", the rest
# indented).
stderr_notices() {
	grep '^stallsup:' "$1" | grep -v '^stallsup: worker [0-9]* stalled: ' | sort | uniq -c |
		head -20 |
		while IFS= read -r _l; do diag "stderr: $_l"; done
}
