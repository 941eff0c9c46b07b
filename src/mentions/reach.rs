//! The reach table: for a hash of a first word, how long a name starting
//! with it may be and after how many word boundaries it may end.
//!
//! Owns `Head`, `Ends` and `Reach`. Invariant: a slot's bound is never
//! short of any name filed there (it is the longest, or "any length"), and
//! its `Ends` bits hold every such name's boundaries, so the table may let
//! through spans that are no name but never turns away one that is. Cost:
//! two bytes a slot, two slots per name; one cached read per word.

/// What the finder keeps of a name for [`Reach`]: the hash of its first
/// word, its length, and how many word boundaries it ends after.
#[derive(Clone, Copy)]
pub(super) struct Head {
    pub(super) hash: u64,
    pub(super) len: usize,
    pub(super) ends_after: usize,
}

/// How many of the places a span from a name's first char may end come
/// before the name's own end: its chars, past the first, that are neither
/// letters nor digits. A text holding the name holds the same chars there,
/// so its spans from that place end there in that order.
pub(super) fn boundaries_within(name: &str) -> usize {
    name.chars()
        .skip(1)
        .filter(|c| !c.is_alphanumeric())
        .count()
}

/// After how many word boundaries the names starting with a word may end:
/// bit `k` for `k` boundaries, the top bit for seven or more. A span whose
/// bit is clear is no name, and is neither hashed nor looked for. Most
/// names end after one boundary or two ("ruth bobaba", "r. bobaba"), where
/// the longest name starting with the same word may reach past three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Ends(pub(super) u8);

impl Ends {
    pub(super) fn of(boundaries: usize) -> Ends {
        Ends(1 << boundaries.min(7))
    }

    pub(super) fn may_end_after(self, boundaries: usize) -> bool {
        self.0 & Ends::of(boundaries).0 != 0
    }

    /// Whether some name may end after `boundaries` or more.
    pub(super) fn may_end_after_any_of(self, boundaries: usize) -> bool {
        self.0 >> boundaries.min(7) != 0
    }
}

/// How long, in bytes, a name starting with a given word may be, and after
/// how many word boundaries it may end ([`Ends`]), by a hash of the word:
/// two bytes a slot holding, of every word that hashes there, the longest
/// such name (so a bound, never short; 0 where none does, and 255 for "any
/// length") and every name's boundaries. A word whose slot's length is 0
/// starts no name. Two slots per name, two bytes each, the two bytes of a
/// slot read together: small enough to stay in cache.
pub(super) struct Reach {
    slots: Vec<[u8; 2]>,
}

/// The slot value that bounds nothing.
pub(super) const ANY_LENGTH: u8 = u8::MAX;

impl Reach {
    /// From each name's first word's hash, length and boundaries.
    pub(super) fn of(heads: impl ExactSizeIterator<Item = Head>) -> Reach {
        let mut reach = Reach {
            slots: vec![[0, 0]; (heads.len() * 2).max(64)],
        };
        for head in heads {
            let slot = reach.slot(head.hash);
            let len = u8::try_from(head.len).unwrap_or(ANY_LENGTH);
            let [longest, ends] = &mut reach.slots[slot];
            *longest = (*longest).max(len);
            *ends |= Ends::of(head.ends_after).0;
        }
        reach
    }

    /// The slot of the word hashed to `h`: the hash, mixed, scaled to the
    /// number of slots (multiply-shift), so that every bit of it counts.
    fn slot(&self, h: u64) -> usize {
        let mixed = h.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((u128::from(mixed) * self.slots.len() as u128) >> 64) as usize
    }

    /// The slot of the word hashed to `h`, for [`Reach::bound`]: read
    /// apart from what is done with it, so that reads of many words' slots
    /// overlap.
    pub(super) fn slot_value(&self, h: u64) -> [u8; 2] {
        self.slots[self.slot(h)]
    }

    /// A bound on the length of the names starting with a word whose slot
    /// holds `value`, and after how many boundaries they may end; `None`
    /// when no name starts with it.
    pub(super) fn bound([longest, ends]: [u8; 2]) -> Option<(usize, Ends)> {
        match longest {
            0 => None,
            ANY_LENGTH => Some((usize::MAX, Ends(ends))),
            len => Some((len as usize, Ends(ends))),
        }
    }

    /// What the slot of the word hashed to `h` says of the names starting
    /// with it; `None` when no name starts with it.
    #[cfg(test)]
    pub(super) fn of_word(&self, h: u64) -> Option<(usize, Ends)> {
        Reach::bound(self.slot_value(h))
    }
}
