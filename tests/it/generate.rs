use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use claimgraph::generate::{Params, Size, generate};
use claimgraph::model::Status;

use crate::support::generated;

/// Every file of a folder, by relative path.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for sub in ["", "sources"] {
        for entry in std::fs::read_dir(dir.join(sub)).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                let name = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .display()
                    .to_string();
                files.insert(name, std::fs::read(&path).expect("read"));
            }
        }
    }
    files
}

#[test]
fn a_generated_graph_validates_with_the_counts_asked_for() {
    let (_dir, graph) = generated(Size::Tiny.params(7));
    assert_eq!(graph.entities().len(), 200);
    assert_eq!(graph.claim_count(), 1_000);
    assert_eq!(graph.sources().len(), 10);
    let first = graph.claims().next().expect("a claim");
    let citation = &first.citations[0];
    assert!(citation.quote.starts_with("In record 0, "), "{citation:?}");
}

#[test]
fn the_same_seed_gives_the_same_folder_and_another_seed_another() {
    let params = Params {
        entities: 50,
        claims: 300,
        seed: 42,
    };
    let (a, _) = generated(params);
    let (b, _) = generated(params);
    assert_eq!(contents(a.path()), contents(b.path()));
    let (c, _) = generated(Params { seed: 43, ..params });
    assert_ne!(contents(a.path()), contents(c.path()));
}

#[test]
fn a_few_hubs_take_far_more_claims_than_the_typical_entity() {
    let (_dir, graph) = generated(Params {
        entities: 2_000,
        claims: 20_000,
        seed: 1,
    });
    let mut degrees: Vec<usize> = graph
        .entity_ixs()
        .map(|ix| graph.incident(ix, true, true).len())
        .collect();
    degrees.sort_unstable();
    let median = degrees[degrees.len() / 2];
    let top = degrees[degrees.len() - 1];
    assert!(top >= 20 * median.max(1), "top {top}, median {median}");
}

#[test]
fn every_predicate_status_and_entity_type_occurs() {
    let (_dir, graph) = generated(Params {
        entities: 20,
        claims: 15,
        seed: 3,
    });
    let used: BTreeSet<String> = graph.claims().map(|c| c.predicate).collect();
    let declared: BTreeSet<String> = graph.predicates().iter().map(|p| p.id.clone()).collect();
    assert_eq!(used, declared);
    let statuses: BTreeSet<Status> = graph.claims().map(|c| c.status).collect();
    assert_eq!(statuses.len(), Status::ALL.len());
    let (_dir, graph) = generated(Size::Tiny.params(1));
    let types: BTreeSet<_> = graph.entities().iter().map(|e| e.kind).collect();
    assert_eq!(types.len(), 5);
}

#[test]
fn too_few_entities_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = generate(
        &Params {
            entities: 1,
            claims: 10,
            seed: 1,
        },
        dir.path(),
    )
    .expect_err("one entity cannot make a claim");
    assert_eq!(err.to_string(), "at least 2 entities are needed, got 1");
}
