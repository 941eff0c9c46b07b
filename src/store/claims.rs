//! How the graph keeps millions of claims in memory: columns of small
//! numbers, instead of one [`Claim`](crate::model::Claim) object a claim.
//!
//! A served claim holds nine strings and a citation list, each quote and
//! its context copied out of the source: about two kilobytes. Here a claim
//! is its id, front-coded against the one before ([`FrontCoded`]); its
//! ends, predicate and claimant as positions; its date and note as
//! positions in tables of distinct values ([`Interned`], [`Narrow`]); and
//! its citations as [`Packed`] offsets into the source texts, which the
//! graph keeps anyway: under 50 bytes with its share of the index by id
//! ([`IdIndex`]).
//!
//! A claim's object is an entity position, or, for a claim whose predicate
//! is about claims (`disputes`, `corroborates`, …), the position of the
//! claim it is about: the table keeps both as the same `u32` and does not
//! know which; the graph does, by the predicate. The loader sets such an
//! object once every claim is in ([`ClaimTable::set_object`]), since a
//! claim may respond to one further down the file.
//!
//! Invariants: every column has one entry a claim, in file order; claim
//! `i`'s citations are `spans[first_span[i]..first_span[i + 1]]`; a claim
//! is stored whole or not at all (a push that does not fit leaves the table
//! as it was); at most 2³¹ claims, so that a position and a direction share
//! a `u32` in the graph's incidence.
//!
//! The loader fills one small table per batch of records on every core and
//! appends the batches in file order ([`ClaimTable::append`]); the index by
//! id is built once every claim is in ([`ClaimTable::finish`]).

use std::sync::Arc;

use crate::base::memory::prefetch;
use crate::base::{EntityIx, FrontCoded, Interned, TooLarge};
use crate::model::Status;

use super::id_index::IdIndex;
use super::narrow::{NONE, Narrow, remap};
use super::span::{Packed, Span};

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
    pub citations: &'a [Span],
}

/// Every claim, column by column, in file order.
#[derive(Default)]
pub struct ClaimTable {
    ids: FrontCoded,
    ends: Vec<(EntityIx, EntityIx)>,
    predicate: Vec<u16>,
    status: Vec<Status>,
    claimed_by: Vec<EntityIx>,
    date: Narrow,
    note: Narrow,
    /// Claim `i`'s citations are `spans[first_span[i]..first_span[i + 1]]`.
    first_span: Vec<u32>,
    spans: Vec<Packed>,
    /// Where each source's text starts, for [`Packed`] citations.
    text_starts: Arc<[u64]>,
    dates: Interned,
    notes: Interned,
    /// Claim positions by id, built by [`ClaimTable::finish`].
    by_id: IdIndex,
    /// Positions of claims whose id an earlier claim has, with that claim's,
    /// by the repeat's position; found by [`ClaimTable::finish`].
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

impl ClaimTable {
    /// An empty table for claims citing texts that start at `text_starts`
    /// ([`text_starts`]).
    pub fn new(text_starts: Arc<[u64]>) -> ClaimTable {
        ClaimTable {
            text_starts,
            ..ClaimTable::default()
        }
    }

    /// Appends one claim. Its id is indexed by [`ClaimTable::finish`].
    pub fn push(&mut self, row: Row<'_>) -> Result<(), TooLarge> {
        if self.first_span.is_empty() {
            self.first_span.push(0);
        }
        // Incidence rows keep a claim's position in 31 bits.
        if self.ends.len() >= 1 << 31 {
            return Err(TooLarge);
        }
        // Packed before anything else is stored, and taken back should one
        // not fit, so that a claim's citations are stored whole or not at
        // all.
        let spans_before = self.spans.len();
        for span in row.citations {
            match self.pack(span) {
                Ok(packed) => self.spans.push(packed),
                Err(too_large) => {
                    self.spans.truncate(spans_before);
                    return Err(too_large);
                }
            }
        }
        self.ids.push(row.id)?;
        self.ends.push((row.subject, row.object));
        self.predicate.push(row.predicate);
        self.status.push(row.status);
        self.claimed_by.push(row.claimed_by);
        let date = row.date.map(|d| self.dates.intern(d)).transpose()?;
        self.date.push(date.unwrap_or(NONE));
        let note = row.note.map(|n| self.notes.intern(n)).transpose()?;
        self.note.push(note.unwrap_or(NONE));
        let spans = u32::try_from(self.spans.len()).map_err(|_| TooLarge)?;
        self.first_span.push(spans);
        Ok(())
    }

