#!/usr/bin/env bash
# Run one golden CLI case and compare it with its expected files.
#
#   run-golden.sh BINARY CASE_DIR SOURCE_DIR     a tests/golden/<case>/ directory:
#       args         one argument per line (@SRC@ = source tree); the command runs
#                    in SOURCE_DIR so relative paths in output are stable
#       stdin        optional: fed to standard input
#       stdout.exact expected standard output
#       stderr.exact optional: expected standard error
#       exit         expected exit status
#       cwd          optional: directory (relative to SOURCE_DIR) to run in
#   run-golden.sh BINARY --parse FIXTURE SOURCE_DIR   `noticelint parse FIXTURE`
#       compared with FIXTURE's sibling <name>.parse.json
#
# NL_UPDATE_GOLDEN=1 rewrites the expected files instead of comparing; review
# the diff like code.
set -u
bin=$1
if [ "$2" = "--parse" ]; then
    fixture=$3 src=$4
    expect="${fixture%.txt}.parse.json"
    cd "$src" || exit 2
    rel=${fixture#"$src"/}
    out=$(mktemp) || exit 2
    trap 'rm -f "$out"' EXIT
    "$bin" parse "$rel" > "$out"
    rc=$?
    if [ "$rc" -ne 0 ]; then echo "exit status $rc, expected 0"; exit 1; fi
    if [ "${NL_UPDATE_GOLDEN:-}" = 1 ]; then cp "$out" "$expect"; exit 0; fi
    diff -u "$expect" "$out" && exit 0
    exit 1
fi

case_dir=$2 src=$3
cd "$src" || exit 2
args=()
while IFS= read -r line || [ -n "$line" ]; do
    args+=("${line//@SRC@/$src}")
done < "$case_dir/args"
out=$(mktemp) err=$(mktemp) || exit 2
trap 'rm -f "$out" "$err"' EXIT
if [ -f "$case_dir/cwd" ]; then
    cd "$src/$(cat "$case_dir/cwd")" || exit 2
fi
if [ -f "$case_dir/stdin" ]; then
    "$bin" "${args[@]}" < "$case_dir/stdin" > "$out" 2> "$err"
else
    "$bin" "${args[@]}" < /dev/null > "$out" 2> "$err"
fi
rc=$?
if [ "${NL_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$out" "$case_dir/stdout.exact"
    cp "$err" "$case_dir/stderr.exact"
    echo "$rc" > "$case_dir/exit"
    exit 0
fi
status=0
if [ "$rc" != "$(cat "$case_dir/exit")" ]; then
    echo "exit status $rc, expected $(cat "$case_dir/exit")"
    status=1
fi
diff -u "$case_dir/stdout.exact" "$out" || status=1
if [ -f "$case_dir/stderr.exact" ]; then
    diff -u "$case_dir/stderr.exact" "$err" || status=1
fi
exit $status
