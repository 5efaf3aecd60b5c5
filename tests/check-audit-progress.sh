#!/usr/bin/env bash
# The audit progress bar: drawn on stderr when stderr is a terminal and more
# than 5 files are audited (files done / total, rate, ETA), then erased;
# nothing at all when stderr is not a terminal or with 5 files or fewer.
# The terminal is script(1)'s pseudo-terminal (util-linux); exits 77
# (ctest: skipped) without it.
#   check-audit-progress.sh BINARY SOURCE_DIR
set -u
bin=$1 src=$2
command -v script > /dev/null || { echo "skipped: script(1) is not installed"; exit 77; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 2
status=0
fail() { echo "FAIL: $*"; status=1; }

many=(fixtures/*.txt)          # more than 5
few=(fixtures/minimal.txt fixtures/clean-full.txt)
n=${#many[@]}
[ "$n" -gt 5 ] || { echo "need more than 5 fixtures"; exit 2; }

# On a terminal: the bar, ending at n/n 100%, then erased.
script -qec "$bin audit --no-config -j 2 -o $tmp/a.csv ${many[*]}" "$tmp/tty.log" > /dev/null 2>&1 ||
    fail "audit on a terminal failed"
tr '\r' '\n' < "$tmp/tty.log" > "$tmp/tty.lines"
grep -Eq "^\[#+\] $n/$n 100%  [0-9.]+ files/s  ETA [0-9]+:[0-9]{2}" "$tmp/tty.lines" ||
    { fail "no final progress line '$n/$n 100% … files/s ETA …'"; cat "$tmp/tty.lines"; }
grep -Eq "^\[[#.]+\] 1/$n " "$tmp/tty.lines" || fail "no first progress line '1/$n'"
grep -Eq '^ {78}$' "$tmp/tty.lines" || fail "the progress line is not erased at the end"

# With few files on a terminal: nothing.
script -qec "$bin audit --no-config -o $tmp/b.csv ${few[*]}" "$tmp/few.log" > /dev/null 2>&1 ||
    fail "audit of few files on a terminal failed"
grep -q 'files/s' "$tmp/few.log" && fail "a progress bar for ${#few[@]} files"

# stderr not a terminal: silent.
"$bin" audit --no-config -o "$tmp/c.csv" "${many[@]}" 2> "$tmp/err" || fail "audit failed"
[ -s "$tmp/err" ] && { fail "stderr is not empty when it is not a terminal"; cat "$tmp/err"; }
[ $status -eq 0 ] && echo "progress bar: drawn on a terminal for $n files, silent otherwise"
exit $status
