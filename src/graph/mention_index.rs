//! Finding every entity's mentions in the sources, and keeping them: 6
//! bytes a mention (an offset among all the texts laid end to end and a
//! length byte), in compressed rows by entity, each row in source order.
//!
//! Invariants: a text that starts past [`MENTION_TEXT_LIMIT`] is not
//! searched (a mention's 40-bit offset cannot say where it is); a mention
//! of [`LONG`] bytes or more keeps its end apart. The search holds at most
//! one range of entities' mentions twice (found by source, laid out by
//! entity), so that a library's hundreds of megabytes of mentions are never
//! all held twice.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::base::csr::Cursors;
use crate::base::joined::{locate, text_starts};
use crate::base::leb128;
use crate::base::memory::{cpu_seconds, peak_mib, release_free_memory};
use crate::load::SourceText;
use crate::mentions;
use crate::names::NameIndex;

/// Where a mention stands: the offset of its first byte among all the
/// texts ([`crate::base::joined::text_starts`], 40 bits, little-endian), and its
/// length in bytes,
/// [`LONG`] for that or more. Packed into 6 bytes, since a library's
/// sources hold tens of millions of mentions, a name is rarely 255 bytes
/// long, and a source is found again from the offset by a binary search
/// over where each text starts.
#[derive(Debug, Clone, Copy)]
struct MentionSpan {
    at: [u8; 5],
    len: u8,
}

/// The length of a mention kept in [`MentionRows::long_ends`] instead.
const LONG: u8 = u8::MAX;

/// Texts that start this far into all the texts laid end to end are not
/// searched for mentions: a [`MentionSpan`] cannot say where they are.
/// (A terabyte of text, which the graph holds in memory.)
const MENTION_TEXT_LIMIT: u64 = 1 << 40;

/// Every entity's mentions, in compressed rows.
#[derive(Debug, Default)]
pub(super) struct MentionRows {
    /// Entity `i`'s mentions are `spans[first[i]..first[i + 1]]`.
    first: Vec<u32>,
    spans: Vec<MentionSpan>,
    /// The end of each mention of [`LONG`] bytes or more, by its position.
    long_ends: FxHashMap<u32, u32>,
    /// Where each source's text starts among all of them
    /// ([`crate::base::joined::text_starts`]).
    text_starts: std::sync::Arc<[u64]>,
}

impl MentionRows {
    /// Puts a mention at position `at` of the spans: it starts `offset`
    /// bytes into all the texts, `len` bytes long, or ends at `long_end` in
    /// its source when `len` is [`LONG`].
    fn set(&mut self, at: u32, offset: u64, len: u8, long_end: Option<u32>) {
        if let Some(end) = long_end {
            self.long_ends.insert(at, end);
        }
        let mut bytes = [0; 5];
        bytes.copy_from_slice(&offset.to_le_bytes()[..5]);
        self.spans[at as usize] = MentionSpan { at: bytes, len };
    }

    /// Entity `e`'s mentions: source position and byte range, in source order.
    pub(super) fn row(&self, e: usize) -> impl Iterator<Item = (u32, std::ops::Range<usize>)> + '_ {
        self.part_of_row(e, 0, usize::MAX)
    }

    /// `limit` of entity `e`'s mentions from the `offset`th, found without
    /// reading the ones before.
    pub(super) fn part_of_row(
        &self,
        e: usize,
        offset: usize,
        limit: usize,
    ) -> impl Iterator<Item = (u32, std::ops::Range<usize>)> + '_ {
        let (first, end) = (self.first[e] as usize, self.first[e + 1] as usize);
        let from = first.saturating_add(offset).min(end);
        let to = from.saturating_add(limit).min(end);
        (from..to).map(|at| {
            let MentionSpan { at: bytes, len } = self.spans[at];
            let mut offset = [0; 8];
            offset[..5].copy_from_slice(&bytes);
            let offset = u64::from_le_bytes(offset);
            let (source, byte_start) = locate(&self.text_starts, offset);
            let end = match len {
                LONG => self.long_ends[&(at as u32)],
                short => byte_start + u32::from(short),
            };
            (source, byte_start as usize..end as usize)
        })
    }

    pub(super) fn count(&self, e: usize) -> usize {
        (self.first[e + 1] - self.first[e]) as usize
    }
}

