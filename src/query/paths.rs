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

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::Mutex;

use crate::graph::{ClaimIx, Direction, EntityIx, Graph, Incidence, Run};
use crate::model::Status;
use crate::query::{Admits, ClaimFilter};

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

struct Walker<'a> {
    graph: &'a Graph,
    p: &'a PathParams,
    /// `p`'s filter, resolved against the graph.
    filter: Admits,
    /// Entities expanded so far, across all searches and both sides.
    work: usize,
    scratch: Scratch,
}

/// How a layer of one side of a search ended.
enum Step {
    /// The whole layer was expanded without meeting the other side; the
    /// next frontier holds this many claims.
    Layer(usize),
    /// The sides met; the entity is where the shortest path crosses over.
    Met(EntityIx),
    /// The work budget ran out.
    Cut,
}

impl Walker<'_> {
    /// Whether the work budget has run out.
    fn exhausted(&self) -> bool {
        self.work > self.p.work_budget
    }

    /// Counts one expanded entity; false once the budget has run out.
    fn expand(&mut self) -> bool {
        self.work += 1;
        !self.exhausted()
    }

    /// Yen's algorithm: each next path deviates from an accepted one at some
    /// spur node, avoiding the edges the accepted paths take from there.
    ///
    /// Stops as soon as a search runs out of budget: a path accepted after
    /// an incomplete round of spur searches might not be the next shortest.
    fn yen(&mut self, from: EntityIx, to: EntityIx) -> Vec<Path> {
        let p = self.p;
        if from == to || p.limit == 0 {
            return Vec::new();
        }
        let Some(first) = self.shortest(from, to, &p.avoid, &[], p.max_length) else {
            return Vec::new();
        };
        let mut accepted: Vec<Vec<EntityIx>> = vec![first];
        // Where the last accepted path left the one it was found from.
        let mut deviation = 0;
        // Each candidate, shortest first, with the spur node it left at.
        let mut candidates: BTreeMap<(usize, Vec<EntityIx>), usize> = BTreeMap::new();
        let mut banned_nodes: Vec<EntityIx> = Vec::new();
        let mut banned_edges: Vec<(EntityIx, EntityIx)> = Vec::new();
        'paths: while accepted.len() < p.limit {
            let previous = accepted[accepted.len() - 1].clone();
            // Lawler: spurring from before the deviation would repeat the
            // searches made for the path this one was found from.
            for i in deviation..previous.len() - 1 {
                // Once the candidates hold as many paths as are still
                // wanted, a spur path longer than the last of them could
                // never be accepted: search no further than that.
                let wanted = p.limit - accepted.len();
                let longest = candidates
                    .iter()
                    .nth(wanted - 1)
                    .map_or(p.max_length, |((nodes, _), _)| nodes - 1);
                let root = &previous[..=i];
                banned_edges.clear();
                banned_edges.extend(
                    accepted
                        .iter()
                        .filter(|path| path.len() > i + 1 && path[..=i] == *root)
                        .map(|path| (path[i], path[i + 1])),
                );
                banned_nodes.clear();
                banned_nodes.extend(&p.avoid);
                banned_nodes.extend(&root[..i]);
                let budget = longest.min(p.max_length).saturating_sub(i);
                let spur = self.shortest(previous[i], to, &banned_nodes, &banned_edges, budget);
                if self.exhausted() {
                    break 'paths;
                }
                if let Some(spur) = spur {
                    let mut path = root[..i].to_vec();
                    path.extend(spur);
                    if !accepted.contains(&path) {
                        let at = candidates.entry((path.len(), path)).or_insert(i);
                        *at = (*at).min(i);
                    }
                }
            }
            match candidates.pop_first() {
                Some(((_, path), at)) => {
                    accepted.push(path);
                    deviation = at;
                }
                None => break,
            }
        }
        accepted.into_iter().map(|nodes| self.hops(nodes)).collect()
    }

    /// The strongest admitted claim of a run joining two neighbors: the
    /// first (in claim order) of the strongest status.
    fn strongest(&self, claims: Run<'_>) -> Option<Hop> {
        let mut best: Option<(Status, Incidence)> = None;
        for i in claims {
            let status = self.graph.status(i.claim());
            if self.filter.admits(self.graph, i.claim())
                && best.is_none_or(|(strongest, _)| status < strongest)
            {
                best = Some((status, i));
            }
        }
        best.map(|(_, i)| Hop {
            claim: i.claim(),
            direction: i.direction(),
        })
    }

    /// Whether any claim of a run passes the filter. O(run length).
    fn admits_any(&self, claims: Run<'_>) -> bool {
        claims
            .iter()
            .any(|i| self.filter.admits(self.graph, i.claim()))
    }

    /// A shortest path of at most `max_hops` hops avoiding the banned nodes
    /// and (undirected) banned edges: of those, the first in lexicographic
    /// order of entity positions, which is the one a forward BFS visiting
    /// neighbors in entity order finds.
    ///
    /// Bidirectional: a forward side from `from` and a backward side from
    /// `to` each grow one whole layer at a time, the side whose frontier
    /// touches fewer claims first, so a hub on one side waits while the
    /// other side, usually, reaches it. With `a` forward and `b` backward
    /// layers done and no entity seen by both, every path is longer than
    /// `a + b`; the first entity seen by both lies at distance `a + b + 1`.
    ///
    /// The answer is rebuilt from what the sides recorded:
    /// - The forward side is a plain BFS in entity order, so its parents
    ///   give, for every entity it saw, the lexicographically first shortest
    ///   path from `from`, and it discovers each layer in that order.
    /// - The backward side records for each entity the smallest neighbor one
    ///   step nearer `to` (it expands whole layers, so it sees them all);
    ///   following those gives the lexicographically first shortest path
    ///   to `to`.
    /// - Every shortest path crosses the meeting layer, all of whose
    ///   entities are at the same distances from both ends; the first path
    ///   is the forward path to the first meeting entity in forward
    ///   discovery order, then the backward path from it. When the forward
    ///   side meets, that entity is the first one met, so it stops there.
    ///
    /// When one more hop is all the length allows, the sides are not
    /// expanded but bridged ([`Walker::bridge`]): a hub at that hop costs a
    /// binary search per entity across from it instead of its row.
    ///
    /// Costs the claims of the entities expanded, O(1) per entity seen, and
    /// allocates only the path.
    fn shortest(
        &mut self,
        from: EntityIx,
        to: EntityIx,
        banned_nodes: &[EntityIx],
        banned_edges: &[(EntityIx, EntityIx)],
        max_hops: usize,
    ) -> Option<Vec<EntityIx>> {
        if banned_nodes.contains(&from) || banned_nodes.contains(&to) {
            return None;
        }
        if from == to {
            return Some(vec![from]);
        }
        let graph = self.graph;
        let epoch = self.scratch.next_epoch();
        for n in banned_nodes {
            self.scratch.marks[n.index()].set(BANNED, epoch);
        }
        self.scratch.discover(from, FORWARD, 0, from, epoch);
        self.scratch.discover(to, BACKWARD, 0, to, epoch);
        let mut front = std::mem::take(&mut self.scratch.front);
        let mut back = std::mem::take(&mut self.scratch.back);
        let mut next = std::mem::take(&mut self.scratch.next);
        let mut meet = std::mem::take(&mut self.scratch.meet);
        front.clear();
        back.clear();
        front.push(from);
        back.push(to);
        let (mut front_claims, mut back_claims) = (graph.degree(from), graph.degree(to));
        let (mut ahead, mut behind) = (0usize, 0usize);
        let mut order = 1u32;
        let met = loop {
            if ahead + behind >= max_hops || front.is_empty() || back.is_empty() {
                break None;
            }
            next.clear();
            if ahead + behind + 1 == max_hops && self.bridging_pays(&front, back.len(), back_claims)
            {
                break self.bridge(&front, &back, &mut next, banned_edges, order, epoch);
            }
            let step = if front_claims <= back_claims {
                self.forward(&front, &mut next, banned_edges, &mut order, epoch)
            } else {
                meet.clear();
                let dist = behind as u32 + 1;
                self.backward(&back, &mut next, &mut meet, banned_edges, dist, epoch)
            };
            match step {
                Step::Met(m) => break Some(m),
                Step::Cut => break None,
                Step::Layer(claims) if front_claims <= back_claims => {
                    std::mem::swap(&mut front, &mut next);
                    front_claims = claims;
                    ahead += 1;
                }
                Step::Layer(claims) => {
                    std::mem::swap(&mut back, &mut next);
                    back_claims = claims;
                    behind += 1;
                }
            }
        };
        self.scratch.front = front;
        self.scratch.back = back;
        self.scratch.next = next;
        self.scratch.meet = meet;
        met.map(|m| self.scratch.path_through(from, to, m))
    }

    /// Calls `visit` with every neighbor of `u` (in entity order), the claims
    /// joining them and the neighbor's mark as it stands, until it breaks.
    ///
    /// The marks are read [`BATCH`] at a time before any is tested: reads
    /// that do not wait on one another's tests overlap their cache misses,
    /// which is most of what expanding a hub costs. A batch's marks stay
    /// current while it is visited, since a row names each neighbor once and
    /// `visit` writes only the mark of the neighbor it is given.
    fn each_neighbor<B>(
        &mut self,
        u: EntityIx,
        mut visit: impl FnMut(&mut Self, EntityIx, Run<'_>, Mark) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        let graph = self.graph;
        let mut neighbors = graph.neighbors(u);
        let mut batch = [(u, Run::EMPTY, Mark::UNSEEN); BATCH];
        loop {
            let mut filled = 0;
            for (slot, (v, run)) in batch.iter_mut().zip(neighbors.by_ref()) {
                *slot = (v, run, self.scratch.marks[v.index()]);
                filled += 1;
            }
            for &(v, run, mark) in &batch[..filled] {
                visit(self, v, run, mark)?;
            }
            if filled < BATCH {
                return ControlFlow::Continue(());
            }
        }
    }

    /// Expands one forward layer in discovery order, each entity's
    /// neighbors in entity order; stops at the first entity the backward
    /// side has seen.
    fn forward(
        &mut self,
        layer: &[EntityIx],
        next: &mut Vec<EntityIx>,
        banned_edges: &[(EntityIx, EntityIx)],
        order: &mut u32,
        epoch: u32,
    ) -> Step {
        let graph = self.graph;
        let mut claims = 0;
        for &u in layer {
            if !self.expand() {
                return Step::Cut;
            }
            let touchy = banned_edges.iter().any(|&(a, b)| a == u || b == u);
            let met = self.each_neighbor(u, |walker, v, run, mark| {
                if mark.has(FORWARD | BANNED, epoch)
                    || (touchy && is_banned(banned_edges, u, v))
                    || !walker.admits_any(run)
                {
                    return ControlFlow::Continue(());
                }
                walker.scratch.discover(v, FORWARD, *order, u, epoch);
                *order += 1;
                if mark.has(BACKWARD, epoch) {
                    return ControlFlow::Break(v);
                }
                next.push(v);
                claims += graph.degree(v);
                ControlFlow::Continue(())
            });
            if let ControlFlow::Break(v) = met {
                return Step::Met(v);
            }
        }
        Step::Layer(claims)
    }

    /// Whether [`Walker::bridge`] over these frontiers reads fewer claims
    /// than expanding the backward one, `back_claims`; it never reads more
    /// than expanding the forward one.
    fn bridging_pays(&self, front: &[EntityIx], back: usize, back_claims: usize) -> bool {
        let mut cost = 0;
        for &u in front {
            cost += self.bridge_cost(u, back);
            if cost > back_claims {
                return false;
            }
        }
        true
    }

    /// What [`Walker::bridge`] pays for `u` against a backward frontier of
    /// `back` entities: its row read whole, or a binary search of the row
    /// for each of them, whichever is less.
    fn bridge_cost(&self, u: EntityIx, back: usize) -> usize {
        let row = self.graph.neighbor_count(u);
        row.min(back.saturating_mul(PROBE_COST * (row.checked_ilog2().unwrap_or(0) as usize + 1)))
    }

    /// The last hop a search may take, when the sides can only meet across
    /// one more claim: the first entity of the forward frontier (in
    /// discovery order) with a neighbor in the backward one, and its
    /// smallest such neighbor, which is where expanding either frontier
    /// would meet. Neither is expanded: for each forward entity whose row
    /// is long beside the backward frontier (a hub), each backward entity
    /// is looked up in the row by binary search instead, which turns the
    /// last layer's thousands of claims into a few probes.
    fn bridge(
        &mut self,
        front: &[EntityIx],
        back: &[EntityIx],
        sorted_back: &mut Vec<EntityIx>,
        banned_edges: &[(EntityIx, EntityIx)],
        order: u32,
        epoch: u32,
    ) -> Option<EntityIx> {
        let graph = self.graph;
        sorted_back.clear();
        for &u in front {
            if !self.expand() {
                return None;
            }
            let touchy = banned_edges.iter().any(|&(a, b)| a == u || b == u);
            // An empty run (not neighbors) admits nothing.
            let crosses = |walker: &Self, v: EntityIx, run: Run<'_>| {
                !(touchy && is_banned(banned_edges, u, v)) && walker.admits_any(run)
            };
            let hit = if self.bridge_cost(u, back.len()) < graph.neighbor_count(u) {
                if sorted_back.is_empty() {
                    sorted_back.extend(back);
                    sorted_back.sort_unstable();
                }
                sorted_back
                    .iter()
                    .copied()
                    .find(|&v| crosses(self, v, graph.claims_between(u, v)))
            } else {
                // Every entity the backward side saw is in its frontier:
                // one seen earlier next to `u` would have met `u` already.
                let found = self.each_neighbor(u, |walker, v, run, mark| {
                    let behind = mark.has(BACKWARD, epoch) && !mark.has(BANNED, epoch);
                    if behind && crosses(walker, v, run) {
                        ControlFlow::Break(v)
                    } else {
                        ControlFlow::Continue(())
                    }
                });
                match found {
                    ControlFlow::Break(v) => Some(v),
                    ControlFlow::Continue(()) => None,
                }
            };
            if let Some(v) = hit {
                self.scratch.discover(v, FORWARD, order, u, epoch);
                return Some(v);
            }
        }
        None
    }

    /// Expands one whole backward layer, giving each newly seen entity
    /// (at `dist` from `to`) its smallest neighbor in the layer; if the
    /// forward side has seen some of them, the sides met at the first of
    /// those in forward discovery order.
    fn backward(
        &mut self,
        layer: &[EntityIx],
        next: &mut Vec<EntityIx>,
        meet: &mut Vec<EntityIx>,
        banned_edges: &[(EntityIx, EntityIx)],
        dist: u32,
        epoch: u32,
    ) -> Step {
        let graph = self.graph;
        let mut claims = 0;
        for &x in layer {
            if !self.expand() {
                return Step::Cut;
            }
            let touchy = banned_edges.iter().any(|&(a, b)| a == x || b == x);
            let _ = self.each_neighbor(x, |walker, w, run, mark| {
                if mark.has(BANNED, epoch) || (touchy && is_banned(banned_edges, x, w)) {
                    return ControlFlow::<()>::Continue(());
                }
                let i = w.index();
                if mark.has(BACKWARD, epoch) {
                    // Seen by both sides only in this layer (the search
                    // ends when sides meet), where it keeps its forward
                    // order rather than its distance.
                    let this_layer = mark.has(FORWARD, epoch) || mark.value == dist;
                    if this_layer && x < walker.scratch.nearer[i] && walker.admits_any(run) {
                        walker.scratch.nearer[i] = x;
                    }
                    return ControlFlow::Continue(());
                }
                if !walker.admits_any(run) {
                    return ControlFlow::Continue(());
                }
                walker.scratch.discover(w, BACKWARD, dist, x, epoch);
                if mark.has(FORWARD, epoch) {
                    meet.push(w);
                } else {
                    next.push(w);
                    claims += graph.degree(w);
                }
                ControlFlow::Continue(())
            });
        }
        match meet
            .iter()
            .min_by_key(|m| self.scratch.marks[m.index()].value)
        {
            Some(&m) => Step::Met(m),
            None => Step::Layer(claims),
        }
    }

    /// Chooses the claim carrying each hop of a node path. O(log d + r) a
    /// hop, for r claims joining the pair.
    fn hops(&self, nodes: Vec<EntityIx>) -> Path {
        let hops: Vec<Hop> = nodes
            .windows(2)
            .filter_map(|pair| self.strongest(self.graph.claims_between(pair[0], pair[1])))
            .collect();
        let weakest = hops
            .iter()
            .map(|h| self.graph.status(h.claim))
            .max()
            .unwrap_or(Status::Asserted);
        Path {
            nodes,
            hops,
            weakest,
        }
    }
}

