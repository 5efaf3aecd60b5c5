#!/usr/bin/env bash
# End-to-end test of the CI integrations in a throw-away git repository of
# notices: ci/noticelint-gate (changed files, renames, baselines, reports,
# exit status, subdirectories), ci/git-pre-commit (installed as a real
# hook), `check --changed-since` errors, and `ignore:` in .noticelint.yaml.
#
#   check-ci-gate.sh BINARY SOURCE_DIR
#
# Prints one line per step and "N passed, 0 failed" at the end.
# shellcheck disable=SC2015 # `ok` and `bad` always succeed: A && ok || bad is safe here
set -u
bin=$1 src=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
export NOTICELINT=$bin HOME=$tmp GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE NOTICELINT_ARGS NOTICELINT_GLOB
gate=$src/ci/noticelint-gate
passed=0 failed=0

ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; [ -f "$tmp/out" ] && sed 's/^/     | /' "$tmp/out" | head -20; }
# expect STATUS NAME COMMAND...: run COMMAND (stdout+stderr to $tmp/out), check its exit status
expect() {
    local want=$1 name=$2
    shift 2
    "$@" > "$tmp/out" 2>&1
    local rc=$?
    if [ "$rc" = "$want" ]; then ok "$name (exit $rc)"; else bad "$name: exit $rc, expected $want"; fi
}
has() { if grep -q -- "$2" "$3"; then ok "$1"; else bad "$1: no '$2' in $3"; fi; }
hasnt() { if grep -q -- "$2" "$3"; then bad "$1: '$2' in $3"; else ok "$1"; fi; }
count() { grep -c -- "$1" "$2"; }

repo=$tmp/docs
git init -q -b main "$repo" && cd "$repo" || exit 2
git config user.name "noticelint test" && git config user.email test@example.com
git config commit.gpgsign false
mkdir notices
cp "$src/fixtures/clean-full.txt" notices/2024-01.txt
cp "$src/fixtures/defects-numbering.txt" notices/2024-02.txt
echo "# notices" > README.md
git add -A && git commit -qm "two notices"

# 1. Nothing changed: a clean gate, and every report written all the same.
expect 0 "gate, nothing changed" "$gate" -o "$tmp/r1" HEAD
for f in noticelint.sarif noticelint-junit.xml gl-code-quality-report.json; do
    [ -s "$tmp/r1/$f" ] && ok "empty run writes $f" || bad "empty run: no $f"
done
has "empty SARIF has no results" '"results": \[\]' "$tmp/r1/noticelint.sarif"

# 2. A new defective notice on a branch: only it is checked.
git checkout -qb feature
cp "$src/fixtures/defects-missing.txt" notices/2024-03.txt
git add -A && git commit -qm "a defective notice"
expect 1 "gate, new defective notice" "$gate" -o "$tmp/r2" main
has "text names the new notice" "notices/2024-03.txt:" "$tmp/out"
hasnt "old notice not checked" "2024-02" "$tmp/out"
has "SARIF uri" '"uri": "notices/2024-03.txt"' "$tmp/r2/noticelint.sarif"
hasnt "SARIF has only the new notice" '"uri": "notices/2024-02.txt"' "$tmp/r2/noticelint.sarif"
[ "$(count '<testsuite ' "$tmp/r2/noticelint-junit.xml")" = 1 ] && ok "JUnit: one testsuite" ||
    bad "JUnit: expected one testsuite"
has "Code Quality path" '"path": "notices/2024-03.txt"' "$tmp/r2/gl-code-quality-report.json"
if command -v xmllint > /dev/null; then
    expect 0 "JUnit valid" xmllint --noout --schema "$src/tests/schemas/junit.xsd" "$tmp/r2/noticelint-junit.xml"
fi
schema=$src/../shared/schemas/sarif-schema-2.1.0.json
if [ -f "$schema" ] && [ -d "$src/ci/validate/node_modules/jsonschema" ]; then
    expect 0 "SARIF valid" node "$src/ci/validate/validate.js" "$schema" "$tmp/r2/noticelint.sarif"
fi

