#!/usr/bin/env bash
# Install what noticelint needs to build and test on Debian 12, idempotently.
# Only packages that are missing are installed, so a second run is a no-op.
set -euo pipefail

pkgs=(build-essential cmake pkgconf libpcre2-dev libyaml-dev libjansson-dev
      libcriterion-dev)
# Extra groups: pass "ci" for the tools .ci/run uses (xmllint, node for schema checks).
for extra in "$@"; do
    case "$extra" in
        ci) pkgs+=(libxml2-utils) ;;
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
