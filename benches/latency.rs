//! Per-query latency percentiles (p50, p99, max) for every query kind, and
//! the time to load: the figures the scale targets are stated in, which
//! criterion's means do not give.
//!
//! `cargo bench --bench latency` prints one table per size of
//! `CLAIMGRAPH_BENCH_SIZES` and writes the entities and pairs it queried to
//! `target/bench-graphs/<size>-1/queries.tsv`, so that `benches/peers/` asks
//! the other engines exactly the same questions.

mod common;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use claimgraph::generate::Size;
use claimgraph::query::neighborhood::neighborhood;
use claimgraph::query::paths::k_shortest_paths;
use claimgraph::query::search::{scan, search};

fn percentiles(mut times: Vec<Duration>) -> String {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    format!(
        "{:>10.1?} {:>10.1?} {:>10.1?}",
        at(0.5),
        at(0.99),
        times[times.len() - 1]
    )
}

fn time<T>(mut f: impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    std::hint::black_box(f());
    start.elapsed()
}

fn main() {
    let n = if common::measuring() { 2_000 } else { 20 };
    for size in common::sizes() {
        let dir = common::dir(size);
        let start = Instant::now();
        let graph = common::graph(size);
        let load = start.elapsed();
        // Found after load, as the server does beside serving.
        let start = Instant::now();
        graph.index_mentions();
        let mentions = start.elapsed();
        let centers = common::sample(&graph, n);
        let pairs = common::pairs(&graph, n);
        let mut tsv = String::new();
        for &c in &centers {
            let _ = writeln!(tsv, "center\t{}", graph.entity_at(c).id);
        }
        for &(a, b) in &pairs {
            let _ = writeln!(
                tsv,
                "pair\t{}\t{}",
                graph.entity_at(a).id,
                graph.entity_at(b).id
            );
        }
        std::fs::write(dir.join("queries.tsv"), tsv).expect("writes queries.tsv");

        println!(
            "\n{} ({} entities, {} claims): loaded in {load:.2?}, mentions found in {mentions:.2?} more",
            size.as_str(),
            graph.entities().len(),
            graph.claim_count()
        );
        println!("{:<16} {:>10} {:>10} {:>10}", "query", "p50", "p99", "max");
        let row = |name: &str, times: Vec<Duration>| {
            println!("{name:<16} {}", percentiles(times));
        };
        // The scan reads every name, about a second at `large`: fewer of
        // them keep those runs short.
        let searches = 200;
        let scans = match size {
            Size::Large => 20,
            _ => searches / 4,
        };
        let names: Vec<String> = centers[..centers.len().min(searches)]
            .iter()
            .map(|&c| graph.entity_at(c).name.to_string())
            .collect();
        row(
            "search exact",
            names
                .iter()
                .map(|q| time(|| search(&graph, q, None)))
                .collect(),
        );
        let typos: Vec<String> = names
            .iter()
            .map(|q| {
                let mut chars: Vec<char> = q.chars().collect();
                let len = chars.len();
                chars.swap(len - 2, len - 3);
                chars.into_iter().collect()
            })
            .collect();
        row(
            "search typo",
            typos
                .iter()
                .map(|q| time(|| search(&graph, q, None)))
                .collect(),
        );
        // The scan every search did before the name index, for comparison.
        for (name, queries) in [("scan exact", &names), ("scan typo", &typos)] {
            row(
                name,
                queries
                    .iter()
                    .take(scans)
                    .map(|q| time(|| scan(&graph, q, None)))
                    .collect(),
            );
        }
        println!(
            "claims: {:.1} bytes each in their columns",
            graph.claim_bytes() as f64 / graph.claim_count().max(1) as f64
        );
        println!(
            "entities: {:.1} bytes each in their columns",
            graph.entities().heap_bytes() as f64 / graph.entities().len().max(1) as f64
        );
        let index = graph.names();
        println!(
            "name index: {} names, {:.1} bytes each ({:.1} of folded text)",
            index.len(),
            index.heap_bytes() as f64 / index.len() as f64,
            index.text_bytes() as f64 / index.len() as f64
        );
        for depth in [1, 2] {
            let params = common::neighborhood_params(depth);
            row(
                &format!("{depth}-hop"),
                centers
                    .iter()
                    .map(|&c| time(|| neighborhood(&graph, c, &params)))
                    .collect(),
            );
        }
        for (name, limit) in [("shortest path", 1), ("k=5 paths", 5)] {
            let params = common::path_params(limit);
            let k = if limit == 1 {
                pairs.len()
            } else {
                pairs.len().min(200)
            };
            row(
                name,
                pairs[..k]
                    .iter()
                    .map(|&(a, b)| time(|| k_shortest_paths(&graph, a, b, &params)))
                    .collect(),
            );
        }
    }
}
