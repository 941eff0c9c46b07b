//! How the graph keeps millions of claims in memory: columns of small
//! numbers and arenas of strings, instead of one [`Claim`](crate::model::Claim) object per claim.
//!
//! A [`Claim`](crate::model::Claim) as served holds nine strings and a citation list, each quote
//! and its context copied out of the source: about two kilobytes a claim.
//! Here a claim is its id in an arena, its ends, predicate and claimant as
//! positions, its date and note as positions in tables of distinct values, and
//! its citations as offsets into the source texts, which the graph keeps
//! anyway: some 65 bytes. [`crate::graph::Graph`] builds the served
//! [`Claim`](crate::model::Claim) from these columns when a query hands one out.
//!
//! The loader fills a [`ClaimTable`] one claim at a time, in file order.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::graph::EntityIx;
use crate::model::Status;

/// Many strings in one allocation, each found by its position.
#[derive(Debug, Default, Clone)]
pub struct Strings {
    bytes: String,
    /// `ends[i]` is where string `i` ends in `bytes`; it starts where `i - 1` ends.
    ends: Vec<u32>,
}

/// The strings of the data do not fit the four gigabytes an arena can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("more than 4 GiB of ids, dates or notes, or 2³¹ claims; split the data")]
pub struct TooLarge;

impl Strings {
    /// Appends `s`, returning its position.
    pub fn push(&mut self, s: &str) -> Result<u32, TooLarge> {
        let end = u32::try_from(self.bytes.len() + s.len()).map_err(|_| TooLarge)?;
        let at = u32::try_from(self.ends.len()).map_err(|_| TooLarge)?;
        self.bytes.push_str(s);
        self.ends.push(end);
        Ok(at)
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

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + 4 * self.ends.capacity()
    }
}

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
}

/// A citation located in its source, as offsets only; the quote, prefix and
/// suffix are read from the text when the claim is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Position of the source in the graph's sources.
    pub source: u32,
    /// Byte offsets of the quote in the source text.
    pub byte_start: u32,
    pub byte_end: u32,
    /// Code-point offset of the quote's first code point.
    pub start: u32,
}

/// Marks an absent date or note.
const NONE: u32 = u32::MAX;

/// One claim as the loader hands it over.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub id: &'a str,
    pub subject: EntityIx,
    pub object: EntityIx,
    pub predicate: u16,
    pub status: Status,
    pub claimed_by: EntityIx,
    pub date: Option<&'a str>,
    pub note: Option<&'a str>,
    pub citations: Vec<Span>,
}

/// Every claim, column by column, in file order.
#[derive(Default)]
pub struct ClaimTable {
    ids: Strings,
    ends: Vec<(EntityIx, EntityIx)>,
    predicate: Vec<u16>,
    status: Vec<Status>,
    claimed_by: Vec<EntityIx>,
    date: Vec<u32>,
    note: Vec<u32>,
    /// Claim `i`'s citations are `spans[first_span[i]..first_span[i + 1]]`.
    first_span: Vec<u32>,
    spans: Vec<Span>,
    dates: Interned,
    notes: Interned,
    /// Claim positions hashed by id, for lookup by id.
    by_id: HashTable<u32>,
    /// Positions of claims whose id an earlier claim has, with that claim's.
    duplicates: Vec<(u32, u32)>,
}

impl std::fmt::Debug for ClaimTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClaimTable")
            .field("claims", &self.len())
            .field("heap_bytes", &self.heap_bytes())
            .finish_non_exhaustive()
    }
}

fn hash_id(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

impl ClaimTable {
    /// Appends one claim.
    pub fn push(&mut self, row: Row<'_>) -> Result<(), TooLarge> {
        if self.first_span.is_empty() {
            self.first_span.push(0);
        }
        // Incidence rows keep a claim's position in 31 bits.
        if self.ends.len() >= 1 << 31 {
            return Err(TooLarge);
        }
        let at = self.ids.push(row.id)?;
        let ids = &self.ids;
        let entry = self.by_id.entry(
            hash_id(row.id),
            |&i| ids.get(i) == row.id,
            |&i| hash_id(ids.get(i)),
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(first) => {
                self.duplicates.push((*first.get(), at));
            }
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(at);
            }
        }
        self.ends.push((row.subject, row.object));
        self.predicate.push(row.predicate);
        self.status.push(row.status);
        self.claimed_by.push(row.claimed_by);
        let date = row.date.map(|d| self.dates.intern(d)).transpose()?;
        self.date.push(date.unwrap_or(NONE));
        let note = row.note.map(|n| self.notes.intern(n)).transpose()?;
        self.note.push(note.unwrap_or(NONE));
        self.spans.extend(row.citations);
        let spans = u32::try_from(self.spans.len()).map_err(|_| TooLarge)?;
        self.first_span.push(spans);
        Ok(())
    }

    /// Trims the columns; call once every claim is in.
    pub fn finish(&mut self) {
        self.dates.position = FxHashMap::default();
        self.notes.position = FxHashMap::default();
        self.ids.bytes.shrink_to_fit();
        for column in [&mut self.date, &mut self.note, &mut self.first_span] {
            column.shrink_to_fit();
        }
        self.spans.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The position of the claim with this id. O(1).
    pub fn position(&self, id: &str) -> Option<u32> {
        self.by_id
            .find(hash_id(id), |&i| self.ids.get(i) == id)
            .copied()
    }

    /// Each claim whose id an earlier claim has: (the first, the repeat).
    pub fn duplicate_ids(&self) -> &[(u32, u32)] {
        &self.duplicates
    }

    pub fn id(&self, i: usize) -> &str {
        self.ids.get(i as u32)
    }

    pub fn ends(&self) -> &[(EntityIx, EntityIx)] {
        &self.ends
    }

    pub fn predicate(&self, i: usize) -> u16 {
        self.predicate[i]
    }

    pub fn status(&self, i: usize) -> Status {
        self.status[i]
    }

    pub fn claimed_by(&self) -> &[EntityIx] {
        &self.claimed_by
    }

    pub fn date(&self, i: usize) -> Option<&str> {
        let at = self.date[i];
        (at != NONE).then(|| self.dates.strings.get(at))
    }

    pub fn note(&self, i: usize) -> Option<&str> {
        let at = self.note[i];
        (at != NONE).then(|| self.notes.strings.get(at))
    }

    pub fn spans(&self, i: usize) -> &[Span] {
        &self.spans[self.first_span[i] as usize..self.first_span[i + 1] as usize]
    }

    /// Heap bytes held, for the benchmarks' memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes()
            + self.ends.capacity() * 8
            + self.predicate.capacity() * 2
            + self.status.capacity()
            + self.claimed_by.capacity() * 4
            + (self.date.capacity() + self.note.capacity() + self.first_span.capacity()) * 4
            + self.spans.capacity() * std::mem::size_of::<Span>()
            + self.dates.strings.heap_bytes()
            + self.notes.strings.heap_bytes()
            + self.by_id.capacity() * 5
    }
}
