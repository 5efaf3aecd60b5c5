#!/usr/bin/env bash
# Configure, build and run the whole test suite (ctest drives the Criterion
# unit tests and the golden CLI tests).  Extra arguments go to cmake, e.g.
#   ci/test.sh -DNL_SANITIZE=ON        (with NL_BUILD_DIR=build-asan)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${NL_BUILD_DIR:-build}
cmake -S . -B "$dir" "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
ctest --test-dir "$dir" --output-on-failure -j"$(nproc)"
