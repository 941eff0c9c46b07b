"""Converts a graph-data folder to the CSV files the peer engines load.

    python convert.py DATA_DIR OUT_DIR

writes OUT_DIR/nodes.csv (index,id) and OUT_DIR/edges.csv (source,target,
status), one row per claim, entities numbered in file order like
claimgraph's own positions.
"""

import csv
import json
import sys
from pathlib import Path


def main(data: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(data / "entities.json", encoding="utf-8") as f:
        entities = json.load(f)
    index = {e["id"]: i for i, e in enumerate(entities)}
    with open(out / "nodes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["index", "id"])
        for e in entities:
            w.writerow([index[e["id"]], e["id"]])
    with open(data / "claims.json", encoding="utf-8") as f:
        claims = json.load(f)
    with open(out / "edges.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", "status"])
        for c in claims:
            w.writerow([index[c["subject"]], index[c["object"]], c["status"]])
    print(f"{len(entities)} nodes, {len(claims)} edges -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
