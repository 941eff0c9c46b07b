//! The questions the graph answers: search, neighborhoods, paths and claim
//! listings. Pure functions over a [`Graph`](crate::graph::Graph) and a
//! parameter struct; nothing here knows about HTTP, and every function states
//! its cost and its bounds.

pub mod claims;
pub mod neighborhood;
pub mod paths;
pub mod search;

use crate::model::{Claim, Status};

/// Which claims a query may use: by status and by predicate. Empty lists
/// admit everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimFilter {
    pub statuses: Vec<Status>,
    pub predicates: Vec<String>,
}

impl ClaimFilter {
    /// Whether the claim passes the filter.
    pub fn admits(&self, claim: &Claim) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&claim.status))
            && (self.predicates.is_empty() || self.predicates.contains(&claim.predicate))
    }
}
