#!/usr/bin/env bash
# HTTP throughput of the release server with wrk: entity lookup and depth-1
# neighborhood, 2 threads and 64 connections over loopback, on a generated
# graph. Each request asks about a different entity, cycling through the
# centers the latency bench sampled (queries.tsv).
#
#   benches/load.sh [size] [seconds]     # size: tiny|small|medium|large, default small
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-small}
seconds=${2:-20}
dir=target/bench-graphs/$size-1
port=${CLAIMGRAPH_BENCH_PORT:-18080}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet
[ -f "$dir/.complete" ] || { target/release/claimgraph generate --size "$size" --seed 1 --out "$dir" && touch "$dir/.complete"; }
[ -f "$dir/queries.tsv" ] || CLAIMGRAPH_BENCH_SIZES=$size cargo bench --quiet --bench latency >/dev/null

target/release/claimgraph serve --data "$dir" --addr "127.0.0.1:$port" 2>/dev/null &
server=$!
trap 'kill $server' EXIT
until curl -sf "http://127.0.0.1:$port/api/v1/entities?q=a&limit=1" >/dev/null; do sleep 0.5; done
echo "server pid $server, peak RSS so far $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"

run() {
  local name=$1 suffix=$2
  awk -F'\t' -v s="$suffix" '$1 == "center" { print "/api/v1/entities/" $2 s }' "$dir/queries.tsv" > target/wrk-paths.txt
  echo "== $name ($size, ${seconds}s, 2 threads, 64 connections)"
  wrk -t2 -c64 -d"${seconds}s" --latency -s benches/wrk-paths.lua "http://127.0.0.1:$port" \
    | grep -E "Requests/sec|Latency |  50%|  99%|Socket errors|Non-2xx"
}
run "entity lookup" ""
run "depth-1 neighborhood" "/neighborhood?depth=1"
