#!/usr/bin/env bash
# The HTML audit report in a real browser: Debian's chromium renders it
# headless (ci/deps.sh browser installs it) and the rendered DOM must have
# one table row per notice, the three charts with bars, and a script that
# ran: sorting and filtering are driven through the URL fragment
# (#sort=KEY&dir=desc, #q=TEXT) and checked in the DOM; a screenshot must
# not be blank (audit-tool png-stats).  Exits 77 (ctest: skipped) when
# chromium is not installed.
#   check-audit-html.sh BINARY SOURCE_DIR AUDIT_TOOL
set -u
bin=$1 src=$2 tool=$3
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "skipped: chromium is not installed (bash ci/deps.sh browser)"; exit 77; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 2

inputs=(fixtures/clean-full.txt fixtures/clean-per-aspect.txt fixtures/defects-dates-contact.txt
        fixtures/defects-missing.txt fixtures/defects-numbering.txt
        fixtures/body-only-level1-problems.txt fixtures/minimal.txt tests/data/inputs/binary.txt)
[ -d ../shared/seeds ] && inputs+=(../shared/seeds)
"$bin" audit --no-config --format html -o "$tmp/report.html" "${inputs[@]}" || exit 1
"$bin" audit --no-config --csv-header en -o "$tmp/report.csv" "${inputs[@]}" || exit 1
rows=$(( $(grep -c $'\r$' "$tmp/report.csv") - 1 ))

# chromium URL for a file: path, query-less; the fragment is passed as is.
run_browser() { # FRAGMENT OUTPUT [extra args]
    local frag=$1 out=$2
    shift 2
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
        --user-data-dir="$(mktemp -d -p "$tmp")" "$@" "file://$tmp/report.html$frag" \
        > "$out" 2> "$tmp/browser.log"
}

status=0
fail() { echo "FAIL: $*"; status=1; }

run_browser "" "$tmp/dom.html" --dump-dom || { cat "$tmp/browser.log"; fail "chromium --dump-dom failed"; }
grep -q 'data-ready="1"' "$tmp/dom.html" || fail "the page script did not run (no data-ready on <html>)"
got=$(grep -o '<tr class="notice"' "$tmp/dom.html" | wc -l)
[ "$got" -eq "$rows" ] || fail "$got notice rows in the rendered table, expected $rows (the csv rows)"
[ "$rows" -ge 8 ] || fail "only $rows notices audited"
for id in chart-discipline chart-rules chart-lag; do
    # the chart's own markup, from its <svg id=…> to the next </svg>
    chart=$(sed -n "s/.*\(<svg id=\"$id\".*\)/\1/p" "$tmp/dom.html" | sed 's,</svg>.*,,' | head -1)
    [ -n "$chart" ] || { fail "chart $id is missing"; continue; }
    bars=$(grep -o '<rect' <<< "$chart" | wc -l)
    [ "$bars" -ge 1 ] || fail "chart $id has no bars"
    echo "chart $id: $bars bars"
done
grep -q '<meta charset="utf-8">' "$tmp/dom.html" || fail "no <meta charset=\"utf-8\">"
grep -q '<script src=\|<link \|@import\|url(' "$tmp/report.html" && fail "the report refers to external resources"
grep -q '巡察整改情况通报审核汇总' "$tmp/dom.html" || fail "the Chinese title did not survive rendering"

# Sorting: descending by lag puts the notice with the longest lag first.
longest=$(awk -F, 'NR > 1 && $8 != "" { print $8 "\t" $1 }' "$tmp/report.csv" | sort -t$'\t' -k1,1nr | head -1 | cut -f2)
run_browser "#sort=lag_days&dir=desc" "$tmp/sorted.html" --dump-dom || fail "chromium failed (sorted)"
first=$(grep -o '<tr class="notice"[^>]*><td class="path"[^>]*><div class="p">[^<]*' "$tmp/sorted.html" |
        head -1 | sed 's/.*<div class="p">//')
[ "$first" = "$longest" ] || fail "sorted by lag (descending), the first row is '$first', expected '$longest'"
grep -q 'data-key="lag_days" data-type="num" aria-sort="descending"' "$tmp/sorted.html" ||
    fail "the lag header is not marked aria-sort=descending"

# Filtering: only the rows whose text holds "minimal" stay visible.
want=$(awk -F, 'NR > 1 && $1 ~ /minimal/' "$tmp/report.csv" | wc -l)
run_browser "#q=minimal" "$tmp/filtered.html" --dump-dom || fail "chromium failed (filtered)"
visible=$(grep -o '<tr class="notice"[^>]*>' "$tmp/filtered.html" | grep -vc 'hidden')
[ "$visible" -eq "$want" ] || fail "filter 'minimal' shows $visible rows, expected $want"
grep -q "<span id=\"shown\">$want / $rows</span>" "$tmp/filtered.html" || fail "the shown-count does not read '$want / $rows'"

# A screenshot that is not blank.
run_browser "" /dev/null --screenshot="$tmp/shot.png" --window-size=1280,1600 ||
    fail "chromium --screenshot failed"
if [ -s "$tmp/shot.png" ]; then
    "$tool" png-stats "$tmp/shot.png" || fail "the screenshot is blank"
    echo "screenshot: $(wc -c < "$tmp/shot.png") bytes"
else
    fail "no screenshot written"
fi
[ -n "${NL_KEEP_REPORT:-}" ] && cp "$tmp/report.html" "$tmp/shot.png" "$NL_KEEP_REPORT"/
[ $status -eq 0 ] && echo "html report: $rows notices rendered, charts present, sort and filter work"
exit $status
