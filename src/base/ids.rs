//! The positions callers hold for entities and claims: plain `u32`s, valid
//! for as long as the graph they came from, which is never mutated after it
//! is built (a reload builds a new one).
//!
//! Invariant: a position is below the number of entities (claims) of its
//! graph; the loader refuses data with more than `u32::MAX` entities or 2³¹
//! claims, so every position fits. They live in the low layer because the
//! store, the loader and the graph all speak them.

/// Position of an entity in the graph's entities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityIx(pub(crate) u32);

/// Position of a claim in the graph's claims.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClaimIx(pub(crate) u32);

impl EntityIx {
    /// The entity at position `i`, which must fit in 32 bits.
    pub(crate) fn new(i: usize) -> EntityIx {
        debug_assert!(u32::try_from(i).is_ok(), "entity position {i} past u32");
        EntityIx(i as u32)
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl ClaimIx {
    /// The claim at position `i`, which must fit in 31 bits.
    pub(crate) fn new(i: usize) -> ClaimIx {
        debug_assert!(i < 1 << 31, "claim position {i} past 2³¹");
        ClaimIx(i as u32)
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}