/// Whether the (undirected) edge `u`–`v` is banned. O(banned edges), at
/// most the number of paths asked for.
fn is_banned(banned_edges: &[(EntityIx, EntityIx)], u: EntityIx, v: EntityIx) -> bool {
    banned_edges
        .iter()
        .any(|&(a, b)| (a == u && b == v) || (a == v && b == u))
}

/// What a search knows of an entity, 16 bytes so that the marks of a
/// million entities fit the last-level cache beside the graph's rows: one
/// stamp for the search that wrote it, which side saw it or whether it is
/// banned, and that side's number. Where each side came from is kept apart
/// (in [`Scratch::parent`] and [`Scratch::nearer`]), since only a found
/// path reads it.
#[derive(Debug, Clone, Copy)]
#[repr(align(16))]
struct Mark {
    /// The search that last wrote the mark; in any other it says nothing.
    epoch: u32,
    /// For [`FORWARD`], the discovery order: within a layer, the
    /// lexicographic order of the first shortest paths from `from`. For
    /// [`BACKWARD`] alone, the hops to `to`. An entity seen by both sides
    /// is the meeting point, and keeps its forward order.
    value: u32,
    flags: u8,
}

/// Seen by the forward side.
const FORWARD: u8 = 1;
/// Seen by the backward side.
const BACKWARD: u8 = 2;
/// Not to be passed through by this search.
const BANNED: u8 = 4;

