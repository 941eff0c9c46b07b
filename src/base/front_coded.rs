//! Many strings in file order, each found by its position, kept by what
//! differs from the one before: claim ids, which at millions of claims
//! often share all but their last characters with their neighbor
//! (`c-1234567`, `c-1234568`; `budenz-testimony-3`, `budenz-testimony-4`).
//!
//! Invariants: blocks of [`FrontCoded::BLOCK`] strings; a block's first
//! string is kept whole, each next one as the length of the prefix it
//! shares with the one before (cut back to a char boundary) and the rest,
//! lengths as [`leb128`]; so every part kept is UTF-8.
//!
//! Cost: a numbered id takes 3–4 bytes, not the 13 of an arena and its
//! offsets; reading string `i` decodes its block up to it, at most
//! [`FrontCoded::BLOCK`] strings, on the stack while they are short.

use rayon::prelude::*;

use super::hash::hash_str;
use super::memory::prefetch;
use super::{TooLarge, leb128};

/// Strings front-coded in blocks: see the module's docs.
#[derive(Debug, Default, Clone)]
pub struct FrontCoded {
    bytes: Vec<u8>,
    /// Where each block starts in `bytes`.
    blocks: Vec<u32>,
    len: usize,
    /// The last string pushed.
    last: String,
}

impl FrontCoded {
    /// Strings per block: a look-up decodes at most this many.
    pub const BLOCK: usize = 16;

    /// Appends `s`.
    pub fn push(&mut self, s: &str) -> Result<(), TooLarge> {
        let shared = if self.len.is_multiple_of(Self::BLOCK) {
            let at = u32::try_from(self.bytes.len()).map_err(|_| TooLarge)?;
            self.blocks.push(at);
            0
        } else {
            let shared = shared_prefix(&self.last, s);
            leb128::push(&mut self.bytes, shared as u64);
            shared
        };
        leb128::push(&mut self.bytes, (s.len() - shared) as u64);
        self.bytes.extend_from_slice(&s.as_bytes()[shared..]);
        u32::try_from(self.bytes.len()).map_err(|_| TooLarge)?;
        self.last.clear();
        self.last.push_str(s);
        self.len += 1;
        Ok(())
    }

    /// Appends every string of `other`, in order.
    pub fn append(&mut self, other: &FrontCoded) -> Result<(), TooLarge> {
        let mut result = Ok(());
        other.each_in(0..other.blocks.len(), |_, s| {
            if result.is_ok() {
                result = self.push(s);
            }
        });
        result
    }

    /// Each string of blocks `blocks`, with its position, in order.
    fn each_in(&self, blocks: std::ops::Range<usize>, mut each: impl FnMut(usize, &str)) {
        let mut s = String::new();
        for b in blocks {
            let first = b * Self::BLOCK;
            let count = Self::BLOCK.min(self.len - first);
            let mut at = self.blocks[b] as usize;
            for k in 0..count {
                let shared = if k == 0 {
                    0
                } else {
                    leb128::read(&self.bytes, &mut at) as usize
                };
                let rest = leb128::read(&self.bytes, &mut at) as usize;
                s.truncate(shared);
                s.push_str(utf8_part(&self.bytes[at..at + rest]));
                at += rest;
                each(first + k, &s);
            }
        }
    }

    /// The string at position `i`: its block decoded up to it, in a buffer
    /// on the stack while the strings are short, as ids are.
    pub fn get(&self, i: usize) -> compact_str::CompactString {
        let mut buffer = [0u8; 64];
        let mut len = 0;
        let mut at = self.blocks[i / Self::BLOCK] as usize;
        for k in 0..=i % Self::BLOCK {
            let shared = if k == 0 {
                0
            } else {
                leb128::read(&self.bytes, &mut at) as usize
            };
            let rest = leb128::read(&self.bytes, &mut at) as usize;
            let (Some(part), Some(to)) = (
                self.bytes.get(at..at + rest),
                buffer.get_mut(shared..shared + rest),
            ) else {
                return self.get_long(i);
            };
            to.copy_from_slice(part);
            len = shared + rest;
            at += rest;
        }
        utf8_part(&buffer[..len]).into()
    }

