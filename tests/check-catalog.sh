#!/usr/bin/env bash
# docs/rules-catalog.md must be what `noticelint rules list --format md`
# prints for the embedded pack.  Regenerate with:
#   build/noticelint rules list --no-config --format md > docs/rules-catalog.md
set -u
bin=$1 src=$2
out=$(mktemp) || exit 2
trap 'rm -f "$out"' EXIT
"$bin" rules list --no-config --format md > "$out" || exit 1
diff -u "$src/docs/rules-catalog.md" "$out" && exit 0
echo "docs/rules-catalog.md is out of date; regenerate it (see tests/check-catalog.sh)"
exit 1