impl Mark {
    /// Stale in every search (epochs start at 1).
    const UNSEEN: Mark = Mark {
        epoch: 0,
        value: 0,
        flags: 0,
    };

    /// Whether this search set any of `flags`.
    fn has(&self, flags: u8, epoch: u32) -> bool {
        self.epoch == epoch && self.flags & flags != 0
    }

    /// Sets `flag` for this search, dropping what earlier searches set.
    fn set(&mut self, flag: u8, epoch: u32) {
        if self.epoch != epoch {
            (self.epoch, self.flags) = (epoch, 0);
        }
        self.flags |= flag;
    }
}

/// What one binary-search step of a row costs beside reading one claim of
/// it in order: its reads depend on one another, a row's do not.
const PROBE_COST: usize = 2;

/// How many marks [`Walker::each_neighbor`] reads before testing any.
const BATCH: usize = 16;

/// Reusable search state indexed by entity, stamped with the epoch of the
/// search that wrote it, so that starting a search clears nothing: 24 bytes
/// an entity, allocated once per scratch and kept in a pool of at most
/// [`POOLED`] across queries.
#[derive(Debug, Default)]
struct Scratch {
    epoch: u32,
    marks: Vec<Mark>,
    /// For an entity the forward side saw, the one it came from.
    parent: Vec<EntityIx>,
    /// For an entity the backward side saw, the smallest neighbor one hop
    /// nearer `to`.
    nearer: Vec<EntityIx>,
    front: Vec<EntityIx>,
    back: Vec<EntityIx>,
    next: Vec<EntityIx>,
    meet: Vec<EntityIx>,
}

