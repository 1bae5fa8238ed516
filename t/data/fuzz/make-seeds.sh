#!/bin/sh
# make-seeds.sh: write the hand-made and fixture-derived seeds of the fuzz
# corpora, t/data/fuzz/<target>/, from the fixture proc trees of t/data/proc,
# the syscall captures of t/data/syscall, the timeout(1) facts of
# t/data/duration and t/data/signal, and the edge cases written below.
#
#   t/data/fuzz/make-seeds.sh        (from the top of the source tree)
#
# Seeds taken from fixtures are named fixture-<sha1 prefix of their bytes>
# (one file per distinct content), hand-made ones seed-<what>; the inputs
# libFuzzer merged in later (named by their full sha1) are left alone.
# Rerunning the script rewrites the same files. Targets that read a leading
# byte of parameters (cgroup, mountinfo: the output size; cmdline: max;
# linebuf, corepat, json: see fuzz/<target>.c) get it prepended here.
set -eu

cd "$(dirname "$0")/../../.."
out=t/data/fuzz

# put TARGET NAME: write stdin to the seed TARGET/seed-NAME.
put() {
	mkdir -p "$out/$1"
	cat > "$out/$1/seed-$2"
}

# fixture TARGET PREFIX FILE...: copy each FILE, prefixed by the bytes
# PREFIX (printf format), named by its content.
fixture() {
	_t=$1 _pre=$2
	shift 2
	mkdir -p "$out/$_t"
	for _f in "$@"; do
		{ printf "$_pre"; cat "$_f"; } > "$out/$_t/.tmp"
		_h=$(sha1sum < "$out/$_t/.tmp" | cut -c1-12)
		mv "$out/$_t/.tmp" "$out/$_t/fixture-$_h"
	done
}

# proc_files NAME: the fixture proc files called NAME.
proc_files() { find t/data/proc -type f -name "$1" | sort; }

# facts FILE TARGET: one seed per TEXT (third column) of a facts file.
facts() {
	mkdir -p "$out/$2"
	grep -v '^#' "$1" | grep . | cut -f3- | while IFS= read -r text; do
		printf '%s' "$text" > "$out/$2/.tmp"
		_h=$(sha1sum < "$out/$2/.tmp" | cut -c1-12)
		mv "$out/$2/.tmp" "$out/$2/fixture-$_h"
	done
}

