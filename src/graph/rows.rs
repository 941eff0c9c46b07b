//! The indexes built from the claims alone, on one core while the names
//! are indexed on the other: incidence (in claim order and by neighbor),
//! adjacency, and the claims each entity makes.

use super::adjacency::{Adjacency, by_neighbor};
use super::incidence::{Incidence, incidence};
use crate::base::ClaimIx;
use crate::base::csr;
use crate::store::{ClaimTable, EntityTable};

/// The indexes of entities and claims that do not need the names:
/// incidence (in claim order and by neighbor), adjacency, claims made. Built
/// on one core while the name index is built on the other.
#[derive(Debug)]
pub(super) struct ClaimRows {
    /// Compressed sparse rows of incidence: the claims touching entity `i`
    /// are `incidence[first_incident[i]..first_incident[i + 1]]`, in claim
    /// order, so that walking them needs neither petgraph's edge lists nor a
    /// sort.
    pub(super) first_incident: Vec<u32>,
    pub(super) incidence: Vec<Incidence>,
    /// The same rows, each sorted by the other end (then claim order): the
    /// claims between each pair of neighbors lie next to each other. Only
    /// each claim and its direction ([`Incidence::claim_and_direction`])
    /// are kept, half an incidence: the other end is the same along a run,
    /// and `adjacency` gives it.
    pub(super) by_neighbor: Vec<u32>,
    /// Who is next to whom, and where the claims joining them lie in
    /// `by_neighbor`.
    pub(super) adjacency: Adjacency,
    /// The claims each entity makes, in claim order: entity `i`'s are
    /// `made[first_made[i]..first_made[i + 1]]`.
    pub(super) first_made: Vec<u32>,
    pub(super) made: Vec<ClaimIx>,
}

impl ClaimRows {
    /// The rows of `claims`, those whose predicate (by position) is
    /// `about_claims` left out of incidence.
    pub(super) fn new(
        entities: &EntityTable,
        claims: &ClaimTable,
        about_claims: &[bool],
    ) -> ClaimRows {
        let (first_incident, incidence) = match about_claims.iter().any(|&a| a) {
            true => incidence(entities.len(), claims.ends(), |c| {
                about_claims[claims.predicate(c) as usize]
            }),
            // What every claim of most vocabularies is: nothing to look up.
            false => incidence(entities.len(), claims.ends(), |_| false),
        };
        let (by_neighbor, adjacency) = by_neighbor(&first_incident, &incidence);
        let by_claimant = claims.claimed_by().iter().enumerate();
        let (first_made, made) = csr::rows_of(
            entities.len(),
            ClaimIx::default(),
            by_claimant.map(|(c, e)| (e.index(), ClaimIx::new(c))),
        );
        ClaimRows {
            first_incident,
            incidence,
            by_neighbor,
            adjacency,
            first_made,
            made,
        }
    }
}
