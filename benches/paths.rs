//! The shortest path and the 5 shortest simple paths between two entities,
//! up to 4 hops (the API's defaults).

mod common;

use claimgraph::query::paths::k_shortest_paths;
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("paths");
    for size in common::sizes() {
        let graph = common::graph(size);
        for (name, limit) in [("shortest", 1), ("k5", 5)] {
            let params = common::path_params(limit);
            let mut pairs = common::Cycle::new(common::pairs(&graph, 256));
            group.bench_function(format!("{name}/{}", size.as_str()), |b| {
                b.iter(|| {
                    let (from, to) = pairs.next();
                    k_shortest_paths(&graph, from, to, &params)
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
