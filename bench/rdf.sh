#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark, two halves:
# 1. Streaming export of a 100,000-dataset catalogue as DCAT-AP-SE RDF, page after page as a
#    harvester follows the Hydra next links (1,000 datasets a page), in MB/s; the same pages as
#    N-Triples. Goal: Turtle >= 50 MB/s.
# 2. Import of a 10,000-dataset RDF/XML catalogue generated from the demo data (exported, merged
#    into one file by rapper) into a fresh data folder: time and peak memory, against
#    `rapper -c` parsing the same file in the same run (the limit). Goals: <= 2x rapper's time,
#    <= 300 MB peak RSS. Then the same file again (everything unchanged).
#
#   bench/rdf.sh        (after make build)
# Environment: DATASETS (100000), PAGE_SIZE (1000), IMPORT_DATASETS (10000), BENCH_DIR (bench/out),
#              ONLY (export | import: run one half)
set -euo pipefail
cd "$(dirname "$0")/.."
DATASETS=${DATASETS:-100000}
IMPORT_DATASETS=${IMPORT_DATASETS:-10000}
ONLY=${ONLY:-}
PAGE_SIZE=${PAGE_SIZE:-1000}
OUT=${BENCH_DIR:-bench/out}
BIN=build/samverka
[[ -x $BIN ]] || { echo "build first: make build" >&2; exit 1; }
mkdir -p "$OUT"

# Serves DATA in the background; sets URL and PID.
serve() {
  "$BIN" serve --data "$1" --listen 127.0.0.1:0 > "$OUT/rdf-serve.log" 2>&1 &
  PID=$!
  trap 'kill $PID 2>/dev/null || true' EXIT
  for _ in $(seq 200); do grep -q listening "$OUT/rdf-serve.log" && break; sleep 0.1; done
  URL=$(grep -o 'http://[^ ]*' "$OUT/rdf-serve.log")
}
public_count() { sqlite3 "$1/samverka.db" "SELECT count(*) FROM datasets WHERE state = 'published' AND private = 0"; }

if [[ $ONLY != import ]]; then
  DATA="$OUT/data-$DATASETS"
  [[ -f $DATA/samverka.db ]] || "$BIN" init "$DATA" --demo "$DATASETS" > /dev/null
  serve "$DATA"
  PUBLIC=$(public_count "$DATA")
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
      'BEGIN { printf "export %s: %d datasets in %d pages, %.1f MB in %.2f s = %.1f MB/s\n", f, n, p, b / 1e6, e - s, b / 1e6 / (e - s) }'
  done
  kill $PID; wait $PID 2>/dev/null || true
fi

if [[ $ONLY != export ]]; then
  # The file: a demo catalogue's published datasets, exported and merged into one RDF/XML file.
  FILE="$OUT/import-$IMPORT_DATASETS.rdf"
  if [[ ! -f $FILE ]]; then
    SOURCE="$OUT/data-import-source-$IMPORT_DATASETS"
    [[ -f $SOURCE/samverka.db ]] || "$BIN" init "$SOURCE" --demo $((IMPORT_DATASETS * 11 / 10)) > /dev/null
    serve "$SOURCE"
    : > "$OUT/import.nt"
    for page in $(seq 1 $(( (IMPORT_DATASETS + 999) / 1000 ))); do  # whole pages of 1,000
      curl -s "$URL/catalog.nt?page=$page&page_size=1000" >> "$OUT/import.nt"
    done
    kill $PID; wait $PID 2>/dev/null || true
    rapper -q -i ntriples -o rdfxml "$OUT/import.nt" > "$FILE"
    rm -f "$OUT/import.nt"
  fi
  DATASETS_IN_FILE=$(grep -c '<rdf:type rdf:resource="http://www.w3.org/ns/dcat#Dataset"/>' "$FILE" || true)
  echo "import file: $FILE, $(du -m "$FILE" | cut -f1) MB, $DATASETS_IN_FILE datasets"
  measure() {  # runs a command under /usr/bin/time; leaves "seconds peak_kb" in $OUT/time.txt
    if ! /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > "$OUT/measure.log" 2>&1; then
      tail -5 "$OUT/measure.log" >&2
      echo "failed: $*" >&2
      exit 1
    fi
  }
  measure rapper -q -c -i rdfxml "$FILE"
  read -r rapper_s rapper_kb < "$OUT/time.txt"
  TARGET="$OUT/data-import-target"
  rm -rf "$TARGET"
  "$BIN" init "$TARGET" > /dev/null
  measure "$BIN" import "$FILE" --format rdfxml --data "$TARGET"
  read -r import_s import_kb < "$OUT/time.txt"
  grep -E '^(applied|failed|partial)' "$OUT/measure.log"
  measure "$BIN" import "$FILE" --format rdfxml --data "$TARGET"
  read -r again_s again_kb < "$OUT/time.txt"
  grep -E '^(applied|failed|partial)' "$OUT/measure.log"
  awk -v rs="$rapper_s" -v rk="$rapper_kb" -v is="$import_s" -v ik="$import_kb" -v as="$again_s" -v ak="$again_kb" 'BEGIN {
    printf "rapper -c:        %.2f s, peak %.0f MB\n", rs, rk / 1024
    printf "samverka import:  %.2f s, peak %.0f MB  = %.2fx rapper (goal <= 2x, <= 300 MB)\n", is, ik / 1024, is / rs
    printf "import again:     %.2f s, peak %.0f MB  (everything unchanged)\n", as, ak / 1024 }'
fi