/// Every whole-word occurrence of a name or alias in the sources
/// ([`mentions::Finder`]); returns compressed rows of mentions by entity,
/// each row in source order.
///
/// The rows cannot be laid out until every source is searched (a row's
/// place depends on how many mentions come before it), and a library's
/// mentions run to hundreds of megabytes, so they must not be held twice,
/// found by source and laid out by entity, at once. The sources are
/// searched a group at a time (in parallel within a group), and each
/// group's mentions are set aside in [`Pending`] by ranges of entities
/// while the next group is searched; then each range's rows are laid out
/// in turn and its pending mentions freed, so that at most one range is
/// held twice. The finder's tables are freed before the rows are laid out,
/// so that the two are not held at once.
pub(super) fn find_mentions(
    sources: &[SourceText],
    names: &NameIndex,
    entities: usize,
) -> MentionRows {
    let starts = text_starts(sources.iter().map(|s| s.text.len()));
    let searched = sources
        .iter()
        .zip(starts.iter())
        .take_while(|&(s, &start)| start + s.text.len() as u64 <= MENTION_TEXT_LIMIT)
        .count();
    let sources = &sources[..searched];
    let named: Vec<(&str, u32)> = (0..names.len())
        .into_par_iter()
        .map(|n| (names.folded(n), names.entity(n)))
        .collect();
    let finder = mentions::Finder::valued(&named);
    drop(named);
    tracing::debug!(peak_mib = ?peak_mib(), cpu_s = ?cpu_seconds(), "mention finder built");
    let mut pending = Pending::new(entities, RANGE_ENTITIES, starts);
    // Each group's mentions are set aside while the next group is searched.
    let mut last: Option<(std::ops::Range<usize>, Vec<Vec<mentions::Found>>)> = None;
    for group in groups(sources.iter().map(|s| s.text.len()), GROUP_BYTES) {
        let texts = sources[group.clone()].par_iter().map(|s| s.text.as_str());
        let (found, ()) = rayon::join(
            || finder.find_all(texts),
            || set_aside(&mut pending, last.take()),
        );
        last = Some((group, found));
        // The group before's folded texts and mentions, now set aside.
        release_free_memory();
    }
    drop(finder);
    set_aside(&mut pending, last);
    let held: usize = pending.ranges.iter().map(|r| r.bytes.len()).sum();
    let mentions: u64 = pending.counts.iter().map(|&n| u64::from(n)).sum();
    tracing::debug!(mentions, bytes = held, peak_mib = ?peak_mib(), "mentions set aside");
    pending.into_rows()
}

/// Sets aside the mentions found in a group of sources, if any, by entity
/// (the value the finder gave each name).
fn set_aside(
    pending: &mut Pending,
    group: Option<(std::ops::Range<usize>, Vec<Vec<mentions::Found>>)>,
) {
    let Some((sources, found)) = group else {
        return;
    };
    for (s, found) in sources.zip(found) {
        for f in found {
            pending.push(s as u32, f.name, f.byte_start, f.byte_end);
        }
    }
}

/// About how many bytes of text are searched at once: enough for every
/// core to be busy, few enough that their mentions, found by source, are
/// small beside all of them.
const GROUP_BYTES: usize = 16 << 20;

/// How many entities each of [`Pending`]'s ranges holds: few enough that an
/// entity's place in its range and the flag beside it take two bytes of
/// LEB128 (under 2¹⁴). At `large`, 123 ranges of a few megabytes each;
/// freed amid the heap as each is laid out, their pages are handed back
/// every [`TRIM_EVERY`] ranges.
const RANGE_ENTITIES: usize = 1 << 13;

/// How many ranges are laid out between two hand-backs of free pages.
const TRIM_EVERY: usize = 16;

/// Consecutive ranges of texts (given by their lengths) holding up to
/// `bytes` each (a longer text, alone), in order, covering all of them.
fn groups(lengths: impl IntoIterator<Item = usize>, bytes: usize) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let (mut from, mut held, mut count) = (0, 0, 0);
    for (s, len) in lengths.into_iter().enumerate() {
        if s > from && held + len > bytes {
            groups.push(from..s);
            (from, held) = (s, 0);
        }
        held += len;
        count = s + 1;
    }
    if from < count {
        groups.push(from..count);
    }
    groups
}

