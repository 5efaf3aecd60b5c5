#!/usr/bin/env bash
# Install what noticelint needs to build and test on Debian 12, idempotently.
# Only packages that are missing are installed, so a second run is a no-op.
set -euo pipefail

pkgs=(build-essential cmake pkgconf libpcre2-dev libyaml-dev libjansson-dev
      libxlsxwriter-dev zlib1g-dev libzip-dev libxml2-dev libcriterion-dev)
# Extra groups: "ci" for the tools .ci/run uses (xmllint, node for schema
# checks, unzip to read back audit workbooks, the pre-commit framework for
# the hook test); "browser" for the headless browser that renders the
# audit HTML report (chromium, about 100 MB, and a CJK font so the
# screenshot shows Chinese).
for extra in "$@"; do
    case "$extra" in
        ci) pkgs+=(valgrind libxml2-utils unzip nodejs pre-commit)
            # npm comes with some nodejs builds (NodeSource's); Debian's is separate.
            command -v npm > /dev/null || pkgs+=(npm) ;;
        browser) pkgs+=(chromium fonts-wqy-microhei) ;;
        # Real writers for the .docx tests: LibreOffice converts fixtures
        # (with real list numbering) and pandoc converts plain text.
        office) pkgs+=(libreoffice-writer-nogui pandoc) ;;
        # libFuzzer and the sanitizers' runtime for ci/fuzz.sh (clang 14 on Debian 12)
        fuzz) pkgs+=(clang libclang-rt-dev) ;;
        *) echo "deps.sh: unknown group '$extra'" >&2; exit 2 ;;
    esac
done

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
