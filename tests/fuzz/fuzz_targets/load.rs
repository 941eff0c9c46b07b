//! Any bytes as a graph-data folder: the loader loads it or lists problems,
//! and never panics. The input is split at NUL bytes into sources.json,
//! entities.json, predicates.json, claims.json and the text of source `doc`.
#![no_main]

use libfuzzer_sys::fuzz_target;

const FILES: [&str; 5] = ["sources.json", "entities.json", "predicates.json", "claims.json", "sources/doc.txt"];

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let _ = std::fs::create_dir(dir.path().join("sources"));
    for (file, part) in FILES.iter().zip(data.split(|b| *b == 0)) {
        let _ = std::fs::write(dir.path().join(file), part);
    }
    if let Ok(graph) = claimgraph::graph::Graph::load(dir.path()) {
        // What loads is whole: every citation is at its offsets.
        for claim in graph.claims() {
            for cite in &claim.citations {
                let text = &graph.source(&cite.source).expect("cited source").text;
                assert_eq!(claimgraph::text::slice_chars(text, cite.start, cite.end), cite.quote);
            }
        }
    }
});
