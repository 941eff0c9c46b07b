//! The graph factory the benches share: named sizes, generated once into
//! `target/bench-graphs/` and loaded from there.
//!
//! `cargo bench` runs the sizes listed in `CLAIMGRAPH_BENCH_SIZES` (comma
//! separated: tiny, small, medium, large; default `small`). Under `cargo test`
//! (no `--bench` argument) every bench runs once at `tiny`, to keep it
//! compiling and correct.

#![allow(dead_code)] // Each bench uses its own part of the factory.

use std::path::PathBuf;

use claimgraph::generate::{Size, generate};
use claimgraph::graph::{EntityIx, Graph};
use claimgraph::query::neighborhood::{NeighborhoodParams, Walk};
use claimgraph::query::paths::{DEFAULT_WORK_BUDGET, PathParams};

/// A neighborhood as the API asks for it by default (both ways, 100 nodes).
pub fn neighborhood_params(depth: usize) -> NeighborhoodParams {
    NeighborhoodParams {
        depth,
        walk: Walk::Both,
        filter: Default::default(),
        types: Vec::new(),
        limit: 100,
    }
}

/// Up to `limit` paths as the API asks for them by default (at most 4 hops).
pub fn path_params(limit: usize) -> PathParams {
    PathParams {
        max_length: 4,
        limit,
        filter: Default::default(),
        avoid: Vec::new(),
        work_budget: DEFAULT_WORK_BUDGET,
    }
}

/// The seed of every bench graph.
pub const SEED: u64 = 1;

/// Whether cargo asked for measurements (`cargo bench`) rather than a test run.
pub fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The sizes to run at.
pub fn sizes() -> Vec<Size> {
    if !measuring() {
        return vec![Size::Tiny];
    }
    let wanted = std::env::var("CLAIMGRAPH_BENCH_SIZES").unwrap_or_else(|_| "small".into());
    wanted
        .split(',')
        .map(|s| {
            Size::parse(s.trim()).unwrap_or_else(|| {
                panic!("CLAIMGRAPH_BENCH_SIZES: unknown size {s:?}; use tiny, small, medium, large")
            })
        })
        .collect()
}

/// The folder of a named size, generated on first use.
pub fn dir(size: Size) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-graphs")
        .join(format!("{}-{SEED}", size.as_str()));
    let done = dir.join(".complete");
    if !done.exists() {
        generate(&size.params(SEED), &dir).expect("generates the bench graph");
        std::fs::write(&done, "").expect("marks the bench graph complete");
    }
    dir
}

/// The graph of a named size.
pub fn graph(size: Size) -> Graph {
    Graph::load(&dir(size)).unwrap_or_else(|e| panic!("bench graph {}: {e}", size.as_str()))
}

/// `n` entities spread over the graph, the same ones on every run.
pub fn sample(graph: &Graph, n: usize) -> Vec<EntityIx> {
    let all: Vec<EntityIx> = graph.entity_ixs().collect();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            all[(state % all.len() as u64) as usize]
        })
        .collect()
}

/// Pairs of sampled entities, for path queries.
pub fn pairs(graph: &Graph, n: usize) -> Vec<(EntityIx, EntityIx)> {
    let ends = sample(graph, 2 * n);
    ends.chunks(2)
        .map(|c| (c[0], c[1]))
        .filter(|(a, b)| a != b)
        .collect()
}

/// Cycles through `items`, one per call.
pub struct Cycle<T> {
    items: Vec<T>,
    next: usize,
}

impl<T: Clone> Cycle<T> {
    pub fn new(items: Vec<T>) -> Cycle<T> {
        assert!(!items.is_empty(), "nothing to cycle through");
        Cycle { items, next: 0 }
    }

    pub fn next(&mut self) -> T {
        let item = self.items[self.next].clone();
        self.next = (self.next + 1) % self.items.len();
        item
    }
}
