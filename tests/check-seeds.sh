#!/usr/bin/env bash
# The default pack on the real notices in ../shared/seeds: the findings
# (rule and line) of each seed are pinned in tests/seeds/<seed>.expect, so a
# change in behaviour shows up in review; a GB18030 copy, a CRLF copy and a
# copy with full-width punctuation of each seed, and a GBK web page holding
# it one <p> per source line, must give the same findings.
# Exits 77 (ctest: skipped) when ../shared/seeds is absent.
#   check-seeds.sh BINARY SOURCE_DIR [--update]
set -u
bin=$1 src=$2 update=${3:-}
seeds=${NL_SEEDS_DIR:-$src/../shared/seeds}
[ -d "$seeds" ] || { echo "skipped: $seeds is absent"; exit 77; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# "rule line" per finding, sorted.
findings() {
    "$bin" check --no-config -q --fail-on never "$1" |
        sed -E 's/^.*:([0-9]+):[0-9]+: [a-z]+: .* \[([^]]+)\]$/\2 \1/' | LC_ALL=C sort
}

status=0
n=0
for f in "$seeds"/*.txt; do
    name=$(basename "$f" .txt)
    expect="$src/tests/seeds/$name.expect"
    findings "$f" > "$tmp/$name.got"
    if [ "$update" = --update ]; then
        cp "$tmp/$name.got" "$expect"
        continue
    fi
    n=$((n + 1))
    if [ ! -f "$expect" ]; then
        echo "$name: no pinned findings in tests/seeds/$name.expect"
        status=1
        continue
    fi
    diff -u "$expect" "$tmp/$name.got" > "$tmp/diff" || { echo "$name:"; cat "$tmp/diff"; status=1; }
    iconv -f UTF-8 -t GB18030 "$f" > "$tmp/$name.gb18030.txt"
    sed 's/$/\r/' "$f" > "$tmp/$name.crlf.txt"
    sed -e 's/,/，/g' -e 's/;/；/g' -e 's/(/（/g' -e 's/)/）/g' \
        -e 's/\([^0-9]\):/\1：/g' "$f" > "$tmp/$name.fullwidth.txt"
    # A saved web page: GBK, each line a <p> on its own source line inside
    # a page's furniture, so findings keep their lines.
    { printf '<!DOCTYPE html><html><head><meta charset="gbk"><title>%s</title></head>' "$name"
      printf '<body><div class="article">'
      sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's|^\(..*\)$|<p>\1</p>|' "$f"
      printf '</div></body></html>\n'; } | iconv -f UTF-8 -t GB18030 > "$tmp/$name.page.html"
    findings "$tmp/$name.page.html" > "$tmp/$name.page.got"
    cmp -s "$tmp/$name.got" "$tmp/$name.page.got" ||
        { echo "$name (web page copy) differs:"; diff -u "$tmp/$name.got" "$tmp/$name.page.got"; status=1; }
    for v in gb18030 crlf fullwidth; do
        findings "$tmp/$name.$v.txt" > "$tmp/$name.$v.got"
        cmp -s "$tmp/$name.got" "$tmp/$name.$v.got" ||
            { echo "$name ($v copy) differs:"; diff -u "$tmp/$name.got" "$tmp/$name.$v.got"; status=1; }
    done
done
[ "$update" = --update ] && exit 0
echo "$n seeds checked (with GB18030, CRLF, full-width and GBK web page copies)"
exit $status
