//! The fast search against the oracle on random graphs, and the hub cases
//! it exists for; apart so that the search's files hold only the search.

use std::cell::Cell;

use proptest::prelude::*;
use rustc_hash::FxHashSet as HashSet;

use super::*;
use crate::graph::testing::{PREDICATES, graph};

/// Random graphs from sparse to dense, with parallel claims, plus a hub
/// (entity 0 gets extra claims) so that both sides meet hubs.
fn random_graph() -> impl Strategy<Value = Graph> {
    (2..24usize).prop_flat_map(|n| {
        (
            prop::collection::vec((0..n, 0..n, 0..3usize, 0..2usize), 0..4 * n),
            prop::collection::vec((0..n, 0..3usize, 0..2usize), 0..n),
        )
            .prop_map(move |(claims, hub)| {
                let mut all = claims;
                all.extend(hub.into_iter().map(|(o, st, pr)| (0, o, st, pr)));
                graph(n, &all)
            })
    })
}

fn random_filter() -> impl Strategy<Value = ClaimFilter> {
    (
        prop::sample::subsequence(Status::ALL.to_vec(), 0..=3),
        prop::sample::subsequence(PREDICATES.to_vec(), 0..=2),
    )
        .prop_map(|(statuses, predicates)| ClaimFilter {
            sources: Vec::new(),
            contested: Default::default(),
            statuses,
            predicates: predicates.into_iter().map(String::from).collect(),
        })
}

fn ix(graph: &Graph, i: usize) -> EntityIx {
    graph
        .entity_ixs()
        .nth(i % graph.entities().len())
        .expect("entity")
}

