"""Asks igraph, networkx and Kùzu the questions claimgraph's latency bench
asked (the same centers and pairs, from queries.tsv) and prints p50/p99 for
each next to claimgraph's, with the ratio peer p50 / claimgraph p50.

    python peers.py CSV_DIR QUERIES_TSV CLAIMGRAPH_LATENCY_OUTPUT

The peers answer on an undirected view of the claims (what claimgraph walks
with walk=both and no filter). Their 2-hop set is the whole set;
claimgraph's stops at the API's default limit of 100 nodes. Their shortest
path is unbounded (Kùzu's stops at its 30-hop cap); claimgraph's stops at 4
hops.

Kùzu runs in a child process (`peers.py kuzu CSV_DIR QUERIES_TSV DB_DIR`),
so that its peak RSS is its own: it bulk-loads the CSV files with COPY FROM
into an on-disk database, then answers with parameterized Cypher queries.
"""

import csv
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

UNITS = {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1.0}


def claimgraph_figures(path: Path) -> dict:
    """query -> (p50, p99) in seconds, from the last table of the output."""
    figures = {}
    pattern = re.compile(r"^(\S.*?)\s+([\d.]+)(ns|µs|ms|s)\s+([\d.]+)(ns|µs|ms|s)\s+")
    for line in path.read_text(encoding="utf-8").splitlines():
        m = pattern.match(line)
        if m:
            figures[m.group(1).strip()] = (
                float(m.group(2)) * UNITS[m.group(3)],
                float(m.group(4)) * UNITS[m.group(5)],
            )
    return figures


def percentiles(times):
    times = sorted(times)
    at = lambda q: times[round((len(times) - 1) * q)]
    return at(0.5), at(0.99)


# Seconds one peer may spend on one kind of query before it stops and is
# measured on the queries it answered (Kùzu's shortest paths at `large`
# ran past 25 minutes and 13 GiB of memory, and were killed).
BUDGET = float(os.environ.get("PEERS_BUDGET_S", "300"))


def timed(f, items):
    """p50, p99 and how many of `items` were answered within BUDGET."""
    out = []
    began = time.perf_counter()
    for item in items:
        start = time.perf_counter()
        f(item)
        out.append(time.perf_counter() - start)
        if start - began > BUDGET:
            break
    return (*percentiles(out), len(out))


def show(seconds):
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.1f} {unit}"
    return f"{seconds / 1e-9:.0f} ns"


def read_nodes(csv_dir: Path) -> dict:
    index = {}
    with open(csv_dir / "nodes.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            index[row["id"]] = int(row["index"])
    return index


def read_queries(queries: Path, index: dict):
    centers, pairs = [], []
    for line in queries.read_text(encoding="utf-8").splitlines():
        kind, *ids = line.split("\t")
        if kind == "center":
            centers.append(index[ids[0]])
        else:
            pairs.append((index[ids[0]], index[ids[1]]))
    return centers, pairs


def kuzu_child(csv_dir: Path, queries: Path, db_dir: Path) -> None:
    """Loads the CSV files into a fresh Kùzu database, asks the questions,
    and prints one JSON object: version, load seconds, peak RSS, figures."""
    import kuzu

    centers, pairs = read_queries(queries, read_nodes(csv_dir))
    shutil.rmtree(db_dir, ignore_errors=True)
    db_dir.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    conn = kuzu.Connection(kuzu.Database(str(db_dir)))
    conn.execute("CREATE NODE TABLE Entity(idx INT64, id STRING, PRIMARY KEY (idx))")
    conn.execute("CREATE REL TABLE Claim(FROM Entity TO Entity, status STRING)")
    nodes = (csv_dir / "nodes.csv").resolve().as_posix()
    edges = (csv_dir / "edges.csv").resolve().as_posix()
    conn.execute(f"COPY Entity FROM '{nodes}' (HEADER=true)")
    conn.execute(f"COPY Claim FROM '{edges}' (HEADER=true)")
    load = time.perf_counter() - start

    def ask(query):
        # Kùzu caches the plan of a parameterized query itself.
        return lambda params: conn.execute(query, params).get_all()

    one_hop = ask("MATCH (a:Entity {idx: $c})-[:Claim]-(b:Entity) RETURN DISTINCT b.idx")
    two_hop = ask("MATCH (a:Entity {idx: $c})-[:Claim*1..2]-(b:Entity) RETURN DISTINCT b.idx")
    path = ask(
        "MATCH p = (a:Entity {idx: $s})-[:Claim* SHORTEST 1..30]-(b:Entity {idx: $t}) "
        "RETURN length(p)"
    )
    figures = {}
    # One line after each kind of query, so that what was measured survives
    # the child being stopped.
    for kind, ask_one, items in (
        ("1-hop", lambda c: one_hop({"c": c}), centers),
        ("2-hop", lambda c: two_hop({"c": c}), centers),
        ("shortest path", lambda p: path({"s": p[0], "t": p[1]}), pairs),
    ):
        figures[kind] = timed(ask_one, items)
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({
            "version": kuzu.__version__,
            "load": load,
            "peak_mib": peak_kib / 1024,
            "figures": figures,
        }), flush=True)


