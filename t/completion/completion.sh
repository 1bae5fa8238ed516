# completion.sh: the bash completion (completion/stallsup) completes options,
# their values and the command, with options read from `stallsup --help`.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
command -v bash > /dev/null || skip_all "no bash"
[ -f /usr/share/bash-completion/bash_completion ] ||
	skip_all "bash-completion is not installed"
plan_lazy
tmp=$(test_tmpdir)
cd "$tmp" || bail "cd $tmp"

# comp WORD...: the completions of the last WORD, one per line, with
# stallsup found in PATH as a user has it.
comp_path="$BUILD/src:$PATH"
comp() {
	PATH="$comp_path" bash "$SOURCE/t/completion/complete.bash" \
		"$SOURCE/completion/stallsup" "$@"
}
# words TEXT: one word per line, sorted.
words() { printf '%s\n' $1 | LC_ALL=C sort; }

is "--signal=" "$(comp stallsup --sig)" "long option, with = when it takes a value"
is "$(words '--silence-after= --spin-after= --stall-after= --stall-on= --scope= --signal=')" "$(comp stallsup --s)" "several long options"
is "-q" "$(comp stallsup -q)" "short option"
case $(comp stallsup --) in
*--workers=*--workers=*) ok 1 "each option once" ;;
*--fail-on-stall*--workers=*) ok 0 "each option once" ;;
*) ok 1 "each option once" ;;
esac

# Signal names: the same list as lib/signame.c (its names, not its aliases).
names=$(grep -o '{ *SIG[A-Z0-9]*, *"[A-Z0-9]*", *false *}' "$SOURCE/lib/signame.c" |
	sed 's/.*"\(.*\)".*/\1/')
is "$(words "$names")" "$(comp stallsup --signal '')" "--signal: every name of lib/signame.c"
is "KILL" "$(comp stallsup -s K)" "-s K"
is "KILL" "$(comp stallsup -qs k)" "-qs k (a cluster ending in -s)"
is "SIGKILL" "$(comp stallsup --signal = SIGK)" "--signal=SIGK"
is "SIGKILL" "$(comp stallsup -s sigk)" "-s sigk (any case)"
is "$(words 'TERM TRAP TSTP TTIN TTOU')" "$(comp stallsup -w 2 -s T)" "-s after another option"

# Policies, classes, scopes: each value offered is one stallsup accepts.
is "$(words 'abort kill log')" "$(comp stallsup --on-stall '')" "--on-stall"
is "process" "$(comp stallsup --scope = p)" "--scope=p"
is "$(words 'starved,sleeping starved,stopped')" "$(comp stallsup --stall-on starved,s)" \
	"--stall-on: the next element of the list, without the ones given"
bad=
for v in $(comp stallsup --on-stall ''); do
	"$STALLSUP" -q --on-stall="$v" -- true || bad="$bad on-stall=$v"
done
for v in $(comp stallsup --scope ''); do
	"$STALLSUP" -q --scope="$v" -- true || bad="$bad scope=$v"
done
for v in $(comp stallsup --stall-on ''); do
	"$STALLSUP" -q --stall-on="$v" -- true || bad="$bad stall-on=$v"
done
for v in $(comp stallsup --signal ''); do
	"$STALLSUP" -q -s "$v" -- true || bad="$bad signal=$v"
done
is "" "$bad" "stallsup accepts every value offered"

# Files after --report; nothing after a number.
: > "$tmp/run.jsonl"
mkdir "$tmp/rundir"
is "$(words "$tmp/run.jsonl $tmp/rundir")" "$(comp stallsup --report "$tmp/ru")" "--report FILE"
is "$tmp/run.jsonl" "$(comp stallsup --report = "$tmp/run.")" "--report=FILE"
is "" "$(comp stallsup --workers '')" "nothing after --workers"

# COMMAND, then the command's own completion.
case " $(comp stallsup -w 2 -i 100ms tru | tr '\n' ' ') " in
*" true "*) ok 0 "the first non-option word is a command" ;;
*) ok 1 "the first non-option word is a command" ;;
esac
case " $(comp stallsup -- tru | tr '\n' ' ') " in
*" true "*) ok 0 "the word after -- is a command" ;;
*) ok 1 "the word after -- is a command" ;;
esac
is "--workers=" "$(comp stallsup -q --report = x -- stallsup --wor)" \
	"the command's own completion (here stallsup's) after COMMAND"
is "" "$(comp stallsup -w 2 echo -s '' | grep -x TERM)" \
	"an option after COMMAND is the command's, not stallsup's"

# Options added later: read from --help, not kept in the file.
mkdir "$tmp/bin"
cat > "$tmp/bin/stallsup" << 'END'
#!/bin/sh
cat << 'HELP'
Usage: stallsup [OPTION]... [--] COMMAND [ARG]...
  -w, --workers=N          run N copies
  -z, --zap=N              an option that takes a number; a description
                           --continued=LIKE this is not an option
      --junit=FILE         write JUnit XML to FILE
      --no-annotations     a flag
HELP
END
chmod +x "$tmp/bin/stallsup"
comp_path="$tmp/bin:$PATH"
is "--junit=" "$(comp stallsup --ju)" "a new long option"
is "$tmp/run.jsonl" "$(comp stallsup --junit "$tmp/run.")" "a new FILE option completes files"
is "--no-annotations" "$(comp stallsup --no-a)" "a new flag"
is "" "$(comp stallsup --cont)" "a description line is not an option"
case " $(comp stallsup -z 3 tru | tr '\n' ' ') " in
*" true "*) ok 0 "a new short option's value is skipped" ;;
*) ok 1 "a new short option's value is skipped" ;;
esac
done_testing
