#!/usr/bin/env bash
# The CI formats, checked with their ecosystems' own tooling.
#
#   check-ci-formats.sh BINARY SOURCE_DIR MODE
#
#   sarif   SARIF 2.1.0 against the official schema (../shared/schemas) with
#           the npm package jsonschema (ci/validators.sh installs it), plus
#           what the schema cannot say: ruleIndex names the result's rule,
#           columnKind, relative URIs, and partialFingerprints that survive
#           lines inserted above a finding
#   json    rdjson and codequality against tests/schemas/*.schema.json;
#           codequality fingerprints unique
#   junit   xmllint: well-formed, valid against tests/schemas/junit.xsd, one
#           testsuite per document and one failure per finding
#   github  every line a well-formed workflow command, one per finding
#
# Exit 77 (ctest: skipped) when a tool or the shared schema is missing.
set -u
bin=$1 src=$2 mode=$3
cd "$src" || exit 2
validate="node $src/ci/validate/validate.js"
have_node() { command -v node > /dev/null && [ -d "$src/ci/validate/node_modules/jsonschema" ]; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
inputs=(fixtures tests/data)
fail() { echo "FAIL: $*"; exit 1; }

run() { # FORMAT OUT ARGS... : exit status 1 (findings) expected
    local fmt=$1 out=$2
    shift 2
    "$bin" check --no-config -j 2 --format "$fmt" "$@" > "$out"
    local rc=$?
    [ "$rc" -eq 1 ] || fail "check --format $fmt exited $rc, expected 1"
}

nfindings=$("$bin" check --no-config --format jsonl "${inputs[@]}" | wc -l)
nfiles=$("$bin" check --no-config --format json "${inputs[@]}" |
         sed -n 's/^    "files": \([0-9]*\),$/\1/p')

case $mode in
sarif)
    schema=$src/../shared/schemas/sarif-schema-2.1.0.json
    [ -f "$schema" ] || { echo "skipped: $schema absent"; exit 77; }
    have_node || { echo "skipped: run ci/validators.sh first"; exit 77; }
    run sarif "$tmp/all.sarif" "${inputs[@]}"
    $validate "$schema" "$tmp/all.sarif" || fail "SARIF does not validate"
    # Lines inserted above findings move them, but not their fingerprints.
    mkdir -p "$tmp/moved/fixtures"
    sed '3{p;s/.*//;p}' fixtures/defects-numbering.txt > "$tmp/moved/fixtures/defects-numbering.txt"
    cp fixtures/defects-numbering.txt "$tmp/orig.txt"
    (cd "$src" && run sarif "$tmp/a.sarif" fixtures/defects-numbering.txt)
    (cd "$tmp/moved" && run sarif "$tmp/b.sarif" fixtures/defects-numbering.txt)
    node - "$tmp/all.sarif" "$tmp/a.sarif" "$tmp/b.sarif" "$nfindings" <<'JS' || fail "SARIF semantics"
const fs = require('fs');
const [all, a, b, n] = process.argv.slice(2);
const load = f => JSON.parse(fs.readFileSync(f, 'utf8'));
const check = (c, msg) => { if (!c) { console.log(msg); process.exit(1); } };
const s = load(all), run = s.runs[0], rules = run.tool.driver.rules;
check(run.columnKind === 'unicodeCodePoints', 'columnKind');
check(run.results.length === Number(n), `results ${run.results.length} != findings ${n}`);
check(new Set(rules.map(r => r.id)).size === rules.length, 'duplicate rule ids');
for (const id of ['input.encoding', 'input.binary', 'input.empty', 'engine.match-limit', 'engine.finding-limit'])
  check(rules.some(r => r.id === id), `no rule entry for ${id}`);
