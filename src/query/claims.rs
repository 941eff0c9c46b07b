//! Listing claims by who and what they involve.
//!
//! A library holds tens of millions of claims, and a list names at least
//! one entity more often than not, so the list is read from that entity's
//! row of claims (the shortest row, when several entities are named) rather
//! than from every claim, and each claim is checked by its columns without
//! being built. Only a list that names no entity reads every claim, and
//! one that filters nothing either reads none. A page of a list is counted
//! and taken as the list is read ([`page`]), not cut from the whole list.

use crate::graph::{ClaimIx, EntityIx, Graph, Object};
use crate::query::{Admits, ClaimFilter};

/// Which claims to list; `None` fields match everything.
#[derive(Debug, Clone, Default)]
pub struct ClaimQuery {
    /// Subject or object.
    pub entity: Option<EntityIx>,
    pub subject: Option<EntityIx>,
    pub object: Option<EntityIx>,
    pub claimed_by: Option<EntityIx>,
    /// The claim the listed claims are about.
    pub about: Option<ClaimIx>,
    pub filter: ClaimFilter,
}

impl ClaimQuery {
    /// Whether `claim` matches every part of the query, its filter
    /// resolved as `filter`.
    fn admits(&self, graph: &Graph, filter: &Admits, claim: ClaimIx) -> bool {
        let subject = graph.subject(claim);
        let object = match graph.object(claim) {
            Object::Entity(e) => Some(e),
            Object::Claim(_) => None,
        };
        let is = |want: Option<EntityIx>, have: EntityIx| want.is_none_or(|w| w == have);
        is(self.subject, subject)
            && self.object.is_none_or(|w| object == Some(w))
            && is(self.claimed_by, graph.claimant(claim))
            && self
                .entity
                .is_none_or(|e| e == subject || object == Some(e))
            && self
                .about
                .is_none_or(|a| graph.object(claim) == Object::Claim(a))
            && filter.admits(graph, claim)
    }

    /// The shortest row of claims, in claim order, that holds every match:
    /// an entity's claims for `entity`, `subject` or `object` (with the
    /// claims about claims it is the subject of), the claims it makes for
    /// `claimed_by`, the claims about a claim for `about`. `None` when
    /// neither an entity nor a claim is named.
    fn candidates(&self, graph: &Graph) -> Option<Vec<ClaimIx>> {
        let touching = [self.entity, self.subject, self.object]
            .into_iter()
            .flatten()
            .map(|e| (graph.degree(e), Row::Incident(e)));
        let made = self
            .claimed_by
            .map(|e| (graph.claims_made(e).len(), Row::Made(e)));
        let about = self
            .about
            .map(|c| (graph.responses_to(c).count(), Row::About(c)));
        let rows = touching.chain(made).chain(about);
        let (_, shortest) = rows.min_by_key(|(len, _)| *len)?;
        Some(match shortest {
            Row::Incident(e) => {
                let incident = graph.incidence(e).iter().map(|i| i.claim());
                let mut row: Vec<ClaimIx> = incident.collect();
                let before = row.len();
                row.extend(graph.responses_by(e));
                if row.len() > before {
                    row.sort_unstable();
                }
                row
            }
            Row::Made(e) => graph.claims_made(e).to_vec(),
            Row::About(c) => graph.responses_to(c).collect(),
        })
    }
}

/// One entity's row of claims, or one claim's responses.
enum Row {
    Incident(EntityIx),
    Made(EntityIx),
    About(ClaimIx),
}

/// How many claims match the query, and the `limit` of them from `offset`
/// on, in data order: what a page of a list needs, without holding the
/// whole list (a status alone may match most claims of a library).
///
/// O(claims of the named entity with the fewest), or O(claims) when no
/// entity is named: then only the filter is left to check, each claim's
/// status and predicate read from their columns and compared as numbers
/// ([`ClaimFilter::resolve`]). A query that names nothing and filters
/// nothing reads no claim at all.
pub fn page(
    graph: &Graph,
    query: &ClaimQuery,
    offset: usize,
    limit: usize,
) -> (usize, Vec<ClaimIx>) {
    let filter = query.filter.resolve(graph);
    match query.candidates(graph) {
        Some(row) => count_and_take(
            row.into_iter().filter(|c| query.admits(graph, &filter, *c)),
            offset,
            limit,
        ),
        None if filter.admits_every() => (
            graph.claim_count(),
            graph.claim_ixs().skip(offset).take(limit).collect(),
        ),
        None => count_and_take(
            graph.claim_ixs().filter(|c| filter.admits(graph, *c)),
            offset,
            limit,
        ),
    }
}

/// How many `matches` there are, and `limit` of them from `offset` on.
fn count_and_take(
    matches: impl Iterator<Item = ClaimIx>,
    offset: usize,
    limit: usize,
) -> (usize, Vec<ClaimIx>) {
    let mut taken = Vec::new();
    let mut total = 0;
    for claim in matches {
        if total >= offset && taken.len() < limit {
            taken.push(claim);
        }
        total += 1;
    }
    (total, taken)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::graph::testing::{PREDICATES, graph};
    use crate::model::Status;

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
                about: None,
                filter: ClaimFilter {
                    statuses: statuses.clone(),
                    predicates: predicates.iter().map(|p| p.to_string()).collect(),
                    ..ClaimFilter::default()
                },
            };
            let id = |e: Option<EntityIx>| e.map(|e| graph.entity_id(e).to_string());
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
            prop_assert_eq!(page(&graph, &query, 0, usize::MAX), (expected.len(), expected));
        }

        /// A page is the slice of the whole list it stands for, with the
        /// list's length.
        #[test]
        fn a_page_is_a_slice_of_the_list_and_knows_its_length(
            claims in prop::collection::vec((0..6usize, 0..6usize, 0..3usize, 0..2usize), 0..60),
            entity in prop::option::of(0..6usize),
            statuses in prop::sample::subsequence(Status::ALL.to_vec(), 0..=3),
            predicates in prop::sample::subsequence(PREDICATES.to_vec(), 0..=2),
            offset in 0..70usize,
            limit in 0..20usize,
        ) {
            let graph = graph(6, &claims);
            let query = ClaimQuery {
                entity: entity.map(EntityIx::new),
                filter: ClaimFilter {
                    statuses,
                    predicates: predicates.iter().map(|p| p.to_string()).collect(),
                    ..ClaimFilter::default()
                },
                ..ClaimQuery::default()
            };
            let (total, whole) = page(&graph, &query, 0, usize::MAX);
            let slice: Vec<ClaimIx> = whole.iter().skip(offset).take(limit).copied().collect();
            prop_assert_eq!(page(&graph, &query, offset, limit), (total, slice));
        }
    }
}
