//! One search between two entities, meeting in the middle: a forward and a
//! backward breadth-first side grown a layer at a time, the last hop bridged
//! by binary search when a hub stands there, and the path rebuilt from what
//! both sides recorded. Apart from Yen's layer because it is the part that
//! costs, and what its proofs of equivalence with a forward search are about.

use std::ops::ControlFlow;

use super::scratch::{BACKWARD, BANNED, FORWARD, Mark};
use super::yen::Walker;
use crate::graph::{EntityIx, Run};

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
    pub(super) fn shortest(
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
}

/// Whether the (undirected) edge `u`–`v` is banned. O(banned edges), at
/// most the number of paths asked for.
fn is_banned(banned_edges: &[(EntityIx, EntityIx)], u: EntityIx, v: EntityIx) -> bool {
    banned_edges
        .iter()
        .any(|&(a, b)| (a == u && b == v) || (a == v && b == u))
}

/// What one binary-search step of a row costs beside reading one claim of
/// it in order: its reads depend on one another, a row's do not.
const PROBE_COST: usize = 2;

/// How many marks [`Walker::each_neighbor`] reads before testing any.
const BATCH: usize = 16;