const seen = new Set();
for (const r of run.results) {
  check(rules[r.ruleIndex] && rules[r.ruleIndex].id === r.ruleId, `ruleIndex of ${r.ruleId}`);
  const loc = r.locations[0].physicalLocation;
  check(!/^[a-z]+:/.test(loc.artifactLocation.uri), `absolute uri ${loc.artifactLocation.uri}`);
  const key = loc.artifactLocation.uri + ' ' + r.partialFingerprints['noticelint/v1'];
  check(!seen.has(key), `fingerprint repeated: ${key}`);
  seen.add(key);
}
const ra = load(a).runs[0].results, rb = load(b).runs[0].results;
check(ra.length === rb.length && ra.length > 0, 'moved copy: different findings');
for (let i = 0; i < ra.length; i++) {
  const la = ra[i].locations[0].physicalLocation.region, lb = rb[i].locations[0].physicalLocation.region;
  check(lb.startLine === la.startLine + 2, `line did not move: ${la.startLine} -> ${lb.startLine}`);
  check(ra[i].partialFingerprints['noticelint/v1'] === rb[i].partialFingerprints['noticelint/v1'],
        `fingerprint changed for ${ra[i].ruleId} at line ${la.startLine}`);
}
console.log(`SARIF: ${run.results.length} results, ${rules.length} rules, fingerprints stable`);
JS
    ;;
json)
    have_node || { echo "skipped: run ci/validators.sh first"; exit 77; }
    run rdjson "$tmp/a.rdjson" "${inputs[@]}"
    run codequality "$tmp/a.json" "${inputs[@]}"
    $validate tests/schemas/rdjson.schema.json "$tmp/a.rdjson" || fail "rdjson"
    # and with reviewdog's own format validator (npm @umbrelladocs/rdformat-validator)
    ci/validate/node_modules/.bin/rdformat-validator --strict --silent "$tmp/a.rdjson" ||
        fail "rdjson (rdformat-validator)"
    $validate tests/schemas/codequality.schema.json "$tmp/a.json" || fail "codequality"
    # shellcheck disable=SC2016 # JavaScript, not shell
    node -e '
const fs = require("fs");
const rd = JSON.parse(fs.readFileSync(process.argv[1])), cq = JSON.parse(fs.readFileSync(process.argv[2]));
const n = Number(process.argv[3]);
if (rd.diagnostics.length !== n || cq.length !== n) { console.log("counts differ from the findings"); process.exit(1); }
if (new Set(cq.map(i => i.fingerprint)).size !== cq.length) { console.log("codequality fingerprints repeat"); process.exit(1); }
console.log(`rdjson and codequality: ${n} findings, fingerprints unique`);
' "$tmp/a.rdjson" "$tmp/a.json" "$nfindings" || fail "counts"
    ;;
junit)
    command -v xmllint > /dev/null || { echo "skipped: xmllint absent (apt-get install libxml2-utils)"; exit 77; }
    run junit "$tmp/a.xml" "${inputs[@]}"
    xmllint --noout "$tmp/a.xml" || fail "not well-formed"
    xmllint --noout --schema tests/schemas/junit.xsd "$tmp/a.xml" || fail "not valid"
    suites=$(xmllint --xpath 'count(/testsuites/testsuite)' "$tmp/a.xml")
    failures=$(xmllint --xpath 'count(//testcase/failure)' "$tmp/a.xml")
    badcount=$(xmllint --xpath 'count(/testsuites/testsuite[@tests != count(testcase)])' "$tmp/a.xml")
    [ "$suites" = "$nfiles" ] || fail "$suites testsuites for $nfiles documents"
    [ "$failures" = "$nfindings" ] || fail "$failures failures for $nfindings findings"
    [ "$badcount" = 0 ] || fail "$badcount testsuites whose tests attribute is wrong"
    echo "JUnit: $suites testsuites, $failures failures, valid"
    ;;
github)
    run github "$tmp/a.txt" "${inputs[@]}"
    lines=$(wc -l < "$tmp/a.txt")
    [ "$lines" = "$nfindings" ] || fail "$lines commands for $nfindings findings"
    re='^::(error|warning|notice) file=[^,:]+,line=[0-9]+,col=[0-9]+,endLine=[0-9]+,endColumn=[0-9]+,title=[^,:]+::.*$'
    bad=$(grep -Evc "$re" "$tmp/a.txt")
    [ "$bad" = 0 ] || { grep -Ev "$re" "$tmp/a.txt" | head -3; fail "$bad malformed commands"; }
    echo "GitHub: $lines workflow commands, well-formed"
    ;;
*) echo "unknown mode $mode"; exit 2 ;;
esac
