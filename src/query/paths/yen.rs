//! The k-shortest layer: the [`Walker`] a query runs, Yen's algorithm over
//! its one-pair searches (found in [`super::meet`]), and the choice of the
//! claim carrying each hop of a found path. Kept apart from the search so
//! that the enumeration of paths reads on its own.

use std::collections::BTreeMap;

use super::scratch::Scratch;
use super::{Hop, Path, PathParams};
use crate::graph::{EntityIx, Graph, Incidence, Run};
use crate::model::Status;
use crate::query::Admits;

/// One query's search: the graph, the parameters, the work done so far
/// and the scratch every search of the query reuses.
pub(super) struct Walker<'a> {
    pub(super) graph: &'a Graph,
    pub(super) p: &'a PathParams,
    /// `p`'s filter, resolved against the graph.
    pub(super) filter: Admits,
    /// Entities expanded so far, across all searches and both sides.
    pub(super) work: usize,
    pub(super) scratch: Scratch,
}

impl Walker<'_> {
    /// Whether the work budget has run out.
    pub(super) fn exhausted(&self) -> bool {
        self.work > self.p.work_budget
    }

    /// Counts one expanded entity; false once the budget has run out.
    pub(super) fn expand(&mut self) -> bool {
        self.work += 1;
        !self.exhausted()
    }

    /// Yen's algorithm: each next path deviates from an accepted one at some
    /// spur node, avoiding the edges the accepted paths take from there.
    ///
    /// Stops as soon as a search runs out of budget: a path accepted after
    /// an incomplete round of spur searches might not be the next shortest.
    pub(super) fn yen(&mut self, from: EntityIx, to: EntityIx) -> Vec<Path> {
        let p = self.p;
        if from == to || p.limit == 0 {
            return Vec::new();
        }
        let Some(first) = self.shortest(from, to, &p.avoid, &[], p.max_length) else {
            return Vec::new();
        };
        let mut accepted: Vec<Vec<EntityIx>> = vec![first];
        // Where the last accepted path left the one it was found from.
        let mut deviation = 0;
        // Each candidate, shortest first, with the spur node it left at.
        let mut candidates: BTreeMap<(usize, Vec<EntityIx>), usize> = BTreeMap::new();
        let mut banned_nodes: Vec<EntityIx> = Vec::new();
        let mut banned_edges: Vec<(EntityIx, EntityIx)> = Vec::new();
        'paths: while accepted.len() < p.limit {
            let previous = accepted[accepted.len() - 1].clone();
            // Lawler: spurring from before the deviation would repeat the
            // searches made for the path this one was found from.
            for i in deviation..previous.len() - 1 {
                // Once the candidates hold as many paths as are still
                // wanted, a spur path longer than the last of them could
                // never be accepted: search no further than that.
                let wanted = p.limit - accepted.len();
                let longest = candidates
                    .iter()
                    .nth(wanted - 1)
                    .map_or(p.max_length, |((nodes, _), _)| nodes - 1);
                let root = &previous[..=i];
                banned_edges.clear();
                banned_edges.extend(
                    accepted
                        .iter()
                        .filter(|path| path.len() > i + 1 && path[..=i] == *root)
                        .map(|path| (path[i], path[i + 1])),
                );
                banned_nodes.clear();
                banned_nodes.extend(&p.avoid);
                banned_nodes.extend(&root[..i]);
                let budget = longest.min(p.max_length).saturating_sub(i);
                let spur = self.shortest(previous[i], to, &banned_nodes, &banned_edges, budget);
                if self.exhausted() {
                    break 'paths;
                }
                if let Some(spur) = spur {
                    let mut path = root[..i].to_vec();
                    path.extend(spur);
                    if !accepted.contains(&path) {
                        let at = candidates.entry((path.len(), path)).or_insert(i);
                        *at = (*at).min(i);
                    }
                }
            }
            match candidates.pop_first() {
                Some(((_, path), at)) => {
                    accepted.push(path);
                    deviation = at;
                }
                None => break,
            }
        }
        accepted.into_iter().map(|nodes| self.hops(nodes)).collect()
    }

    /// The strongest admitted claim of a run joining two neighbors: the
    /// first (in claim order) of the strongest status.
    fn strongest(&self, claims: Run<'_>) -> Option<Hop> {
        let mut best: Option<(Status, Incidence)> = None;
        for i in claims {
            let status = self.graph.status(i.claim());
            if self.filter.admits(self.graph, i.claim())
                && best.is_none_or(|(strongest, _)| status < strongest)
            {
                best = Some((status, i));
            }
        }
        best.map(|(_, i)| Hop {
            claim: i.claim(),
            direction: i.direction(),
        })
    }

    /// Whether any claim of a run passes the filter. O(run length).
    pub(super) fn admits_any(&self, claims: Run<'_>) -> bool {
        claims
            .iter()
            .any(|i| self.filter.admits(self.graph, i.claim()))
    }

    /// Chooses the claim carrying each hop of a node path. O(log d + r) a
    /// hop, for r claims joining the pair.
    fn hops(&self, nodes: Vec<EntityIx>) -> Path {
        let hops: Vec<Hop> = nodes
            .windows(2)
            .filter_map(|pair| self.strongest(self.graph.claims_between(pair[0], pair[1])))
            .collect();
        debug_assert_eq!(
            hops.len(),
            nodes.len().saturating_sub(1),
            "every hop of a found path is carried by an admitted claim"
        );
        let weakest = hops
            .iter()
            .map(|h| self.graph.status(h.claim))
            .max()
            .unwrap_or(Status::Asserted);
        Path {
            nodes,
            hops,
            weakest,
        }
    }
}
