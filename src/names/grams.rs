//! Byte-trigram posting lists: for every trigram of a list of strings (the
//! vocabulary's words), which strings hold it.
//!
//! Owns `Grams`, `gram` and `distinct_grams`. Invariants: the trigrams are
//! sorted and distinct, each list ascends and is delta-coded, so a list is
//! decoded in order. Cost: 8 bytes per distinct trigram, 1–3 bytes per
//! distinct trigram of a string; built by counting, without a sort of the
//! postings.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::base::leb128;

pub(super) fn gram(w: &[u8]) -> u32 {
    (w[0] as u32) << 16 | (w[1] as u32) << 8 | w[2] as u32
}

/// For every byte trigram of a list of strings, which strings hold it: the
/// trigrams (as `b0 << 16 | b1 << 8 | b2`), sorted, each with where its list
/// starts in `postings`, each list the ascending string numbers as varint
/// gaps.
#[derive(Debug, Default)]
pub(super) struct Grams {
    grams: Vec<(u32, u32)>,
    postings: Vec<u8>,
}

impl Grams {
    /// Counts every string's distinct trigrams, then fills the lists in
    /// string order, so that each comes out ascending without a sort.
    pub(super) fn new(strings: &[&str]) -> Grams {
        let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
        let mut grams_of = Vec::new();
        for s in strings {
            distinct_grams(s, &mut grams_of);
            for &g in &grams_of {
                *counts.entry(g).or_default() += 1;
            }
        }
        let mut keys: Vec<u32> = counts.keys().copied().collect();
        keys.sort_unstable();
        let mut first: FxHashMap<u32, usize> = FxHashMap::default();
        let mut total = 0usize;
        for &k in &keys {
            first.insert(k, total);
            total += counts[&k] as usize;
        }
        let mut next = first.clone();
        let mut flat = vec![0u32; total];
        for (n, s) in strings.iter().enumerate() {
            distinct_grams(s, &mut grams_of);
            for &g in &grams_of {
                if let Some(at) = next.get_mut(&g) {
                    flat[*at] = n as u32;
                    *at += 1;
                }
            }
        }
        let mut postings = Vec::new();
        let mut grams = Vec::with_capacity(keys.len());
        for &k in &keys {
            grams.push((k, postings.len() as u32));
            let from = first[&k];
            let mut last = 0u32;
            for (i, &n) in flat[from..from + counts[&k] as usize].iter().enumerate() {
                let gap = if i == 0 { n } else { n - last };
                leb128::push(&mut postings, u64::from(gap));
                last = n;
            }
        }
        Grams { grams, postings }
    }

    /// The bytes of the two shortest posting lists among the distinct
    /// trigrams of `needle` (3 bytes or more; the second `None` when it has
    /// one), or `None` when one of them is in no string.
    pub(super) fn two_rarest(&self, needle: &str) -> Option<(Range<usize>, Option<Range<usize>>)> {
        let mut lists: Vec<Range<usize>> = Vec::new();
        for g in needle.as_bytes().windows(3).map(gram) {
            let i = self.grams.binary_search_by_key(&g, |&(k, _)| k).ok()?;
            let from = self.grams[i].1 as usize;
            let to = self
                .grams
                .get(i + 1)
                .map_or(self.postings.len(), |&(_, o)| o as usize);
            lists.push(from..to);
        }
        lists.sort_by_key(|r| (r.len(), r.start));
        lists.dedup();
        let mut lists = lists.into_iter();
        Some((lists.next()?, lists.next()))
    }

    /// The string numbers of the posting list in `bytes`.
    pub(super) fn decode(&self, bytes: Range<usize>) -> impl Iterator<Item = u32> + '_ {
        let (mut at, mut n) = (bytes.start, 0u32);
        std::iter::from_fn(move || {
            (at < bytes.end).then(|| {
                n += leb128::read(&self.postings, &mut at) as u32;
                n
            })
        })
    }

    pub(super) fn heap_bytes(&self) -> usize {
        8 * self.grams.capacity() + self.postings.capacity()
    }
}

/// The distinct trigrams of a folded name, sorted, into `out`.
pub(super) fn distinct_grams(folded: &str, out: &mut Vec<u32>) {
    out.clear();
    out.extend(folded.as_bytes().windows(3).map(gram));
    out.sort_unstable();
    out.dedup();
}
