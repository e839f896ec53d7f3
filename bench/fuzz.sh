#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Coverage-guided fuzzing of every parser that takes outside input (the libFuzzer targets of
# fuzz/, built with Clang, AddressSanitizer and UndefinedBehaviorSanitizer by `make fuzz`).
# Each target runs a fixed number of executions on a copy of its seed corpus (fuzz/corpus/NAME)
# in a temporary folder, and one line per target says: name, executions, executions per
# second, crashes (0/1), wall time. Crash, leak and timeout reproducers go to bench/out/fuzz/
# (with each target's log); a reproducer reruns with build-fuzz/fuzz/NAME FILE.
# Exits non-zero when any target crashed.
#
#   bench/fuzz.sh [RUNS]        RUNS executions per target (default 10000000)
# Environment: ONLY (space-separated target names), SKIP_BUILD=1 (use build-fuzz as it is),
#              JOBS (build jobs, default 2), FUZZ_FLAGS (more libFuzzer flags, e.g. -dict=FILE);
#              ASAN_OPTIONS=detect_leaks=0 turns leak checks off
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10000000}
OUT=bench/out/fuzz
BIN=build-fuzz/fuzz
# Target and the longest input it is given: a few requests, bodies and query strings are short;
# RDF files hold the largest seeds.
TARGETS=(
  "fuzz_http_request 8192"
  "fuzz_json_body 8192"
  "fuzz_rdf 20000"
  "fuzz_rdf_input_guard 8192"
  "fuzz_ckan_query 2048"
  "fuzz_search_query 1024"
  "fuzz_solr_query 2048"
)

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  make fuzz JOBS="${JOBS:-2}"
fi
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/samverka-fuzz-XXXXXX")
trap 'rm -rf "$WORK"' EXIT

crashed=0
printf '%-22s %12s %10s %8s %9s\n' target executions exec/s crashes wall_s
for entry in "${TARGETS[@]}"; do
  read -r name max_len <<< "$entry"
  if [[ -n ${ONLY:-} && " $ONLY " != *" $name "* ]]; then continue; fi
  [[ -x $BIN/$name ]] || { echo "missing $BIN/$name: build first (make fuzz)" >&2; exit 1; }
  corpus="$WORK/corpus-$name"
  cp -r "fuzz/corpus/$name" "$corpus"
  log="$OUT/$name.log"
  started=$(date +%s.%N)
  status=0
  # The targets' own temporary folders (runtimes, indexes) go under WORK too.
  LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
    TMPDIR="$WORK" "$BIN/$name" "$corpus" -runs="$RUNS" -max_len="$max_len" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$OUT/$name-" ${FUZZ_FLAGS:-} \
    > "$log" 2>&1 ||
    status=$?
  ended=$(date +%s.%N)
  executions=$(awk '/stat::number_of_executed_units:/ { print $2 }' "$log" | tail -1)
  crash=0
  if [[ $status != 0 ]]; then
    crash=1
    crashed=1
  fi
  # Executions per second of wall time, start-up (a runtime, an index) included.
  awk -v n="$name" -v e="${executions:-0}" -v c="$crash" -v s="$started" -v t="$ended" \
    'BEGIN { printf "%-22s %12d %10.0f %8d %9.1f\n", n, e, e / (t - s), c, t - s }'
  if [[ $crash == 1 ]]; then
    grep -m1 -E 'ERROR: |fuzz invariant broken|deadly signal' "$log" | sed 's/^/    /' >&2 || true
    grep -m1 -E 'Test unit written to' "$log" | sed 's/^/    /' >&2 || true
  fi
done
exit $crashed
