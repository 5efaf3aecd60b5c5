#!/usr/bin/env bash
# Every rule of the default pack must have a fixture pair in fixtures/rules/:
#   <id>.bad.txt   + <id>.bad.expect   (the expect lists "<id> LINE")
#   <id>.good.txt  + <id>.good.expect  (no "<id> " line)
# `noticelint rules test fixtures/` checks that the expectations hold; this
# script checks that the pairs exist and really exercise their rule.
#
# Rules that cannot report anything under `rules test` are skipped (and
# listed): kind `extract` (they only set facts) and rules shipped disabled
# (`rules test` runs rules with their default enabled state).
#
# usage: check-rule-fixtures.sh BINARY SOURCE_DIR     exit 0 ok, 1 otherwise
set -u
if [ $# -ne 2 ]; then
    echo "usage: $0 BINARY SOURCE_DIR" >&2
    exit 1
fi
bin=$1 dir=$2/fixtures/rules

json=$("$bin" rules list --no-config --format json) || {
    echo "'$bin rules list --no-config --format json' failed"
    exit 1
}

# One "id kind enabled" line per rule.  The keys come in this order inside
# each object ("id" first); works for pretty-printed and compact JSON.
rules=$(printf '%s\n' "$json" |
    grep -oE '"(id|kind|enabled)"[[:space:]]*:[[:space:]]*("[^"]*"|true|false)' |
    sed -E 's/^"([a-z]+)"[[:space:]]*:[[:space:]]*"?([^"]*)"?$/\1 \2/' |
    awk '$1 == "id" { if (id != "") print id, kind, en; id = $2; kind = "?"; en = "true"; next }
         $1 == "kind" { kind = $2 } $1 == "enabled" { en = $2 }
         END { if (id != "") print id, kind, en }')
if [ -z "$rules" ]; then
    echo "no rule ids in the output of '$bin rules list --no-config --format json'"
    exit 1
fi

# has_line FILE ID: FILE has a line starting with "ID " (a finding of ID).
has_line() {
    awk -v p="$2 " 'index($0, p) == 1 { found = 1 } END { exit !found }' "$1"
}

fail=0 checked=0 skipped=0
while read -r id kind enabled; do
    if [ "$kind" = extract ] || [ "$enabled" = false ]; then
        reason=$([ "$kind" = extract ] && echo "kind extract reports no findings" || echo "disabled by default")
        echo "skip: $id ($reason)"
        skipped=$((skipped + 1))
        continue
    fi
    checked=$((checked + 1))
    bad=$dir/$id.bad good=$dir/$id.good
    for f in "$bad.txt" "$bad.expect" "$good.txt" "$good.expect"; do
        if [ ! -f "$f" ]; then
            echo "$id: missing fixtures/rules/${f##*/}"
            fail=1
        fi
    done
    if [ -f "$bad.expect" ] && ! has_line "$bad.expect" "$id"; then
        echo "$id: fixtures/rules/$id.bad.expect does not expect a finding of $id"
        fail=1
    fi
    if [ -f "$good.expect" ] && has_line "$good.expect" "$id"; then
        echo "$id: fixtures/rules/$id.good.expect expects a finding of $id"
        fail=1
    fi
done <<< "$rules"

# Pairs whose rule no longer exists (renamed or removed): a note only.
if [ -d "$dir" ]; then
    for f in "$dir"/*.txt; do
        [ -e "$f" ] || continue
        id=${f##*/}; id=${id%.txt}; id=${id%.bad}; id=${id%.good}
        echo "$id"
    done | sort -u | while read -r id; do
        printf '%s\n' "$rules" | awk -v id="$id" '$1 == id { found = 1 } END { exit !found }' ||
            echo "note: fixtures/rules/$id.*.txt belong to no loaded rule"
    done
fi

echo "$checked rules checked, $skipped skipped: $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
