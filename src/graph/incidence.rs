//! Who is joined to whom, and by which claims: each entity's row of
//! incidence (every claim touching it, in claim order, with its direction
//! and other end), the same rows grouped by neighbor, and the claims each
//! entity makes.
//!
//! Invariants: a claim stands in the rows of both its ends, once each (a
//! claim of an entity about itself, twice in its row), unless it is about
//! another claim, when it stands in none; within a row claims
//! keep their file order; an [`Incidence`] is 8 bytes, the claim and its
//! direction sharing a `u32` (claims are kept under 2³¹).

use serde::Serialize;
use utoipa::ToSchema;

use super::Graph;
use crate::base::csr;
use crate::base::{ClaimIx, EntityIx};

/// Which way a claim runs relative to the entity it was reached from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The entity is the claim's subject.
    Out,
    /// The entity is the claim's object.
    In,
}

/// One claim as seen from one of its ends, in eight bytes: the claim and
/// its direction share a u32 (the loader keeps claims under 2³¹).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Incidence {
    pub(super) claim_and_direction: u32,
    other: EntityIx,
}

/// The claims joining an entity to one of its neighbors (either way), in
/// claim order, as [`Incidence`]s seen from the entity: the neighbor once,
/// with each claim and its direction. Small and `Copy`, like the slice it
/// wraps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'g> {
    other: EntityIx,
    claims: &'g [u32],
}

impl<'g> Run<'g> {
    /// No claims.
    pub const EMPTY: Run<'static> = Run {
        other: EntityIx(0),
        claims: &[],
    };

    /// How many claims join the two.
    pub fn len(self) -> usize {
        self.claims.len()
    }

    pub fn is_empty(self) -> bool {
        self.claims.is_empty()
    }

    /// The claims, in claim order.
    pub fn iter(self) -> RunIter<'g> {
        RunIter {
            other: self.other,
            claims: self.claims.iter(),
        }
    }
}

impl<'g> IntoIterator for Run<'g> {
    type Item = Incidence;
    type IntoIter = RunIter<'g>;

    fn into_iter(self) -> RunIter<'g> {
        self.iter()
    }
}

/// The claims of a [`Run`], as incidences.
#[derive(Debug, Clone)]
pub struct RunIter<'g> {
    other: EntityIx,
    claims: std::slice::Iter<'g, u32>,
}

