//! Claims about claims: who corroborates, disputes, reports or retracts
//! what. They join no two entities, so they stand in no entity's incidence
//! and no walk meets them; they are found from the claim they respond to,
//! or from the entity that is their subject, here.
//!
//! Invariants: `to` holds every claim about a claim once, as (the claim it
//! is about, the response), sorted, so that a claim's responses lie
//! together in claim order; `by_subject` the same by the response's
//! subject; `contested` every claim with a response whose predicate
//! contests, sorted. All three are empty in a vocabulary without
//! predicates about claims, and cost a scan of the predicate column to
//! build otherwise: nothing to a query that does not ask for them.

use super::Graph;
use crate::base::{ClaimIx, EntityIx};
use crate::model::{Predicate, Stance};
use crate::store::ClaimTable;

/// What a claim's object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    /// An entity: the claim is an edge of the graph.
    Entity(EntityIx),
    /// Another claim, which this one corroborates, disputes, reports, ….
    Claim(ClaimIx),
}

#[derive(Debug, Default)]
pub(super) struct Responses {
    to: Vec<(ClaimIx, ClaimIx)>,
    by_subject: Vec<(EntityIx, ClaimIx)>,
    contested: Vec<ClaimIx>,
}

impl Responses {
    /// The responses among `claims`, whose predicates are `predicates`.
    pub(super) fn new(claims: &ClaimTable, predicates: &[Predicate]) -> Responses {
        let about: Vec<bool> = predicates.iter().map(Predicate::is_about_claims).collect();
        if !about.iter().any(|&a| a) {
            return Responses::default();
        }
        let mut responses = Responses::default();
        for (c, &(subject, object)) in claims.ends().iter().enumerate() {
            let predicate = claims.predicate(c) as usize;
            if !about[predicate] {
                continue;
            }
            let (claim, target) = (ClaimIx::new(c), ClaimIx(object.0));
            responses.to.push((target, claim));
            responses.by_subject.push((subject, claim));
            if predicates[predicate].contests() {
                responses.contested.push(target);
            }
        }
        responses.to.sort_unstable();
        responses.by_subject.sort_unstable();
        responses.contested.sort_unstable();
        responses.contested.dedup();
        responses
    }

    /// How many claims are about claims.
    pub(super) fn len(&self) -> usize {
        self.to.len()
    }
}

/// The second halves of the pairs of `pairs` whose first half is `key`.
fn run_of<K: Ord + Copy>(pairs: &[(K, ClaimIx)], key: K) -> impl Iterator<Item = ClaimIx> + '_ {
    let from = pairs.partition_point(|&(k, _)| k < key);
    pairs[from..]
        .iter()
        .take_while(move |&&(k, _)| k == key)
        .map(|&(_, c)| c)
}

impl Graph {
    /// Whether a claim is about another claim rather than an entity.
    pub fn is_response(&self, ix: ClaimIx) -> bool {
        self.responses.len() > 0
            && self.predicates[self.predicate_position(ix) as usize].is_about_claims()
    }

    /// What a claim about a claim does to it; `None` for a claim about an
    /// entity, or one whose predicate declares no stance.
    pub fn stance(&self, ix: ClaimIx) -> Option<Stance> {
        self.predicates[self.predicate_position(ix) as usize].stance
    }

    /// What the claim's object is: an entity, or the claim it is about.
    pub fn object(&self, ix: ClaimIx) -> Object {
        let object = self.claims.ends()[ix.index()].1;
        match self.is_response(ix) {
            true => Object::Claim(ClaimIx(object.0)),
            false => Object::Entity(object),
        }
    }

    /// The subject of a claim.
    pub fn subject(&self, ix: ClaimIx) -> EntityIx {
        self.claims.ends()[ix.index()].0
    }

    /// The claims about `ix`, in claim order.
    pub fn responses_to(&self, ix: ClaimIx) -> impl Iterator<Item = ClaimIx> + '_ {
        run_of(&self.responses.to, ix)
    }

    /// The claims about claims whose subject is `ix`, in claim order.
    pub fn responses_by(&self, ix: EntityIx) -> impl Iterator<Item = ClaimIx> + '_ {
        run_of(&self.responses.by_subject, ix)
    }

    /// Whether some claim disputes, denies or retracts `ix` (has a
    /// predicate whose stance contests). O(log r) of r contested claims;
    /// O(1) when none is.
    pub fn is_contested(&self, ix: ClaimIx) -> bool {
        !self.responses.contested.is_empty() && self.responses.contested.binary_search(&ix).is_ok()
    }

    /// The claims that contest `ix`, in claim order.
    pub fn contesting(&self, ix: ClaimIx) -> impl Iterator<Item = ClaimIx> + '_ {
        self.responses_to(ix)
            .filter(move |&r| self.stance(r) == Some(Stance::Contests))
    }

    /// How many claims are about claims.
    pub fn response_count(&self) -> usize {
        self.responses.len()
    }
}
