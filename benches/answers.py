#!/usr/bin/env python3
"""Dumps the answers of a claimgraph server on the bundled graph, to check
that a refactor changed none of them.

    benches/answers.py BINARY OUT.json     # start BINARY, ask, write answers
    diff <(jq . before.json) <(jq . after.json)

Asks every entity, its neighborhood (JSON, Cytoscape, SVG), claims pages,
searches, paths between pairs, sources, predicates, the graph in each
format, and a few bad requests: a few hundred requests. Each answer is
kept as status, media type and a hash of its body.
"""
import hashlib, json, socket, subprocess, sys, time, urllib.error, urllib.request

binary, out = sys.argv[1], sys.argv[2]
data = json.load(open("graph-data/entities.json"))
claims = json.load(open("graph-data/claims.json"))
sources = json.load(open("graph-data/sources.json"))
ids = [e["id"] for e in data]

sock = socket.socket(); sock.bind(("127.0.0.1", 0)); port = sock.getsockname()[1]; sock.close()
server = subprocess.Popen([binary, "serve", "--data", "graph-data", "--addr", f"127.0.0.1:{port}"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = f"http://127.0.0.1:{port}"
try:
    for _ in range(200):
        try:
            if json.load(urllib.request.urlopen(base + "/health")).get("mentions") == "ready":
                break
        except Exception:
            pass
        time.sleep(0.1)
    paths = ["/health", "/api/v1/openapi.json", "/api/v1/predicates", "/api/v1/sources",
             "/api/v1/context.jsonld", "/", "/api/v1/claims", "/api/v1/claims?limit=500",
             "/api/v1/entities", "/api/v1/entities?limit=500"]
    for fmt in ["json", "cytoscape", "graphml", "gexf", "dot", "jsonld", "turtle", "ntriples", "nquads", "bogus", ""]:
        paths.append(f"/api/v1/graph?format={fmt}")
    for s in sources:
        paths += [f"/api/v1/sources/{s['id']}", f"/api/v1/sources/{s['id']}/text"]
    for i in ids:
        paths += [f"/api/v1/entities/{i}", f"/api/v1/entities/{i}/neighborhood",
                  f"/api/v1/claims?entity={i}"]
    for i in ids[:20]:
        paths += [f"/api/v1/entities/{i}/neighborhood?depth=2&format=cytoscape",
                  f"/api/v1/entities/{i}/neighborhood.svg", f"/api/v1/entities/{i}/neighborhood?status=alleged"]
    for c in claims[:40]:
        paths.append(f"/api/v1/claims/{c['id']}")
    for q in ["budenz", "stalin", "siqueros", "jacson", "mexico", "gpu", "x", "browder earl", ""]:
        paths.append(f"/api/v1/entities?q={q}")
    for a, b in zip(ids[:15], ids[15:30]):
        paths += [f"/api/v1/paths?from={a}&to={b}", f"/api/v1/paths?from={a}&to={b}&k=5&max_hops=4",
                  f"/api/v1/paths.svg?from={a}&to={b}"]
    paths += ["/api/v1/entities/nobody", "/api/v1/claims/none", "/api/v1/paths?from=stalin",
              "/api/v1/entities?limit=-1", "/api/v1/claims?status=maybe", "/nowhere"]
    answers = {}
    for p in paths:
        try:
            r = urllib.request.urlopen(base + p.replace(" ", "%20"))
            status, kind, body = r.status, r.headers.get("content-type"), r.read()
        except urllib.error.HTTPError as e:
            status, kind, body = e.code, e.headers.get("content-type"), e.read()
        answers[p] = [status, kind, hashlib.sha256(body).hexdigest()]
    json.dump(answers, open(out, "w"), indent=1, sort_keys=True)
    print(f"{len(answers)} answers written to {out}")
finally:
    server.terminate()
