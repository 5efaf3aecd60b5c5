#!/usr/bin/env bash
# The Excel audit workbook read back: unzip takes the sheet XML out of the
# .xlsx, xmllint checks it is well-formed, and the cells of sheet "notices"
# (audit-tool xlsx-cells) must equal the cells of the csv output
# (audit-tool csv-cells), with Chinese and with English headers; the
# workbook has sheets "notices" and "summary", a frozen, bold header row and
# the summary's figures.  Exits 77 (ctest: skipped) when unzip is not
# installed or noticelint was built without libxlsxwriter.
#   check-audit-xlsx.sh BINARY SOURCE_DIR AUDIT_TOOL
set -u
bin=$1 src=$2 tool=$3
command -v unzip > /dev/null || { echo "skipped: unzip is not installed (bash ci/deps.sh ci)"; exit 77; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 2

inputs=(fixtures/clean-full.txt fixtures/clean-per-aspect.txt fixtures/defects-dates-contact.txt
        fixtures/defects-missing.txt fixtures/defects-numbering.txt
        fixtures/body-only-level1-problems.txt fixtures/minimal.txt tests/data/inputs/binary.txt)
[ -d ../shared/seeds ] && inputs+=(../shared/seeds)

"$bin" audit --no-config --format xlsx -o "$tmp/probe.xlsx" fixtures/minimal.txt 2> "$tmp/err"
if grep -q 'built without libxlsxwriter' "$tmp/err"; then
    echo "skipped: $(cat "$tmp/err")"
    exit 77
fi

status=0
fail() { echo "FAIL: $*"; status=1; }
for header in zh en; do
    "$bin" audit --no-config --csv-header "$header" --format csv -o "$tmp/a.csv" "${inputs[@]}" || exit 1
    "$bin" audit --no-config --csv-header "$header" --format xlsx -o "$tmp/a.xlsx" "${inputs[@]}" || exit 1
    unzip -p "$tmp/a.xlsx" xl/worksheets/sheet1.xml > "$tmp/sheet1.xml" || { fail "no sheet1 in the workbook"; continue; }
    unzip -p "$tmp/a.xlsx" xl/sharedStrings.xml > "$tmp/shared.xml" 2> /dev/null || : > "$tmp/shared.xml"
    if command -v xmllint > /dev/null; then
        xmllint --noout "$tmp/sheet1.xml" || fail "sheet1.xml is not well-formed"
    fi
    shared=()
    [ -s "$tmp/shared.xml" ] && shared=("$tmp/shared.xml")
    "$tool" xlsx-cells "$tmp/sheet1.xml" "${shared[@]}" > "$tmp/xlsx.tsv" || fail "cannot read sheet1.xml"
    "$tool" csv-cells "$tmp/a.csv" > "$tmp/csv.tsv" || fail "cannot read the csv"
    if diff -u "$tmp/csv.tsv" "$tmp/xlsx.tsv" > "$tmp/diff"; then
        echo "$header: $(($(wc -l < "$tmp/csv.tsv") - 1)) notices, $(head -1 "$tmp/csv.tsv" | tr '\t' '\n' | wc -l) columns: xlsx cells = csv cells"
    else
        fail "$header: xlsx cells differ from csv cells"
        head -40 "$tmp/diff"
    fi
done

unzip -p "$tmp/a.xlsx" xl/workbook.xml > "$tmp/workbook.xml"
grep -q '<sheet name="notices"' "$tmp/workbook.xml" || fail "no sheet named notices"
grep -q '<sheet name="summary"' "$tmp/workbook.xml" || fail "no sheet named summary"
grep -q '<pane [^>]*ySplit="1"[^>]*state="frozen"' "$tmp/sheet1.xml" || fail "the header row of notices is not frozen"
grep -q '<autoFilter ref="A1:' "$tmp/sheet1.xml" || fail "no autofilter on the notices header"
unzip -p "$tmp/a.xlsx" xl/styles.xml | grep -q '<b/>' || fail "no bold header format"
grep -q '<c r="A1" [^>]*s="[1-9]' "$tmp/sheet1.xml" || fail "the header cell A1 has no format"
unzip -p "$tmp/a.xlsx" xl/worksheets/sheet2.xml > "$tmp/sheet2.xml"
"$tool" xlsx-cells "$tmp/sheet2.xml" "${shared[@]}" > "$tmp/summary.tsv"
notices=$(($(wc -l < "$tmp/csv.tsv") - 1))
grep -q "^通报数	$notices	notices\$" "$tmp/summary.tsv" || fail "summary does not say $notices notices"
grep -q '^处分处理	人数	通报数$' "$tmp/summary.tsv" || fail "summary has no discipline block"
if [ -d ../shared/seeds ]; then
    # seed 001 alone states 政务处分 3 and 党纪处分 1; the fixtures add theirs.
    grep -q '^巡察组	通报数' "$tmp/summary.tsv" || fail "summary has no inspection-body block"
    grep -q '^市委第五巡察组	1	' "$tmp/summary.tsv" || fail "summary has no row for 市委第五巡察组"
fi
[ $status -eq 0 ] && echo "xlsx workbook: sheets notices and summary, frozen bold header, cells = csv"
exit $status
