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


def records(path: Path, chunk: int = 1 << 22):
    """Each element of the JSON array of objects in `path`, decoded a chunk
    of the file at a time: claims.json at `large` is 2.7 GB, which
    json.load would hold as some 20 GB of Python objects."""
    decoder = json.JSONDecoder()
    with open(path, encoding="utf-8") as f:
        buf = f.read(chunk)
        pos = buf.index("[") + 1
        while True:
            while True:
                while pos < len(buf) and buf[pos] in " \t\r\n,":
                    pos += 1
                if pos < len(buf):
                    break
                buf, pos = f.read(chunk), 0
                if not buf:
                    raise ValueError(f"{path}: the array is not closed")
            if buf[pos] == "]":
                return
            try:
                value, pos = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError:
                more = f.read(chunk)
                if not more:
                    raise
                buf, pos = buf[pos:] + more, 0
                continue
            yield value


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
    edges = 0
    with open(out / "edges.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", "status"])
        for c in records(data / "claims.json"):
            w.writerow([index[c["subject"]], index[c["object"]], c["status"]])
            edges += 1
    print(f"{len(entities)} nodes, {edges} edges -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
