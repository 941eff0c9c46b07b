#!/usr/bin/env bash
# HTTP throughput of the release server with wrk: entity lookup and depth-1
# neighborhood, 2 threads and 64 connections over loopback, on a generated
# graph. Each request asks about a different entity, cycling through the
# centers the latency bench sampled (queries.tsv); then entity lookups,
# depth-1 neighborhoods and an entity's claims (/api/v1/claims?entity=)
# cycling through 100,000 entities, too many for the answer cache, so that
# the answers are built from the graph; then /health, which does no work:
# the machine's line for a small answer. Then, in the same run,
# the Oxigraph server answers the same 1-hop question over SPARQL
# (benches/oxigraph.sh; skipped when Oxigraph is not installed), and the
# ratio of the two is printed.
#
#   benches/load.sh [size] [seconds]     # size: tiny|small|medium|large, default small
#
# Honours CARGO_TARGET_DIR for the binary; the graphs stay under ./target.
# CLAIMGRAPH_BIN=path uses that binary and skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-small}
seconds=${2:-20}
dir=target/bench-graphs/$size-1
port=${CLAIMGRAPH_BENCH_PORT:-18080}
bin=${CLAIMGRAPH_BIN:-${CARGO_TARGET_DIR:-target}/release/claimgraph}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -n "${CLAIMGRAPH_BIN:-}" ] || cargo build --release --quiet
[ -f "$dir/.complete" ] || { "$bin" generate --size "$size" --seed 1 --out "$dir" && touch "$dir/.complete"; }
[ -f "$dir/queries.tsv" ] || CLAIMGRAPH_BENCH_SIZES=$size cargo bench --quiet --bench latency >/dev/null

"$bin" serve --data "$dir" --addr "127.0.0.1:$port" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null' EXIT
# Measured once every answer is ready: the server answers from the moment
# the graph is loaded, but searches the sources for mentions beside
# serving for a while after.
until curl -sf "http://127.0.0.1:$port/health" | grep -q '"mentions":"ready"'; do sleep 0.5; done
echo "server pid $server, peak RSS so far $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"

declare -A rate
# Requests for the sampled centers, each with the suffix.
centers() {
  awk -F'\t' -v s="${1:-}" '$1 == "center" { print "/api/v1/entities/" $2 s }' "$dir/queries.tsv"
}
# Requests for 100,000 entities (all of them, when fewer) in a fixed
# shuffled order: more than the server's answer cache holds, so most are
# answered from the graph, not from the cache. Each is the prefix, the id,
# then the suffix.
many() {
  grep -o '"id":"[^"]*"' "$dir/entities.json" | cut -d'"' -f4 |
    shuf -n 100000 --random-source=<(yes) |
    awk -v p="${1:-/api/v1/entities/}" -v s="${2:-}" '{ print p $0 s }'
}
run() {
  local name=$1 paths=$2 out
  $paths > target/wrk-paths.txt
  echo "== $name ($size, ${seconds}s, 2 threads, 64 connections)"
  out=$(wrk -t2 -c64 -d"${seconds}s" --latency -s benches/wrk-paths.lua "http://127.0.0.1:$port")
  echo "$out" | grep -E "Requests/sec|Latency |  50%|  99%|Socket errors|Non-2xx"
  rate[$name]=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
}
run "entity lookup" "centers"
run "depth-1 neighborhood" "centers /neighborhood?depth=1"
run "entity lookup, 100,000 entities" "many"
run "depth-1 neighborhood, 100,000 entities" "many /api/v1/entities/ /neighborhood?depth=1"
run "claims of an entity, 100,000 entities" "many /api/v1/claims?entity="
run "health" "echo /health"
kill $server && wait $server 2>/dev/null || true

# The peer runs alone on the cores, as claimgraph did.
status=0
peer=$(benches/oxigraph.sh "$size" "$seconds") || status=$?
echo "$peer" | grep -v "^oxigraph req/s"
if [ "$status" -eq 0 ]; then
  oxigraph=$(echo "$peer" | awk '/^oxigraph req\/s/ {print $3}')
  awk -v a="${rate[depth-1 neighborhood]}" -v b="$oxigraph" \
    'BEGIN { printf "== depth-1 neighborhood: claimgraph %.0f req/s, oxigraph SPARQL 1-hop %.0f req/s: %.1fx\n", a, b, a / b }'
elif [ "$status" -ne 3 ]; then
  echo "oxigraph peer failed (exit $status)" >&2
fi
