#!/usr/bin/env bash
# Write errors lose nothing silently: a full standard output (/dev/full)
# makes every command and format exit 2 with one "error writing" line; an
# output file that cannot be written completely (a file-size limit: the
# write fails with EFBIG, as on a full disk) leaves the old file as it was
# and no temporary file behind.
#   check-write-errors.sh BINARY SOURCE_DIR
set -u
bin=$1 src=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL $*"; status=1; }
doc=$src/fixtures/defects-missing.txt

expect_write_error() { # expect_write_error NAME ARGS...
    local name=$1
    shift
    "$bin" "$@" > /dev/full 2> "$tmp/err"
    local rc=$?
    if [ $rc -ne 2 ]; then
        fail "$name: exit $rc on a full stdout, expected 2"
    elif [ "$(grep -c 'error writing standard output' "$tmp/err")" -ne 1 ] ||
         [ "$(wc -l < "$tmp/err")" -ne 1 ]; then
        fail "$name: expected one 'error writing standard output' line, got:"
        cat "$tmp/err"
    else
        echo "ok   $name"
    fi
}
[ -w /dev/full ] || { echo "skipped: no /dev/full"; exit 77; }
for fmt in text json jsonl sarif junit github rdjson codequality; do
    expect_write_error "check --format $fmt" check --no-config --format "$fmt" "$doc"
done
for fmt in csv json md html xlsx; do
    expect_write_error "audit --format $fmt" audit --no-config --format "$fmt" "$doc"
done
expect_write_error "parse" parse --no-config "$doc"
expect_write_error "rules list" rules list --no-config
expect_write_error "config" config --no-config

# -o FILE under a 4 KiB file-size limit: the output does not fit.
mkdir "$tmp/out"
for cmd in "check --format json" "audit --format html"; do
    printf 'OLD\n' > "$tmp/out/result"
    # shellcheck disable=SC2086 # $cmd is two words on purpose
    (trap '' XFSZ; ulimit -f 8; exec "$bin" $cmd --no-config -o "$tmp/out/result" \
        "$src/fixtures") > /dev/null 2> "$tmp/err"
    rc=$?
    [ $rc -eq 2 ] || fail "$cmd -o under a size limit: exit $rc, expected 2"
    grep -q "error" "$tmp/err" || fail "$cmd -o: no error message"
    [ "$(cat "$tmp/out/result")" = OLD ] || fail "$cmd -o: the old output was replaced"
    [ "$(ls -A "$tmp/out")" = result ] || { fail "$cmd -o: files left behind:"; ls -A "$tmp/out"; }
    [ $status -eq 0 ] && echo "ok   $cmd -o: old file kept, no temporary left ($(head -1 "$tmp/err"))"
done
exit $status
