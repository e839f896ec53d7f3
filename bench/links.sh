#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark: link checks of 10,000 URLs (5,000 datasets, an access and a download URL each)
# spread over 100 loopback web sites, by `samverka quality run`, at the configured politeness
# (links.per_host_per_second = 2, links.concurrency = 8). The ceiling is what politeness
# allows: sites x 2 URLs/s; the figure is URLs/s, and its share of that ceiling. Then the same
# run again, with nothing due (each URL waits a day), which only scores.
#
#   bench/links.sh        (after make build)
# Environment: DATASETS (5000), SITES (100), BENCH_DIR (bench/out).
set -euo pipefail
cd "$(dirname "$0")/.."
DATASETS=${DATASETS:-5000}
SITES=${SITES:-100}
OUT=${BENCH_DIR:-bench/out}
BIN=build/samverka
[[ -x $BIN ]] || { echo "build first: make build" >&2; exit 1; }
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

FIRST=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
FIRST=$(( (FIRST % 20000) + 30000 ))  # a run of free-looking ports above it
python3 bench/link_sites.py "$SITES" "$FIRST" > "$OUT/link-sites.log" 2>&1 &
SITES_PID=$!
trap 'kill $SITES_PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sfI "http://127.0.0.1:$FIRST/x" > /dev/null && break; sleep 0.1; done

TTL="$OUT/links-catalogue.ttl"
python3 - "$DATASETS" "$SITES" "$FIRST" > "$TTL" <<'PY'
import sys
count, sites, first = map(int, sys.argv[1:])
print("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n@prefix dct: <http://purl.org/dc/terms/> .")
for i in range(count):
    port = first + i % sites
    print(f"""<https://bench.example.se/d/{i}> a dcat:Dataset ;
  dct:title "Länkar {i}"@sv ; dct:description "Datamängd {i}."@sv ;
  dcat:distribution [ a dcat:Distribution ;
    dcat:accessURL <http://127.0.0.1:{port}/a/{i}> ;
    dcat:downloadURL <http://127.0.0.1:{port}/d/{i}.csv> ;
    dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ] .""")
PY
DATA="$OUT/data-links"
rm -rf "$DATA"
"$BIN" init "$DATA" > /dev/null
sed -i -e 's/^# allow_private_addresses = false/allow_private_addresses = true/' "$DATA/samverka.toml"
"$BIN" org add bench --name-sv "Bänken" --data "$DATA" > /dev/null
"$BIN" import "$TTL" --format turtle --publisher bench --data "$DATA" > /dev/null

measure() {  # NAME: one quality run; leaves "seconds peak_kb" in $OUT/links-NAME.txt
  /usr/bin/time -f "%e %M" -o "$OUT/links-$1.txt" "$BIN" quality run --json --data "$DATA" \
    > "$OUT/links-$1.json" 2> "$OUT/links-$1.log"
  python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(sys.argv[2] + ":", r["links"], r["datasets"], "datasets,", r["points"], "points")' \
    "$OUT/links-$1.json" "$1"
}
measure checks
measure none-due
read -r checks_s checks_kb < "$OUT/links-checks.txt"
read -r none_s _ < "$OUT/links-none-due.txt"
URLS=$(( DATASETS * 2 ))
awk -v u="$URLS" -v s="$SITES" -v cs="$checks_s" -v ck="$checks_kb" -v ns="$none_s" 'BEGIN {
  ceiling = s * 2
  printf "link checks:  %d URLs in %.2f s = %.1f URLs/s; politeness ceiling %d URLs/s (%d sites x 2/s): %.0f %% of it; peak %.0f MB\n", u, cs, u / cs, ceiling, s, 100 * (u / cs) / ceiling, ck / 1024
  printf "nothing due:  %.2f s (scoring %d datasets)\n", ns, u / 2 }'
