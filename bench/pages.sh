#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark: the portal's pages against the JSON API of the same things, in the same run, on a
# 100,000-dataset demo catalogue, with the same wrk load (Accept-Encoding: gzip, as browsers
# send it):
#   dataset page  /sv/datasets/{slug}   vs  GET /api/v1/datasets/{id}    (goal >= 0.5x)
#   search page   /sv/datasets?q=WORDS  vs  GET /api/v1/search?q=WORDS with the same facets,
#                                           facet size and page size     (goal >= 0.7x)
# over the same 2,000 datasets and the queries of bench/search-queries.txt.
#
#   bench/pages.sh            (after make build; scripts/install-deps --bench)
# Environment: DATASETS (100000), IDS (2000), DURATION (15s), CONNECTIONS (16),
#              SAMVERKA_THREADS (2), BENCH_DIR (bench/out).
set -euo pipefail
cd "$(dirname "$0")/.."

DATASETS=${DATASETS:-100000}
IDS=${IDS:-2000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
SAMVERKA_THREADS=${SAMVERKA_THREADS:-2}
OUT=${BENCH_DIR:-bench/out}
BIN=build/samverka

[[ -x $BIN ]] || { echo "build the Release binary first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: scripts/install-deps --bench" >&2; exit 1; }

mkdir -p "$OUT"
DATA="$OUT/data-$DATASETS"
if [[ ! -f $DATA/samverka.db ]]; then
  rm -rf "$DATA"
  echo "== building a $DATASETS-dataset demo folder"
  "$BIN" init "$DATA" --demo "$DATASETS"
fi

cleanup() { [[ -n ${SAMVERKA_PID:-} ]] && kill "$SAMVERKA_PID" 2>/dev/null || true; }
trap cleanup EXIT
"$BIN" serve --data "$DATA" --listen 127.0.0.1:0 --threads "$SAMVERKA_THREADS" > "$OUT/pages-serve.log" 2>&1 &
SAMVERKA_PID=$!
for _ in $(seq 300); do grep -q listening "$OUT/pages-serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[^ ]*' "$OUT/pages-serve.log")

echo "== choosing $IDS datasets"
node - "$URL" "$DATASETS" "$IDS" "$OUT" bench/search-queries.txt <<'JS'
const [url, total, wanted, out, queries] = process.argv.slice(2);
const fs = require('fs');
(async () => {
  const step = Math.max(1, Math.floor(Number(total) / Number(wanted)));
  const picked = [];
  let cursor = null, seen = 0;
  do {
    const page = await (await fetch(`${url}/api/v1/datasets?limit=1000${cursor ? `&cursor=${cursor}` : ''}`)).json();
    for (const item of page.items) {
      if (item.state === 'published' && !item.private && seen++ % step === 0 && picked.length < Number(wanted)) picked.push(item);
    }
    cursor = page.next;
  } while (cursor && picked.length < Number(wanted));
  const words = [...new Set(fs.readFileSync(queries, 'utf8').split('\n')
    .map((line) => new URLSearchParams(line).get('q')).filter(Boolean))];
  const lua = (name, list) => `${name} = {${list.map((item) => JSON.stringify(item)).join(',')}}\n`;
  fs.writeFileSync(`${out}/pages-targets.lua`,
    lua('ids', picked.map((item) => item.id)) + lua('slugs', picked.map((item) => encodeURIComponent(item.slug))) +
    lua('words', words.map((word) => encodeURIComponent(word))));
  console.log(`${picked.length} datasets, ${words.length} queries`);
})();
JS

# One Lua script per target: the same spread over the same list for both sides.
write_script() {  # NAME LIST PATH-PREFIX PATH-SUFFIX
  cat > "$OUT/pages-$1.lua" <<LUA
dofile("$OUT/pages-targets.lua")
local counter = 0
wrk.headers["Accept-Encoding"] = "gzip"
request = function()
  counter = counter + 1
  return wrk.format("GET", "$3" .. $2[(counter * 7919) % #$2 + 1] .. "$4")
end
LUA
}
FACETS="facets=theme%2Cpublisher%2Cformat%2Clicense%2Caccess_rights%2Cfrequency&facet_limit=10&limit=20"
write_script json ids /api/v1/datasets/ ""
write_script page slugs /sv/datasets/ ""
write_script search_json words "/api/v1/search?q=" "&$FACETS"
write_script search_page words "/sv/datasets?q=" ""

run() {  # NAME -> "requests/s p99"
  # Warm up (caches, the facet table), then measure.
  wrk -t1 -c"$CONNECTIONS" -d3s -s "$OUT/pages-$1.lua" "$URL" > /dev/null
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/pages-$1.lua" "$URL" > "$OUT/pages-$1.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/pages-$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$OUT/pages-$1.txt")
  local errors
  errors=$(awk '/Non-2xx/ {print $5}' "$OUT/pages-$1.txt")
  [[ -z $errors ]] || { echo "$1: $errors non-2xx answers" >&2; cat "$OUT/pages-$1.txt" >&2; exit 1; }
  echo "$rps $p99"
}
echo "== wrk, $CONNECTIONS connections, $DURATION each, server with $SAMVERKA_THREADS threads"
read -r J_RPS J_P99 < <(run json)
read -r P_RPS P_P99 < <(run page)
read -r SJ_RPS SJ_P99 < <(run search_json)
read -r SP_RPS SP_P99 < <(run search_page)
SIZE=$(curl -s -H 'Accept-Encoding: gzip' "$URL/sv/datasets/$(sed -n 's/^slugs = {"\([^"]*\)".*/\1/p' "$OUT/pages-targets.lua")" | wc -c)

printf "%-34s %12s %10s\n" "" "requests/s" "p99"
printf "%-34s %12s %10s\n" "GET /api/v1/datasets/{id}" "$J_RPS" "$J_P99"
printf "%-34s %12s %10s\n" "dataset page /sv/datasets/{slug}" "$P_RPS" "$P_P99"
printf "%-34s %12s %10s\n" "GET /api/v1/search?q=..." "$SJ_RPS" "$SJ_P99"
printf "%-34s %12s %10s\n" "search page /sv/datasets?q=..." "$SP_RPS" "$SP_P99"
awk -v p="$P_RPS" -v j="$J_RPS" 'BEGIN { printf "dataset page / JSON read: %.2f (goal >= 0.5)\n", p / j }'
awk -v p="$SP_RPS" -v j="$SJ_RPS" 'BEGIN { printf "search page / search API: %.2f (goal >= 0.7)\n", p / j }'
echo "a dataset page, gzip-compressed: $SIZE bytes"
