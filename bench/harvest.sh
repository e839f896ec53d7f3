#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark: harvesting a 50,000-dataset RDF/XML source over loopback (a plain HTTP file server,
# which answers conditional GETs as most web servers do) into a fresh data folder with
# `samverka harvest run`, three times: the first run (every dataset created), the unchanged
# source again, and the source with 1 % of its datasets changed. Wall time, datasets/s and
# peak RSS from /usr/bin/time. Goals: peak RSS < 500 MB; the unchanged run < 5 % and the
# 1 %-changed run < 20 % of the first run's time. `rapper -c` on the file is the floor of a re-read.
#
#   bench/harvest.sh        (after make build)
# Environment: DATASETS (50000), CHANGED_PERCENT (1), BENCH_DIR (bench/out).
set -euo pipefail
cd "$(dirname "$0")/.."
DATASETS=${DATASETS:-50000}
CHANGED_PERCENT=${CHANGED_PERCENT:-1}
OUT=${BENCH_DIR:-bench/out}
BIN=build/samverka
[[ -x $BIN ]] || { echo "build first: make build" >&2; exit 1; }
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

SITE="$OUT/harvest-site"
mkdir -p "$SITE"
python3 bench/make_harvest_source.py "$DATASETS" "$SITE/catalog.rdf"
echo "source: $(du -m "$SITE/catalog.rdf" | cut -f1) MB, $DATASETS datasets"
# The floor: reading the same RDF/XML with the same parser library, doing nothing with it.
/usr/bin/time -f "%e %M" -o "$OUT/harvest-rapper.txt" rapper -q -c -i rdfxml "$SITE/catalog.rdf" \
  > /dev/null 2>&1

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$SITE" > "$OUT/harvest-site.log" 2>&1 &
SITE_PID=$!
trap 'kill $SITE_PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sfI "http://127.0.0.1:$PORT/catalog.rdf" > /dev/null && break; sleep 0.1; done

TARGET="$OUT/data-harvest-target"
rm -rf "$TARGET"
"$BIN" init "$TARGET" > /dev/null
sed -i -e 's/^# allow_private_addresses = false/allow_private_addresses = true/' "$TARGET/samverka.toml"
ID=$("$BIN" harvest source add bench "http://127.0.0.1:$PORT/catalog.rdf" --data "$TARGET" |
  sed -n 's/^added harvest source \([^ ]*\).*/\1/p')

measure() {  # NAME: one run; leaves "seconds peak_kb" in $OUT/harvest-NAME.txt
  if ! /usr/bin/time -f "%e %M" -o "$OUT/harvest-$1.txt" \
      "$BIN" harvest run "$ID" --data "$TARGET" > "$OUT/harvest-$1.log" 2>&1; then
    tail -5 "$OUT/harvest-$1.log" >&2
    echo "the $1 run failed" >&2
    exit 1
  fi
  echo "$1: $(grep -E ': (applied|partial|unchanged|failed)' "$OUT/harvest-$1.log" | tail -1)"
}
measure first
measure unchanged
python3 bench/make_harvest_source.py "$DATASETS" "$SITE/catalog.rdf.new" --changed "$CHANGED_PERCENT"
mv "$SITE/catalog.rdf.new" "$SITE/catalog.rdf"
touch -d '+1 minute' "$SITE/catalog.rdf"  # a later Last-Modified, even within the same second
measure changed

read -r first_s first_kb < "$OUT/harvest-first.txt"
read -r same_s same_kb < "$OUT/harvest-unchanged.txt"
read -r changed_s changed_kb < "$OUT/harvest-changed.txt"
read -r rapper_s _ < "$OUT/harvest-rapper.txt"
awk -v n="$DATASETS" -v p="$CHANGED_PERCENT" -v fs="$first_s" -v fk="$first_kb" -v us="$same_s" \
    -v uk="$same_kb" -v cs="$changed_s" -v ck="$changed_kb" -v rs="$rapper_s" 'BEGIN {
  printf "rapper -c:      %7.2f s  = %5.1f %% of the first run (the parse floor of any full re-read)\n", rs, 100 * rs / fs
  printf "first run:      %7.2f s  %6.0f datasets/s  peak %4.0f MB (goal < 500 MB)\n", fs, n / fs, fk / 1024
  printf "unchanged:      %7.2f s  = %5.1f %% of the first (goal < 5 %%), peak %.0f MB\n", us, 100 * us / fs, uk / 1024
  printf "%g %% changed:    %7.2f s  = %5.1f %% of the first (goal < 20 %%), peak %.0f MB\n", p, cs, 100 * cs / fs, ck / 1024 }'