    /// Appends every claim of `part` (not yet finished), in order, as if
    /// each had been pushed here. O(claims of `part`), plus a lookup per
    /// distinct date and note of `part`.
    pub fn append(&mut self, part: ClaimTable) -> Result<(), TooLarge> {
        if part.is_empty() {
            return Ok(());
        }
        if self.first_span.is_empty() {
            self.first_span.push(0);
        }
        if self.len() + part.len() > 1 << 31 {
            return Err(TooLarge);
        }
        let span_base = self.spans.len();
        u32::try_from(span_base + part.spans.len()).map_err(|_| TooLarge)?;
        self.ids.append(&part.ids)?;
        self.ends.extend_from_slice(&part.ends);
        self.predicate.extend_from_slice(&part.predicate);
        self.status.extend_from_slice(&part.status);
        self.claimed_by.extend_from_slice(&part.claimed_by);
        let dates = self.dates.merge(&part.dates)?;
        for d in part.date.iter() {
            self.date.push(remap(&dates, d));
        }
        let notes = self.notes.merge(&part.notes)?;
        for n in part.note.iter() {
            self.note.push(remap(&notes, n));
        }
        if Arc::ptr_eq(&self.text_starts, &part.text_starts) || self.text_starts == part.text_starts
        {
            self.spans.extend_from_slice(&part.spans);
        } else {
            for packed in &part.spans {
                let span = part.unpack(*packed);
                let packed = self.pack(&span)?;
                self.spans.push(packed);
            }
        }
        // Fits: the total number of spans was checked above.
        let first = part.first_span[1..].iter();
        self.first_span
            .extend(first.map(|&end| end + span_base as u32));
        Ok(())
    }

    /// Trims the columns; call once every claim is in.
    /// Indexes the ids (on every core) and finds those given twice.
    pub fn finish(&mut self) {
        let (by_id, duplicates) = IdIndex::build(&self.ids);
        self.by_id = by_id;
        self.duplicates = duplicates;
        self.dates.freeze();
        self.notes.freeze();
        self.ids.shrink_to_fit();
        self.date.shrink_to_fit();
        self.note.shrink_to_fit();
        self.first_span.shrink_to_fit();
        self.spans.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Sets the object of claim `i` to the raw position `object`: for a
    /// claim about a claim, that claim's position, known only once every
    /// claim is in.
    pub fn set_object(&mut self, i: usize, object: u32) {
        self.ends[i].1 = EntityIx(object);
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The position of the claim with this id. O(1).
    pub fn position(&self, id: &str) -> Option<u32> {
        self.by_id.find(&self.ids, id)
    }

    /// Each claim whose id an earlier claim has: (the first, the repeat).
    pub fn duplicate_ids(&self) -> &[(u32, u32)] {
        &self.duplicates
    }

    /// The id of claim `i`, decoded from its block of ids.
    pub fn id(&self, i: usize) -> compact_str::CompactString {
        self.ids.get(i)
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
        let at = self.date.get(i);
        (at != NONE).then(|| self.dates.get(at))
    }

    pub fn note(&self, i: usize) -> Option<&str> {
        let at = self.note.get(i);
        (at != NONE).then(|| self.notes.get(at))
    }

    /// Asks for claim `i`'s entries in every column to be brought into
    /// cache, for reading many claims at once ([`crate::graph::Graph::claim_views`]).
    pub fn prefetch(&self, i: usize) {
        self.ids.prefetch(i);
        prefetch(self.ends.as_ptr().wrapping_add(i));
        prefetch(self.predicate.as_ptr().wrapping_add(i));
        prefetch(self.status.as_ptr().wrapping_add(i));
        prefetch(self.claimed_by.as_ptr().wrapping_add(i));
        prefetch(self.first_span.as_ptr().wrapping_add(i));
        self.date.prefetch(i);
        self.note.prefetch(i);
    }

    /// What reading claim `i` reads through its columns, once they are in
    /// cache ([`ClaimTable::prefetch`]): its id's block and its citations.
    pub fn prefetch_behind(&self, i: usize) {
        self.ids.prefetch_block(i);
        if let Some(&first) = self.first_span.get(i) {
            prefetch(self.spans.as_ptr().wrapping_add(first as usize));
        }
    }

    /// Claim `i`'s citations, in order.
    pub fn spans(&self, i: usize) -> impl ExactSizeIterator<Item = Span> + '_ {
        let packed = &self.spans[self.first_span[i] as usize..self.first_span[i + 1] as usize];
        packed.iter().map(|&p| self.unpack(p))
    }

    /// `span` as 8 bytes; too large past a terabyte of texts or for a quote
    /// of 16 MiB.
    fn pack(&self, span: &Span) -> Result<Packed, TooLarge> {
        Packed::new(&self.text_starts, span)
    }

    fn unpack(&self, packed: Packed) -> Span {
        packed.span(&self.text_starts)
    }

    /// Heap bytes held, for the benchmarks' memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes()
            + self.ends.capacity() * 8
            + self.predicate.capacity() * 2
            + self.status.capacity()
            + self.claimed_by.capacity() * 4
            + self.date.heap_bytes()
            + self.note.heap_bytes()
            + self.first_span.capacity() * 4
            + self.spans.capacity() * std::mem::size_of::<Packed>()
            + self.dates.heap_bytes()
            + self.notes.heap_bytes()
            + self.by_id.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::joined::text_starts;

    fn row<'a>(id: &'a str, date: Option<&'a str>, spans: &'a [Span]) -> Row<'a> {
        Row {
            id,
            subject: EntityIx::new(1),
            object: EntityIx::new(2),
            predicate: 3,
            status: Status::Alleged,
            claimed_by: EntityIx::new(4),
            date,
            note: None,
            citations: spans,
        }
    }