/// The most scratches kept between queries: as many as run at once, since
/// a path query holds its thread until it is done.
const POOLED: usize = 16;

static POOL: Mutex<Vec<Scratch>> = Mutex::new(Vec::new());

impl Scratch {
    /// A scratch from the pool (or a new one) sized for `graph`: O(1), or
    /// O(entities) the first time a larger graph is seen.
    fn take(graph: &Graph) -> Scratch {
        let pooled = POOL.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut scratch = pooled.unwrap_or_default();
        let entities = graph.entities().len();
        if scratch.marks.len() < entities {
            scratch.marks.resize(entities, Mark::UNSEEN);
            scratch.parent.resize(entities, EntityIx(0));
            scratch.nearer.resize(entities, EntityIx(0));
        }
        scratch
    }

    fn give_back(self) {
        let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < POOLED {
            pool.push(self);
        }
    }

    /// A fresh epoch, which makes every stamp stale; on wrapping around,
    /// once in 2³² searches, the stamps are cleared for real.
    fn next_epoch(&mut self) -> u32 {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.marks.fill(Mark::UNSEEN);
            self.epoch = 1;
        }
        self.epoch
    }

    /// Records that `side` saw `v` (with its order or distance in `value`)
    /// coming from `from`: its parent on the forward side, the neighbor
    /// one hop nearer `to` on the backward side. The meeting point keeps
    /// its forward order.
    fn discover(&mut self, v: EntityIx, side: u8, value: u32, from: EntityIx, epoch: u32) {
        let mark = &mut self.marks[v.index()];
        let met = mark.has(FORWARD, epoch);
        mark.set(side, epoch);
        if side == FORWARD {
            mark.value = value;
            self.parent[v.index()] = from;
        } else {
            if !met {
                mark.value = value;
            }
            self.nearer[v.index()] = from;
        }
    }

    /// The forward path to `m`, then the backward path from it.
    fn path_through(&self, from: EntityIx, to: EntityIx, m: EntityIx) -> Vec<EntityIx> {
        let mut path = vec![m];
        let mut at = m;
        while at != from {
            at = self.parent[at.index()];
            path.push(at);
        }
        path.reverse();
        let mut at = m;
        while at != to {
            at = self.nearer[at.index()];
            path.push(at);
        }
        path
    }
}