    /// [`FrontCoded::get`] for a block holding a string of more than 64
    /// bytes.
    fn get_long(&self, i: usize) -> compact_str::CompactString {
        let mut found = compact_str::CompactString::default();
        let block = i / Self::BLOCK;
        self.each_in(block..block + 1, |at, s| {
            if at == i {
                found = s.into();
            }
        });
        found
    }

    /// Whether the string at position `i` is `s`.
    pub fn is_at(&self, i: usize, s: &str) -> bool {
        self.get(i) == s
    }

    /// Every string's [`hash_str`], in order, on every core.
    pub fn hashes(&self) -> Vec<u64> {
        let blocks = self.blocks.len();
        let per_task = 1024;
        let mut hashes = vec![0; self.len];
        hashes
            .par_chunks_mut(per_task * Self::BLOCK)
            .enumerate()
            .for_each(|(t, out)| {
                let from = t * per_task;
                self.each_in(from..(from + per_task).min(blocks), |i, s| {
                    out[i - from * Self::BLOCK] = hash_str(s);
                });
            });
        hashes
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Asks for what reading string `i` reads first to be brought into
    /// cache: where its block starts.
    pub fn prefetch(&self, i: usize) {
        prefetch(self.blocks.as_ptr().wrapping_add(i / Self::BLOCK));
    }

    /// Once [`FrontCoded::prefetch`] has brought it in, asks for string
    /// `i`'s block itself.
    pub fn prefetch_block(&self, i: usize) {
        if let Some(&at) = self.blocks.get(i / Self::BLOCK) {
            prefetch(self.bytes.as_ptr().wrapping_add(at as usize));
        }
    }

    /// Drops what only pushing needs; call once every string is in.
    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.blocks.shrink_to_fit();
        self.last = String::new();
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + 4 * self.blocks.capacity() + self.last.capacity()
    }
}

/// How many bytes `a` and `b` share at their start, cut back to a char
/// boundary.
fn shared_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// A part of a string as kept: whole strings were pushed, each cut at a
/// char boundary of the prefix it shares, so the bytes are UTF-8.
fn utf8_part(bytes: &[u8]) -> &str {
    let part = std::str::from_utf8(bytes);
    debug_assert!(part.is_ok(), "front-coded bytes cut inside a char");
    part.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Front-coded strings read back as pushed, appended or not, and
        /// hash as the strings do.
        #[test]
        fn front_coded_strings_read_back_as_pushed(
            strings in proptest::collection::vec("(c-1|é|éa|ß|x){0,5}[0-9ł]{0,3}|x[a-zé]{60,70}", 0..80),
            cut in 0usize..80,
        ) {
            let cut = cut.min(strings.len());
            let (mut whole, mut head, mut tail) =
                (FrontCoded::default(), FrontCoded::default(), FrontCoded::default());
            for s in &strings {
                whole.push(s).expect("fits");
            }
            for s in &strings[..cut] {
                head.push(s).expect("fits");
            }
            for s in &strings[cut..] {
                tail.push(s).expect("fits");
            }
            head.append(&tail).expect("fits");
            proptest::prop_assert_eq!(whole.len(), strings.len());
            for (i, s) in strings.iter().enumerate() {
                proptest::prop_assert_eq!(&whole.get(i), s);
                proptest::prop_assert_eq!(&head.get(i), s);
                proptest::prop_assert!(whole.is_at(i, s));
            }
            let hashes: Vec<u64> = strings.iter().map(|s| hash_str(s)).collect();
            proptest::prop_assert_eq!(whole.hashes(), hashes);
        }
    }

    #[test]
    fn numbered_ids_take_a_few_bytes_each() {
        let mut ids = FrontCoded::default();
        for i in 0..100_000 {
            ids.push(&format!("c-{}", 1_000_000 + i)).expect("fits");
        }
        ids.shrink_to_fit();
        assert!(ids.heap_bytes() < 5 * 100_000, "{} bytes", ids.heap_bytes());
        assert_eq!(ids.get(54_321), "c-1054321");
    }
}
