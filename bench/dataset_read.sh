#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark: GET /api/v1/datasets/{id} on a 100,000-dataset catalogue, against nginx (one
# worker) serving the very same JSON bytes as static files, in the same run, with the same wrk
# load over the same spread of ids. Prints requests/s and p99 for both and their ratio.
#
#   bench/dataset_read.sh            (make bench builds Release and installs wrk and nginx first)
# Environment: DATASETS (100000), IDS (2000 distinct ids), DURATION (15s), CONNECTIONS (32),
#              SAMVERKA_THREADS (1, like nginx's one worker), BENCH_DIR (bench/out).
set -euo pipefail
cd "$(dirname "$0")/.."

DATASETS=${DATASETS:-100000}
IDS=${IDS:-2000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
SAMVERKA_THREADS=${SAMVERKA_THREADS:-1}
OUT=${BENCH_DIR:-bench/out}
BIN=build/samverka
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

[[ -x $BIN ]] || { echo "build the Release binary first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: scripts/install-deps --bench" >&2; exit 1; }

mkdir -p "$OUT"
DATA="$OUT/data-$DATASETS"
if [[ ! -f $DATA/samverka.db ]]; then
  rm -rf "$DATA"
  echo "== building a $DATASETS-dataset demo folder"
  /usr/bin/time -f "demo load: %e s, peak RSS %M KB" "$BIN" init "$DATA" --demo "$DATASETS"
fi

cleanup() {
  [[ -n ${SAMVERKA_PID:-} ]] && kill "$SAMVERKA_PID" 2>/dev/null || true
  [[ -f $OUT/nginx/nginx.pid ]] && kill "$(cat "$OUT/nginx/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

"$BIN" serve --data "$DATA" --listen 127.0.0.1:0 --threads "$SAMVERKA_THREADS" > "$OUT/serve.log" 2>&1 &
SAMVERKA_PID=$!
for _ in $(seq 100); do grep -q listening "$OUT/serve.log" && break; sleep 0.1; done
SAMVERKA_URL=$(grep -o 'http://[^ ]*' "$OUT/serve.log")

# A spread of ids: every (DATASETS/IDS)-th dataset, walking the list with cursors.
echo "== choosing $IDS ids and copying their JSON for nginx"
rm -rf "$OUT/nginx" && mkdir -p "$OUT/nginx/root/api/v1/datasets" "$OUT/nginx/tmp"
node - "$SAMVERKA_URL" "$DATASETS" "$IDS" "$OUT" <<'JS'
const [url, total, wanted, out] = process.argv.slice(2);
const fs = require('fs');
(async () => {
  const step = Math.max(1, Math.floor(Number(total) / Number(wanted)));
  const ids = [];
  let cursor = null, seen = 0;
  do {
    const page = await (await fetch(`${url}/api/v1/datasets?limit=1000${cursor ? `&cursor=${cursor}` : ''}`)).json();
    for (const item of page.items) { if (seen++ % step === 0 && ids.length < Number(wanted)) ids.push(item.id); }
    cursor = page.next;
  } while (cursor && ids.length < Number(wanted));
  for (const id of ids) {
    const body = Buffer.from(await (await fetch(`${url}/api/v1/datasets/${id}`)).arrayBuffer());
    fs.writeFileSync(`${out}/nginx/root/api/v1/datasets/${id}`, body);
  }
  fs.writeFileSync(`${out}/ids.lua`, `ids = {${ids.map((id) => `"${id}"`).join(',')}}\n`);
  console.log(`${ids.length} ids, mean body ${Math.round(ids.reduce((s, id) => s + fs.statSync(`${out}/nginx/root/api/v1/datasets/${id}`).size, 0) / ids.length)} bytes`);
})();
JS

cat > "$OUT/spread.lua" <<LUA
dofile("$OUT/ids.lua")
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/api/v1/datasets/" .. ids[(counter * 7919) % #ids + 1])
end
LUA

cat > "$OUT/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $PWD/$OUT/nginx/nginx.pid;
error_log $PWD/$OUT/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $PWD/$OUT/nginx/tmp;
  proxy_temp_path $PWD/$OUT/nginx/tmp;
  fastcgi_temp_path $PWD/$OUT/nginx/tmp;
  uwsgi_temp_path $PWD/$OUT/nginx/tmp;
  scgi_temp_path $PWD/$OUT/nginx/tmp;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:18089;
    root $PWD/$OUT/nginx/root;
    default_type application/json;
    etag on;
  }
}
NGINX
"$NGINX" -c "$PWD/$OUT/nginx/nginx.conf"
sleep 0.5
NGINX_URL=http://127.0.0.1:18089

run() {  # name url -> prints "requests/s p99_ms"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/spread.lua" "$2" > "$OUT/wrk-$1.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$1.txt")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$OUT/wrk-$1.txt")
  if grep -q "Non-2xx" "$OUT/wrk-$1.txt"; then echo "$1: non-2xx answers:" >&2; grep Non-2xx "$OUT/wrk-$1.txt" >&2; fi
  echo "$rps $p99"
}

echo "== warming both"
wrk -t1 -c4 -d2s -s "$OUT/spread.lua" "$SAMVERKA_URL" > /dev/null
wrk -t1 -c4 -d2s -s "$OUT/spread.lua" "$NGINX_URL" > /dev/null

echo "== wrk -t1 -c$CONNECTIONS -d$DURATION, $IDS ids"
read -r S_RPS S_P99 < <(run samverka "$SAMVERKA_URL")
read -r N_RPS N_P99 < <(run nginx "$NGINX_URL")
printf "%-10s %12s %10s\n" server "requests/s" "p99 ms"
printf "%-10s %12.0f %10.2f\n" samverka "$S_RPS" "$S_P99"
printf "%-10s %12.0f %10.2f\n" nginx "$N_RPS" "$N_P99"
awk -v s="$S_RPS" -v n="$N_RPS" 'BEGIN { printf "throughput ratio samverka/nginx: %.2f (goal >= 1.0)\n", s / n }'
awk -v s="$S_P99" -v n="$N_P99" 'BEGIN { printf "p99 ratio samverka/nginx: %.2f\n", s / n }'
