//! The vocabulary: every distinct word of every name, as an [`fst`]
//! dictionary to its number, with the names holding each word.
//!
//! Owns `Vocabulary`, the builder's finishing step `dictionary` and the
//! transducer step `follow`. Invariants: words are numbered in byte order
//! and reach the dictionary sorted and distinct; `starts` and `at` have one
//! more entry than there are words; each word's names ascend. Cost: a few
//! bytes per word in the transducer, 4 per word of a name for the names
//! holding it; a near-word walk costs the states within reach of the query.

use fst::Automaton;
use fst::raw::{CompiledAddr, Output};
use rayon::prelude::*;

use super::grams::Grams;
use super::views::{Placed, placed_names};
use crate::base::Strings;
use crate::typo::Near;

/// Every distinct word of every name (the name split at ' '), numbered in
/// byte order, with the names holding each.
#[derive(Debug)]
pub(super) struct Vocabulary {
    /// Each word to its number.
    dictionary: fst::Map<Vec<u8>>,
    /// Where each word's names start in `names`; one more for the end.
    pub(super) starts: Vec<u32>,
    /// Each word's names, ascending, word after word.
    names: Vec<u32>,
    /// The words back to back, in number order.
    text: Vec<u8>,
    /// Where each word starts in `text`; one more for the end.
    at: Vec<u32>,
    /// Which words hold each byte trigram.
    grams: Grams,
}

impl Default for Vocabulary {
    fn default() -> Vocabulary {
        Vocabulary {
            dictionary: fst::Map::default(),
            starts: vec![0],
            names: Vec::new(),
            text: Vec::new(),
            at: vec![0],
            grams: Grams::default(),
        }
    }
}

/// The dictionary a builder fed in memory has made. Neither step can fail
/// for a builder writing to memory that was given its words sorted and
/// distinct (the only errors are its writer's, and keys out of order), so
/// a failure is a broken invariant, reported in a debug build.
pub(super) fn dictionary(builder: fst::MapBuilder<Vec<u8>>) -> fst::Map<Vec<u8>> {
    let map = builder.into_inner().and_then(fst::Map::new);
    debug_assert!(
        map.is_ok(),
        "the dictionary of words did not build: {map:?}"
    );
    map.unwrap_or_default()
}

impl Vocabulary {
    /// The words of `folded` (the names in name order), sorted by their
    /// first eight bytes as one number first, then by the rest and by name.
    pub(super) fn new(folded: &Strings) -> Vocabulary {
        let joined = folded.joined();
        let mut placed: Vec<Placed> = placed_names(folded)
            .flat_map(|(n, at, name)| {
                let mut from = 0;
                name.split(' ').map(move |word| {
                    let placed = Placed::new(n, at, name, from, word.len());
                    from += word.len() + 1;
                    placed
                })
            })
            .collect();
        placed.par_sort_unstable_by(|a, b| a.cmp_in(b, joined));
        placed.dedup_by(|a, b| a.name == b.name && a.len == b.len && a.of(joined) == b.of(joined));
        let mut builder = fst::MapBuilder::memory();
        let (mut starts, mut names, mut words) = (Vec::new(), Vec::new(), Vec::new());
        names.reserve_exact(placed.len());
        for e in &placed {
            let word = e.of(joined);
            if words.last() != Some(&word) {
                // In byte order and distinct, as the sort and this test
                // make them: the one thing an in-memory builder refuses.
                let inserted = builder.insert(word, starts.len() as u64);
                debug_assert!(
                    inserted.is_ok(),
                    "words reach the dictionary unsorted or twice"
                );
                starts.push(names.len() as u32);
                words.push(word);
            }
            names.push(e.name);
        }
        drop(placed);
        starts.push(names.len() as u32);
        let grams = Grams::new(&words);
        let mut at = Vec::with_capacity(words.len() + 1);
        let mut text = Vec::with_capacity(words.iter().map(|w| w.len()).sum());
        for word in words {
            at.push(text.len() as u32);
            text.extend_from_slice(word.as_bytes());
        }
        at.push(text.len() as u32);
        Vocabulary {
            dictionary: dictionary(builder),
            starts,
            names,
            text,
            at,
            grams,
        }
    }

    /// Hands `found` the number of every word `near` accepts: a depth-first
    /// walk of the transducer that leaves a branch as soon as no word below
    /// it can be near, and, once no edit is left, follows only the chars
    /// that match instead of trying every transition (in a dictionary as
    /// dense as the generator's, most of the branches a walk enters).
    pub(super) fn near_words(&self, near: &Near, mut found: impl FnMut(usize)) {
        let fst = self.dictionary.as_fst();
        let mut stack = vec![(fst.root().addr(), near.start(), Output::zero())];
        let (mut next, mut utf8) = (Vec::new(), [0u8; 4]);
        while let Some((addr, state, out)) = stack.pop() {
            let node = fst.node(addr);
            if node.is_final() && near.is_match(&state) {
                found(out.cat(node.final_output()).value() as usize);
            }
            if near.exact_next(&state, &mut next) {
                for &c in &next {
                    let bytes = c.encode_utf8(&mut utf8).as_bytes();
                    if let Some((to, out)) = follow(fst, addr, bytes, out) {
                        stack.push((to, near.step(&state, c), out));
                    }
                }
            } else {
                for t in node.transitions() {
                    let state = near.accept(&state, t.inp);
                    if near.can_match(&state) {
                        stack.push((t.addr, state, out.cat(t.out)));
                    }
                }
            }
        }
    }

    /// The names holding word number `w`.
    pub(super) fn names_at(&self, w: usize) -> &[u32] {
        &self.names[self.starts[w] as usize..self.starts[w + 1] as usize]
    }

    /// The names holding `word`.
    pub(super) fn names_of(&self, word: &str) -> &[u32] {
        match self.dictionary.get(word) {
            Some(w) => self.names_at(w as usize),
            None => &[],
        }
    }

    /// Word number `w`.
    pub(super) fn word(&self, w: usize) -> &[u8] {
        &self.text[self.at[w] as usize..self.at[w + 1] as usize]
    }

    /// The numbers of the words containing `part` (3 bytes or more),
    /// ascending: those on the posting lists of both its rarest trigrams
    /// that hold it. `None` when one of its trigrams is in no word.
    pub(super) fn words_containing(&self, part: &str) -> Option<Vec<u32>> {
        let (rarest, next) = self.grams.two_rarest(part)?;
        let mut words: Vec<u32> = self.grams.decode(rarest).collect();
        if let Some(next) = next {
            let mut others = self.grams.decode(next).peekable();
            words.retain(|&w| {
                while others.next_if(|&o| o < w).is_some() {}
                others.peek() == Some(&w)
            });
        }
        let finder = memchr::memmem::Finder::new(part);
        words.retain(|&w| finder.find(self.word(w as usize)).is_some());
        Some(words)
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.dictionary.as_fst().size()
            + 4 * (self.starts.capacity() + self.names.capacity() + self.at.capacity())
            + self.text.capacity()
            + self.grams.heap_bytes()
    }
}

/// Where `bytes` lead from the node at `addr`, with the output gathered on
/// the way, if the transducer has that path.
pub(super) fn follow(
    fst: &fst::raw::Fst<Vec<u8>>,
    addr: CompiledAddr,
    bytes: &[u8],
    mut out: Output,
) -> Option<(CompiledAddr, Output)> {
    let mut addr = addr;
    for &b in bytes {
        let node = fst.node(addr);
        let t = node.transition(node.find_input(b)?);
        out = out.cat(t.out);
        addr = t.addr;
    }
    Some((addr, out))
}
