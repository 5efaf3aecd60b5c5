#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan + UBSan) and run each for
# SECONDS (default 60):
#
#   ci/fuzz.sh [SECONDS] [TARGET...]       TARGET: doc rules check docx html cnum date
#
# Seeds come from the tree (fixtures/, rules/*.yaml, tests/data/,
# fuzz/seeds/) and are copied fresh into build-fuzz/seeds/TARGET; what the
# fuzzer discovers accumulates in build-fuzz/corpus/TARGET, so later runs
# start where earlier ones stopped.  The inputs in
# tests/data/fuzz-regressions/TARGET/ are replayed first.  A crash, leak,
# timeout or sanitizer report leaves its input in build-fuzz/artifacts/TARGET/
# and makes the script exit 1 after every target has run.  To replay or
# minimise one:
#
#   build-fuzz/fuzz/fuzz_doc build-fuzz/artifacts/doc/crash-…
#   build-fuzz/fuzz/fuzz_doc -minimize_crash=1 -runs=100000 crash-…
#
# then add it under tests/data/fuzz-regressions/TARGET/ (docs/security.md).
# NL_FUZZ_BUILD_DIR overrides the build directory; NL_FUZZ_JOBS=N runs N
# fuzzing processes per target (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(doc rules check docx html cnum date)
case $seconds in
    ''|*[!0-9]*) echo "usage: ci/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac

dir=${NL_FUZZ_BUILD_DIR:-build-fuzz}
jobs=${NL_FUZZ_JOBS:-1}
command -v clang >/dev/null || { echo "fuzz.sh: clang not found (bash ci/deps.sh fuzz)" >&2; exit 2; }

cmake -S . -B "$dir" -DCMAKE_C_COMPILER=clang -DNL_FUZZ=ON -DNL_BUILD_TESTS=OFF \
      -DNL_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$dir" -j"$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

# One seed file per line of a list (numerals and dates).
split_lines() {
    local n=0 line
    while IFS= read -r line || [ -n "$line" ]; do
        printf '%s' "$line" > "$2/line-$n"
        n=$((n + 1))
    done < "$1"
}

seed() {
    local t=$1 s=$dir/seeds/$1
    rm -rf "$s"
    mkdir -p "$s"
    case $t in
        doc|check)
            cp fixtures/*.txt fixtures/rules/*.txt tests/data/inputs/*.txt "$s"/
            [ -d ../shared/seeds ] && cp ../shared/seeds/*.txt "$s"/ 2>/dev/null || true ;;
        docx) cp fixtures/docx/*.docx tests/data/docx/*.docx "$s"/ ;;
        html) cp fixtures/html/*.html tests/data/html/*.html "$s"/ 2>/dev/null || true ;;
        rules)
            cp rules/*.yaml tests/data/*.yaml fuzz/seeds/rules/*.yaml "$s"/ ;;
        cnum) split_lines fuzz/seeds/cnum.txt "$s" ;;
        date) split_lines fuzz/seeds/date.txt "$s" ;;
    esac
}

dict_of() {
    case $1 in
        doc|check) echo fuzz/dict/notice.dict ;;
        docx|html) echo "fuzz/dict/$1.dict" ;;
        *) echo "fuzz/dict/$1.dict" ;;
    esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
par=()
[ "$jobs" -gt 1 ] && par=(-jobs="$jobs" -workers="$jobs")
failed=()
for t in "${targets[@]}"; do
    bin=$dir/fuzz/fuzz_$t
    [ -x "$bin" ] || { echo "fuzz.sh: no target '$t'" >&2; exit 2; }
    seed "$t"
    mkdir -p "$dir/corpus/$t" "$dir/artifacts/$t"
    log=$dir/fuzz-$t.log
    # First the known regressions, once each (clang's UBSan sees more than
    # gcc's, which is what test_fuzz_regress runs under).
    regress=()
    for f in tests/data/fuzz-regressions/"$t"/*; do
        [ -f "$f" ] && regress+=("$f")
    done
    if [ ${#regress[@]} -gt 0 ] && ! "$bin" "${regress[@]}" > "$log" 2>&1; then
        echo "fuzz_$t: a regression input fails again; log: $log"
        grep -E -A30 'ERROR|runtime error|deadly signal' "$log" | head -60
        failed+=("$t")
        continue
    fi
    echo "== fuzz_$t: ${seconds}s"
    set +e
    # -timeout: one input running longer than 25 s is a hang (the engine's
    # match limits keep real work far below that even under ASan).
    "$bin" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 \
        -dict="$(dict_of "$t")" -artifact_prefix="$dir/artifacts/$t/" \
        "${par[@]}" -print_final_stats=1 \
        "$dir/corpus/$t" "$dir/seeds/$t" > "$log" 2>&1
    rc=$?
    set -e
    [ "$jobs" -gt 1 ] && cat fuzz-*.log >> "$log" 2>/dev/null && rm -f fuzz-*.log
    if [ $rc -ne 0 ] || grep -q -E '^==[0-9]+==ERROR|runtime error|SUMMARY: libFuzzer' "$log"; then
        echo "fuzz_$t FAILED (exit $rc); log: $log; inputs: $dir/artifacts/$t/"
        grep -E -A40 'ERROR|runtime error|deadly signal|timeout' "$log" | head -80
        failed+=("$t")
    else
        grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+.*DONE' "$log" | tr '\n' ' '
        echo
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]}"
    exit 1
fi
echo "fuzzing: no findings"
