#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark: read latency while a synchronous RDF import of 20,000 datasets holds the writer.
# The reference is the same server idle, measured in the same run with the same wrk load:
# GET /api/v1/organizations and GET /api/v1/datasets/{id}, each by its own wrk (one thread),
# first with nothing else going on, then for exactly the length of a POST /api/v1/import of a
# generated Turtle file (wrk is stopped with SIGINT when the import answers). Prints p50/p99/max
# for both phases, the ratio during/idle at p99, the import's time, and whether the goal is met.
# Goal: p99 during the import under a few ms (< 5 ms). Exits 0 either way.
#
#   bench/reads_during_import.sh     (make build and scripts/install-deps --bench first)
# Environment: IMPORT_DATASETS (20000), IDLE_DURATION (5s), CONNECTIONS (2 per endpoint, so 4 in
#              all), SAMVERKA_THREADS (empty: the server's default, one per core), GOAL_MS (5).
set -euo pipefail
cd "$(dirname "$0")/.."

IMPORT_DATASETS=${IMPORT_DATASETS:-20000}
IDLE_DURATION=${IDLE_DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-2}
SAMVERKA_THREADS=${SAMVERKA_THREADS:-}
GOAL_MS=${GOAL_MS:-5}
BIN=build/samverka

[[ -x $BIN ]] || { echo "build the Release binary first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: scripts/install-deps --bench" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/samverka-reads-during-import-XXXXXX")
DATA="$WORK/data"
cleanup() {
  for pid in ${WRK_PIDS:-} ${IMPORT_PID:-} ${SAMVERKA_PID:-}; do kill "$pid" 2>/dev/null || true; done
  [[ -n ${SAMVERKA_PID:-} ]] && wait "$SAMVERKA_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== data folder, sysadmin token and a $IMPORT_DATASETS-dataset Turtle file in $WORK"
"$BIN" init "$DATA" > /dev/null
"$BIN" user add root --email root@example.se --sysadmin --data "$DATA" > /dev/null
TOKEN=$("$BIN" token create root --name bench --data "$DATA" | tail -1)

turtle() {  # n -> a catalogue of n datasets with one publisher, like bigTurtle in the tests
  awk -v n="$1" 'BEGIN {
    print "@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> ."
    print "<https://example.se/org/x> <http://xmlns.com/foaf/0.1/name> \"Exempelmyndigheten\"@sv ."
    for (i = 0; i < n; i++)
      printf "<https://example.se/big/%d> a dcat:Dataset ; dct:title \"Stor %d\"@sv ; dct:description \"Stor fil %d.\"@sv ; dct:publisher <https://example.se/org/x> .\n", i, i, i
  }'
}
turtle "$IMPORT_DATASETS" > "$WORK/big.ttl"
turtle 1 > "$WORK/one.ttl"  # its first dataset: imported beforehand, so that there is one to read
echo "import file: $(du -k "$WORK/big.ttl" | cut -f1) KB, $IMPORT_DATASETS datasets"

"$BIN" serve --data "$DATA" --listen 127.0.0.1:0 ${SAMVERKA_THREADS:+--threads "$SAMVERKA_THREADS"} \
  > "$WORK/serve.log" 2>&1 &
SAMVERKA_PID=$!
for _ in $(seq 200); do grep -q 'listening on' "$WORK/serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[^ ]*' "$WORK/serve.log" || true)
[[ -n $URL ]] || { echo "the server did not start:" >&2; cat "$WORK/serve.log" >&2; exit 1; }
echo "server: $URL (threads: ${SAMVERKA_THREADS:-default})"

import() {  # file -> the HTTP status; the answer body goes to $WORK/import.json
  curl -s -o "$WORK/import.json" -w '%{http_code}' -X POST -H 'content-type: text/turtle' \
    -H "authorization: Bearer $TOKEN" --data-binary @"$1" "$URL/api/v1/import"
}
status=$(import "$WORK/one.ttl")
[[ $status == 201 ]] || { echo "the small import answered $status:" >&2; head -c 500 "$WORK/import.json" >&2; exit 1; }
DATASET_ID=$(curl -s "$URL/api/v1/datasets?limit=1" | node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).items[0].id))')
ENDPOINTS=(organizations "datasets/$DATASET_ID")
NAMES=(organizations dataset)

