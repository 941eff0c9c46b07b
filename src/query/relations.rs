//! Who says what about two entities: every claim that joins them, grouped
//! by what it says (its predicate) and who says it (its claimant), so that
//! a scholar sees side by side where voices agree and where they differ.
//!
//! A claim joins `a` and `b` when they are its two ends, when one makes a
//! claim whose end is the other (Budenz's allegation about Browder), or when
//! one is the subject or claimant of a claim about a claim that the other
//! is an end or claimant of (the author disputing l'Humanité's claim).
//!
//! Cost: O(claims between a and b + claims a and b make + claims about
//! claims whose subject is a or b), never a scan of every claim.

use crate::graph::{ClaimIx, EntityIx, Graph, Object};
use crate::query::ClaimFilter;

/// The claims of one predicate made by one claimant, in claim order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// The predicate's position among [`Graph::predicates`].
    pub predicate: u16,
    pub claimed_by: EntityIx,
    pub claims: Vec<ClaimIx>,
}

/// Every claim joining `a` and `b` that passes `filter`, grouped by
/// predicate and claimant; groups in the order of their first claim.
pub fn relations(graph: &Graph, a: EntityIx, b: EntityIx, filter: &ClaimFilter) -> Vec<Relation> {
    let admits = filter.resolve(graph);
    let mut joining: Vec<ClaimIx> = graph
        .claims_between(a, b)
        .iter()
        .map(|i| i.claim())
        .collect();
    for (this, other) in [(a, b), (b, a)] {
        let made = graph.claims_made(this).iter().copied();
        joining.extend(made.filter(|&c| involves(graph, c, other)));
        let responses = graph.responses_by(this);
        joining.extend(responses.filter(|&c| involves(graph, c, other)));
    }
    joining.sort_unstable();
    joining.dedup();
    let mut groups: Vec<Relation> = Vec::new();
    for claim in joining.into_iter().filter(|&c| admits.admits(graph, c)) {
        let (predicate, claimed_by) = (graph.predicate_position(claim), graph.claimant(claim));
        match groups
            .iter_mut()
            .find(|g| g.predicate == predicate && g.claimed_by == claimed_by)
        {
            Some(group) => group.claims.push(claim),
            None => groups.push(Relation {
                predicate,
                claimed_by,
                claims: vec![claim],
            }),
        }
    }
    groups
}

/// Whether `e` is an end of `claim`, or, for a claim about a claim, an end
/// or the claimant of the claim it is about.
fn involves(graph: &Graph, claim: ClaimIx, e: EntityIx) -> bool {
    match graph.object(claim) {
        Object::Entity(object) => graph.subject(claim) == e || object == e,
        Object::Claim(target) => {
            graph.claimant(target) == e
                || graph.subject(target) == e
                || graph.object(target) == Object::Entity(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testing::graph;

    #[test]
    fn claims_between_two_entities_are_grouped_by_predicate_and_claimant() {
        // 0 knew 1 twice, 1 paid 0 once; 2 knew 3, which joins neither.
        let g = graph(4, &[(0, 1, 0, 0), (1, 0, 1, 1), (0, 1, 2, 0), (2, 3, 0, 0)]);
        let (a, b) = (EntityIx::new(0), EntityIx::new(1));
        let found = relations(&g, a, b, &ClaimFilter::default());
        let shape: Vec<(u16, usize)> = found
            .iter()
            .map(|r| (r.predicate, r.claims.len()))
            .collect();
        assert_eq!(shape, vec![(0, 2), (1, 1)]);
        assert_eq!(relations(&g, b, a, &ClaimFilter::default()), found);
    }
}
