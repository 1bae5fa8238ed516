#!/usr/bin/env python3
"""loadcheck.py: judge a make check-load run from its files.

Usage: loadcheck.py mix REPORT OUT SAMPLES WORKERS SECONDS INTERVAL_MS MARGIN_MS
       loadcheck.py churn REPORT OUT SAMPLES SECONDS INTERVAL_MS

REPORT is stallsup's --report (JSON lines), OUT the workers' standard output
(the lines t/workers/loadworker prints), SAMPLES the lines
"T_MS RSS_KB FDS CPU_TICKS" the script took of stallsup's /proc/PID/status,
/proc/PID/fd and /proc/PID/stat while it ran, and "go T_MS" when the script let the mix workers begin (every worker spawned);
T_MS are CLOCK_REALTIME milliseconds, like the report's times.

Prints one line per result, read by t/load/load-lib.sh:
  check 0|1 DESCRIPTION   a test point (0 passes)
  diag TEXT               a comment
  figure KEY=VALUE ...    the figures of the summary line
"""
import json
import os
import re
import sys

# RSS may grow from the 5 s sample to the end by this much (kB) plus this
# share: the allocator's arenas settle and the report queue fills in bursts;
# a leak per tick or per task grows past it (see doc/load.md).
RSS_SLACK_KB = 2048
RSS_SLACK_SHARE = 0.10
# A few fds come and go (the transient opens of a tick, a backtrace helper).
# Fewer at the end is no leak: threads that end close their kept files.
FD_SLACK = 16
# /proc/PID/stat counts CPU time in clock ticks.
TICKS_PER_S = os.sysconf("SC_CLK_TCK")


def check(ok, desc):
    print("check %d %s" % (0 if ok else 1, desc))


def diag(text):
    for line in str(text).splitlines() or [""]:
        print("diag " + line)


def read_events(path):
    """The JSON objects of a report, one per line; a bad line fails."""
    events, bad = [], 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                events.append(json.loads(line))
            except ValueError:
                bad += 1
    check(bad == 0, "every report line is a JSON object (%d bad)" % bad)
    return events


def read_lines(path, kind):
    """The loadworker lines of one kind ("busy", "block", "churn") as dicts,
    tagged by --tag-output ("[wN] ") or not."""
    rows, head = [], re.compile(r"(\[w\d+\] )?%s " % kind)
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if head.match(line):
                rows.append({k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)})
    return rows


def ms_of(rfc3339):
    """Milliseconds since the epoch of "2025-11-25T15:51:23.123Z"."""
    import calendar

    m = re.match(r"(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)\.(\d+)Z$", rfc3339)
    y, mo, d, h, mi, s, frac = (int(x) for x in m.groups())
    return calendar.timegm((y, mo, d, h, mi, s)) * 1000 + frac


def read_samples(path):
    """The samples (T_MS, RSS_KB, FDS) and the go time (0 when none)."""
    rows, go = [], 0
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) == 4:
                rows.append(tuple(int(x) for x in p))
            elif len(p) == 2 and p[0] == "go":
                go = int(p[1])
    return rows, go


