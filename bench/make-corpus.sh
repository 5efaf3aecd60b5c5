#!/usr/bin/env bash
# Build the benchmark corpus, deterministically, from the project's own
# fictional fixtures (no network, no randomness):
#   corpus/small/   ~200 notices   (~6 MB)
#   corpus/large/   ~2,000 notices (~60 MB)
#   corpus/single-50mb.txt          one ~50 MB file
#   corpus/size-{1,2,4,8}mb.txt     the size series for the linearity target
# Each derived notice differs: digits in dates and counts are shifted, some
# paragraphs dropped and some repeated, depending on the notice's number.
set -euo pipefail
cd "$(dirname "$0")"
src=../fixtures
out=corpus
rm -rf "$out"
mkdir -p "$out/small" "$out/large"
bases=("$src"/clean-full.txt "$src"/clean-per-aspect.txt "$src"/body-only-level1-problems.txt
       "$src"/defects-numbering.txt "$src"/defects-missing.txt "$src"/defects-dates-contact.txt
       "$src"/minimal.txt)

# derive N: one notice about 30 KB long, varied by N.
derive() {
    local n=$1 base=${bases[$(( $1 % ${#bases[@]} ))]}
    awk -v n="$n" '
        function shift(s,   out, i, c) {
            out = ""
            for (i = 1; i <= length(s); i++) {
                c = substr(s, i, 1)
                if (c ~ /[0-9]/ && (i + n) % 7 == 0) c = (c + n) % 10
                out = out c
            }
            return out
        }
        { lines[NR] = $0 }
        END {
            for (r = 0; r < 5; r++)
                for (i = 1; i <= NR; i++) {
                    if ((i * (n + 1) + r) % 17 == 0) continue        # dropped
                    print shift(lines[i])
                    if ((i + n + r) % 23 == 0) print shift(lines[i])  # repeated
                }
        }' "$base"
}

for i in $(seq 0 199); do derive "$i" > "$out/small/notice-$(printf %04d "$i").txt"; done
for i in $(seq 0 1999); do
    d=$out/large/$(printf %02d $((i / 100)))
    mkdir -p "$d"
    derive "$i" > "$d/notice-$(printf %04d "$i").txt"
done
# One big file and the size series, by concatenating derived notices.
cat_until() { # bytes file
    local want=$1 file=$2 i=0
    : > "$file"
    while [ "$(stat -c %s "$file")" -lt "$want" ]; do
        derive "$i" >> "$file"
        i=$((i + 1))
    done
}
cat_until $((50 * 1024 * 1024)) "$out/single-50mb.txt"
for mb in 1 2 4 8; do   # whole lines only, so no character is cut
    head -c $((mb * 1024 * 1024)) "$out/single-50mb.txt" | head -n -1 > "$out/size-${mb}mb.txt"
done
du -sh "$out/small" "$out/large" "$out/single-50mb.txt" | sed 's/^/  /'
