#!/usr/bin/env bash
# .docx written by real writers must give the findings of their plain-text
# version, paragraph for line.  LibreOffice converts fixtures/docx/*.fodt
# (automatic Chinese list numbering with a gap, tracked changes, a table)
# and the plain fixtures and real notices of ../shared/seeds (one paragraph
# per line); pandoc converts
# fixtures/docx/*.md (Word list numbering with a restart).  Each .docx is
# compared with its .txt: every finding's line, column, severity, message
# and rule must be equal.  The .docx committed in fixtures/docx/ (made by
# the same conversion) must agree too, and hostile packages must end in an
# input.docx finding while the other files are still checked.
# Exits 77 (ctest: skipped) when neither LibreOffice nor pandoc is installed.
#   check-docx.sh BINARY SOURCE_DIR
set -u
bin=$1 src=$2
have_lo=0 have_pandoc=0
command -v soffice > /dev/null && have_lo=1
command -v pandoc > /dev/null && have_pandoc=1
[ $have_lo = 1 ] || [ $have_pandoc = 1 ] ||
    { echo "skipped: neither soffice (libreoffice-writer-nogui) nor pandoc is installed"; exit 77; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp # LibreOffice writes its profile there

status=0
fail() { echo "FAIL $*"; status=1; }

# "line:column: severity: message [rule]" per finding, in output order.
findings() {
    "$bin" check --no-config -q --color never --fail-on never "$1" | sed "s|^$1:||"
}

# compare DOCX TXT [RULE...]: equal findings, and each RULE among them.
compare() {
    local docx=$1 txt=$2 name
    name=$(basename "$docx")
    shift 2
    findings "$docx" > "$tmp/docx.out"
    findings "$txt" > "$tmp/txt.out"
    if ! diff -u "$tmp/txt.out" "$tmp/docx.out" > "$tmp/diff"; then
        fail "$name: findings differ from $(basename "$txt") (- text, + docx):"
        cat "$tmp/diff"
        return
    fi
    for rule in "$@"; do
        grep -q "\[$rule\]$" "$tmp/docx.out" || fail "$name: no $rule finding"
    done
    echo "ok   $name: $(wc -l < "$tmp/docx.out") findings, as in the text"
}

lo() { # lo FILE [INFILTER]: convert to $tmp/out/<name>.docx
    local args=(--headless)
    [ -n "${2:-}" ] && args+=(--infilter="$2")
    timeout 300 soffice "${args[@]}" --convert-to docx:"MS Word 2007 XML" \
        --outdir "$tmp/out" "$1" > "$tmp/lo.log" 2>&1 || { cat "$tmp/lo.log"; return 1; }
}

mkdir -p "$tmp/out"
if [ $have_lo = 1 ]; then
    for f in "$src"/fixtures/docx/*.fodt; do
        n=$(basename "$f" .fodt)
        lo "$f" || { fail "LibreOffice could not convert $f"; continue; }
        compare "$tmp/out/$n.docx" "${f%.fodt}.txt" structure.numbering-gap
    done
    # Plain fixtures: LibreOffice's text import makes one paragraph per line.
    for f in "$src"/fixtures/minimal.txt "$src"/fixtures/clean-full.txt \
             "$src"/fixtures/clean-per-aspect.txt "$src"/fixtures/defects-*.txt; do
        lo "$f" "Text (encoded):UTF8,LF,,," || { fail "LibreOffice could not convert $f"; continue; }
        compare "$tmp/out/$(basename "$f" .txt).docx" "$f"
    done
    # The real notices, when ../shared is beside the repository.
    seeds=${NL_SEEDS_DIR:-$src/../shared/seeds}
    if [ -d "$seeds" ]; then
        for f in "$seeds"/*.txt; do
            lo "$f" "Text (encoded):UTF8,LF,,," || { fail "LibreOffice could not convert $f"; continue; }
            compare "$tmp/out/$(basename "$f" .txt).docx" "$f"
        done
    else
        echo "note: $seeds is absent: the real notices are not converted"
    fi
else
    echo "note: soffice not installed: LibreOffice conversions skipped"
fi
if [ $have_pandoc = 1 ]; then
    for f in "$src"/fixtures/docx/*.md; do
        n=$(basename "$f" .md)
        pandoc -f markdown -t docx -o "$tmp/out/$n.docx" "$f" || { fail "pandoc failed on $f"; continue; }
        compare "$tmp/out/$n.docx" "${f%.md}.txt" structure.numbering-gap
    done
else
    echo "note: pandoc not installed: pandoc conversions skipped"
fi
# The committed conversions (what the quick start shows).
for f in "$src"/fixtures/docx/*.docx; do
    [ -e "$f" ] && compare "$f" "${f%.docx}.txt"
done

# Positions name the paragraph: JSON says so and has no byte offsets.
d=$src/fixtures/docx/numbered.docx
if [ -e "$d" ]; then
    "$bin" check --no-config --format json --fail-on never "$d" > "$tmp/j"
    grep -q '"unit": "paragraph"' "$tmp/j" || fail "json: no \"unit\": \"paragraph\""
    grep -q '"format": "docx"' "$tmp/j" || fail "json: no \"format\": \"docx\""
    grep -q '"offset"' "$tmp/j" && fail "json: a .docx finding has a byte offset"
    "$bin" parse --no-config "$d" | grep -q '"label": "四、"' ||
        fail "parse: the automatic label 四、 is not seen"
fi

# Hostile packages among good files: one input.docx finding each, the good
# file still checked, exit 1 (findings, no error).
printf 'not a zip at all\n' > "$tmp/notzip.docx"
: > "$tmp/empty.docx"
head -c 100 "$src/fixtures/docx/numbered.docx" > "$tmp/truncated.docx" 2> /dev/null ||
    printf 'PK\003\004' > "$tmp/truncated.docx"
"$bin" check --no-config -q --color never "$tmp/notzip.docx" "$tmp/empty.docx" \
    "$tmp/truncated.docx" "$src/fixtures/defects-missing.txt" > "$tmp/h" 2> "$tmp/h.err"
rc=$?
[ $rc -eq 1 ] || fail "hostile: exit $rc, expected 1"
[ "$(grep -c '\[input\.docx\]$' "$tmp/h")" -eq 3 ] || { fail "hostile: expected 3 input.docx findings"; cat "$tmp/h" "$tmp/h.err"; }
[ -s "$tmp/h.err" ] && { fail "hostile: unexpected stderr"; cat "$tmp/h.err"; }
grep -q "defects-missing\.txt:" "$tmp/h" || fail "hostile: defects-missing.txt not checked"

[ $status = 0 ] && echo "all .docx checks passed"
exit $status