def memory_figures(samples, origin_ms, settled_ms, end_ms):
    """Check and give stallsup's RSS and fd count 5 s after settled_ms (the
    moment the run began, or its last stall; half-way when that leaves less
    than 3 s) and at the end (the last sample before end_ms, the first
    worker's exit), and the highest of each; give them 5 s after origin_ms
    (the moment the run began) too."""
    at5 = [s for s in samples if s[0] >= origin_ms + 5000]
    from_ms = settled_ms + 5000
    if from_ms > end_ms - 3000:  # a short run: half-way
        from_ms = (origin_ms + end_ms) // 2
    early = [s for s in samples if s[0] >= from_ms]
    late = [s for s in samples if s[0] < end_ms]
    if not early or not late or late[-1][0] < early[0][0]:
        check(False, "RSS and fds sampled when settled and at the end (%d samples)"
              % len(samples))
        return
    if at5:
        print("figure at5s_rss_kb=%d at5s_fds=%d" % (at5[0][1], at5[0][2]))
    a, b = early[0], late[-1]
    top_rss = max(s[1] for s in samples)
    top_fds = max(s[2] for s in samples)
    cpu = 100.0 * (b[3] - a[3]) / TICKS_PER_S * 1000 / max(1, b[0] - a[0])
    a, b = (a[0] - origin_ms,) + a[1:], (b[0] - origin_ms,) + b[1:]
    print("figure rss_from_kb=%d rss_end_kb=%d rss_max_kb=%d fds_from=%d fds_end=%d fds_max=%d "
          "t_from_ms=%d t_end_ms=%d stallsup_cpu_pct=%.0f"
          % (a[1], b[1], top_rss, a[2], b[2], top_fds, a[0], b[0], cpu))
    limit = a[1] + RSS_SLACK_KB + int(a[1] * RSS_SLACK_SHARE)
    check(b[1] <= limit, "RSS flat: %d kB at %.1f s, %d kB at %.1f s (limit %d)"
          % (a[1], a[0] / 1000, b[1], b[0] / 1000, limit))
    check(b[2] - a[2] <= FD_SLACK, "fds flat: %d at %.1f s, %d at %.1f s (limit %d)"
          % (a[2], a[0] / 1000, b[2], b[0] / 1000, a[2] + FD_SLACK))


def run_span(events):
    """The report's start time and its first exit's, in milliseconds."""
    start = [ms_of(e["time"]) for e in events if e.get("event") == "start"]
    exits = [ms_of(e["time"]) for e in events if e.get("event") == "exit"]
    return (start[0] if start else 0), (min(exits) if exits else 0)


def summary_of(events):
    s = [e for e in events if e.get("event") == "summary"]
    return s[-1] if s else {}


def run_figures(events):
    """Check the summary event and give the lost lines."""
    s = summary_of(events)
    check(bool(s), "the report ends with a summary event")
    lost = s.get("lines_lost", {})
    check(sum(lost.values()) == 0 if lost else False, "no line lost: %s" % json.dumps(lost))
    return s


def percentile(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * p))] if v else -1


def mix_stalls(events, stallers, blocked, busy, interval_ms, margin_ms):
    """Check that each staller is reported once, after it stalled and within
    its window plus margin_ms, and no busy worker at all; give the detection
    latencies."""
    per = {}
    for e in events:
        if e.get("event") == "stall":
            per.setdefault(e["worker"], []).append(e)
    reported = set(per)
    missed = sorted(stallers - reported)
    twice = sorted(w for w in stallers if len(per.get(w, [])) > 1)
    false = sorted(reported - stallers)
    check(not missed, "every staller reported (%d of %d; missed %s)"
          % (len(stallers & reported), len(stallers), missed[:20]))
    check(not twice, "each staller reported once (more than once: %s)" % twice[:20])
    check(not false, "no stall reported on a busy worker (%d: %s)" % (len(false), false[:20]))
    for w in false[:5]:
        e = per[w][0]
        diag("false: worker %d class %s tid %d state %s; its longest gap %s us"
             % (w, e.get("class"), e.get("tid"), e.get("state"), busy.get(w, "?")))
    start = [e for e in events if e.get("event") == "start"]
    window = start[0].get("stall_after_ms", 3 * interval_ms) if start else 3 * interval_ms
    lat, early = [], []
    for w in stallers & reported:
        e = per[w][0]
        d = ms_of(e["time"]) - blocked.get(w, 0)
        (early if d < 2 * interval_ms else lat).append(d)
    late = [d for d in lat if d > window + margin_ms]
    classes = sorted({e.get("class") for w in per for e in per[w]})
    check(not early, "no stall reported before %d ms after its thread blocked (%d early)"
          % (2 * interval_ms, len(early)))
    check(not late, "every stall reported within its window of %d ms plus %d ms "
          "(%d later, the latest %d ms)" % (window, margin_ms, len(late), max(lat) if lat else -1))
    check(classes in ([], ["sleeping"]), "stalls are of class sleeping (%s)" % classes)
    print("figure expected=%d reported=%d once=%d false=%d latency_ms_median=%d "
          "latency_ms_p99=%d latency_ms_max=%d"
          % (len(stallers), sum(len(v) for v in per.values()), len(stallers & reported)
             - len(twice), len(false), percentile(lat, 0.5), percentile(lat, 0.99),
             max(lat) if lat else -1))


