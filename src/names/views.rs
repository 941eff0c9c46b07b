//! The sorted views of the names: the whole names, and the tail of each
//! name from every word after its first, each laid out flat as a `Trie`.
//!
//! Owns `Views`, `Trie`, `Placed` (the compact entry the views and the
//! vocabulary sort) and the helpers `placed_names`, `partition_point` and
//! `prefix`. Invariant: a trie's entries are sorted by tail bytes, then by
//! name, then by place, and `start` has one more entry than `name`. Cost:
//! O(c log n) to build for c bytes in n entries; O(log n + hits) a prefix
//! query; 8 bytes per entry besides the tails.

use rayon::prelude::*;

use crate::base::Strings;

/// One spelling of every name, as the two sorted views the tries are
/// walked over: the whole names, and the rest of each name from every word
/// after its first (the byte after a ' ' or '-').
#[derive(Debug, Default)]
pub(super) struct Views {
    pub(super) names: Trie,
    pub(super) words: Trie,
}

impl Views {
    /// Sorts and lays out the two views of `names` (spelled as this view
    /// wants them), in parallel.
    pub(super) fn new(names: &Strings) -> Views {
        let whole = || {
            let whole = placed_names(names).map(|(n, at, s)| Placed::new(n, at, s, 0, s.len()));
            Trie::new(names, whole)
        };
        let words = || {
            let starts = placed_names(names).flat_map(|(n, at, s)| {
                let bytes = s.as_bytes();
                (1..bytes.len())
                    .filter(move |&i| matches!(bytes[i - 1], b' ' | b'-'))
                    .map(move |i| Placed::new(n, at, s, i, s.len() - i))
            });
            Trie::new(names, starts)
        };
        let (names, words) = rayon::join(whole, words);
        Views { names, words }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.names.heap_bytes() + self.words.heap_bytes()
    }
}

/// One sorted view, laid out flat: the tails it sorts, copied back to back
/// in sorted order, so that entries next to each other in the order lie next
/// to each other in memory, and a binary search or a scan of a range reads
/// few cache lines.
#[derive(Debug, Default)]
pub(super) struct Trie {
    /// The tails in sorted order, back to back.
    pub(super) tails: String,
    /// Where each entry's tail starts in `tails`, ascending; one more entry
    /// for the end.
    start: Vec<u32>,
    /// The name each entry belongs to.
    pub(super) name: Vec<u32>,
}

/// A tail or word of a name being sorted: its first eight bytes as one
/// number ([`prefix`], in two halves so that the entry is 20 bytes, not
/// 24), where it lies among the names' bytes, and the name's number. The
/// two views and the vocabulary sort several of them a name at once, beside
/// the claim rows, so each is kept small; as a slice and a name it would
/// take 32 bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed {
    prefix: [u32; 2],
    at: u32,
    pub(super) len: u32,
    pub(super) name: u32,
}

impl Placed {
    /// The part of `name` (name number `n`, at `name_at` among the names'
    /// bytes) from byte `from`, `len` bytes long.
    pub(super) fn new(n: u32, name_at: usize, name: &str, from: usize, len: usize) -> Placed {
        let prefix = prefix(&name[from..from + len]);
        Placed {
            prefix: [(prefix >> 32) as u32, prefix as u32],
            at: (name_at + from) as u32,
            len: len as u32,
            name: n,
        }
    }

    fn prefix(&self) -> u64 {
        (u64::from(self.prefix[0]) << 32) | u64::from(self.prefix[1])
    }

    /// Its bytes, among `joined` (the names' bytes).
    pub(super) fn of<'s>(&self, joined: &'s str) -> &'s str {
        &joined[self.at as usize..(self.at + self.len) as usize]
    }

    /// The order of the views and the vocabulary: by bytes (the prefix
    /// first, the bytes themselves only where prefixes are equal), then by
    /// name, then by place.
    pub(super) fn cmp_in(&self, other: &Placed, joined: &str) -> std::cmp::Ordering {
        self.prefix().cmp(&other.prefix()).then_with(|| {
            // As bytes: slicing a `str` would check both ends are char
            // boundaries at every comparison.
            let bytes = joined.as_bytes();
            let key = |p: &Placed| (&bytes[p.at as usize..(p.at + p.len) as usize], p.name, p.at);
            key(self).cmp(&key(other))
        })
    }
}

/// Each name of `names` with its number and where it starts among their
/// bytes.
pub(super) fn placed_names(names: &Strings) -> impl Iterator<Item = (u32, usize, &str)> {
    let mut at = 0;
    names.iter().zip(0..).map(move |(name, n)| {
        let start = at;
        at += name.len();
        (n, start, name)
    })
}

impl Trie {
    /// The trie of the tails of `names` given as [`Placed`] entries,
    /// sorted by tail (ties by name, then by where the tail starts).
    ///
    /// The sort compares the first eight bytes of two tails as one number
    /// and reads the tails themselves, scattered over the arena, only when
    /// those are equal.
    pub(super) fn new(names: &Strings, tails: impl Iterator<Item = Placed>) -> Trie {
        let joined = names.joined();
        let mut entries: Vec<Placed> = tails.collect();
        entries.par_sort_unstable_by(|a, b| a.cmp_in(b, joined));
        let mut trie = Trie {
            tails: String::with_capacity(entries.iter().map(|e| e.len as usize).sum()),
            start: Vec::with_capacity(entries.len() + 1),
            name: Vec::with_capacity(entries.len()),
        };
        for e in &entries {
            trie.start.push(trie.tails.len() as u32);
            trie.name.push(e.name);
            trie.tails.push_str(e.of(joined));
        }
        trie.start.push(trie.tails.len() as u32);
        trie
    }

    /// How many entries.
    pub(super) fn len(&self) -> usize {
        self.name.len()
    }

    /// Entry `e`'s tail.
    pub(super) fn tail_of(&self, e: usize) -> &str {
        &self.tails[self.start[e] as usize..self.start[e + 1] as usize]
    }

    /// The entries whose tails start with `prefix`.
    pub(super) fn prefix_range(&self, prefix: &[u8]) -> std::ops::Range<usize> {
        let tail = |e: usize| self.tail_of(e).as_bytes();
        let below = |e: usize| tail(e) < prefix;
        let from = partition_point(self.len(), below);
        let to = from + partition_point(self.len() - from, |i| tail(from + i).starts_with(prefix));
        from..to
    }

    /// The names of the entries whose tails start with `prefix`.
    pub(super) fn names_with_prefix(&self, prefix: &[u8]) -> &[u32] {
        &self.name[self.prefix_range(prefix)]
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.tails.capacity() + 4 * (self.start.capacity() + self.name.capacity())
    }
}

/// The first of `0..len` for which `test` fails, `test` holding of a first
/// run and failing after.
pub(super) fn partition_point(len: usize, test: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if test(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The first eight bytes of `s` as a big-endian number, zero-padded: two
/// strings whose prefixes differ are ordered as their prefixes are.
pub(super) fn prefix(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = s.len().min(8);
    bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}
