//! Distinct strings, each stored once: dates and notes repeat across
//! claims, so a claim keeps a position in a table of them.
//!
//! Invariant: while not frozen, a string is at exactly one position, the
//! one it was first interned at. Cost: one hash probe an intern; the map
//! from strings to positions is dropped once the table is complete
//! ([`Interned::freeze`]), leaving the arena alone.

use rustc_hash::FxHashMap;

use super::{Strings, TooLarge};

/// Distinct strings, each stored once: dates and notes repeat across claims.
#[derive(Default)]
pub struct Interned {
    strings: Strings,
    position: FxHashMap<Box<str>, u32>,
}

impl Interned {
    /// The position of `s`, adding it the first time it is seen.
    pub fn intern(&mut self, s: &str) -> Result<u32, TooLarge> {
        if let Some(&at) = self.position.get(s) {
            return Ok(at);
        }
        let at = self.strings.push(s)?;
        self.position.insert(s.into(), at);
        Ok(at)
    }

    /// For each of `other`'s strings, its position here, interning it.
    /// O(distinct strings of `other`).
    pub fn merge(&mut self, other: &Interned) -> Result<Vec<u32>, TooLarge> {
        (0..other.strings.len() as u32)
            .map(|i| self.intern(other.strings.get(i)))
            .collect()
    }

    /// The string at position `at`.
    pub fn get(&self, at: u32) -> &str {
        self.strings.get(at)
    }

    /// Drops the map from strings to positions, once nothing more will be
    /// interned: the strings stay, readable by position. Interning after
    /// this adds every string anew.
    pub fn freeze(&mut self) {
        self.position = FxHashMap::default();
    }

    /// Heap bytes held by the strings (the map is dropped once frozen).
    pub fn heap_bytes(&self) -> usize {
        self.strings.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Each distinct string is kept once and found at its first
        /// position; merged, the positions map each string to its own.
        #[test]
        fn each_distinct_string_is_kept_once(
            strings in proptest::collection::vec("[a-c]{0,2}", 0..40),
            others in proptest::collection::vec("[b-d]{0,2}", 0..40),
        ) {
            let mut table = Interned::default();
            let positions: Vec<u32> = strings.iter().map(|s| table.intern(s).expect("fits")).collect();
            for (s, &at) in strings.iter().zip(&positions) {
                proptest::prop_assert_eq!(table.get(at), s.as_str());
                let first = strings.iter().position(|t| t == s).expect("there");
                proptest::prop_assert_eq!(at, positions[first]);
            }
            let mut other = Interned::default();
            for s in &others {
                other.intern(s).expect("fits");
            }
            let merged = table.merge(&other).expect("fits");
            for (i, &at) in merged.iter().enumerate() {
                proptest::prop_assert_eq!(table.get(at), other.get(i as u32));
            }
        }
    }
}
