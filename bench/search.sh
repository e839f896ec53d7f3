#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark: search over a 1,000,000-dataset demo catalogue. 200 fixed queries
# (bench/search-queries.txt: 1-4 words, Swedish and English, a third with facet filters, all
# asking for 5 facets), one client at a time, against in the same run:
#   (a) the same queries in-process, straight on the Xapian index (the limit), and
#   (b) PostgreSQL full-text search over the same datasets (tsvector + GIN, facets by GROUP BY).
# Facets past 20,000 matches are counted over a sample of at least 20,000 and scaled (flagged
# facets_are_estimates); the in-process run is repeated with exact=true to show what counting
# every match costs. Also times a full reindex. Goals: HTTP p50 <= 1.5x raw Xapian; >= 10x faster than
# PostgreSQL at p50; full reindex of 1M datasets under 10 minutes.
#
#   bench/search.sh     (after make build; scripts/install-deps --bench)
# Environment: DATASETS (1000000), ROUNDS (3), BENCH_DIR (bench/out), PGPORT (18432),
#              SKIP_REINDEX (set: reuse the index instead of timing a full rebuild)
set -euo pipefail
cd "$(dirname "$0")/.."

DATASETS=${DATASETS:-1000000}
ROUNDS=${ROUNDS:-3}
OUT=${BENCH_DIR:-bench/out}
export PGPORT=${PGPORT:-18432}
BIN=build/samverka
QUERIES=bench/search-queries.txt
[[ -x $BIN && -x build/samverka_search_bench ]] || { echo "build first: make build" >&2; exit 1; }

mkdir -p "$OUT"
DATA="$OUT/data-$DATASETS"
if [[ ! -f $DATA/samverka.db ]]; then
  echo "== building a $DATASETS-dataset demo folder"
  /usr/bin/time -f "demo load and first index: %e s, peak RSS %M KB" "$BIN" init "$DATA" --demo "$DATASETS"
fi

if [[ -z ${SKIP_REINDEX:-} ]]; then
  echo "== full reindex"
  /usr/bin/time -f "reindex: %e s, peak RSS %M KB" "$BIN" reindex --data "$DATA" 2>&1 | grep -v '^[0-9]*/[0-9]*$'
fi

cleanup() {
  [[ -n ${SAMVERKA_PID:-} ]] && kill "$SAMVERKA_PID" 2>/dev/null || true
  [[ -n ${PG_STARTED:-} ]] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" stop -m fast > /dev/null 2>&1 || true
}
trap cleanup EXIT

"$BIN" serve --data "$DATA" --listen 127.0.0.1:0 > "$OUT/search-serve.log" 2>&1 &
SAMVERKA_PID=$!
for _ in $(seq 200); do grep -q listening "$OUT/search-serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[^ ]*' "$OUT/search-serve.log" || true)
if [[ -z $URL ]]; then
  echo "samverka serve did not start (is another server using $DATA?):" >&2
  cat "$OUT/search-serve.log" >&2
  exit 1
fi

# One client, one query at a time, on a keep-alive connection; timed like the in-process run.
# (wrk's percentiles over a mixed query list proved unreliable at one connection.)
echo "== HTTP: $ROUNDS rounds over the 200 queries, one at a time"
read -r H_P50 H_P99 H_QPS H_HITS < <(build/samverka_search_bench "$URL" "$QUERIES" "$ROUNDS")
kill "$SAMVERKA_PID"; wait "$SAMVERKA_PID" 2>/dev/null || true; SAMVERKA_PID=

echo "== raw Xapian, in process, $ROUNDS rounds"
read -r R_P50 R_P99 R_QPS R_HITS < <(build/samverka_search_bench "$DATA" "$QUERIES" "$ROUNDS")
# The same with every match counted (exact=true), as PostgreSQL's GROUP BY does.
echo "== raw Xapian, in process, exact counts, $ROUNDS rounds"
sed 's/$/\&exact=true/' "$QUERIES" > "$OUT/search-queries-exact.txt"
read -r E_P50 E_P99 E_QPS E_HITS < <(build/samverka_search_bench "$DATA" "$OUT/search-queries-exact.txt" "$ROUNDS")

echo "== PostgreSQL full-text search"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA="$PWD/$OUT/pg"
if [[ ! -f $PGDATA/PG_VERSION ]]; then
  mkdir -p "$PGDATA" && chown postgres "$PGDATA"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA" --auth=trust -E UTF8 --locale=C.UTF-8 > /dev/null
fi
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/log" -w \
  -o "-p $PGPORT -k /tmp -c shared_buffers=2GB -c work_mem=64MB -c max_wal_size=8GB -c jit=off" start > /dev/null
PG_STARTED=1
(cd bench && [[ -d node_modules/pg ]] || npm install --no-audit --no-fund --loglevel=error)
LOADED=$(runuser -u postgres -- "$PG_BIN/psql" -h /tmp -p "$PGPORT" -tAc "SELECT count(*) FROM datasets" 2>/dev/null || echo 0)
PUBLIC=$(sqlite3 "$DATA/samverka.db" "SELECT count(*) FROM datasets WHERE state = 'published' AND private = 0")
if [[ $LOADED != "$PUBLIC" ]]; then
  # The same public datasets, exported straight from the SQLite file (loading is not measured).
  echo "   loading $PUBLIC datasets into PostgreSQL"
  sqlite3 -separator $'\t' "$DATA/samverka.db" < bench/search_pg_export.sql > "$OUT/pg-datasets.tsv"
  runuser -u postgres -- "$PG_BIN/psql" -q -h /tmp -p "$PGPORT" -v ON_ERROR_STOP=1 -f bench/search_pg_schema.sql \
    -c "\\copy datasets (id, title_sv, title_en, description_sv, description_en, keywords, themes, publisher, formats, licenses, access_rights, modified) FROM '$PWD/$OUT/pg-datasets.tsv'" \
    -f bench/search_pg_index.sql
fi
read -r P_P50 P_P99 P_QPS < <(node bench/search_pg.mjs run "$QUERIES" "$ROUNDS")

printf "%-22s %10s %10s %12s\n" "" "p50 ms" "p99 ms" "queries/s"
printf "%-22s %10.2f %10.2f %12.1f\n" "samverka over HTTP" "$H_P50" "$H_P99" "$H_QPS"
printf "%-22s %10.2f %10.2f %12.1f\n" "raw Xapian in process" "$R_P50" "$R_P99" "$R_QPS"
printf "%-22s %10.2f %10.2f %12.1f\n" "  with exact counts" "$E_P50" "$E_P99" "$E_QPS"
printf "%-22s %10.2f %10.2f %12.1f\n" "PostgreSQL FTS" "$P_P50" "$P_P99" "$P_QPS"
awk -v h="$H_P50" -v r="$R_P50" 'BEGIN { printf "HTTP p50 / raw Xapian p50: %.2f (goal <= 1.5)\n", h / r }'
awk -v h="$H_P50" -v p="$P_P50" 'BEGIN { printf "PostgreSQL p50 / HTTP p50: %.1f (goal >= 10)\n", p / h }'
awk -v e="$E_P50" -v p="$P_P50" 'BEGIN { printf "PostgreSQL p50 / exact-count Xapian p50: %.1f\n", p / e }'