def kuzu_results(csv_dir: Path, queries: Path) -> dict:
    """Kùzu's figures from a child process, or None when it is missing."""
    db_dir = csv_dir.parent / (csv_dir.name + "-kuzu")
    child = subprocess.run(
        [sys.executable, __file__, "kuzu", str(csv_dir), str(queries), str(db_dir)],
        capture_output=True, text=True,
    )
    shutil.rmtree(db_dir, ignore_errors=True)
    lines = [l for l in child.stdout.splitlines() if l.startswith("{")]
    if child.returncode != 0:
        print(f"kuzu: stopped ({child.stderr.strip().splitlines()[-1:]})")
    if not lines:
        return None
    out = json.loads(lines[-1])
    print(
        f"kuzu {out['version']}: COPY FROM the CSV files in {out['load']:.2f} s, "
        f"peak RSS {out['peak_mib']:.0f} MiB"
    )
    return out["figures"]


def main(csv_dir: Path, queries: Path, ours: Path) -> None:
    index = read_nodes(csv_dir)
    edges = []
    with open(csv_dir / "edges.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            edges.append((int(row["source"]), int(row["target"])))
    centers, pairs = read_queries(queries, index)

    results = {}
    kuzu = kuzu_results(csv_dir, queries)
    import igraph
    import networkx

    start = time.perf_counter()
    g = igraph.Graph(n=len(index), edges=edges, directed=False).simplify()
    load = time.perf_counter() - start
    print(f"igraph {igraph.__version__}: built in {load:.2f} s")
    results["igraph"] = {
        "1-hop": timed(lambda c: set(g.neighbors(c)), centers),
        "2-hop": timed(lambda c: set(g.neighborhood(c, order=2)), centers),
        "shortest path": timed(lambda p: g.get_shortest_path(p[0], p[1]), pairs),
    }
    start = time.perf_counter()
    n = networkx.Graph()
    n.add_nodes_from(range(len(index)))
    n.add_edges_from(edges)
    load = time.perf_counter() - start
    print(f"networkx {networkx.__version__}: built in {load:.2f} s")

    def nx_path(p):
        try:
            networkx.bidirectional_shortest_path(n, p[0], p[1])
        except networkx.NetworkXNoPath:
            pass

    def nx_two_hop(c):
        found = set(n[c])
        for v in list(found):
            found.update(n[v])
        return found

    results["networkx"] = {
        "1-hop": timed(lambda c: set(n[c]), centers),
        "2-hop": timed(nx_two_hop, centers),
        "shortest path": timed(nx_path, pairs),
    }

    if kuzu is not None:
        results["kuzu"] = kuzu

    cg = claimgraph_figures(ours)
    print(f"\n{len(centers)} centers, {len(pairs)} pairs, {len(index)} nodes, {len(edges)} edges")
    print(f"{'query':<14} {'claimgraph p50 (p99)':>22} " + " ".join(
        f"{peer + ' p50 (p99)':>24} {'ratio':>7}" for peer in results))
    asked = {"1-hop": len(centers), "2-hop": len(centers), "shortest path": len(pairs)}
    cut = []
    for query in ("1-hop", "2-hop", "shortest path"):
        ours50, ours99 = cg[query]
        line = f"{query:<14} {show(ours50) + ' (' + show(ours99) + ')':>22} "
        for peer in results:
            if query not in results[peer]:
                line += f"{'—':>24} {'':>7} "
                continue
            p50, p99, answered = results[peer][query]
            mark = "*" if answered < asked[query] else ""
            line += f"{mark + show(p50) + ' (' + show(p99) + ')':>24} {p50 / ours50:>6.2f}x "
            if mark:
                cut.append(f"{peer} {query}: {answered} of {asked[query]} in the {BUDGET:g} s budget")
        print(line)
    print("\nratio: the peer's p50 over claimgraph's; above 1 means claimgraph is faster.")
    for line in cut:
        print(f"* {line}")


if __name__ == "__main__":
    if sys.argv[1] == "kuzu":
        kuzu_child(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