impl Iterator for RunIter<'_> {
    type Item = Incidence;

    fn next(&mut self) -> Option<Incidence> {
        let other = self.other;
        self.claims.next().map(|&claim_and_direction| Incidence {
            claim_and_direction,
            other,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.claims.size_hint()
    }
}

impl ExactSizeIterator for RunIter<'_> {}

/// The bit of [`Incidence::claim_and_direction`] that marks `In`.
const IN: u32 = 1 << 31;

impl Incidence {
    fn new(claim: ClaimIx, other: EntityIx, direction: Direction) -> Incidence {
        let bit = match direction {
            Direction::Out => 0,
            Direction::In => IN,
        };
        Incidence {
            claim_and_direction: claim.0 | bit,
            other,
        }
    }

    pub fn claim(self) -> ClaimIx {
        ClaimIx(self.claim_and_direction & !IN)
    }

    /// The claim's other end.
    pub fn other(self) -> EntityIx {
        self.other
    }

    /// The same claim in the row of its other end, when `this` is the
    /// entity whose row holds `self`: pointing back at `this`, the other
    /// way round.
    pub fn seen_from_other(self, this: EntityIx) -> Incidence {
        let flipped = match self.direction() {
            Direction::Out => Direction::In,
            Direction::In => Direction::Out,
        };
        Incidence::new(self.claim(), this, flipped)
    }

    /// `Out` when the entity is the claim's subject.
    pub fn direction(self) -> Direction {
        if self.claim_and_direction & IN == 0 {
            Direction::Out
        } else {
            Direction::In
        }
    }
}

/// The compressed sparse rows of [`Graph::incidence`]: each claim in the
/// rows of its subject (`Out`) and its object (`In`), in claim order; but
/// not the claims about claims (`is_response`), which join no two entities.
pub(super) fn incidence(
    entities: usize,
    ends: &[(EntityIx, EntityIx)],
    is_response: impl Fn(usize) -> bool + Clone,
) -> (Vec<u32>, Vec<Incidence>) {
    let blank = Incidence::new(ClaimIx(0), EntityIx(0), Direction::Out);
    let edges = ends
        .iter()
        .enumerate()
        .filter(move |(c, _)| !is_response(*c));
    let seen_from_each_end = edges.flat_map(|(c, &(s, o))| {
        let claim = ClaimIx::new(c);
        [
            (s.index(), Incidence::new(claim, o, Direction::Out)),
            (o.index(), Incidence::new(claim, s, Direction::In)),
        ]
    });
    csr::rows_of(entities, blank, seen_from_each_end)
}

impl Graph {
    /// The claims touching `ix` in the given directions, as
    /// `(claim, other end, direction)`, in claim order.
    ///
    /// Costs O(d) for an entity of degree d.
    pub fn incident(
        &self,
        ix: EntityIx,
        out: bool,
        inward: bool,
    ) -> Vec<(ClaimIx, EntityIx, Direction)> {
        self.incidence(ix)
            .iter()
            .filter(|i| match i.direction() {
                Direction::Out => out,
                Direction::In => inward,
            })
            .map(|i| (i.claim(), i.other(), i.direction()))
            .collect()
    }

    /// Every claim touching `ix`, in claim order, without allocating.
    pub fn incidence(&self, ix: EntityIx) -> &[Incidence] {
        let from = self.rows.first_incident[ix.index()] as usize;
        let to = self.rows.first_incident[ix.index() + 1] as usize;
        &self.rows.incidence[from..to]
    }

    /// The distinct neighbors of `ix` in entity order, each with the claims
    /// joining them (either way) in claim order. O(1) to start, O(1) a step.
    pub fn neighbors(&self, ix: EntityIx) -> impl Iterator<Item = (EntityIx, Run<'_>)> + '_ {
        let adjacency = &self.rows.adjacency;
        let others = adjacency.neighbors(ix);
        let (row_start, row_end) = self.row_bounds(ix);
        let one_each = others.len() == row_end - row_start;
        let mut start = row_start;
        others.iter().enumerate().map(move |(i, &other)| {
            let end = if i + 1 == others.len() {
                row_end
            } else if one_each {
                start + 1
            } else {
                adjacency.next_run(start)
            };
            let claims = &self.rows.by_neighbor[start..end];
            start = end;
            let other = EntityIx(other);
            (other, Run { other, claims })
        })
    }

    /// Where `ix`'s row of incidence starts and ends.
    fn row_bounds(&self, ix: EntityIx) -> (usize, usize) {
        let first = &self.rows.first_incident;
        (first[ix.index()] as usize, first[ix.index() + 1] as usize)
    }

    /// The claims joining `a` and `b` (either way), in claim order; empty
    /// when they are not neighbors. O(log d) by binary search over `a`'s
    /// distinct neighbors, so a hop through a hub does not cost its degree.
    pub fn claims_between(&self, a: EntityIx, b: EntityIx) -> Run<'_> {
        let adjacency = &self.rows.adjacency;
        let others = adjacency.neighbors(a);
        let claims = match others.binary_search(&b.0) {
            Ok(at) => {
                let (row_start, row_end) = self.row_bounds(a);
                let (start, end) = if others.len() == row_end - row_start {
                    (row_start + at, row_start + at + 1)
                } else {
                    let start = adjacency.run_start(adjacency.first[a.index()] as usize + at);
                    let end = if at + 1 == others.len() {
                        row_end
                    } else {
                        adjacency.next_run(start)
                    };
                    (start, end)
                };
                &self.rows.by_neighbor[start..end]
            }
            Err(_) => &[],
        };
        Run { other: b, claims }
    }

    /// The claims `ix` makes (is `claimed_by` of), in claim order.
    pub fn claims_made(&self, ix: EntityIx) -> &[ClaimIx] {
        let from = self.rows.first_made[ix.index()] as usize;
        let to = self.rows.first_made[ix.index() + 1] as usize;
        &self.rows.made[from..to]
    }

    /// How many distinct entities share a claim with `ix`.
    pub fn neighbor_count(&self, ix: EntityIx) -> usize {
        self.rows.adjacency.neighbors(ix).len()
    }

    /// How many claims touch `ix`.
    pub fn degree(&self, ix: EntityIx) -> usize {
        self.incidence(ix).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Each entity's neighbors, and the claims between any two, are
        /// its incidence grouped by the other end, in claim order: runs of
        /// one claim and of many, rows of both, past many samples of runs.
        #[test]
        fn neighbors_and_the_claims_between_them_group_the_incidence(
            entities in 2usize..40,
            claims in proptest::collection::vec((0usize..40, 0usize..40), 0..400),
        ) {
            let claims: Vec<_> = claims.into_iter().map(|(s, o)| (s, o, 0, 0)).collect();
            let graph = crate::graph::testing::graph(entities, &claims);
            for a in graph.entity_ixs() {
                let mut grouped: std::collections::BTreeMap<u32, Vec<ClaimIx>> = Default::default();
                for i in graph.incidence(a) {
                    grouped.entry(i.other().0).or_default().push(i.claim());
                }
                let claims_of = |run: Run| run.iter().map(|i| i.claim()).collect::<Vec<_>>();
                let found: Vec<_> = graph.neighbors(a).map(|(b, run)| (b.0, claims_of(run))).collect();
                let expected: Vec<_> = grouped.clone().into_iter().collect();
                proptest::prop_assert_eq!(found, expected);
                for b in graph.entity_ixs() {
                    let between = claims_of(graph.claims_between(a, b));
                    let expected = grouped.get(&b.0).cloned().unwrap_or_default();
                    proptest::prop_assert_eq!(between, expected);
                }
            }
        }
    }
}