    proptest::proptest! {
        /// A table appended from parts answers as one pushed claim by claim.
        #[test]
        fn parts_appended_are_the_claims_pushed(
            claims in proptest::collection::vec((0u8..40, proptest::option::of(0u8..4), 0usize..3), 0..120),
            cuts in proptest::collection::vec(0usize..120, 0..6),
        ) {
            let span = |i: usize| Span { source: i as u32, byte_start: 0, byte_end: 1 };
            let spans: Vec<Span> = (0..3).map(span).collect();
            let rows: Vec<(String, Option<String>, usize)> = claims
                .iter()
                .map(|&(id, date, n)| (format!("c-{id}"), date.map(|d| format!("19{d}0")), n))
                .collect();
            let starts = text_starts([5, 0, 7]);
            let mut pushed = ClaimTable::new(starts.clone());
            for (id, date, n) in &rows {
                pushed.push(row(id, date.as_deref(), &spans[..*n])).expect("fits");
            }
            pushed.finish();
            let mut cuts: Vec<usize> = cuts.into_iter().filter(|&c| c <= rows.len()).collect();
            cuts.push(0);
            cuts.push(rows.len());
            cuts.sort_unstable();
            let mut appended = ClaimTable::new(starts.clone());
            for w in cuts.windows(2) {
                // Parts of their own starts, equal or not, are appended alike.
                let own = if w[0] % 2 == 0 { starts.clone() } else { text_starts([5, 0, 7]) };
                let mut part = ClaimTable::new(own);
                for (id, date, n) in &rows[w[0]..w[1]] {
                    part.push(row(id, date.as_deref(), &spans[..*n])).expect("fits");
                }
                appended.append(part).expect("fits");
            }
            appended.finish();
            proptest::prop_assert_eq!(appended.len(), pushed.len());
            proptest::prop_assert_eq!(appended.duplicate_ids(), pushed.duplicate_ids());
            for i in 0..rows.len() {
                proptest::prop_assert_eq!(appended.id(i), pushed.id(i));
                proptest::prop_assert_eq!(appended.date(i), pushed.date(i));
                proptest::prop_assert!(appended.spans(i).eq(pushed.spans(i)));
                proptest::prop_assert_eq!(pushed.spans(i).collect::<Vec<_>>(), &spans[..rows[i].2]);
                proptest::prop_assert_eq!(appended.position(&pushed.id(i)), pushed.position(&pushed.id(i)));
            }
        }
    }