fn params(filter: ClaimFilter, avoid: Vec<EntityIx>, max_length: usize) -> PathParams {
    PathParams {
        max_length,
        limit: 1,
        filter,
        avoid,
        work_budget: usize::MAX,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// One search, bidirectional, finds exactly the path the plain
    /// forward BFS finds, under any banned entities and edges, filter
    /// and length bound.
    #[test]
    fn meeting_in_the_middle_finds_the_forward_bfs_path(
        graph in random_graph(), from in 0..24usize, to in 0..24usize,
        filter in random_filter(), max_hops in 1..=8usize,
        banned_nodes in prop::collection::vec(0..24usize, 0..4),
        banned_edges in prop::collection::vec((0..24usize, 0..24usize), 0..4),
    ) {
        let (from, to) = (ix(&graph, from), ix(&graph, to));
        let banned_nodes: Vec<EntityIx> = banned_nodes.iter().map(|&i| ix(&graph, i)).collect();
        let banned_edges: Vec<(EntityIx, EntityIx)> =
            banned_edges.iter().map(|&(a, b)| (ix(&graph, a), ix(&graph, b))).collect();
        let p = params(filter, vec![], max_hops);
        let reference = oracle::Walker { graph: &graph, p: &p, work: Cell::new(0) };
        let expected = reference.bfs(
            from, to,
            &banned_nodes.iter().copied().collect::<HashSet<_>>(),
            &banned_edges.iter().copied().collect::<HashSet<_>>(),
            max_hops,
        );
        let mut walker = Walker { graph: &graph, p: &p, filter: p.filter.resolve(&graph), work: 0, scratch: Scratch::take(&graph) };
        // Twice with the same scratch: stale stamps must not leak.
        for _ in 0..2 {
            let found = walker.shortest(from, to, &banned_nodes, &banned_edges, max_hops);
            prop_assert_eq!(&found, &expected);
        }
    }

    /// The whole answer (paths, order, claims, directions, weakest
    /// status) is the old one, for any filter, avoid list, length and
    /// limit.
    #[test]
    fn k_shortest_paths_answer_as_before(
        graph in random_graph(), from in 0..24usize, to in 0..24usize,
        filter in random_filter(), max_length in 1..=8usize, limit in 1..=12usize,
        avoid in prop::collection::vec(0..24usize, 0..3),
    ) {
        let (from, to) = (ix(&graph, from), ix(&graph, to));
        let avoid = avoid.iter().map(|&i| ix(&graph, i)).collect();
        let p = PathParams { limit, ..params(filter, avoid, max_length) };
        let found = k_shortest_paths(&graph, from, to, &p);
        prop_assert!(!found.truncated);
        prop_assert_eq!(found, oracle::k_shortest_paths(&graph, from, to, &p));
    }

    /// A budget cut keeps what was found right: the first paths of the
    /// complete answer, in order, and says so; an ample budget is not
    /// a cut.
    #[test]
    fn a_cut_search_returns_a_prefix_of_the_answer(
        graph in random_graph(), from in 0..24usize, to in 0..24usize,
        max_length in 1..=8usize, limit in 1..=12usize, work_budget in 0..60usize,
    ) {
        let (from, to) = (ix(&graph, from), ix(&graph, to));
        let whole = PathParams { limit, ..params(ClaimFilter::default(), vec![], max_length) };
        let complete = k_shortest_paths(&graph, from, to, &whole);
        let cut = k_shortest_paths(&graph, from, to, &PathParams { work_budget, ..whole });
        prop_assert!(cut.paths.len() <= complete.paths.len());
        prop_assert_eq!(&cut.paths[..], &complete.paths[..cut.paths.len()]);
        if !cut.truncated {
            prop_assert_eq!(cut.paths, complete.paths);
        }
    }
}

/// A hub between the ends is met, not expanded: the search costs the
/// few entities around the ends, not the hub's thousands of neighbors.
#[test]
fn a_hub_in_the_middle_is_not_expanded() {
    // 0 – 1 – hub(2) – 3 – 4, the hub also joined to 5..2005.
    let mut claims = vec![(0, 1, 0, 0), (1, 2, 0, 0), (2, 3, 0, 0), (3, 4, 0, 0)];
    claims.extend((5..2005).map(|o| (2, o, 0, 0)));
    let graph = graph(2005, &claims);
    let p = PathParams {
        limit: 1,
        ..params(ClaimFilter::default(), vec![], 8)
    };
    let mut walker = Walker {
        graph: &graph,
        p: &p,
        filter: p.filter.resolve(&graph),
        work: 0,
        scratch: Scratch::take(&graph),
    };
    let (from, to) = (ix(&graph, 0), ix(&graph, 4));
    let path = walker.shortest(from, to, &[], &[], 8).expect("path");
    let ids: Vec<usize> = path.iter().map(|e| e.index()).collect();
    assert_eq!(ids, [0, 1, 2, 3, 4]);
    // 0 and 1 forward, 4 and 3 backward; the hub is where they meet.
    assert_eq!(walker.work, 4);
}

/// The last hop from a hub looks its neighbors up rather than reading
/// its row, and still takes the forward search's path: the smallest
/// neighbor, though the backward side saw it last.
#[test]
fn the_last_hop_from_a_hub_is_the_forward_search_s() {
    // 0 – hub(1) – 2..101; 104 – 102 – {70, 30}, 104 – 103 – 10; and
    // 10, 30 and 70 each joined to 20 more, so that the backward side
    // would rather not expand them.
    let mut claims = vec![(0, 1, 0, 0), (104, 102, 0, 0), (104, 103, 0, 0)];
    claims.extend((2..102).map(|o| (1, o, 0, 0)));
    claims.extend([(102, 70, 0, 0), (102, 30, 0, 0), (103, 10, 0, 0)]);
    for (k, s) in [10, 30, 70].into_iter().enumerate() {
        claims.extend((0..20).map(|o| (s, 105 + 20 * k + o, 0, 0)));
    }
    let graph = graph(165, &claims);
    let (from, to) = (ix(&graph, 0), ix(&graph, 104));
    let p = PathParams {
        limit: 4,
        ..params(ClaimFilter::default(), vec![], 4)
    };
    let found = k_shortest_paths(&graph, from, to, &p);
    let first: Vec<usize> = found.paths[0].nodes.iter().map(|e| e.index()).collect();
    assert_eq!(first, [0, 1, 10, 103, 104]);
    assert_eq!(found.paths.len(), 3);
    assert_eq!(found, oracle::k_shortest_paths(&graph, from, to, &p));
}