/// Mentions found but not yet laid out by entity, set aside by ranges of
/// entities in the order found (by source, then text order), with each
/// entity's count.
struct Pending {
    /// How many entities each range holds.
    width: usize,
    ranges: Vec<PendingRange>,
    /// `counts[e + 1]`: how many mentions of entity `e` are held.
    counts: Vec<u32>,
    /// The length byte of entity `e`'s last mention held, 0 before its
    /// first (as [`PendingRange::iter`] starts it when reading them back).
    last_len: Vec<u8>,
    /// Where each source's text starts among all of them.
    text_starts: std::sync::Arc<[u64]>,
}

/// The mentions of one range of entities, each as two numbers in LEB128 and
/// perhaps a byte: how far from the one before it (in this range) it
/// starts among all the texts (zigzag-signed, so that no order is
/// assumed); its entity's place in the range, doubled, plus one when its
/// length byte (as in [`MentionSpan`]) follows, which it does unless the
/// entity's mention before it had the same. An entity is mostly named the
/// same way, so the byte is mostly left out. Found in text order, a range's
/// mentions lie a few kilobytes apart: 4.1 bytes each at `large` (5.5 with a
/// length byte each and ranges of 200,000 entities), where
/// fixed fields took 8.
#[derive(Default)]
struct PendingRange {
    bytes: Vec<u8>,
    /// How many mentions `bytes` holds.
    count: u32,
    /// Where the last mention pushed starts among all the texts.
    last: u64,
    /// The end in its source of each mention of [`LONG`] bytes or more, by
    /// its place in this range.
    long_ends: FxHashMap<u32, u32>,
}

impl PendingRange {
    /// Holds a mention at `offset` among all the texts, of the entity at
    /// `place` in the range, with its length byte `len`, which `repeats`
    /// when it is that entity's last mention's.
    fn push(&mut self, offset: u64, (place, len, repeats): (u32, u8, bool), byte_end: u32) {
        if len == LONG {
            self.long_ends.insert(self.count, byte_end);
        }
        let step = offset as i64 - self.last as i64;
        leb128::push(&mut self.bytes, leb128::zigzag(step));
        leb128::push(&mut self.bytes, u64::from(place) << 1 | u64::from(!repeats));
        if !repeats {
            self.bytes.push(len);
        }
        self.last = offset;
        self.count += 1;
    }

    /// Each mention: where it starts among all the texts, its entity's
    /// place, its length byte and its place in this range; `width` is how
    /// many entities the range holds.
    fn iter(&self, width: usize) -> impl Iterator<Item = (u64, u32, u8, u32)> + '_ {
        let (mut at, mut offset) = (0, 0u64);
        let mut last_len = vec![0u8; width];
        (0..self.count).map(move |k| {
            let step = leb128::unzigzag(leb128::read(&self.bytes, &mut at));
            offset = offset.wrapping_add_signed(step);
            let flagged = leb128::read(&self.bytes, &mut at);
            let place = (flagged >> 1) as u32;
            if flagged & 1 == 1 {
                last_len[place as usize] = self.bytes[at];
                at += 1;
            }
            (offset, place, last_len[place as usize], k)
        })
    }
}

/// A mention's length in bytes, or [`LONG`] when it must be kept apart.
fn short_len(byte_start: u32, byte_end: u32) -> Option<u8> {
    u8::try_from(byte_end - byte_start)
        .ok()
        .filter(|&len| len < LONG)
}

impl Pending {
    /// Room for the mentions of `entities` entities in ranges of `width`
    /// entities, found in texts that start at `text_starts`.
    fn new(entities: usize, width: usize, text_starts: std::sync::Arc<[u64]>) -> Pending {
        let width = width.max(1);
        Pending {
            width,
            ranges: (0..entities.div_ceil(width))
                .map(|_| PendingRange::default())
                .collect(),
            counts: vec![0; entities + 1],
            last_len: vec![0; entities],
            text_starts,
        }
    }

    /// Holds a mention of `entity` in `source`; sources come in order, and
    /// within one, the mentions in text order.
    fn push(&mut self, source: u32, entity: u32, byte_start: u32, byte_end: u32) {
        let (r, place) = (entity as usize / self.width, entity as usize % self.width);
        let offset = self.text_starts[source as usize] + u64::from(byte_start);
        let len = short_len(byte_start, byte_end).unwrap_or(LONG);
        let last = std::mem::replace(&mut self.last_len[entity as usize], len);
        self.ranges[r].push(offset, (place as u32, len, last == len), byte_end);
        self.counts[entity as usize + 1] += 1;
    }

