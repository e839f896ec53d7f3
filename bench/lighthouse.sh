#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Lighthouse scores (accessibility, SEO, best practices, performance) of the home, search and
# dataset pages in both languages, with Debian's Chromium, on a demo catalogue served by the
# Release binary. Goals: accessibility 100, SEO 100, best practices >= 95.
#
#   bench/lighthouse.sh        (after make build; installs the pinned lighthouse from bench/package.json)
# Environment: DATASETS (2000), BENCH_DIR (bench/out).
set -euo pipefail
cd "$(dirname "$0")/.."

DATASETS=${DATASETS:-2000}
OUT=${BENCH_DIR:-bench/out}
BIN=build/samverka
[[ -x $BIN ]] || { echo "build the Release binary first: make build" >&2; exit 1; }
[[ -x bench/node_modules/.bin/lighthouse ]] || (cd bench && npm install --no-audit --no-fund --loglevel=error)

mkdir -p "$OUT"
DATA="$OUT/lighthouse-$DATASETS"
[[ -f $DATA/samverka.db ]] || "$BIN" init "$DATA" --demo "$DATASETS" > /dev/null
cleanup() { [[ -n ${SAMVERKA_PID:-} ]] && kill "$SAMVERKA_PID" 2>/dev/null || true; }
trap cleanup EXIT
"$BIN" serve --data "$DATA" --listen 127.0.0.1:0 > "$OUT/lighthouse-serve.log" 2>&1 &
SAMVERKA_PID=$!
for _ in $(seq 300); do grep -q listening "$OUT/lighthouse-serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[^ ]*' "$OUT/lighthouse-serve.log")
SLUG=$(curl -s "$URL/api/v1/datasets?limit=1" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items[0].slug))')

printf "%-28s %14s %5s %15s %12s\n" page accessibility SEO "best practices" performance
for path in /sv/ /en/ "/sv/datasets?q=vatten" "/en/datasets?q=water" "/sv/datasets/$SLUG" "/en/datasets/$SLUG"; do
  CHROME_PATH=/usr/bin/chromium bench/node_modules/.bin/lighthouse "$URL$path" --quiet \
    --chrome-flags="--headless=new --no-sandbox" --output=json --output-path="$OUT/lighthouse.json" \
    --only-categories=accessibility,seo,best-practices,performance > /dev/null 2>&1 || true
  node -e '
    const r = require(process.argv[1]);
    const score = (name) => r.categories[name] ? Math.round(r.categories[name].score * 100) : "-";
    const shown = process.argv[2].replace(/datasets\/[^?]*$/, "datasets/{slug}");
    console.log(shown.padEnd(28), String(score("accessibility")).padStart(14), String(score("seo")).padStart(5),
      String(score("best-practices")).padStart(15), String(score("performance")).padStart(12));
    for (const [name, category] of Object.entries(r.categories)) {
      if (name === "performance") continue;
      for (const ref of category.auditRefs) {
        const audit = r.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) console.log("    " + name + ": " + ref.id + " (" + audit.title + ")");
      }
    }' "$PWD/$OUT/lighthouse.json" "$path"
done
