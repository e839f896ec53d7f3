#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark: streaming export of a 100,000-dataset catalogue as DCAT-AP-SE RDF, page after page
# as a harvester follows the Hydra next links (1,000 datasets a page), in MB/s; the same pages as
# N-Triples. Goal: Turtle >= 50 MB/s. (The import half of issue 4's benchmark waits for import.)
#
#   bench/rdf.sh        (after make build)
# Environment: DATASETS (100000), PAGE_SIZE (1000), BENCH_DIR (bench/out)
set -euo pipefail
cd "$(dirname "$0")/.."
DATASETS=${DATASETS:-100000}
PAGE_SIZE=${PAGE_SIZE:-1000}
OUT=${BENCH_DIR:-bench/out}
BIN=build/samverka
[[ -x $BIN ]] || { echo "build first: make build" >&2; exit 1; }
mkdir -p "$OUT"
DATA="$OUT/data-$DATASETS"
[[ -f $DATA/samverka.db ]] || "$BIN" init "$DATA" --demo "$DATASETS" > /dev/null

"$BIN" serve --data "$DATA" --listen 127.0.0.1:0 > "$OUT/rdf-serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 200); do grep -q listening "$OUT/rdf-serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[^ ]*' "$OUT/rdf-serve.log")
PUBLIC=$(sqlite3 "$DATA/samverka.db" "SELECT count(*) FROM datasets WHERE state = 'published' AND private = 0")
PAGES=$(( (PUBLIC + PAGE_SIZE - 1) / PAGE_SIZE ))
curl -s "$URL/catalog.ttl?page=1&page_size=$PAGE_SIZE" > /dev/null  # warm-up

for format in ttl nt; do
  started=$(date +%s.%N)
  bytes=0
  for page in $(seq 1 "$PAGES"); do
    size=$(curl -s "$URL/catalog.$format?page=$page&page_size=$PAGE_SIZE" | wc -c)
    bytes=$((bytes + size))
  done
  ended=$(date +%s.%N)
  awk -v f="$format" -v b="$bytes" -v s="$started" -v e="$ended" -v p="$PAGES" -v n="$PUBLIC" \
    'BEGIN { printf "%s: %d datasets in %d pages, %.1f MB in %.2f s = %.1f MB/s\n", f, n, p, b / 1e6, e - s, b / 1e6 / (e - s) }'
done
