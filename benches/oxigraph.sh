#!/usr/bin/env bash
# The Oxigraph peer of benches/load.sh: loads claimgraph's own N-Triples
# export of a bench graph into an Oxigraph store and asks its SPARQL endpoint
# the 1-hop question of the depth-1 neighborhood for the same sampled
# entities, with wrk (2 threads, 64 connections, loopback). Prints wrk's
# figures and, last, a line "oxigraph req/s N" that load.sh reads.
#
#   benches/oxigraph.sh SIZE SECONDS
#
# Finds `oxigraph` (oxigraph-cli) on PATH, in $OXIGRAPH or in ~/.cargo/bin.
# Missing, it is built only when CLAIMGRAPH_BENCH_OXIGRAPH=install (cargo
# install oxigraph-cli --locked builds RocksDB, tens of minutes on 2 cores,
# and its bindgen step needs libclang: apt-get install libclang-dev);
# otherwise the peer is skipped with exit code 3, which load.sh reports.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-small}
seconds=${2:-20}
dir=target/bench-graphs/$size-1
port=${CLAIMGRAPH_BENCH_OXIGRAPH_PORT:-17878}
bin=${CLAIMGRAPH_BIN:-${CARGO_TARGET_DIR:-target}/release/claimgraph}
store=target/oxigraph-$size

oxigraph=${OXIGRAPH:-$(command -v oxigraph || true)}
[ -n "$oxigraph" ] || [ ! -x "$HOME/.cargo/bin/oxigraph" ] || oxigraph=$HOME/.cargo/bin/oxigraph
if [ -z "$oxigraph" ] && [ "${CLAIMGRAPH_BENCH_OXIGRAPH:-}" = install ]; then
  cargo install oxigraph-cli --locked && oxigraph=$HOME/.cargo/bin/oxigraph
fi
if [ -z "$oxigraph" ]; then
  echo "oxigraph: skipped, not installed (CLAIMGRAPH_BENCH_OXIGRAPH=install builds it, or set OXIGRAPH=/path/to/oxigraph)" >&2
  exit 3
fi

# The store is built once per graph, from the graph's own RDF export.
if [ ! -f "$store/.complete" ]; then
  rm -rf "$store"
  "$bin" export --format ntriples --data "$dir" --out "target/oxigraph-$size.nt"
  start=$(date +%s%N)
  "$oxigraph" load --location "$store" --file "target/oxigraph-$size.nt" >/dev/null 2>&1
  echo "oxigraph: loaded $(wc -l < "target/oxigraph-$size.nt") triples in" \
    "$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }') s"
  rm -f "target/oxigraph-$size.nt"
  touch "$store/.complete"
fi

# The depth-1 neighborhood's question in SPARQL: every claim with the entity
# at either end, with the claim's predicate and status and the other end
# with its name (claims are reified, as in the export).
python3 - "$dir/queries.tsv" > target/wrk-sparql.txt <<'PY'
import sys, urllib.parse
query = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX schema: <https://schema.org/>
SELECT ?claim ?predicate ?status ?other ?name WHERE {
  { ?claim rdf:subject <urn:claimgraph:entity:ID> ; rdf:object ?other }
  UNION
  { ?claim rdf:object <urn:claimgraph:entity:ID> ; rdf:subject ?other }
  ?claim rdf:predicate ?predicate ; <urn:claimgraph:vocab:status> ?status .
  ?other schema:name ?name .
}"""
for line in open(sys.argv[1], encoding="utf-8"):
    kind, *ids = line.rstrip("\n").split("\t")
    if kind == "center":
        print("/query?query=" + urllib.parse.quote(query.replace("ID", ids[0]), safe=""))
PY

"$oxigraph" serve-read-only --location "$store" --bind "127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 120); do
  curl -sf -H 'Accept: application/sparql-results+json' "http://127.0.0.1:$port$(head -1 target/wrk-sparql.txt)" >/dev/null && break
  sleep 0.5
done
echo "== oxigraph SPARQL 1-hop ($size, ${seconds}s, 2 threads, 64 connections)"
out=$(wrk -t2 -c64 -d"${seconds}s" --latency -s benches/wrk-sparql.lua "http://127.0.0.1:$port")
echo "$out" | grep -E "Requests/sec|Latency |  50%|  99%|Socket errors|Non-2xx"
echo "oxigraph req/s $(echo "$out" | awk '/Requests\/sec/ {print $2}')"
