//! Reading, validating and indexing a whole graph-data folder, with and
//! without the search for mentions that follows it.

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
    // The whole start of a server: the load, then the mentions it finds
    // beside serving.
    let mut group = c.benchmark_group("load_and_mentions");
    group.sample_size(10);
    for size in common::sizes() {
        let dir = common::dir(size);
        group.bench_function(size.as_str(), |b| {
            b.iter(|| {
                let graph = claimgraph::graph::Graph::load(&dir).expect("loads");
                graph.index_mentions();
                graph
            })
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
