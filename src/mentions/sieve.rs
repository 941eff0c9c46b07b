//! The sieve in front of the table of names: one bit per hash.
//!
//! Owns `Sieve`. Invariant: every hash added reads back as held (no false
//! negatives); a hash never added may read as held. Cost: 16 bits per hash,
//! rounded up to a power of two; one read per query.

/// A set of hashes kept as one bit each: says for certain that a hash was
/// never added, and may be wrong the other way (about one time in 16 when
/// full). 16 bits per hash added, rounded up to a power of two: small
/// enough to stay in cache where the table it stands in front of does not.
pub(super) struct Sieve {
    bits: Vec<u64>,
    /// How far to shift a mixed hash to get a bit number.
    shift: u32,
}

impl Sieve {
    /// A sieve holding `hashes`, of which there are about `count`.
    pub(super) fn of(hashes: impl Iterator<Item = u64>, count: usize) -> Sieve {
        let bits = (count * 16).next_power_of_two().max(64);
        let mut sieve = Sieve {
            bits: vec![0; bits / 64],
            shift: 64 - bits.trailing_zeros(),
        };
        for h in hashes {
            let bit = sieve.bit(h);
            sieve.bits[bit / 64] |= 1 << (bit % 64);
        }
        sieve
    }

    /// Which bit stands for `h`: its top bits once mixed, so that every bit
    /// of `h` counts.
    fn bit(&self, h: u64) -> usize {
        (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// False only when `h` was never added.
    pub(super) fn may_hold(&self, h: u64) -> bool {
        let bit = self.bit(h);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}