def mix(report, out, samples, workers, seconds, interval_ms, margin_ms):
    events = read_events(report)
    busy_rows = read_lines(out, "busy")
    block_rows = read_lines(out, "block")
    busy = {r["w"]: r["maxgap_us"] for r in busy_rows}
    blocked = {}
    for r in block_rows:
        blocked[r["w"]] = max(blocked.get(r["w"], 0), r["at_ms"])
    threads = {}
    for r in block_rows:
        threads[r["w"]] = threads.get(r["w"], 0) + 1
    stallers = {w for w, n in threads.items() if n == 2}
    check(len(busy) == workers // 2, "every busy worker ran to its end (%d of %d)"
          % (len(busy), workers // 2))
    check(len(stallers) == workers - workers // 2,
          "both threads of every staller blocked (%d of %d)" % (len(stallers), workers - workers // 2))
    gaps = sorted(busy.values())
    over = [g for g in gaps if g >= 3 * interval_ms * 1000]
    print("figure busy_gap_ms_median=%d busy_gap_ms_p99=%d busy_gap_ms_max=%d busy_over_window=%d"
          % (percentile(gaps, 0.5) // 1000, percentile(gaps, 0.99) // 1000,
             (gaps[-1] if gaps else 0) // 1000, len(over)))
    mix_stalls(events, stallers, blocked, busy, interval_ms, margin_ms)
    last_block = max(blocked.values()) if blocked else 0
    s = run_figures(events)
    check(s.get("started") == workers and s.get("succeeded") == workers,
          "all %d workers started and exited 0 (started %s, succeeded %s)"
          % (workers, s.get("started"), s.get("succeeded")))
    rows, go = read_samples(samples)
    begin, first_exit = run_span(events)
    launch = rows[0][0] if rows else 0
    check(go >= begin > 0, "the workers began once all were spawned (%.1f s after the launch)"
          % ((go - launch) / 1000))
    print("figure wall_ms=%s mechanism=%s spawned_ms=%d go_ms=%d" % (
        s.get("wall_ms"), s.get("mechanism"), begin - launch, go - launch))
    memory_figures(rows, go, max(go, last_block), first_exit)


def churn(report, out, samples, seconds, interval_ms):
    events = read_events(report)
    rows = read_lines(out, "churn")
    check(len(rows) == 1, "the churn worker ran to its end")
    r = rows[0] if rows else {"threads": 0, "maxgap_us": 0, "maxstart_us": 0}
    gap_ms = max(r["maxgap_us"], r["maxstart_us"]) // 1000
    print("figure threads=%d churn_gap_ms=%d churn_start_ms=%d"
          % (r["threads"], r["maxgap_us"] // 1000, r["maxstart_us"] // 1000))
    stalls = [e for e in events if e.get("event") == "stall"]
    # A starved verdict is true when the worker itself saw one of its
    # threads wait that long for a CPU; anything else is false.
    window_ms = 3 * interval_ms
    false = [e for e in stalls if e.get("class") != "starved" or gap_ms < window_ms * 5 // 6]
    check(not false, "no false stall in %d s of thread churn (%d stalls, %d false)"
          % (seconds, len(stalls), len(false)))
    for e in stalls[:5]:
        diag("stall: class %s tid %s state %s whole_worker %s"
             % (e.get("class"), e.get("tid"), e.get("state"), e.get("whole_worker")))
    print("figure stalls=%d false=%d" % (len(stalls), len(false)))
    s = run_figures(events)
    check(s.get("succeeded") == 1, "the churn worker exited 0")
    print("figure wall_ms=%s" % s.get("wall_ms"))
    rows, _ = read_samples(samples)
    begin, first_exit = run_span(events)
    memory_figures(rows, begin, begin, first_exit)


def main(argv):
    if len(argv) == 9 and argv[1] == "mix":
        mix(argv[2], argv[3], argv[4], int(argv[5]), int(argv[6]), int(argv[7]), int(argv[8]))
    elif len(argv) == 7 and argv[1] == "churn":
        churn(argv[2], argv[3], argv[4], int(argv[5]), int(argv[6]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
