//! The entities within a few hops of one entity, and the claims joining them.

use rustc_hash::FxHashSet;

use crate::graph::{ClaimIx, Direction, EntityIx, Graph};
use crate::model::EntityType;
use crate::query::ClaimFilter;

/// Which way claims may be walked from the center.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Walk {
    /// From subject to object only.
    Out,
    /// From object to subject only.
    In,
    /// Either way.
    #[default]
    Both,
}

#[derive(Debug, Clone)]
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

/// Breadth-first neighborhood of `center`.
///
/// Visits at most `limit` nodes and the claims of the nodes closer than
/// `depth`; costs O(sum of their degrees), plus sorting the claims returned. Claims of the
/// outermost ring among themselves are not included.
pub fn neighborhood(graph: &Graph, center: EntityIx, p: &NeighborhoodParams) -> Neighborhood {
    let mut seen: FxHashSet<EntityIx> = FxHashSet::default();
    seen.insert(center);
    let mut nodes = vec![(center, 0)];
    let mut edges: FxHashSet<ClaimIx> = FxHashSet::default();
    let mut truncated = false;
    let mut frontier = vec![center];
    for d in 0..p.depth {
        let mut next = Vec::new();
        for &u in &frontier {
            let (out, inward) = (p.walk != Walk::In, p.walk != Walk::Out);
            for i in graph.incidence(u) {
                let (claim, v) = (i.claim(), i.other());
                let walked = match i.direction() {
                    Direction::Out => out,
                    Direction::In => inward,
                };
                if !walked {
                    continue;
                }
                if !p.filter.admits(graph, claim) {
                    continue;
                }
                if !p.types.is_empty() && !p.types.contains(&graph.entity_at(v).kind) {
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
