#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Load and abuse against a Release server: slow readers, huge filters, entity and depth uploads,
# a connection flood and slowloris, each for SECONDS (default 10) while /healthz is probed; see
# bench/abuse.mjs. Prints, per case, /healthz p50/p99/max and the server's memory before, at its
# peak and after. Goal: /healthz p99 under 100 ms throughout every case. Exits 0 either way.
#
#   bench/abuse.sh [SECONDS]     (make build first)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x build/samverka ]] || { echo "build the Release binary first: make build" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)"  # the flood needs descriptors on the client side too
exec node bench/abuse.mjs "${1:-10}"
