//! Reading, validating and indexing a whole graph-data folder.

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for size in common::sizes() {
        let dir = common::dir(size);
        group.bench_function(size.as_str(), |b| {
            b.iter(|| claimgraph::graph::Graph::load(&dir).expect("loads"))
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
