//! The entities within a few hops of one entity, and the claims joining them.

use rustc_hash::FxHashSet;

use crate::graph::{ClaimIx, Direction, EntityIx, Graph, Incidence};
use crate::model::EntityType;
use crate::query::{Admits, ClaimFilter};

/// Which way claims may be walked from the center.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Walk {
    /// From subject to object only.
    Out,
    /// From object to subject only.
    In,
    /// Either way.
    #[default]
    Both,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NeighborhoodParams {
    /// How many hops from the center, at least 1.
    pub depth: usize,
    pub walk: Walk,
    pub filter: ClaimFilter,
    /// Entity types that may be entered (the center always is); empty = all.
    pub types: Vec<EntityType>,
    /// The most nodes returned, center included.
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Neighborhood {
    pub center: EntityIx,
    /// Nodes with their distance from the center, nearest first.
    pub nodes: Vec<(EntityIx, usize)>,
    /// The claims walked between the nodes, in claim order.
    pub edges: Vec<ClaimIx>,
    /// Whether `limit` left nodes out.
    pub truncated: bool,
}

/// The claims from `u` to the nodes already in, once no node can join any
/// more (`limit` has turned one away): looked up pair by pair instead of
/// walking the whole row of a hub, each pair in the shorter of the two
/// rows, so that a hub costs a binary search over each node's few
/// neighbors rather than over its own thousands. Adds what walking the row
/// would add.
fn edges_to_nodes(
    graph: &Graph,
    u: EntityIx,
    nodes: &[(EntityIx, usize)],
    (p, filter): (&NeighborhoodParams, &Admits),
    edges: &mut Vec<ClaimIx>,
) {
    let degree = graph.degree(u);
    for &(v, _) in nodes {
        if graph.degree(v) < degree {
            for i in graph.claims_between(v, u) {
                if may_take(graph, (p, filter), i.seen_from_other(v)) {
                    edges.push(i.claim());
                }
            }
        } else {
            for i in graph.claims_between(u, v) {
                if may_take(graph, (p, filter), i) {
                    edges.push(i.claim());
                }
            }
        }
    }
}

/// Whether the walk may take claim `i` to its other end: its direction is
/// walked, the filter admits it, and the other end's type may be entered.
fn may_take(graph: &Graph, (p, filter): (&NeighborhoodParams, &Admits), i: Incidence) -> bool {
    let walked = match i.direction() {
        Direction::Out => p.walk != Walk::In,
        Direction::In => p.walk != Walk::Out,
    };
    walked
        && filter.admits(graph, i.claim())
        && (p.types.is_empty() || p.types.contains(&graph.entity_kind(i.other())))
}

/// The entities in so far: a set that answers "no" for most entities
/// without a hash probe, since a row walked after the limit is mostly
/// entities outside. A bit per residue of the entity's position modulo 4,096
/// (512 bytes, in the first-level cache) says "maybe"; only then is the
/// hash set asked. With the default 100 nodes about one entity outside in
/// forty gets past the bits; with the API's most, 500, one in eight.
#[derive(Default)]
struct Members {
    bits: Vec<u64>,
    set: FxHashSet<EntityIx>,
}

impl Members {
    const BITS: usize = 4096;

    fn slot(v: EntityIx) -> (usize, u64) {
        let at = v.index() % Self::BITS;
        (at / 64, 1 << (at % 64))
    }

    fn insert(&mut self, v: EntityIx) {
        if self.bits.is_empty() {
            self.bits = vec![0; Self::BITS / 64];
        }
        let (word, bit) = Self::slot(v);
        self.bits[word] |= bit;
        self.set.insert(v);
    }

    fn contains(&self, v: EntityIx) -> bool {
        let (word, bit) = Self::slot(v);
        self.bits.get(word).is_some_and(|w| w & bit != 0) && self.set.contains(&v)
    }

    fn clear(&mut self) {
        self.bits.iter_mut().for_each(|w| *w = 0);
        self.set.clear();
    }
}

/// What a walk works in, kept by each thread from one walk to the next:
/// a walk then allocates only its answer, and its speed does not depend
/// on what the allocator was left holding by the load (a change to the
/// load alone could otherwise slow walks that did not change). A walk that
/// grew them past
/// [`Scratch::KEPT`] entries gives them back.
#[derive(Default)]
struct Scratch {
    seen: Members,
    frontier: Vec<EntityIx>,
    next: Vec<EntityIx>,
    edges: Vec<ClaimIx>,
}

impl Scratch {
    const KEPT: usize = 1 << 16;

    fn clear(&mut self) {
        if self.edges.capacity() > Self::KEPT || self.seen.set.capacity() > Self::KEPT {
            *self = Scratch::default();
        }
        self.seen.clear();
        self.frontier.clear();
        self.next.clear();
        self.edges.clear();
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Breadth-first neighborhood of `center`.
///
/// Visits at most `limit` nodes and the claims of the nodes closer than
/// `depth`; costs O(sum of their degrees), plus sorting the claims returned,
/// except that once `limit` has turned a node away, a hub is not walked:
/// its claims to the nodes already in are looked up, O(limit · log d) for
/// the smaller degree d of each pair.
/// Claims of the outermost ring among themselves are not included.
pub fn neighborhood(graph: &Graph, center: EntityIx, p: &NeighborhoodParams) -> Neighborhood {
    SCRATCH.with_borrow_mut(|scratch| {
        scratch.clear();
        walk(graph, center, (p, &p.filter.resolve(graph)), scratch)
    })
}

/// The walk itself, `p`'s filter resolved against the graph as `filter`.
fn walk(
    graph: &Graph,
    center: EntityIx,
    (p, filter): (&NeighborhoodParams, &Admits),
    s: &mut Scratch,
) -> Neighborhood {
    let Scratch {
        seen,
        frontier,
        next,
        edges,
    } = s;
    seen.insert(center);
    let mut nodes = vec![(center, 0)];
    let mut truncated = false;
    frontier.push(center);
    for d in 0..p.depth {
        next.clear();
        for &u in frontier.iter() {
            if truncated && graph.degree(u) > 8 * nodes.len() {
                edges_to_nodes(graph, u, &nodes, (p, filter), edges);
                continue;
            }
            let row = graph.incidence(u);
            for (at, i) in row.iter().enumerate() {
                if truncated && row.len() - at > 8 * nodes.len() {
                    // Turned away mid-row: the rest of a hub is looked up.
                    edges_to_nodes(graph, u, &nodes, (p, filter), edges);
                    break;
                }
                if !may_take(graph, (p, filter), *i) {
                    continue;
                }
                let (claim, v) = (i.claim(), i.other());
                if !seen.contains(v) {
                    if nodes.len() >= p.limit {
                        truncated = true;
                        continue;
                    }
                    seen.insert(v);
                    nodes.push((v, d + 1));
                    next.push(v);
                }
                edges.push(claim);
            }
        }
        std::mem::swap(frontier, next);
    }
    // A claim is walked from both its ends when both are in. A radix sort,
    // linear in the claims walked: a neighborhood around hubs walks many,
    // and sorting them by comparison was a large part of a walk's time.
    radsort::sort_by_key(edges, |c| c.index() as u32);
    edges.dedup();
    let edges = edges.clone();
    Neighborhood {
        center,
        nodes,
        edges,
        truncated,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::graph::testing::{PREDICATES, graph};
    use crate::model::Status;

    /// The neighborhood as it was computed before hubs were looked up pair
    /// by pair: every row walked whole.
    fn walking_every_row(graph: &Graph, center: EntityIx, p: &NeighborhoodParams) -> Neighborhood {
        let mut seen: FxHashSet<EntityIx> = FxHashSet::from_iter([center]);
        let mut nodes = vec![(center, 0)];
        let mut edges: FxHashSet<ClaimIx> = FxHashSet::default();
        let mut truncated = false;
        let mut frontier = vec![center];
        for d in 0..p.depth {
            let mut next = Vec::new();
            for &u in &frontier {
                for i in graph.incidence(u) {
                    let (claim, v) = (i.claim(), i.other());
                    let walked = match i.direction() {
                        Direction::Out => p.walk != Walk::In,
                        Direction::In => p.walk != Walk::Out,
                    };
                    let entered = p.types.is_empty() || p.types.contains(&graph.entity_kind(v));
                    if !walked || !entered || !p.filter.admits(graph, claim) {
                        continue;
                    }
                    if !seen.contains(&v) {
                        if nodes.len() >= p.limit {
                            truncated = true;
                            continue;
                        }
                        seen.insert(v);
                        nodes.push((v, d + 1));
                        next.push(v);
                    }
                    edges.insert(claim);
                }
            }
            frontier = next;
        }
        let mut edges: Vec<ClaimIx> = edges.into_iter().collect();
        edges.sort();
        Neighborhood {
            center,
            nodes,
            edges,
            truncated,
        }
    }

    proptest! {
        /// Small limits over graphs with a hub (entity 0) make the hub's
        /// lookups happen; the answer must be what walking every row gives.
        #[test]
        fn hubs_looked_up_pair_by_pair_give_the_same_neighborhood(
            (n, claims) in (3..30usize).prop_flat_map(|n| (
                Just(n),
                prop::collection::vec((0..n, 0..n, 0..3usize, 0..2usize), 0..3 * n),
            )),
            hub in prop::collection::vec((0..40usize, 0..3usize, 0..2usize), 0..120),
            center in 0..30usize,
            depth in 1..4usize,
            limit in 1..8usize,
            walk in prop::sample::select(vec![Walk::Out, Walk::In, Walk::Both]),
            statuses in prop::sample::subsequence(Status::ALL.to_vec(), 0..=3),
            predicates in prop::sample::subsequence(PREDICATES.to_vec(), 0..=2),
            types in prop::sample::subsequence(EntityType::ALL.to_vec(), 0..=5),
        ) {
            let mut all = claims;
            all.extend(hub.into_iter().map(|(o, s, p)| (0, o % n, s, p)));
            let graph = graph(n, &all);
            let center = graph.entity_ixs().nth(center % n).expect("entity");
            let params = NeighborhoodParams {
                depth,
                walk,
                filter: ClaimFilter {
                    statuses,
                    predicates: predicates.into_iter().map(String::from).collect(),
                    ..ClaimFilter::default()
                },
                types,
                limit,
            };
            prop_assert_eq!(
                neighborhood(&graph, center, &params),
                walking_every_row(&graph, center, &params)
            );
        }
    }
}
