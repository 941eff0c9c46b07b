//! Neighborhoods at depth 1 and 2, with the API's default limit of 100 nodes.

mod common;

use claimgraph::query::neighborhood::neighborhood;
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("neighborhood");
    for size in common::sizes() {
        let graph = common::graph(size);
        for depth in [1, 2] {
            let params = common::neighborhood_params(depth);
            let mut centers = common::Cycle::new(common::sample(&graph, 1024));
            group.bench_function(format!("{depth}-hop/{}", size.as_str()), |b| {
                b.iter(|| neighborhood(&graph, centers.next(), &params))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
