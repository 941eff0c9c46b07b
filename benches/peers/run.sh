#!/usr/bin/env bash
# One run, one machine: generates (or reuses) one bench graph, measures
# claimgraph's latency bench on it, exports it to CSV and asks igraph,
# networkx and Kùzu (in a venv under target/) the same questions, printing
# ratios. Kùzu is skipped, not fatal, when it cannot be installed.
#
#   benches/peers/run.sh [size]     # tiny|small|medium|large, default small
set -euo pipefail
cd "$(dirname "$0")/../.."
size=${1:-small}
venv=target/peers-venv
if ! "$venv/bin/python" -c "import igraph, networkx" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check igraph networkx
fi
"$venv/bin/python" -c "import kuzu" 2>/dev/null \
  || "$venv/bin/pip" install --quiet --disable-pip-version-check kuzu \
  || echo "kuzu could not be installed: it is left out of the table" >&2
CLAIMGRAPH_BENCH_SIZES=$size cargo bench --quiet --bench latency | tee target/peers-claimgraph-$size.txt
dir=target/bench-graphs/$size-1
"$venv/bin/python" benches/peers/convert.py "$dir" "target/peers-csv-$size"
"$venv/bin/python" benches/peers/peers.py "target/peers-csv-$size" "$dir/queries.tsv" "target/peers-claimgraph-$size.txt"
