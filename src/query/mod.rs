//! The questions the graph answers: search, neighborhoods, paths and claim
//! listings. Pure functions over a [`Graph`] and a
//! parameter struct; nothing here knows about HTTP, and every function states
//! its cost and its bounds.

pub mod claims;
pub mod neighborhood;
pub mod paths;
pub mod search;

use crate::graph::{ClaimIx, Graph};
use crate::model::Status;

/// Which claims a query may use: by status and by predicate. Empty lists
/// admit everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ClaimFilter {
    pub statuses: Vec<Status>,
    pub predicates: Vec<String>,
}

impl ClaimFilter {
    /// Whether the claim passes the filter. Reads only the claim's status
    /// and predicate, without building the whole claim.
    pub fn admits(&self, graph: &Graph, claim: ClaimIx) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&graph.status(claim)))
            && (self.predicates.is_empty()
                || self
                    .predicates
                    .iter()
                    .any(|p| p == graph.predicate_of(claim)))
    }

    /// The filter resolved against `graph`, for checking many claims: the
    /// statuses as bits and the predicates by their positions, so that a
    /// claim is checked by comparing numbers from its columns, not strings.
    pub fn resolve(&self, graph: &Graph) -> Admits {
        let bit = |s: &Status| 1u8 << (*s as u8);
        let predicates = (!self.predicates.is_empty()).then(|| {
            graph
                .predicates()
                .iter()
                .map(|p| self.predicates.contains(&p.id))
                .collect()
        });
        Admits {
            statuses: (!self.statuses.is_empty())
                .then(|| self.statuses.iter().map(bit).fold(0, |all, b| all | b)),
            predicates,
        }
    }
}

/// A [`ClaimFilter`] resolved against one graph ([`ClaimFilter::resolve`]).
pub struct Admits {
    /// A bit per admitted status, by its place in the enum; `None` admits
    /// every one, without reading the claim's status.
    statuses: Option<u8>,
    /// Whether each of the graph's predicates, by position, is admitted;
    /// `None` admits every one.
    predicates: Option<Vec<bool>>,
}

impl Admits {
    /// Whether every claim passes, the filter asking about nothing.
    pub fn admits_every(&self) -> bool {
        self.statuses.is_none() && self.predicates.is_none()
    }

    /// Whether the claim passes the filter, as [`ClaimFilter::admits`].
    pub fn admits(&self, graph: &Graph, claim: ClaimIx) -> bool {
        self.statuses
            .is_none_or(|admitted| admitted & (1 << (graph.status(claim) as u8)) != 0)
            && self.predicates.as_ref().is_none_or(|admitted| {
                admitted
                    .get(usize::from(graph.predicate_position(claim)))
                    .copied()
                    .unwrap_or(false)
            })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::graph::testing::graph;

    proptest! {
        /// A filter resolved against a graph admits exactly the claims the
        /// filter admits, unknown predicate names included.
        #[test]
        fn a_resolved_filter_admits_what_the_filter_admits(
            claims in prop::collection::vec((0..6usize, 0..6usize, 0..3usize, 0..2usize), 0..40),
            statuses in prop::sample::subsequence(Status::ALL.to_vec(), 0..=3),
            predicates in prop::sample::subsequence(vec!["knew", "paid", "met"], 0..=3),
        ) {
            let graph = graph(6, &claims);
            let filter = ClaimFilter {
                statuses,
                predicates: predicates.iter().map(|p| p.to_string()).collect(),
            };
            let resolved = filter.resolve(&graph);
            for claim in graph.claim_ixs() {
                prop_assert_eq!(resolved.admits(&graph, claim), filter.admits(&graph, claim));
            }
        }
    }
}
