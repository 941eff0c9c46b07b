//! The questions the graph answers: search, neighborhoods, paths and claim
//! listings. Pure functions over a [`Graph`] and a
//! parameter struct; nothing here knows about HTTP, and every function states
//! its cost and its bounds.

pub mod claims;
pub mod neighborhood;
pub mod paths;
pub mod relations;
pub mod search;

use crate::graph::{ClaimIx, Graph};
use crate::model::Status;

/// Which claims a query may use: by status, predicate and source cited,
/// and by whether another claim contests them. Empty lists admit
/// everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ClaimFilter {
    pub statuses: Vec<Status>,
    pub predicates: Vec<String>,
    /// Source ids: a claim citing any of them passes.
    pub sources: Vec<String>,
    pub contested: Contested,
}

/// Whether contested claims (disputed, denied or retracted by another
/// claim) pass a filter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Contested {
    /// Contested or not.
    #[default]
    Include,
    /// Only claims nothing contests.
    Exclude,
    /// Only contested claims.
    Only,
}

impl Contested {
    pub const ALL: [(&'static str, Contested); 3] = [
        ("include", Contested::Include),
        ("exclude", Contested::Exclude),
        ("only", Contested::Only),
    ];

    /// Whether a claim passes, asking whether it is contested only when
    /// that matters.
    fn admits(self, contested: impl FnOnce() -> bool) -> bool {
        match self {
            Contested::Include => true,
            Contested::Exclude => !contested(),
            Contested::Only => contested(),
        }
    }
}

impl ClaimFilter {
    /// Whether the claim passes the filter. Reads only the claim's status,
    /// predicate, sources and responses, without building the whole claim.
    pub fn admits(&self, graph: &Graph, claim: ClaimIx) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&graph.status(claim)))
            && (self.predicates.is_empty()
                || self
                    .predicates
                    .iter()
                    .any(|p| p == graph.predicate_of(claim)))
            && (self.sources.is_empty()
                || graph
                    .cited_sources(claim)
                    .any(|s| self.sources.contains(&s.source.record.id)))
            && self.contested.admits(|| graph.is_contested(claim))
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
        let sources = (!self.sources.is_empty()).then(|| {
            graph
                .sources()
                .iter()
                .map(|s| self.sources.contains(&s.source.record.id))
                .collect()
        });
        Admits {
            statuses: (!self.statuses.is_empty())
                .then(|| self.statuses.iter().map(bit).fold(0, |all, b| all | b)),
            predicates,
            sources,
            contested: self.contested,
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
    /// Whether each of the graph's sources, by position, is admitted;
    /// `None` admits every one.
    sources: Option<Vec<bool>>,
    contested: Contested,
}

impl Admits {
    /// Whether every claim passes, the filter asking about nothing.
    pub fn admits_every(&self) -> bool {
        self.statuses.is_none()
            && self.predicates.is_none()
            && self.sources.is_none()
            && self.contested == Contested::Include
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
            && self.sources.as_ref().is_none_or(|admitted| {
                graph
                    .cited_source_positions(claim)
                    .any(|s| admitted[s as usize])
            })
            && self.contested.admits(|| graph.is_contested(claim))
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
                ..ClaimFilter::default()
            };
            let resolved = filter.resolve(&graph);
            for claim in graph.claim_ixs() {
                prop_assert_eq!(resolved.admits(&graph, claim), filter.admits(&graph, claim));
            }
        }
    }
}