/// The search as it was before it met in the middle: Yen's algorithm over a
/// plain forward BFS with hash maps, kept verbatim as the oracle the tests
/// compare the fast search against.
#[cfg(test)]
mod oracle {
    use std::cell::Cell;
    use std::collections::{BTreeSet, VecDeque};

    use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

    use super::{Found, Hop, Path, PathParams};
    use crate::graph::{EntityIx, Graph, Incidence, Run};
    use crate::model::Status;

    pub fn k_shortest_paths(graph: &Graph, from: EntityIx, to: EntityIx, p: &PathParams) -> Found {
        let walker = Walker {
            graph,
            p,
            work: Cell::new(0),
        };
        let paths = walker.yen(from, to);
        Found {
            paths,
            truncated: walker.work.get() > p.work_budget,
        }
    }

    pub struct Walker<'a> {
        pub graph: &'a Graph,
        pub p: &'a PathParams,
        pub work: Cell<usize>,
    }

    impl Walker<'_> {
        fn yen(&self, from: EntityIx, to: EntityIx) -> Vec<Path> {
            let p = self.p;
            if from == to || p.limit == 0 {
                return Vec::new();
            }
            let avoid: HashSet<EntityIx> = p.avoid.iter().copied().collect();
            let Some(first) = self.bfs(from, to, &avoid, &HashSet::default(), p.max_length) else {
                return Vec::new();
            };
            let mut accepted: Vec<Vec<EntityIx>> = vec![first];
            let mut candidates: BTreeSet<(usize, Vec<EntityIx>)> = BTreeSet::new();
            while accepted.len() < p.limit {
                let previous = accepted[accepted.len() - 1].clone();
                for i in 0..previous.len() - 1 {
                    let root = &previous[..=i];
                    let banned_edges: HashSet<(EntityIx, EntityIx)> = accepted
                        .iter()
                        .filter(|path| path.len() > i + 1 && path[..=i] == *root)
                        .map(|path| (path[i], path[i + 1]))
                        .collect();
                    let mut banned_nodes = avoid.clone();
                    banned_nodes.extend(&root[..i]);
                    let budget = p.max_length - i;
                    if let Some(spur) =
                        self.bfs(previous[i], to, &banned_nodes, &banned_edges, budget)
                    {
                        let mut path = root[..i].to_vec();
                        path.extend(spur);
                        if !accepted.contains(&path) {
                            candidates.insert((path.len(), path));
                        }
                    }
                }
                match candidates.pop_first() {
                    Some((_, path)) => accepted.push(path),
                    None => break,
                }
            }
            accepted.into_iter().map(|nodes| self.hops(nodes)).collect()
        }

        fn neighbors(&self, u: EntityIx) -> Vec<(EntityIx, Hop)> {
            self.graph
                .neighbors(u)
                .filter_map(|(v, claims)| self.strongest(claims).map(|hop| (v, hop)))
                .collect()
        }

        fn strongest(&self, claims: Run<'_>) -> Option<Hop> {
            let mut best: Option<(Status, Incidence)> = None;
            for i in claims {
                let status = self.graph.status(i.claim());
                if self.p.filter.admits(self.graph, i.claim())
                    && best.is_none_or(|(strongest, _)| status < strongest)
                {
                    best = Some((status, i));
                }
            }
            best.map(|(_, i)| Hop {
                claim: i.claim(),
                direction: i.direction(),
            })
        }

        fn neighbor_ixs(&self, u: EntityIx) -> impl Iterator<Item = EntityIx> + '_ {
            self.graph.neighbors(u).filter_map(|(v, claims)| {
                claims
                    .iter()
                    .any(|i| self.p.filter.admits(self.graph, i.claim()))
                    .then_some(v)
            })
        }

        pub fn bfs(
            &self,
            from: EntityIx,
            to: EntityIx,
            banned_nodes: &HashSet<EntityIx>,
            banned_edges: &HashSet<(EntityIx, EntityIx)>,
            budget: usize,
        ) -> Option<Vec<EntityIx>> {
            if banned_nodes.contains(&from) || banned_nodes.contains(&to) {
                return None;
            }
            let mut parent: HashMap<EntityIx, EntityIx> = HashMap::default();
            let mut queue = VecDeque::from([(from, 0usize)]);
            let mut seen: HashSet<EntityIx> = HashSet::default();
            seen.insert(from);
            while let Some((u, d)) = queue.pop_front() {
                if u == to {
                    let mut path = vec![to];
                    let mut at = to;
                    while let Some(&p) = parent.get(&at) {
                        path.push(p);
                        at = p;
                    }
                    path.reverse();
                    return Some(path);
                }
                if d == budget {
                    continue;
                }
                self.work.set(self.work.get() + 1);
                if self.work.get() > self.p.work_budget {
                    return None;
                }
                for v in self.neighbor_ixs(u) {
                    let banned = banned_edges.contains(&(u, v)) || banned_edges.contains(&(v, u));
                    if banned || banned_nodes.contains(&v) || !seen.insert(v) {
                        continue;
                    }
                    parent.insert(v, u);
                    queue.push_back((v, d + 1));
                }
            }
            None
        }

        fn hops(&self, nodes: Vec<EntityIx>) -> Path {
            let hops: Vec<Hop> = nodes
                .windows(2)
                .filter_map(|pair| {
                    self.neighbors(pair[0])
                        .into_iter()
                        .find(|(v, _)| *v == pair[1])
                        .map(|(_, hop)| hop)
                })
                .collect();
            let weakest = hops
                .iter()
                .map(|h| self.graph.status(h.claim))
                .max()
                .unwrap_or(Status::Asserted);
            Path {
                nodes,
                hops,
                weakest,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use proptest::prelude::*;
    use rustc_hash::FxHashSet as HashSet;

    use super::*;
    use crate::graph::testing::{PREDICATES, graph};

    /// Random graphs from sparse to dense, with parallel claims, plus a hub
    /// (entity 0 gets extra claims) so that both sides meet hubs.
    fn random_graph() -> impl Strategy<Value = Graph> {
        (2..24usize).prop_flat_map(|n| {
            (
                prop::collection::vec((0..n, 0..n, 0..3usize, 0..2usize), 0..4 * n),
                prop::collection::vec((0..n, 0..3usize, 0..2usize), 0..n),
            )
                .prop_map(move |(claims, hub)| {
                    let mut all = claims;
                    all.extend(hub.into_iter().map(|(o, st, pr)| (0, o, st, pr)));
                    graph(n, &all)
                })
        })
    }

    fn random_filter() -> impl Strategy<Value = ClaimFilter> {
        (
            prop::sample::subsequence(Status::ALL.to_vec(), 0..=3),
            prop::sample::subsequence(PREDICATES.to_vec(), 0..=2),
        )
            .prop_map(|(statuses, predicates)| ClaimFilter {
                statuses,
                predicates: predicates.into_iter().map(String::from).collect(),
            })
    }

    fn ix(graph: &Graph, i: usize) -> EntityIx {
        graph
            .entity_ixs()
            .nth(i % graph.entities().len())
            .expect("entity")
    }

    fn params(filter: ClaimFilter, avoid: Vec<EntityIx>, max_length: usize) -> PathParams {
        PathParams {
            max_length,
            limit: 1,
            filter,
            avoid,
            work_budget: usize::MAX,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// One search, bidirectional, finds exactly the path the plain
        /// forward BFS finds, under any banned entities and edges, filter
        /// and length bound.
        #[test]
        fn meeting_in_the_middle_finds_the_forward_bfs_path(
            graph in random_graph(), from in 0..24usize, to in 0..24usize,
            filter in random_filter(), max_hops in 1..=8usize,
            banned_nodes in prop::collection::vec(0..24usize, 0..4),
            banned_edges in prop::collection::vec((0..24usize, 0..24usize), 0..4),
        ) {
            let (from, to) = (ix(&graph, from), ix(&graph, to));
            let banned_nodes: Vec<EntityIx> = banned_nodes.iter().map(|&i| ix(&graph, i)).collect();
            let banned_edges: Vec<(EntityIx, EntityIx)> =
                banned_edges.iter().map(|&(a, b)| (ix(&graph, a), ix(&graph, b))).collect();
            let p = params(filter, vec![], max_hops);
            let reference = oracle::Walker { graph: &graph, p: &p, work: Cell::new(0) };
            let expected = reference.bfs(
                from, to,
                &banned_nodes.iter().copied().collect::<HashSet<_>>(),
                &banned_edges.iter().copied().collect::<HashSet<_>>(),
                max_hops,
            );
            let mut walker = Walker { graph: &graph, p: &p, filter: p.filter.resolve(&graph), work: 0, scratch: Scratch::take(&graph) };
            // Twice with the same scratch: stale stamps must not leak.
            for _ in 0..2 {
                let found = walker.shortest(from, to, &banned_nodes, &banned_edges, max_hops);
                prop_assert_eq!(&found, &expected);
            }
        }

        /// The whole answer (paths, order, claims, directions, weakest
        /// status) is the old one, for any filter, avoid list, length and
        /// limit.
        #[test]
        fn k_shortest_paths_answer_as_before(
            graph in random_graph(), from in 0..24usize, to in 0..24usize,
            filter in random_filter(), max_length in 1..=8usize, limit in 1..=12usize,
            avoid in prop::collection::vec(0..24usize, 0..3),
        ) {
            let (from, to) = (ix(&graph, from), ix(&graph, to));
            let avoid = avoid.iter().map(|&i| ix(&graph, i)).collect();
            let p = PathParams { limit, ..params(filter, avoid, max_length) };
            let found = k_shortest_paths(&graph, from, to, &p);
            prop_assert!(!found.truncated);
            prop_assert_eq!(found, oracle::k_shortest_paths(&graph, from, to, &p));
        }

        /// A budget cut keeps what was found right: the first paths of the
        /// complete answer, in order, and says so; an ample budget is not
        /// a cut.
        #[test]
        fn a_cut_search_returns_a_prefix_of_the_answer(
            graph in random_graph(), from in 0..24usize, to in 0..24usize,
            max_length in 1..=8usize, limit in 1..=12usize, work_budget in 0..60usize,
        ) {
            let (from, to) = (ix(&graph, from), ix(&graph, to));
            let whole = PathParams { limit, ..params(ClaimFilter::default(), vec![], max_length) };
            let complete = k_shortest_paths(&graph, from, to, &whole);
            let cut = k_shortest_paths(&graph, from, to, &PathParams { work_budget, ..whole });
            prop_assert!(cut.paths.len() <= complete.paths.len());
            prop_assert_eq!(&cut.paths[..], &complete.paths[..cut.paths.len()]);
            if !cut.truncated {
                prop_assert_eq!(cut.paths, complete.paths);
            }
        }
    }

    /// A hub between the ends is met, not expanded: the search costs the
    /// few entities around the ends, not the hub's thousands of neighbors.
    #[test]
    fn a_hub_in_the_middle_is_not_expanded() {
        // 0 – 1 – hub(2) – 3 – 4, the hub also joined to 5..2005.
        let mut claims = vec![(0, 1, 0, 0), (1, 2, 0, 0), (2, 3, 0, 0), (3, 4, 0, 0)];
        claims.extend((5..2005).map(|o| (2, o, 0, 0)));
        let graph = graph(2005, &claims);
        let p = PathParams {
            limit: 1,
            ..params(ClaimFilter::default(), vec![], 8)
        };
        let mut walker = Walker {
            graph: &graph,
            p: &p,
            filter: p.filter.resolve(&graph),
            work: 0,
            scratch: Scratch::take(&graph),
        };
        let (from, to) = (ix(&graph, 0), ix(&graph, 4));
        let path = walker.shortest(from, to, &[], &[], 8).expect("path");
        let ids: Vec<usize> = path.iter().map(|e| e.index()).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4]);
        // 0 and 1 forward, 4 and 3 backward; the hub is where they meet.
        assert_eq!(walker.work, 4);
    }

    /// The last hop from a hub looks its neighbors up rather than reading
    /// its row, and still takes the forward search's path: the smallest
    /// neighbor, though the backward side saw it last.
    #[test]
    fn the_last_hop_from_a_hub_is_the_forward_search_s() {
        // 0 – hub(1) – 2..101; 104 – 102 – {70, 30}, 104 – 103 – 10; and
        // 10, 30 and 70 each joined to 20 more, so that the backward side
        // would rather not expand them.
        let mut claims = vec![(0, 1, 0, 0), (104, 102, 0, 0), (104, 103, 0, 0)];
        claims.extend((2..102).map(|o| (1, o, 0, 0)));
        claims.extend([(102, 70, 0, 0), (102, 30, 0, 0), (103, 10, 0, 0)]);
        for (k, s) in [10, 30, 70].into_iter().enumerate() {
            claims.extend((0..20).map(|o| (s, 105 + 20 * k + o, 0, 0)));
        }
        let graph = graph(165, &claims);
        let (from, to) = (ix(&graph, 0), ix(&graph, 104));
        let p = PathParams {
            limit: 4,
            ..params(ClaimFilter::default(), vec![], 4)
        };
        let found = k_shortest_paths(&graph, from, to, &p);
        let first: Vec<usize> = found.paths[0].nodes.iter().map(|e| e.index()).collect();
        assert_eq!(first, [0, 1, 10, 103, 104]);
        assert_eq!(found.paths.len(), 3);
        assert_eq!(found, oracle::k_shortest_paths(&graph, from, to, &p));
    }
}
