//! The questions the graph answers: search, neighborhoods, paths and claim
//! listings. Pure functions over a [`Graph`](crate::graph::Graph) and a
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
}
