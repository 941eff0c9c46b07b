//! The state one search keeps per entity, stamped by epoch so that a new
//! search clears nothing, and the pool that keeps it between queries so that
//! a query costs what it visits rather than the size of the graph.

use std::sync::Mutex;

use crate::graph::{EntityIx, Graph};

/// What a search knows of an entity, 16 bytes so that the marks of a
/// million entities fit the last-level cache beside the graph's rows: one
/// stamp for the search that wrote it, which side saw it or whether it is
/// banned, and that side's number. Where each side came from is kept apart
/// (in [`Scratch::parent`] and [`Scratch::nearer`]), since only a found
/// path reads it.
#[derive(Debug, Clone, Copy)]
#[repr(align(16))]
pub(super) struct Mark {
    /// The search that last wrote the mark; in any other it says nothing.
    epoch: u32,
    /// For [`FORWARD`], the discovery order: within a layer, the
    /// lexicographic order of the first shortest paths from `from`. For
    /// [`BACKWARD`] alone, the hops to `to`. An entity seen by both sides
    /// is the meeting point, and keeps its forward order.
    pub(super) value: u32,
    flags: u8,
}

/// Seen by the forward side.
pub(super) const FORWARD: u8 = 1;
/// Seen by the backward side.
pub(super) const BACKWARD: u8 = 2;
/// Not to be passed through by this search.
pub(super) const BANNED: u8 = 4;

impl Mark {
    /// Stale in every search (epochs start at 1).
    pub(super) const UNSEEN: Mark = Mark {
        epoch: 0,
        value: 0,
        flags: 0,
    };

    /// Whether this search set any of `flags`.
    pub(super) fn has(&self, flags: u8, epoch: u32) -> bool {
        self.epoch == epoch && self.flags & flags != 0
    }

    /// Sets `flag` for this search, dropping what earlier searches set.
    pub(super) fn set(&mut self, flag: u8, epoch: u32) {
        if self.epoch != epoch {
            (self.epoch, self.flags) = (epoch, 0);
        }
        self.flags |= flag;
    }
}

/// Reusable search state indexed by entity, stamped with the epoch of the
/// search that wrote it, so that starting a search clears nothing: 24 bytes
/// an entity, allocated once per scratch and kept in a pool of at most
/// [`POOLED`] across queries.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    epoch: u32,
    pub(super) marks: Vec<Mark>,
    /// For an entity the forward side saw, the one it came from.
    parent: Vec<EntityIx>,
    /// For an entity the backward side saw, the smallest neighbor one hop
    /// nearer `to`.
    pub(super) nearer: Vec<EntityIx>,
    pub(super) front: Vec<EntityIx>,
    pub(super) back: Vec<EntityIx>,
    pub(super) next: Vec<EntityIx>,
    pub(super) meet: Vec<EntityIx>,
}

/// The most scratches kept between queries: as many as run at once, since
/// a path query holds its thread until it is done.
const POOLED: usize = 16;

static POOL: Mutex<Vec<Scratch>> = Mutex::new(Vec::new());

impl Scratch {
    /// A scratch from the pool (or a new one) sized for `graph`: O(1), or
    /// O(entities) the first time a larger graph is seen.
    pub(super) fn take(graph: &Graph) -> Scratch {
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

    pub(super) fn give_back(self) {
        let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < POOLED {
            pool.push(self);
        }
    }

    /// A fresh epoch, which makes every stamp stale; on wrapping around,
    /// once in 2³² searches, the stamps are cleared for real.
    pub(super) fn next_epoch(&mut self) -> u32 {
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
    pub(super) fn discover(
        &mut self,
        v: EntityIx,
        side: u8,
        value: u32,
        from: EntityIx,
        epoch: u32,
    ) {
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
    pub(super) fn path_through(&self, from: EntityIx, to: EntityIx, m: EntityIx) -> Vec<EntityIx> {
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