# /proc/<pid>/sched, schedstat, stat, status, syscall, cgroup
fixture sched '' $(proc_files sched) $(proc_files 'sched-*')
fixture schedstat '' $(proc_files schedstat)
fixture taskstat '' $(proc_files stat) $(proc_files 'stat-*')
fixture status '' $(proc_files status) $(proc_files 'status-*')
fixture syscall '' $(proc_files syscall) t/data/syscall/x86_64/*.txt
fixture cgroup '\377' $(proc_files cgroup)
fixture escape '' $(proc_files stack) $(proc_files wchan)

printf 'se.sum_exec_runtime : 18446744073709.551615\nnr_switches : 18446744073709551615\n' |
	put sched max
printf 'sum_exec_runtime:1.5\nnr_switches\t:\t007\n' | put sched bare-key
printf '1 2 3' | put schedstat no-newline
printf '18446744073709551616 0 0\n' | put schedstat over
printf '1\t\t2  3\n' | put schedstat blanks

# A comm holding ')', '(', spaces and a newline, and a truncated one.
printf '42 (a) (b\n) c)) R 1 42 42 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 12345 1000 100\n' |
	put taskstat comm-parens
printf '42 (%s) S 1 42 42 0 -1 0 0 0 0 0 1 2 0 0 20 0 3 0 4 5 6\n' \
	0123456789012345678901234567890123456789012345678901234567890123456789 |
	put taskstat comm-long
printf '42 () Z 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1' | put taskstat comm-empty
printf 'State:\tD (disk sleep)\nTgid:\t2147483647\nPPid:\t0\nvoluntary_ctxt_switches:\t1\nnonvoluntary_ctxt_switches:\t18446744073709551615\n' |
	put status max
printf 'running\n' | put syscall running
printf -- '-1 0x7ffc0 0x7f00\n' | put syscall outside
printf '202 0x1 0x80 0x2 0x0 0x0 0x0 0x7ffc 0x7f00\n' | put syscall futex
printf '9999 0xffffffffffffffff 0x0 0x0 0x0 0x0 0x0 0x1 0x2' | put syscall unknown-nr

# mountinfo: the first byte sets the output size (\377: 256 bytes).
printf '\37722 28 0:21 / /sys rw,nosuid shared:7 - sysfs sysfs rw\n26 22 0:24 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n' |
	put mountinfo systemd
printf '\37730 25 0:26 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid shared:10 - cgroup2 cgroup2 rw\n32 30 0:28 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,name=systemd\n' |
	put mountinfo hybrid
printf '\377600 500 0:30 /a /my\\040cg rw - cgroup2 none rw\n601 500 0:31 / /cg rw master:1 - cgroup2 none rw' |
	put mountinfo escaped
printf '\004 1 2 0:3 / /toolong rw - cgroup2 none rw\n' | put mountinfo small
printf '\3770::/\n' | put cgroup root
printf '\37712:pids:/user.slice\n0::/user.slice/user-1000.slice/session-2.scope\n' | put cgroup v1-and-v2
printf '\3770::relative\n' | put cgroup relative
printf '\0030::/abcdef\n' | put cgroup small

# durations and signals: every fact timeout(1) was checked against.
facts t/data/duration/timeout-facts.tsv duration
facts t/data/signal/timeout-facts.tsv signame
printf '0x1.8p3ms' | put duration hex
printf '  +1.5e-3m' | put duration spaces-sign
printf '1e-1000000000000d' | put duration tiny
printf '%s' 99999999999999999999999999999999999999999.9999999999999999999999999999999 |
	put duration many-digits
for v in 0 5 9 10 50 60000 abc 1e3 -5 ' 50' 999999999999999999 0000000000000000010; do
	printf '%s' "$v" | put pollenv "$(printf '%s' "$v" | tr -c 'a-z0-9' '_')"
done
printf '' | put pollenv empty

printf '\033[31mred\033[0m \\ " \t\r\n caf\303\251 \377\000 end' | put escape terminal

# json: each byte picks a writer call (fuzz/json.c): 0 {, 1 }, 2 [, 3 ],
# 4 key (length byte, bytes), 6 string, 9 u64 (8 bytes), 11 bool, 12 null.
printf '\000\004\005event\006\005stall\004\001w\011\003\000\000\000\000\000\000\000\004\001a\002\014\013\001\003\001' |
	put json report
printf '\000\006\001v\001' | put json value-without-key
printf '\002\004\001x\011\001\000\000\000\000\000\000\000\003' | put json key-in-array
printf '\000\003' | put json mismatched
printf '\011\001\000\000\000\000\000\000\000\011\002\000\000\000\000\000\000\000' |
	put json two-values

# linebuf: cap byte (1 + b % 64), prefix length byte (b % 16), prefix, then
# chunks of (length byte % 80, bytes).
printf '\003\004[w] \005ab\ncd\003efg\012hijklmnop\n' | put linebuf pieces
printf '\077\000\010no newline' | put linebuf no-newline

# cmdline: max byte (b + 8), then the raw NUL-separated words.
printf '\310/usr/bin/python3\000-c\000print("hi")\000a b\000it'"'"'s\000\000x\033[0m\000' |
	put cmdline mixed
printf '\010ls\000' | put cmdline max-under-min
printf '\010VAR=1\000a very long argument that will not fit\000' | put cmdline cut
printf '\200\000\000\000' | put cmdline only-nuls

# corepat: flags byte (1 pid unknown, 2 time, 4 comm, 8 exe, 16 host,
# 32 cwd, 64 cwd ends with /, 128 core_uses_pid), soft and hard limit
# bytes, then the pattern.
fixture corepat '\000\005\005' $(find t/data/proc -type f -name core_pattern | sort)
printf '\000\005\005core\n' | put corepat core
printf '\200\002\003core' | put corepat core-uses-pid
printf '\037\005\005/tmp/core.%%e.%%p.%%t.%%h.%%E.%%f.%%c.%%%%.%%z.%%' | put corepat specifiers
printf '\000\001\005|/usr/lib/systemd/systemd-coredump %%P %%u %%g %%s %%t %%c %%h\n' |
	put corepat systemd
printf '\000\005\005|/usr/share/apport/apport -p%%p -s%%s -c%%c -d%%d -P%%P -- %%E' | put corepat apport
printf '\000\005\005|  /bin/false' | put corepat false
printf '\000\005\005@@/run/systemd/coredump' | put corepat socket
printf '\000\005\005@' | put corepat socket-none
printf '\000\005\005/dev/null' | put corepat dev-null
printf '\000\005\005' | put corepat empty

# Regression seeds (bugs the fuzz targets found; see doc/fuzzing.md).
printf '\200\000\000\000' | put corepat nul-pattern
printf '\000\005\005core.%%\000x' | put corepat nul-after-percent

# notifymsg: the datagram as it is.
printf 'READY=1\nSTATUS=Processing requests' | put notifymsg ready-status
printf 'WATCHDOG=1' | put notifymsg watchdog
printf 'WATCHDOG=trigger\n' | put notifymsg trigger
printf 'WATCHDOG_USEC=18446744073709551615\nWATCHDOG_USEC=5' | put notifymsg usec-max-twice
printf 'WATCHDOG_USEC=18446744073709551616\nWATCHDOG=2\nREADY=0\nSTOPPING=1\r' | put notifymsg bad-values
printf 'WATCHDOG_USEC=00000000000000000000001\n' | put notifymsg usec-21-digits
printf 'MAINPID=1\nX_A=b\n\n\n=x\nnoequals\nSTATUS=\nSTATUS=second\n' | put notifymsg unknown-empty
printf 'READY=1\000' | put notifymsg trailing-nul
printf 'READY=1\000\000' | put notifymsg two-nuls
printf 'STATUS=a\000b' | put notifymsg inner-nul
printf '\000' | put notifymsg only-nul
printf '\n' | put notifymsg newline
printf 'STATUS=\033[31mred\tx==y\nSTOPPING=1\nWATCHDOG=1\nWATCHDOG=trigger' | put notifymsg status-controls
head -c 4096 /dev/zero | tr '\000' a | put notifymsg max-len
head -c 4097 /dev/zero | tr '\000' a | put notifymsg over-max
{ head -c 4095 /dev/zero | tr '\000' '\n'; printf '\000'; } | put notifymsg max-trailing-nul

# xml: calls picked by the low 3 bits of a byte (0 begin, 1 attribute, 2 NULL
# attribute, 3 number attribute, 4 text, 5 end, 6 xml_escape alone, 7
# attribute as a C string); a length byte before the bytes of a value.
printf '\000\005' | put xml empty-root
printf '\010\001\003a&b\003\377\377\377\377\377\377\377\377\004\004<x>\n\005' | put xml attrs-text
printf '\000\000\030\004\003]]>\005\005\005' | put xml nested-cdata-end
printf '\000\004\024\033[31m\001\r\t\n\177\302\200\302\237\357\277\276\357\277\277\005' | put xml controls
printf '\000\004\015\355\240\200\300\257\364\220\200\200\377\376\342\202\005' | put xml invalid-utf8
printf '\000\007\005a\000b"\047\005' | put xml attr-nul-quotes
printf '\000\005\000\005' | put xml two-roots
printf '\000\005\005' | put xml end-twice
printf '\004\001x' | put xml text-outside
printf '\000\004\001a\001\001b\005' | put xml attr-after-text
printf '\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000' | put xml too-deep
printf '' | put xml no-root
printf '\000\010\001\001x\005\004\002hi\000\005\020\002\005' | put xml mixed
printf '\006\020\000\011\012\015&<>"\047\302\240\360\237\230\200\\x41' | put xml escape-only

# utf8: two bytes of max for utf8_cut (little-endian), then the text.
printf '\004\000a\302\240\342\202\254\360\237\230\200' | put utf8 valid-cut-inside
printf '\003\000\300\200\301\277\340\200\200\340\237\277\360\200\200\200' | put utf8 overlong
printf '\002\000\355\240\200\355\277\277\355\237\277\356\200\200' | put utf8 surrogates
printf '\003\000\364\217\277\277\364\220\200\200\367\277\277\277\370\210\200\200\200' | put utf8 above-max
printf '\003\000\200\200\200\200\200\200' | put utf8 stray-continuations
printf '\005\000ab\nc\342\202' | put utf8 newline-cut-short
printf '\000\000abc' | put utf8 max-zero
printf '\377\377\377\376\357\277\277\000' | put utf8 fits

# gha: a byte of max, a byte picking the command, a length byte and the
# title, then the message.
printf '\100\000\011a: b, c%%\nworker 3 stalled: 12 s without progress' | put gha plain
printf '\004\001\004\r\n:,l1\nl2\nl3\n' | put gha cut-at-newline
printf '\003\002\000caf\303\251 cr\r lf\n pct%%0A' | put gha cut-utf8
printf '\000\000\000abc' | put gha max-zero
printf '\377\000\003%%%%%%\n\n\n' | put gha trailing-newlines
printf '\010\000\002a\000b\033[31m\302\205\177\\`*_~[]!<>&|$@#:\t\200' | put gha markdown
