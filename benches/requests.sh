#!/usr/bin/env bash
# Single requests to the release server on a bench graph, timed with curl
# over loopback (curl's round trip included), once the mentions are ready:
# claim listings that name no entity (every claim is read), a deep page,
# one claim by id, the first page of the entity listing (sorted on first
# use), and 404s for unknown ids (their suggestions are looked up).
# Prints, per request, the status, the size, the first time and the median
# of the next RUNS.
#
#   benches/requests.sh [size] [runs]     # size: tiny|small|medium|large, default small; 5 runs
#
# Honours CARGO_TARGET_DIR for the binary; the graphs stay under ./target.
# CLAIMGRAPH_BIN=path uses that binary and skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-small}
runs=${2:-5}
dir=target/bench-graphs/$size-1
port=${CLAIMGRAPH_BENCH_PORT:-18082}
bin=${CLAIMGRAPH_BIN:-${CARGO_TARGET_DIR:-target}/release/claimgraph}

[ -n "${CLAIMGRAPH_BIN:-}" ] || cargo build --release --quiet
[ -f "$dir/.complete" ] || { "$bin" generate --size "$size" --seed 1 --out "$dir" && touch "$dir/.complete"; }

"$bin" serve --data "$dir" --addr "127.0.0.1:$port" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null' EXIT
until curl -sf "http://127.0.0.1:$port/health" | grep -q '"mentions":"ready"'; do sleep 0.5; done

claims=$(curl -sf "http://127.0.0.1:$port/health" | grep -oE '"claims":[0-9]+' | cut -d: -f2)
echo "== single requests ($size, $claims claims; first, then the median of $runs)"
time_one() {
  curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' "http://127.0.0.1:$port$1"
}
ask() {
  local first rest
  first=$(time_one "$1")
  rest=$(for _ in $(seq "$runs"); do time_one "$1"; done | awk '{ print $3 }' | sort -g |
    awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')
  echo "$first" | awk -v path="$1" -v rest="$rest" \
    '{ if (length(path) > 48) path = substr(path, 1, 24) "... (" length(path) " chars)"
       printf "%-48s %s %9d B  first %7.1f ms  median %7.1f ms\n", path, $1, $2, $3 * 1000, rest * 1000 }'
}
ask "/api/v1/claims?status=alleged"
ask "/api/v1/claims?predicate=agent-of"
ask "/api/v1/claims?status=alleged&predicate=agent-of"
ask "/api/v1/claims?limit=500&offset=$((claims / 2))"
ask "/api/v1/claims/c-$((claims * 5 / 7))"
ask "/api/v1/entities"
ask "/api/v1/entities/e-12345678"
ask "/api/v1/claims/c-123456789"
ask "/api/v1/entities/$(head -c 20000 /dev/zero | tr '\0' e)"   # 20,000 chars: no suggestions