# 3. From a subdirectory: text paths as seen from there, reports from the root.
(cd notices && expect 1 "gate from a subdirectory" "$gate" -o "$tmp/r3" main)
has "text path relative to the subdirectory" "^2024-03.txt:" "$tmp/out"
has "SARIF path relative to the root" '"uri": "notices/2024-03.txt"' "$tmp/r3/noticelint.sarif"

# 4. PATH operands narrow the change set; other files do not count.
expect 0 "gate restricted to another folder" "$gate" -o "$tmp/r4" main README.md
echo "not a notice" > notes.md && git add notes.md && git commit -qm notes
expect 1 "a changed non-notice file is ignored" "$gate" -o "$tmp/r4" main
hasnt "notes.md not checked" "notes.md" "$tmp/out"

# 5. Renames are followed: the new name is checked.
git mv notices/2024-03.txt notices/2024-03-renamed.txt && git commit -qm rename
expect 1 "gate after a rename" "$gate" -o "$tmp/r5" HEAD~1
has "renamed file checked under its new name" "notices/2024-03-renamed.txt:" "$tmp/out"

# 6. Baselines: accept the backlog on main, then gate only new defects.
git checkout -q main
expect 0 "write a baseline (exit 0 despite findings)" \
    "$bin" check --write-baseline .noticelint-baseline notices
cp .noticelint-baseline "$tmp/b1"
"$bin" check --write-baseline "$tmp/b2" notices > /dev/null 2>&1
cmp -s .noticelint-baseline "$tmp/b2" && ok "baseline is deterministic" || bad "baseline differs between runs"
grep -v '^#' .noticelint-baseline | LC_ALL=C sort -c 2> /dev/null && ok "baseline is sorted" ||
    bad "baseline not sorted"
head -1 .noticelint-baseline | grep -q '^# noticelint baseline v1' && ok "baseline header" || bad "baseline header"
[ "$(grep -vc '^#' .noticelint-baseline)" -gt 5 ] && ok "baseline holds the backlog" || bad "baseline too small"
git add .noticelint-baseline && git commit -qm baseline
expect 0 "check --baseline: the backlog is accepted" "$bin" check --baseline .noticelint-baseline notices
has "suppressed findings are counted" "in the baseline not reported" "$tmp/out"
git checkout -qb edit
# Lines above every finding move: the baseline still matches.
sed -i '3{p;s/.*//;p}' notices/2024-02.txt
git commit -qam "blank lines"
expect 0 "gate after lines moved (baseline found by default)" "$gate" -o "$tmp/r6" main
has "baseline used" "findings in .*\.noticelint-baseline are accepted" "$tmp/out"
# A new defect in the same notice is reported, and only it.
sed -i 's/确保整改不走过场。/由XX同志负责督促检查。/' notices/2024-02.txt
git commit -qam "a placeholder"
expect 1 "gate reports the new defect" "$gate" -o "$tmp/r7" main
has "new defect reported" "text.placeholder" "$tmp/out"
hasnt "old defects stay accepted" "structure.numbering-gap" "$tmp/out"
[ "$(count '"ruleId"' "$tmp/r7/noticelint.sarif")" = 1 ] && ok "SARIF: one new result" ||
    bad "SARIF: expected one result"
"$gate" -b '' -a -o "$tmp/r8" notices > "$tmp/out" 2>&1
[ $? = 1 ] && ok "gate -a without baseline fails on the backlog" || bad "gate -a without baseline"
has "backlog reported without baseline" "structure.numbering-gap" "$tmp/out"

# 7. Errors: a bad revision, outside git, bad baselines, bad combinations.
expect 2 "bad revision" "$bin" check --changed-since no-such-rev notices
expect 2 "revision that looks like an option" "$bin" check --changed-since --output=x notices
has "option-like revision refused" "is not a revision" "$tmp/out"
expect 2 "gate, bad revision" "$gate" -o "$tmp/r9" no-such-rev
mkdir "$tmp/nogit" && cp "$src/fixtures/minimal.txt" "$tmp/nogit/"
(cd "$tmp/nogit" && expect 2 "--changed-since outside git" "$bin" check --changed-since HEAD .)
has "outside git: message" "not in a git work tree" "$tmp/out"
(cd "$tmp/nogit" && expect 2 "gate outside git" "$gate" HEAD)
printf 'garbage\n' > "$tmp/bad-baseline"
expect 2 "malformed baseline" "$bin" check --baseline "$tmp/bad-baseline" notices
has "malformed baseline: message" "not a noticelint baseline" "$tmp/out"
expect 2 "--write-baseline with --changed-since" "$bin" check --changed-since main --write-baseline x notices

