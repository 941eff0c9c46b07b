//! Search by name: exact names, prefixes and one-typo queries.

mod common;

use claimgraph::query::search::search;
use criterion::{Criterion, criterion_group, criterion_main};

/// The name with two letters of its last word swapped.
fn typo(name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    let n = chars.len();
    if n >= 4 {
        chars.swap(n - 2, n - 3);
    }
    chars.into_iter().collect()
}

/// Makes a query from an entity's name.
type MakeQuery = fn(&str) -> String;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    for size in common::sizes() {
        let graph = common::graph(size);
        let names: Vec<String> = common::sample(&graph, 256)
            .into_iter()
            .map(|ix| graph.entity_at(ix).name.to_string())
            .collect();
        let kinds: [(&str, MakeQuery); 3] = [
            ("exact", |n| n.to_string()),
            ("prefix", |n| n.chars().take(4).collect()),
            ("typo", typo),
        ];
        for (kind, make) in kinds {
            let mut queries = common::Cycle::new(names.iter().map(|n| make(n)).collect());
            group.bench_function(format!("{kind}/{}", size.as_str()), |b| {
                b.iter(|| search(&graph, &queries.next(), None))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
