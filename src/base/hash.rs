//! The one hash every table of strings in the graph files its keys under:
//! the open-addressed [`StrTable`](super::StrTable), the claims' index by
//! id, the finder's sieves of names, the search for repeated names.
//!
//! Invariant: a string hashes the same wherever it is hashed, so that a
//! hash computed once (while a text is scanned, say) can be probed in any
//! table. It is `FxHash` over the string's bytes: fast for the short keys
//! these tables hold, not resistant to chosen collisions (the keys are the
//! curators' own data, not a caller's).
//!
//! Cost: O(length), a few cycles a byte.

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

/// The hash of `s`.
#[inline]
pub fn hash_bytes(s: &[u8]) -> u64 {
    FxBuildHasher.hash_one(s)
}

/// The hash of `s`'s bytes: the same as [`hash_bytes`] of them.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_hashes_as_its_bytes_do() {
        for s in ["", "louis-budenz", "é", "c-1054321"] {
            assert_eq!(hash_str(s), hash_bytes(s.as_bytes()));
        }
        assert_ne!(hash_str("a"), hash_str("b"));
    }
}
