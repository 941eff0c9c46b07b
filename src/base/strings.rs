//! Many strings in one allocation, each found by its position: the arena
//! that entity names, dates, notes and folded names are kept in.
//!
//! Invariants: string `i` is `bytes[ends[i - 1]..ends[i]]` (from 0 for the
//! first); `ends` never decreases; every end fits in 32 bits, so an arena
//! holds at most 4 GiB, and [`Strings::push`] refuses what would not fit
//! ([`TooLarge`]) rather than wrap.
//!
//! Cost: 4 bytes a string besides its bytes; a look-up is two reads.

use super::TooLarge;

/// Many strings in one allocation, each found by its position.
#[derive(Debug, Default, Clone)]
pub struct Strings {
    bytes: String,
    /// `ends[i]` is where string `i` ends in `bytes`; it starts where `i - 1` ends.
    ends: Vec<u32>,
}

impl Strings {
    /// Appends `s`, returning its position.
    pub fn push(&mut self, s: &str) -> Result<u32, TooLarge> {
        let end = u32::try_from(self.bytes.len() + s.len()).map_err(|_| TooLarge)?;
        let at = u32::try_from(self.ends.len()).map_err(|_| TooLarge)?;
        self.bytes.push_str(s);
        self.ends.push(end);
        Ok(at)
    }

    /// Appends every string of `other`, in order. O(size of `other`).
    pub fn append(&mut self, other: &Strings) -> Result<(), TooLarge> {
        let base = self.bytes.len();
        u32::try_from(base + other.bytes.len()).map_err(|_| TooLarge)?;
        u32::try_from(self.ends.len() + other.ends.len()).map_err(|_| TooLarge)?;
        self.bytes.push_str(&other.bytes);
        // `base` fits: it is at most the sum checked above.
        self.ends
            .extend(other.ends.iter().map(|&end| end + base as u32));
        Ok(())
    }

    /// The string at position `i`.
    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.bytes[start..self.ends[i] as usize]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Every string back to back, as they are held: string `i` is where
    /// `iter` finds it.
    pub fn joined(&self) -> &str {
        &self.bytes
    }

    /// Every string, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.bytes[start as usize..end as usize])
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + 4 * self.ends.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Strings read back at their positions, pushed one by one or
        /// appended as an arena, and `iter` and `joined` agree with `get`.
        #[test]
        fn strings_read_back_at_their_positions(
            head in proptest::collection::vec("\\PC{0,6}", 0..20),
            tail in proptest::collection::vec("\\PC{0,6}", 0..20),
        ) {
            let (mut all, mut rest) = (Strings::default(), Strings::default());
            for s in &head {
                all.push(s).expect("fits");
            }
            for s in &tail {
                rest.push(s).expect("fits");
            }
            all.append(&rest).expect("fits");
            let expected: Vec<&String> = head.iter().chain(&tail).collect();
            proptest::prop_assert_eq!(all.len(), expected.len());
            for (i, s) in expected.iter().enumerate() {
                proptest::prop_assert_eq!(all.get(i as u32), s.as_str());
            }
            proptest::prop_assert!(all.iter().eq(expected.iter().map(|s| s.as_str())));
            proptest::prop_assert_eq!(all.joined(), expected.iter().map(|s| s.as_str()).collect::<String>());
        }
    }
}
