//! Listing claims by who and what they involve.

use crate::graph::{ClaimIx, Graph};
use crate::query::ClaimFilter;

/// Which claims to list; `None` fields match everything.
#[derive(Debug, Clone, Default)]
pub struct ClaimQuery {
    /// Subject or object.
    pub entity: Option<String>,
    pub subject: Option<String>,
    pub object: Option<String>,
    pub claimed_by: Option<String>,
    pub filter: ClaimFilter,
}

/// Every claim matching the query, in data order. Costs O(claims).
pub fn list(graph: &Graph, query: &ClaimQuery) -> Vec<ClaimIx> {
    let is = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
    graph
        .claim_ixs()
        .filter(|ix| {
            let c = graph.claim_at(*ix);
            query.filter.admits(graph, *ix)
                && is(&query.subject, &c.subject)
                && is(&query.object, &c.object)
                && is(&query.claimed_by, &c.claimed_by)
                && query
                    .entity
                    .as_deref()
                    .is_none_or(|e| c.subject == e || c.object == e)
        })
        .collect()
}