    /// Compressed rows of the mentions by entity, each row in the order the
    /// mentions came: `mentions[first[i]..first[i + 1]]` are entity `i`'s.
    /// Lays out one range of entities at a time, growing the rows as it
    /// goes and freeing each range's pending mentions once they are in.
    fn into_rows(self) -> MentionRows {
        let Pending {
            width,
            ranges,
            counts: first,
            text_starts,
            last_len,
        } = self;
        drop(last_len);
        let entities = first.len() - 1;
        let mut cursors = Cursors::from_counts(first);
        let total = cursors.first()[entities] as usize;
        let blank = MentionSpan { at: [0; 5], len: 0 };
        let mut rows = MentionRows {
            spans: Vec::with_capacity(total),
            text_starts,
            ..MentionRows::default()
        };
        for (r, range) in ranges.into_iter().enumerate() {
            let last = ((r + 1) * width).min(entities);
            rows.spans.resize(cursors.first()[last] as usize, blank);
            for (offset, place, len, k) in range.iter(width) {
                let at = cursors.place(r * width + place as usize);
                let long_end = (len == LONG).then(|| range.long_ends[&k]);
                rows.set(at as u32, offset, len, long_end);
            }
            drop(range);
            if (r + 1) % TRIM_EVERY == 0 {
                release_free_memory();
            }
        }
        rows.first = cursors.finish();
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn groups_cover_the_texts_in_order_within_the_bound(
            lengths in proptest::collection::vec(0usize..50, 0..40),
            bytes in 1usize..120,
        ) {
            let groups = groups(lengths.iter().copied(), bytes);
            let mut next = 0;
            for g in &groups {
                proptest::prop_assert_eq!(g.start, next);
                proptest::prop_assert!(g.end > g.start);
                let held: usize = lengths[g.clone()].iter().sum();
                proptest::prop_assert!(held <= bytes || g.len() == 1);
                next = g.end;
            }
            proptest::prop_assert_eq!(next, lengths.len());
        }

        /// Laid out by ranges of entities, the rows hold what grouping every
        /// mention by entity in the order found holds, whatever the ranges.
        #[test]
        fn pending_mentions_are_laid_out_by_entity_in_the_order_found(
            entities in 0usize..12,
            width in 0usize..6,
            found in proptest::collection::vec(
                (0u32..3, proptest::num::u32::ANY, 0u32..100, 0usize..4),
                0..60,
            ),
        ) {
            // Texts long enough for any offset: the rows find each
            // mention's source again from where it stands in all of them.
            let text = u64::from(u32::MAX) + 512;
            let lengths = (0..=3 * found.len()).map(|_| text as usize);
            let mut pending = Pending::new(entities, width, text_starts(lengths));
            let mut rows = vec![Vec::new(); entities];
            let mut source = 0;
            for &(skip, entity, start, len) in &found {
                if entities == 0 {
                    break;
                }
                source += skip;
                let entity = entity % entities as u32;
                // Lengths from 0 to past 255 bytes, an entity's often the
                // same as its mention before.
                let end = start.saturating_add([0, 9, 9, 300][len]);
                pending.push(source, entity, start, end);
                rows[entity as usize].push((source, start as usize..end as usize));
            }
            let laid = pending.into_rows();
            proptest::prop_assert_eq!(laid.first.len(), entities + 1);
            for (e, row) in rows.iter().enumerate() {
                proptest::prop_assert_eq!(&laid.row(e).collect::<Vec<_>>(), row);
            }
            proptest::prop_assert_eq!(laid.spans.len(), rows.iter().map(Vec::len).sum::<usize>());
        }
    }

    #[test]
    fn a_mention_is_found_again_in_its_source_past_empty_texts() {
        // Sources 0, 2 and 3 have empty texts; 1 holds 10 bytes, 4 holds 15.
        let starts = text_starts([0, 10, 0, 0, 15, 500]);
        let mut pending = Pending::new(1, 1, starts);
        pending.push(1, 0, 3, 7);
        pending.push(4, 0, 0, 5);
        pending.push(5, 0, 2, 400);
        let laid = pending.into_rows();
        let row: Vec<_> = laid.row(0).collect();
        assert_eq!(row, vec![(1, 3..7), (4, 0..5), (5, 2..400)]);
    }
}
