#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark: the datastore against PostgreSQL, in the same run. A generated CSV of 1,000,000 rows
# (~95 MB) as Swedish agencies export it (Windows-1252, ';', decimal commas, spaces between
# thousands; bench/make_datastore_csv.py) is loaded with `samverka datastore load` (sniffing,
# two passes, typed table, indexes on integer and date columns, the full-text index for q), and
# the same rows - in the form COPY reads - with COPY into a typed PostgreSQL table followed by
# the same indexes (B-tree on the integer and date columns, GIN on the text columns'
# tsvector), which is what CKAN's xloader does. Then four queries, each the median of 5, over
# HTTP against psql on the same machine: a filtered aggregate, a sorted page deep in the table,
# a full-text filter, and a 32,000-row CSV page.
# Goals: ingest at least as fast as COPY plus indexes; each query no slower than PostgreSQL's;
# the load's peak RSS under 300 MB.
#
#   bench/datastore.sh      (after make build; scripts/install-deps --bench)
# Environment: ROWS (1000000), BENCH_DIR (bench/out), PGPORT (18433)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
OUT=${BENCH_DIR:-bench/out}
export PGPORT=${PGPORT:-18433}
BIN=build/samverka
[[ -x $BIN ]] || { echo "build first: make build" >&2; exit 1; }
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

SWEDISH="$OUT/datastore-$ROWS.csv"
PLAIN="$OUT/datastore-$ROWS-copy.csv"
if [[ ! -f $SWEDISH || ! -f $PLAIN ]]; then
  python3 bench/make_datastore_csv.py "$ROWS" "$SWEDISH" "$PLAIN"
fi
echo "source: $(du -m "$SWEDISH" | cut -f1) MB, $ROWS rows"

cleanup() {
  [[ -n ${SAMVERKA_PID:-} ]] && kill "$SAMVERKA_PID" 2>/dev/null || true
  [[ -n ${PG_STARTED:-} ]] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" stop -m fast > /dev/null 2>&1 || true
}
trap cleanup EXIT

DATA="$OUT/data-datastore"
rm -rf "$DATA"
"$BIN" init "$DATA" --demo 1 > /dev/null
DISTRIBUTION=$(sqlite3 "$DATA/samverka.db" "SELECT json_extract(document, '\$.distributions[0].id') FROM datasets LIMIT 1")

echo "== samverka datastore load"
/usr/bin/time -f "%e %M" -o "$OUT/datastore-load.txt" \
  "$BIN" datastore load "$DISTRIBUTION" "$SWEDISH" --data "$DATA" > "$OUT/datastore-load.log" 2>&1
grep -E '^loaded|^  ' "$OUT/datastore-load.log" | head -12
read -r LOAD_S LOAD_KB < "$OUT/datastore-load.txt"

echo "== PostgreSQL COPY and indexes"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA="$OUT/pg-datastore"
rm -rf "$PGDATA"
mkdir -p "$PGDATA" && chown postgres "$PGDATA"
runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA" --auth=trust -E UTF8 --locale=C.UTF-8 > /dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/log" -w \
  -o "-p $PGPORT -k /tmp -c shared_buffers=512MB -c work_mem=64MB -c maintenance_work_mem=256MB -c max_wal_size=8GB -c jit=off" start > /dev/null
PG_STARTED=1
chmod o+r "$PLAIN"
psql_run() { runuser -u postgres -- "$PG_BIN/psql" -q -h /tmp -p "$PGPORT" -v ON_ERROR_STOP=1 "$@"; }
START=$(date +%s.%N)
psql_run <<SQL
CREATE TABLE rows (_id bigserial PRIMARY KEY, kod text, kommun text, ar integer, datum date,
  kategori text, befolkning integer, andel double precision, beskrivning text);
COPY rows (kod, kommun, ar, datum, kategori, befolkning, andel, beskrivning) FROM '$PLAIN' (FORMAT csv);
CREATE INDEX ON rows (ar);
CREATE INDEX ON rows (datum);
CREATE INDEX ON rows (befolkning);
CREATE INDEX rows_text ON rows USING gin (to_tsvector('simple', kod || ' ' || kommun || ' ' || kategori || ' ' || beskrivning));
ANALYZE rows;
SQL
END=$(date +%s.%N)
PG_LOAD_S=$(echo "$END - $START" | bc)

"$BIN" serve --data "$DATA" --listen 127.0.0.1:0 > "$OUT/datastore-serve.log" 2>&1 &
SAMVERKA_PID=$!
for _ in $(seq 200); do grep -q listening "$OUT/datastore-serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[^ ]*' "$OUT/datastore-serve.log")

# The median of 5 timings (seconds) of a command.
median() {
  local times=()
  for _ in 1 2 3 4 5; do
    local start end
    start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n 3p
}
query() { curl -sf -o /dev/null "$URL/api/v1/datastore/$DISTRIBUTION$1"; }
pg() { psql_run -c "$1"; }
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

declare -A OURS THEIRS
OURS[aggregate]=$(median query "?select=$(enc 'Kommun, sum(Befolkning) as folk, count(*) as n')&where=$(enc 'År = 2020')&group=Kommun&order=$(enc 'folk desc')&limit=1000")
THEIRS[aggregate]=$(median pg "SELECT kommun, sum(befolkning) AS folk, count(*) AS n FROM rows WHERE ar = 2020 GROUP BY kommun ORDER BY folk DESC LIMIT 1000")
OURS[deep_page]=$(median query "?order=$(enc 'Befolkning desc')&offset=900000&limit=100")
THEIRS[deep_page]=$(median pg "SELECT * FROM rows ORDER BY befolkning DESC OFFSET 900000 LIMIT 100")
OURS[full_text]=$(median query "?q=$(enc 'Tranås fåglar')&limit=100&total=true")
THEIRS[full_text]=$(median pg "SELECT *, count(*) OVER () FROM rows WHERE to_tsvector('simple', kod || ' ' || kommun || ' ' || kategori || ' ' || beskrivning) @@ plainto_tsquery('simple', 'Tranås fåglar') LIMIT 100")
OURS[csv_page]=$(median query ".csv?limit=32000&offset=100000")
THEIRS[csv_page]=$(median pg "COPY (SELECT * FROM rows ORDER BY _id OFFSET 100000 LIMIT 32000) TO STDOUT (FORMAT csv, HEADER)")

printf 'ingest:      samverka %6.2f s (%6.0f rows/s, peak %4.0f MB)   PostgreSQL COPY + indexes %6.2f s (%6.0f rows/s)   ratio %.2f (goal <= 1)\n' \
  "$LOAD_S" "$(echo "$ROWS / $LOAD_S" | bc -l)" "$(echo "$LOAD_KB / 1024" | bc -l)" "$PG_LOAD_S" "$(echo "$ROWS / $PG_LOAD_S" | bc -l)" "$(echo "$LOAD_S / $PG_LOAD_S" | bc -l)"
for name in aggregate deep_page full_text csv_page; do
  printf '%-12s samverka %7.1f ms   PostgreSQL %7.1f ms   ratio %.2f (goal <= 1)\n' "$name:" \
    "$(echo "${OURS[$name]} * 1000" | bc -l)" "$(echo "${THEIRS[$name]} * 1000" | bc -l)" \
    "$(echo "${OURS[$name]} / ${THEIRS[$name]}" | bc -l)"
done
echo "(queries: the median of 5, over HTTP with curl against psql -c, each a process of its own)"
