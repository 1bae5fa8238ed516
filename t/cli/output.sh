# output.sh: --tag-output keeps lines whole and tagged.
. "$SOURCE/t/tap/libtap.sh"
. "$SOURCE/t/cli/common.sh"
plan_lazy
tmp=$(test_tmpdir)

"$STALLSUP" -q --tag-output -w 8 -- "$W/print-lines" 10000 > "$tmp/out" 2> "$tmp/err"
is 0 $? "8 workers printing 10,000 lines: status 0"
is 72000 "$(lines "$tmp/out")" "72,000 lines on stdout"
is 8000 "$(lines "$tmp/err")" "8,000 lines on stderr"
is 72000 "$(sort -u "$tmp/out" | wc -l | tr -d ' ')" "every stdout line exactly once"
is 8000 "$(sort -u "$tmp/err" | wc -l | tr -d ' ')" "every stderr line exactly once"
bad=$(cat "$tmp/out" "$tmp/err" |
	awk '{ if ($0 !~ /^\[w[0-7]\] [0-7] (line|err) [0-9]+$/ || $1 != "[w" $2 "]") n++ } END { print n + 0 }')
is 0 "$bad" "every line is whole and tagged with its own worker"
for i in 0 7; do
	is 9000 "$(grep -c "^\[w$i\] $i line" "$tmp/out")" "worker $i: 9,000 stdout lines"
done

"$STALLSUP" -q --tag-output -w 2 -- "$W/print-lines" 3 partial > "$tmp/out"
is 2 "$(grep -c '^\[w[01]\] [01] partial$' "$tmp/out")" "a last line without newline is printed"

head -c 200000 /dev/zero | tr '\0' x > "$tmp/long"
"$STALLSUP" -q --tag-output -- cat "$tmp/long" > "$tmp/out"
is 200000 "$(sed 's/^\[w0\] //' "$tmp/out" | tr -d '\n' | wc -c | tr -d ' ')" \
	"a line longer than the buffer arrives whole, in pieces"
grep -qv '^\[w0\] x*$' "$tmp/out"; ok $((! $?)) "... each piece tagged"
done_testing
