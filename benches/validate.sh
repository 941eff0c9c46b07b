#!/usr/bin/env bash
# Load time and peak memory of the release binary on a bench graph:
# `claimgraph validate` reads, validates and indexes the whole folder, as the
# server does before its first answer (the mentions, which the server finds
# after that, beside serving, are not searched for; benches/start.py times
# them). Prints, for each run, the wall and user time, the peak RSS, and the
# peak beyond the texts (the files under sources/) per claim, the figure the
# memory target is stated in.
#
#   benches/validate.sh [size] [runs]     # size: tiny|small|medium|large, default small; 3 runs
#
# With PHASES=1, each run also prints the load's phase log
# (RUST_LOG=claimgraph=debug: time, resident and peak memory after each phase).
# Honours CARGO_TARGET_DIR for the binary; the graphs stay under ./target.
# CLAIMGRAPH_BIN=path uses that binary and skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-small}
runs=${2:-3}
dir=target/bench-graphs/$size-1
bin=${CLAIMGRAPH_BIN:-${CARGO_TARGET_DIR:-target}/release/claimgraph}

[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 1; }
[ -n "${CLAIMGRAPH_BIN:-}" ] || cargo build --release --quiet
[ -f "$dir/.complete" ] || { "$bin" generate --size "$size" --seed 1 --out "$dir" && touch "$dir/.complete"; }

texts=$(find "$dir/sources" -type f -printf '%s\n' | awk '{ n += $1 } END { print n + 0 }')
out=target/validate-$size.txt
echo "== claimgraph validate $dir ($runs runs; texts $texts bytes)"
for _ in $(seq "$runs"); do
  if [ "${PHASES:-}" = 1 ]; then
    RUST_LOG=claimgraph=debug /usr/bin/time -v -o "$out.time" "$bin" validate "$dir" > "$out" 2> "$out.log"
    sed 's/\x1b\[[0-9;]*m//g; s/^/   /' "$out.log"
  else
    /usr/bin/time -v -o "$out.time" "$bin" validate "$dir" > "$out"
  fi
  claims=$(grep -oE '[0-9]+ claims' "$out" | head -1 | cut -d' ' -f1)
  awk -v texts="$texts" -v claims="$claims" '
    /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); wall = (n == 3 ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2]) }
    /User time/ { user = $NF }
    /System time/ { sys = $NF }
    /Maximum resident set size/ { peak = $NF * 1024 }
    END {
      printf "wall %.2f s (user %.2f s, system %.2f s), peak RSS %.0f MiB, %.0f B a claim beyond the texts\n",
        wall, user, sys, peak / 1048576, (peak - texts) / claims
    }' "$out.time"
done