# Starts one wrk per endpoint in the background; sets WRK_PIDS. $1 names the phase, $2 the duration.
start_wrk() {
  WRK_PIDS=""
  for i in "${!ENDPOINTS[@]}"; do
    wrk -t1 -c"$CONNECTIONS" -d"$2" --latency "$URL/api/v1/${ENDPOINTS[$i]}" > "$WORK/wrk-$1-${NAMES[$i]}.txt" 2>&1 &
    WRK_PIDS="$WRK_PIDS $!"
  done
}
wait_wrk() { for pid in $WRK_PIDS; do wait "$pid" || true; done; WRK_PIDS=""; }
ms() {  # wrk's "727.00us" / "1.31ms" / "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v);
    else if (v ~ /m$/) { sub(/m$/, "", v); v *= 60000 } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; print v }'
}
stats() {  # phase name -> "requests p50_ms p99_ms max_ms errors"
  local file="$WORK/wrk-$1-$2.txt" errors
  errors=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i } END { print n + 0 }' "$file")
  echo "$(awk '/requests in/ { print $1 }' "$file") $(ms "$(awk '$1 == "50%" { print $2 }' "$file")")" \
    "$(ms "$(awk '$1 == "99%" { print $2 }' "$file")") $(ms "$(awk '$1 == "Latency" && NF == 5 { print $4 }' "$file")") $errors"
}

echo "== warm-up (1 s), then idle: wrk -t1 -c$CONNECTIONS -d$IDLE_DURATION on each endpoint at once"
start_wrk warmup 1s; wait_wrk
start_wrk idle "$IDLE_DURATION"; wait_wrk

echo "== during the import: the same, from the POST until its answer"
started=$(date +%s.%N)
import "$WORK/big.ttl" > "$WORK/import.status" &
IMPORT_PID=$!
start_wrk import 3600s
wait "$IMPORT_PID" || true
ended=$(date +%s.%N)
IMPORT_PID=""
for pid in $WRK_PIDS; do kill -INT "$pid" 2>/dev/null || true; done  # wrk reports what it has on SIGINT
wait_wrk
IMPORT_STATUS=$(cat "$WORK/import.status")
TOTAL=$(curl -s -H "authorization: Bearer $TOKEN" "$URL/api/v1/datasets?limit=1" \
  | node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).total))')
SUMMARY=$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const s=r.summary||{};console.log(`${r.status}: created ${s.created}, unchanged ${s.unchanged}, rejected ${s.rejected}`)' "$WORK/import.json" 2>/dev/null || echo "unreadable answer")
IMPORT_S=$(awk -v s="$started" -v e="$ended" 'BEGIN { printf "%.2f", e - s }')

echo
printf "%-13s %-7s %9s %9s %9s %9s %7s\n" endpoint phase requests "p50 ms" "p99 ms" "max ms" errors
met=MET
for name in "${NAMES[@]}"; do
  read -r idle_n idle_p50 idle_p99 idle_max idle_err < <(stats idle "$name")
  read -r load_n load_p50 load_p99 load_max load_err < <(stats import "$name")
  printf "%-13s %-7s %9s %9.3f %9.3f %9.3f %7s\n" "$name" idle "$idle_n" "$idle_p50" "$idle_p99" "$idle_max" "$idle_err"
  printf "%-13s %-7s %9s %9.3f %9.3f %9.3f %7s\n" "$name" import "$load_n" "$load_p50" "$load_p99" "$load_max" "$load_err"
  awk -v n="$name" -v i="$idle_p99" -v l="$load_p99" 'BEGIN { printf "%-13s p99 ratio during import / idle: %.2f\n", n, l / i }'
  awk -v l="$load_p99" -v g="$GOAL_MS" 'BEGIN { exit !(l < g) }' || met="NOT MET"
  [[ $load_err == 0 && $idle_err == 0 ]] || met="NOT MET"
done
echo
echo "import: HTTP $IMPORT_STATUS in $IMPORT_S s ($SUMMARY); then GET /api/v1/datasets?limit=1 total $TOTAL (expected $IMPORT_DATASETS)"
[[ $IMPORT_STATUS == 201 && $TOTAL == "$IMPORT_DATASETS" ]] || { echo "import check: FAILED"; met="NOT MET"; }
echo "goal: p99 during import under a few ms (< $GOAL_MS ms): $met"
