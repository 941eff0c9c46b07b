"""How long the release server takes to start on a graph-data folder: from
launch to its first answer, the wait of an entity asked for at once (its
mentions are still being searched for), until /health says the mentions
are ready, and the server's peak RSS.

    python3 benches/start.py [DATA_DIR] [RUNS]   # default target/bench-graphs/large-1, 3 runs

Polls with a new connection every 50 ms from one Python
process, so that the polling takes next to nothing from the two cores the
server loads on (curl in a shell loop took a second of the load's time).
Build first with `cargo build --release`; honours CARGO_TARGET_DIR, and
CLAIMGRAPH_BIN=path runs that binary instead.
"""

import http.client
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("CLAIMGRAPH_BENCH_PORT", "18081"))


def get(path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    try:
        conn.request("GET", path)
        return conn.getresponse().read()
    finally:
        conn.close()


def health() -> dict:
    return json.loads(get("/health"))


def first_entity(data: Path) -> str:
    """The id of the first entity of entities.json, read from its head."""
    with open(data / "entities.json", encoding="utf-8") as f:
        head = f.read(1 << 16)
    return re.search(r'"id"\s*:\s*"([^"]+)"', head).group(1)


def start_once(binary: Path, data: Path) -> str:
    launched = time.time()
    server = subprocess.Popen(
        [binary, "serve", "--data", data, "--addr", f"127.0.0.1:{PORT}"],
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            if server.poll() is not None:
                sys.exit(f"the server exited with {server.returncode}")
            try:
                first = health()
                break
            except OSError:
                time.sleep(0.05)
        up = time.time() - launched
        entity = first_entity(data)
        asked = time.time()
        get(f"/api/v1/entities/{entity}?limit=1")
        waited = time.time() - asked
        # A server from before 2026-11-28 says nothing: it answered only
        # once the mentions were found.
        while health().get("mentions", "ready") != "ready":
            time.sleep(0.05)
        ready = time.time() - launched
        with open(f"/proc/{server.pid}/status") as status:
            peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM"))
        return (
            f"first answer {up:.2f} s (mentions {first.get('mentions', 'ready')}); "
            f"an entity asked then answered in {waited:.2f} s; "
            f"mentions ready {ready:.2f} s; peak {peak // 1024} MiB"
        )
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target/bench-graphs/large-1"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    binary = Path(
        os.environ.get("CLAIMGRAPH_BIN")
        or Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release/claimgraph"
    )
    for _ in range(runs):
        print(start_once(binary, data), flush=True)


if __name__ == "__main__":
    main()
