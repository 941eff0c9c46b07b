//! Finding every place the sources name an entity: each name or alias,
//! folded, wherever it stands in a folded text as whole words.
//!
//! A library's texts are long and its names many: too many for one
//! automaton over every name to stay in cache. Names are instead
//! keyed by their first word: each word of the text that could start a name
//! is looked up (one hash probe), and only where some name starts with that
//! word are the spans ending at the next word boundaries tried against the
//! set of names. The longest name at each place wins, and matches do not
//! overlap: after one, the text is read on where it ends. Sources are
//! scanned in parallel.
//!
//! The table of names is far larger than any cache, so a probe into it is
//! a miss in every cache; two small arrays that stay in cache turn away
//! most words and spans first: `Reach`, how long a name starting with a
//! word may be and after how many word boundaries it may end, by a hash of
//! the word (zero: none starts with it), and a `Sieve` of the names'
//! hashes. Names of up to `base::str_table::INLINE` bytes are kept in the
//! table itself, so that a hit reads no other memory.
//!
//! This file holds the public API ([`Finder`], [`Found`]) and the passes of
//! [`Finder::find`]; each structure it reads lives in its own file:
//!
//! - `scan`: the one pass over a folded text for where names may start and
//!   end, and the spans between them within reach;
//! - `reach`: the per-first-word bound on a name's length and boundaries;
//! - `sieve`: the one-bit-per-hash set in front of the table;
//! - `folded`: the text folded as names are, and the way back to the
//!   original's byte offsets.

use rayon::prelude::*;

use crate::base::StrTable;
use crate::base::hash::hash_bytes;

mod folded;
mod reach;
mod scan;
mod sieve;
#[cfg(test)]
mod tests;

use folded::{Back, Folded};
use reach::{Head, Reach, boundaries_within};
use scan::{Scan, head, spans_within_reach};
use sieve::Sieve;

/// A name occurring in a text: which name (the value it was given, by
/// default its position in the list the finder was built from) and the
/// byte range of the original text. Texts past 4 GiB are not searched
/// beyond that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub name: u32,
    pub byte_start: u32,
    pub byte_end: u32,
}

/// The names to look for, indexed by first word.
pub struct Finder {
    /// Every folded name, to its position (the first, for names given twice).
    names: StrTable,
    /// How long the names starting with each first word may be.
    reach: Reach,
    /// The hashes of every name.
    name_sieve: Sieve,
    /// Chars other than letters and digits that start some name, e.g. `'`.
    odd_starts: Vec<char>,
}

/// The hash the finder's tables and sieves use: the one the names' table
/// files its keys under, so that a span's hash is computed once.
fn hash(s: &[u8]) -> u64 {
    hash_bytes(s)
}

impl Finder {
    /// Indexes folded names, each found as its position in `folded`;
    /// empty names are ignored.
    pub fn new<'a>(folded: impl IntoIterator<Item = &'a str>) -> Finder {
        let named: Vec<(&str, u32)> = folded.into_iter().zip(0..).collect();
        Finder::valued(&named)
    }

    /// Indexes folded names, each found as the value given with it (the
    /// first, for a name given twice): the graph gives each its entity, so
    /// that a mention found needs no look-up of whose name it is.
    pub fn valued(named: &[(&str, u32)]) -> Finder {
        let named: std::borrow::Cow<[(&str, u32)]> = if named.iter().any(|(n, _)| n.is_empty()) {
            let given = named.iter().copied();
            given.filter(|(name, _)| !name.is_empty()).collect()
        } else {
            named.into()
        };
        // The table is placed on one core while the rest is built beside it.
        let (names, (reach, name_sieve, odd_starts)) = rayon::join(
            || StrTable::of(&named),
            || {
                let heads = named.iter().map(|(name, _)| Head {
                    hash: hash(head(name, 0).as_bytes()),
                    len: name.len(),
                    ends_after: boundaries_within(name),
                });
                let hashes = named.iter().map(|(name, _)| hash(name.as_bytes()));
                let sieve = Sieve::of(hashes, named.len());
                (Reach::of(heads), sieve, odd_starts(&named))
            },
        );
        Finder {
            reach,
            name_sieve,
            names,
            odd_starts,
        }
    }

    /// Every whole-word occurrence of a name in each text, by text.
    pub fn find_all<'t>(
        &self,
        texts: impl IndexedParallelIterator<Item = &'t str>,
    ) -> Vec<Vec<Found>> {
        texts.map(|text| self.find(text)).collect()
    }

    /// Every whole-word occurrence of a name in `text`, in text order.
    ///
    /// Works in passes over the whole text rather than word by word, so
    /// that the probes into the finder's tables, nearly all cache misses,
    /// stand in tight loops of independent reads the processor overlaps:
    /// the places a name may start, then how far a name from each may
    /// reach, then the sieve for every span within reach, then the table
    /// for the spans that pass. Only then are the longest names taken, in
    /// text order, each skipping the places it covers.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let folded = Folded::new(text);
        let f = folded.text.as_str();
        let Scan { starts, breaks } = self.scan(f);
        let reach: Vec<[u8; 2]> = starts
            .iter()
            .map(|s| self.reach.slot_value(s.hash))
            .collect();
        let mut spans = spans_within_reach(f, &starts, &reach, &breaks);
        drop(breaks);
        let passes: Vec<bool> = spans
            .iter()
            .map(|s| self.name_sieve.may_hold(s.hash))
            .collect();
        debug_assert_eq!(passes.len(), spans.len(), "one sieve answer per span");
        let mut kept = passes.iter();
        spans.retain(|_| kept.next().copied().unwrap_or(false));
        let mut longest: Vec<Option<(u32, usize)>> = vec![None; starts.len()];
        let keys = spans
            .iter()
            .map(|s| (s.hash, &f[starts[s.start].at..s.end]));
        self.names.get_each(keys, |i, name| {
            let (Some(name), span) = (name, &spans[i]) else {
                return;
            };
            let best = &mut longest[span.start];
            if best.is_none_or(|(_, end)| end < span.end) {
                *best = Some((name, span.end));
            }
        });
        let mut back = Back::new(&folded.changed);
        let mut found = Vec::new();
        let mut covered = 0;
        for (start, best) in starts.iter().zip(longest) {
            let Some((name, end)) = best.filter(|_| start.at >= covered) else {
                continue;
            };
            let (from, to) = (back.start(start.at), back.end(end));
            if let (Ok(byte_start), Ok(byte_end)) = (u32::try_from(from), u32::try_from(to)) {
                found.push(Found {
                    name,
                    byte_start,
                    byte_end,
                });
            }
            covered = end;
        }
        found
    }
}

/// The chars other than letters and digits that some name starts with.
fn odd_starts(named: &[(&str, u32)]) -> Vec<char> {
    let mut odd = Vec::new();
    for first in named.iter().filter_map(|(name, _)| name.chars().next()) {
        if !first.is_alphanumeric() && !odd.contains(&first) {
            odd.push(first);
        }
    }
    odd
}