    proptest::proptest! {
        /// A citation reads back as stored, wherever it lies: at the start
        /// or the end of its text, empty, or in a text after empty ones.
        #[test]
        fn citations_read_back_as_stored(
            lengths in proptest::collection::vec(0usize..20, 1..6),
            picks in proptest::collection::vec((0usize..6, 0usize..21, 0usize..21), 0..20),
        ) {
            let mut table = ClaimTable::new(text_starts(lengths.iter().copied()));
            let spans: Vec<Span> = picks
                .iter()
                .map(|&(s, a, b)| {
                    let source = s % lengths.len();
                    let (a, b) = (a.min(lengths[source]), b.min(lengths[source]));
                    Span { source: source as u32, byte_start: a.min(b) as u32, byte_end: a.max(b) as u32 }
                })
                .collect();
            table.push(row("c", None, &spans)).expect("fits");
            proptest::prop_assert_eq!(table.spans(0).collect::<Vec<_>>(), spans);
        }
    }

    #[test]
    fn a_citation_past_a_terabyte_of_texts_or_of_16_mib_is_too_large() {
        let mut table = ClaimTable::new(text_starts([1 << 40, 100 << 20]));
        let past = Span {
            source: 1,
            byte_start: 0,
            byte_end: 1,
        };
        assert_eq!(table.push(row("c-1", None, &[past])).err(), Some(TooLarge));
        let mut table = ClaimTable::new(text_starts([100 << 20]));
        let long = Span {
            source: 0,
            byte_start: 0,
            byte_end: 16 << 20,
        };
        assert_eq!(table.push(row("c-2", None, &[long])).err(), Some(TooLarge));
        let fits = Span {
            source: 0,
            byte_start: 0,
            byte_end: (16 << 20) - 1,
        };
        assert!(table.push(row("c-3", None, &[fits])).is_ok());
        // A claim one of whose citations does not fit is stored not at all,
        // not even the citations before it.
        assert_eq!(
            table.push(row("c-4", None, &[fits, long])).err(),
            Some(TooLarge)
        );
        assert!(table.push(row("c-5", None, &[fits])).is_ok());
        assert_eq!(table.spans(0).collect::<Vec<_>>(), [fits]);
        assert_eq!(table.spans(1).collect::<Vec<_>>(), [fits]);
    }

    proptest::proptest! {
        /// Every id is found at its first position, and every repeat is
        /// listed with that position, as a map of first positions says.
        #[test]
        fn the_index_by_id_finds_first_positions_and_lists_repeats(
            ids in proptest::collection::vec("c-[0-9]{1,2}|[a-c]{0,2}", 0..200),
        ) {
            let mut table = ClaimTable::default();
            for id in &ids {
                table.push(row(id, None, &[])).expect("fits");
            }
            table.finish();
            let mut first = std::collections::HashMap::new();
            let mut repeats = Vec::new();
            for (i, id) in ids.iter().enumerate() {
                match first.get(id) {
                    Some(&f) => repeats.push((f, i as u32)),
                    None => {
                        first.insert(id, i as u32);
                    }
                }
            }
            proptest::prop_assert_eq!(table.duplicate_ids(), repeats.as_slice());
            for id in &ids {
                proptest::prop_assert_eq!(table.position(id), first.get(id).copied());
            }
            proptest::prop_assert_eq!(table.position("c-x"), None);
        }
    }

    #[test]
    fn ids_are_found_and_repeats_listed_across_many_buckets() {
        let mut table = ClaimTable::default();
        let n = 1 << 16;
        for i in 0..n {
            let id = format!("c-{}", i % (n - 10));
            table.push(row(&id, None, &[])).expect("fits");
        }
        table.finish();
        assert!(table.by_id.buckets() > 1);
        for i in 0..n - 10 {
            assert_eq!(table.position(&format!("c-{i}")), Some(i as u32));
        }
        assert_eq!(table.position("c-x"), None);
        let repeats: Vec<(u32, u32)> = (0..10).map(|i| (i, (n - 10) as u32 + i)).collect();
        assert_eq!(table.duplicate_ids(), repeats.as_slice());
    }
}
