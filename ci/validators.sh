#!/usr/bin/env bash
# Install the validators the tests use into ci/validate/node_modules, from
# ci/validate/package-lock.json: the npm package `jsonschema` (JSON Schema
# draft-04, the draft of SARIF 2.1.0's official schema) and reviewdog's
# format validator `@umbrelladocs/rdformat-validator` (rdjson).
# Idempotent: does nothing when the pinned version is already there.
# node_modules is not committed (.gitignore); the tests that need it skip
# when it is absent.
set -euo pipefail
cd "$(dirname "$0")/validate"
installed() { # package: the pinned version is in node_modules
    local want have
    want=$(node -p "require('./package-lock.json').packages['node_modules/$1'].version")
    have=$(node -p "try { require('./node_modules/$1/package.json').version } catch (e) { '' }")
    [ "$have" = "$want" ]
}
installed jsonschema && installed @umbrelladocs/rdformat-validator && exit 0
npm ci --no-audit --no-fund --loglevel=error
