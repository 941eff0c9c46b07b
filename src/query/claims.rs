//! Listing claims by who and what they involve.
//!
//! A library holds tens of millions of claims, and a list names at least
//! one entity more often than not, so the list is read from that entity's
//! row of claims (the shortest row, when several entities are named) rather
//! than from every claim, and each claim is checked by its columns without
//! being built. Only a list that names no entity reads every claim.

use crate::graph::{ClaimIx, EntityIx, Graph};
use crate::query::ClaimFilter;

/// Which claims to list; `None` fields match everything.
#[derive(Debug, Clone, Default)]
pub struct ClaimQuery {
    /// Subject or object.
    pub entity: Option<EntityIx>,
    pub subject: Option<EntityIx>,
    pub object: Option<EntityIx>,
    pub claimed_by: Option<EntityIx>,
    pub filter: ClaimFilter,
}

impl ClaimQuery {
    /// Whether `claim` matches every part of the query.
    fn admits(&self, graph: &Graph, claim: ClaimIx) -> bool {
        let (subject, object) = graph.ends(claim);
        let is = |want: Option<EntityIx>, have: EntityIx| want.is_none_or(|w| w == have);
        is(self.subject, subject)
            && is(self.object, object)
            && is(self.claimed_by, graph.claimant(claim))
            && self.entity.is_none_or(|e| e == subject || e == object)
            && self.filter.admits(graph, claim)
    }

    /// The shortest row of claims, in claim order, that holds every match:
    /// an entity's claims for `entity`, `subject` or `object`, the claims
    /// it makes for `claimed_by`. `None` when no entity is named.
    fn candidates(&self, graph: &Graph) -> Option<Vec<ClaimIx>> {
        let touching = [self.entity, self.subject, self.object]
            .into_iter()
            .flatten()
            .map(|e| (graph.degree(e), Row::Incident(e)));
        let made = self
            .claimed_by
            .map(|e| (graph.claims_made(e).len(), Row::Made(e)));
        let (_, shortest) = touching.chain(made).min_by_key(|(len, _)| *len)?;
        Some(match shortest {
            Row::Incident(e) => graph.incidence(e).iter().map(|i| i.claim()).collect(),
            Row::Made(e) => graph.claims_made(e).to_vec(),
        })
    }
}

/// One entity's row of claims.
enum Row {
    Incident(EntityIx),
    Made(EntityIx),
}

/// Every claim matching the query, in data order. O(claims of the named
/// entity with the fewest), or O(claims) when no entity is named.
pub fn list(graph: &Graph, query: &ClaimQuery) -> Vec<ClaimIx> {
    match query.candidates(graph) {
        Some(row) => row
            .into_iter()
            .filter(|c| query.admits(graph, *c))
            .collect(),
        None => graph
            .claim_ixs()
            .filter(|c| query.admits(graph, *c))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::Status;
    use crate::query::testing::{PREDICATES, graph};

    proptest! {
        /// Reading one entity's row gives what checking every claim's
        /// built form against the query's ids gives, in the same order.
        #[test]
        fn a_list_read_from_a_row_is_the_list_of_every_matching_claim(
            (n, claims) in (2..12usize).prop_flat_map(|n| (
                Just(n),
                prop::collection::vec((0..n, 0..n, 0..3usize, 0..2usize), 0..60),
            )),
            named in prop::collection::vec(prop::option::of(0..12usize), 4),
            statuses in prop::sample::subsequence(Status::ALL.to_vec(), 0..=3),
            predicates in prop::sample::subsequence(PREDICATES.to_vec(), 0..=2),
        ) {
            let graph = graph(n, &claims);
            let ix = |slot: usize| named[slot].map(|i| EntityIx::new(i % n));
            let query = ClaimQuery {
                entity: ix(0),
                subject: ix(1),
                object: ix(2),
                claimed_by: ix(3),
                filter: ClaimFilter {
                    statuses: statuses.clone(),
                    predicates: predicates.iter().map(|p| p.to_string()).collect(),
                },
            };
            let id = |e: Option<EntityIx>| e.map(|e| graph.entity_at(e).id.to_string());
            let wanted = |have: &str, want: Option<String>| want.is_none_or(|w| w == have);
            let expected: Vec<ClaimIx> = graph
                .claim_ixs()
                .filter(|c| {
                    let claim = graph.claim_at(*c);
                    wanted(&claim.subject, id(query.subject))
                        && wanted(&claim.object, id(query.object))
                        && wanted(&claim.claimed_by, id(query.claimed_by))
                        && id(query.entity)
                            .is_none_or(|e| claim.subject == e || claim.object == e)
                        && (statuses.is_empty() || statuses.contains(&claim.status))
                        && (predicates.is_empty()
                            || predicates.contains(&claim.predicate.as_str()))
                })
                .collect();
            prop_assert_eq!(list(&graph, &query), expected);
        }
    }
}
