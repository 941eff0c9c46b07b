//! Paths between two entities: the k shortest simple paths, walking claims in
//! either direction, each hop carried by one claim.
//!
//! Paths are distinct as sequences of entities; where several claims join
//! the same two entities, the hop is carried by the strongest (asserted
//! before alleged before suspected, then the first in data order).
//!
//! Among paths of the same length the answer is the one a forward
//! breadth-first search visiting neighbors in entity order would find: the
//! first in the lexicographic order of entity positions. Each search meets
//! in the middle instead (see `Walker::shortest`), which visits the two
//! small balls around the ends rather than the large one around `from`, and
//! rebuilds that same path from what the two sides recorded.
//!
//! The search lives in three files by concern: `yen` holds the walker and
//! Yen's algorithm over it (the k-shortest layer, and the choice of the
//! claim carrying each hop), `meet` one bidirectional search between two
//! entities, and `scratch` the per-entity state a search reuses and the
//! pool that keeps it across queries.

mod meet;
#[cfg(test)]
mod oracle;
mod scratch;
#[cfg(test)]
mod tests;
mod yen;

use crate::graph::{ClaimIx, Direction, EntityIx, Graph};
use crate::model::Status;
use crate::query::ClaimFilter;
use scratch::Scratch;
use yen::Walker;

#[derive(Debug, Clone)]
pub struct PathParams {
    /// The most hops a path may have, at least 1.
    pub max_length: usize,
    /// How many paths to return, at least 1.
    pub limit: usize,
    pub filter: ClaimFilter,
    /// Entities no path may pass through.
    pub avoid: Vec<EntityIx>,
    /// The most entities the whole search may expand, counting both sides
    /// of every search; past it the search stops and the answer says it was
    /// truncated. The paths it did find are then the first of the complete
    /// answer, in the same order.
    pub work_budget: usize,
}

/// The default work budget: enough for any query on graphs of millions of
/// claims to find its first paths, small enough to answer in milliseconds.
pub const DEFAULT_WORK_BUDGET: usize = 200_000;

/// The paths found, and whether the work budget cut the search short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub paths: Vec<Path>,
    pub truncated: bool,
}

/// One hop of a path: the claim and which way it was walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hop {
    pub claim: ClaimIx,
    /// `Out` when the path walks from the claim's subject to its object.
    pub direction: Direction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// From `from` to `to`, inclusive.
    pub nodes: Vec<EntityIx>,
    pub hops: Vec<Hop>,
    /// The weakest status among the hops.
    pub weakest: Status,
}

/// Up to `limit` simple paths from `from` to `to`, shortest first (ties in
/// order of their entity positions), none longer than `max_length`.
///
/// Yen's algorithm over bidirectional breadth-first searches: at most
/// `limit · max_length` searches, each visiting the entities within about
/// half the distance of either end (always expanding the side whose frontier
/// has fewer claims) and stopping at the remaining length, all of them
/// together expanding at most `work_budget` entities. Enumerating all simple
/// paths instead would grow exponentially with length. Per-search state
/// lives in reused arrays, so a search costs what it visits, not the size
/// of the graph.
pub fn k_shortest_paths(graph: &Graph, from: EntityIx, to: EntityIx, p: &PathParams) -> Found {
    let mut walker = Walker {
        graph,
        p,
        filter: p.filter.resolve(graph),
        work: 0,
        scratch: Scratch::take(graph),
    };
    let paths = walker.yen(from, to);
    let truncated = walker.exhausted();
    walker.scratch.give_back();
    Found { paths, truncated }
}