# 8. ignore: in .noticelint.yaml, with its reason.
cat > .noticelint.yaml <<'YAML'
ignore:
  - rules: ['structure.*', 'punct.*', text.placeholder]
    paths: ['notices/2024-02.txt']
    reason: published before the numbering rules applied
YAML
expect 0 "ignored rules do not fail" "$bin" check notices/2024-02.txt
"$bin" check --format junit notices/2024-02.txt > "$tmp/ignore.xml" 2> /dev/null
has "JUnit marks ignored rules skipped, with the reason" \
    'skipped message="published before the numbering rules applied"' "$tmp/ignore.xml"
printf 'ignore:\n  - rules: [text.usage]\n' > .noticelint.yaml
expect 2 "an ignore entry without a reason" "$bin" check notices/2024-02.txt
has "reason required: message" "needs a 'reason'" "$tmp/out"
printf 'ignore:\n  - rules: [no.such-rule]\n    reason: x\n' > .noticelint.yaml
expect 2 "an ignore entry naming no rule" "$bin" check notices/2024-02.txt
rm .noticelint.yaml

# 9. The plain pre-commit hook, installed for real.
cp "$src/ci/git-pre-commit" .git/hooks/pre-commit
before=$(git rev-parse HEAD)
echo "more" >> README.md && git add README.md
expect 0 "hook: no notice staged" .git/hooks/pre-commit
cp "$src/fixtures/defects-dates-contact.txt" notices/2024-04.txt && git add notices/2024-04.txt
expect 1 "hook: a defective notice is staged" .git/hooks/pre-commit
has "hook names the file" "notices/2024-04.txt:" "$tmp/out"
has "hook says the commit is blocked" "commit blocked" "$tmp/out"
git commit -qm "should be blocked" > /dev/null 2>&1
[ "$(git rev-parse HEAD)" = "$before" ] && ok "git commit blocked by the hook" || bad "commit went through"
git rm -q --cached notices/2024-04.txt && rm notices/2024-04.txt
cp "$src/fixtures/clean-per-aspect.txt" notices/2024-05.txt && git add notices/2024-05.txt
echo "unstaged" >> notices/2024-05.txt
expect 0 "hook: a clean notice is staged" .git/hooks/pre-commit
has "hook warns about unstaged changes" "unstaged changes" "$tmp/out"
git commit -qm "clean notice" > /dev/null 2>&1
[ "$(git rev-parse HEAD)" != "$before" ] && ok "git commit of a clean notice goes through" ||
    bad "clean commit blocked"
echo "even more" >> README.md && git add README.md
NOTICELINT_GLOB='*.md' expect 1 "hook: NOTICELINT_GLOB makes README.md a notice" .git/hooks/pre-commit
has "hook checked README.md" "README.md:" "$tmp/out"

# 10. The pre-commit framework with .pre-commit-hooks.yaml, when installed
#     (Debian package pre-commit; not required: skipped without it).
if command -v pre-commit > /dev/null 2>&1; then
    hooks=$tmp/hook-repo
    git init -q "$hooks" && cp "$src/.pre-commit-hooks.yaml" "$hooks/" &&
        git -C "$hooks" add .pre-commit-hooks.yaml &&
        git -C "$hooks" -c user.name=t -c user.email=t@example.com commit -qm hooks ||
        bad "hook repository"
    bindir=$(cd "$(dirname "$bin")" && pwd)
    cp "$src/fixtures/defects-numbering.txt" notices/2024-06.txt
    PATH=$bindir:$PATH expect 1 "pre-commit framework: a defective notice fails" \
        pre-commit try-repo "$hooks" noticelint --files notices/2024-06.txt
    has "pre-commit framework: findings shown" "notices/2024-06.txt:9:1" "$tmp/out"
    PATH=$bindir:$PATH expect 0 "pre-commit framework: a clean notice passes" \
        pre-commit try-repo "$hooks" noticelint --files notices/2024-05.txt
else
    echo "skip pre-commit framework (not installed)"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
