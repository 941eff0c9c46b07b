//! How the graph keeps millions of claims in memory: columns of small
//! numbers and arenas of strings, instead of one [`Claim`](crate::model::Claim) object per claim.
//! (Entities are kept the same way, in [`EntityTable`].)
//!
//! A [`Claim`](crate::model::Claim) as served holds nine strings and a citation list, each quote
//! and its context copied out of the source: about two kilobytes a claim.
//! Here a claim is its id, front-coded against the one before
//! ([`FrontCoded`]); its ends, predicate and claimant as positions; its
//! date and note as positions in tables of distinct values; and its
//! citations as offsets into the source texts, which the graph keeps
//! anyway: under 50 bytes with its share of the index by id.
//! [`crate::graph::Graph`] builds the served
//! [`Claim`](crate::model::Claim) from these columns when a query hands one out.
//!
//! The loader fills one small [`ClaimTable`] per batch of records on every
//! core, in file order within the batch, and appends the batches in file
//! order ([`ClaimTable::append`]): a copy of columns, so that no step of
//! storing a claim runs on one core while the others wait. The index by id
//! is built once every claim is in ([`ClaimTable::finish`]): the ids hashed
//! on every core, then their positions grouped by bucket, each bucket
//! sorted and searched for repeats on some core.

use std::hash::BuildHasher;

use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::graph::EntityIx;
use crate::model::Status;

mod entities;
pub use entities::{Aliases, EntityTable, EntityView};

/// Many strings in one allocation, each found by its position.
#[derive(Debug, Default, Clone)]
pub struct Strings {
    bytes: String,
    /// `ends[i]` is where string `i` ends in `bytes`; it starts where `i - 1` ends.
    ends: Vec<u32>,
}

/// The strings of the data do not fit the four gigabytes an arena can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "more than 4 GiB of ids, dates or notes, 2³¹ claims, a terabyte of texts or a quote of 16 MiB; split the data"
)]
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

/// Many strings in file order, each found by its position, kept by what
/// differs from the one before: claim ids, which at millions of claims
/// often share all but their last characters with their neighbor
/// (`c-1234567`, `c-1234568`; `budenz-testimony-3`, `budenz-testimony-4`).
///
/// Front coding in blocks of [`FrontCoded::BLOCK`]: a block's first string
/// whole, each next one as the length of the prefix it shares with the one
/// before and the rest, lengths as LEB128. A string is read back by
/// decoding its block up to it. A numbered id takes 3–4 bytes, not the 13
/// of an arena and its offsets.
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
            push_leb128(&mut self.bytes, shared);
            shared
        };
        push_leb128(&mut self.bytes, s.len() - shared);
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
                    read_leb128(&self.bytes, &mut at)
                };
                let rest = read_leb128(&self.bytes, &mut at);
                s.truncate(shared);
                // Pushed as whole strings cut at a char boundary of both
                // strings' shared prefix, so the bytes are UTF-8.
                s.push_str(std::str::from_utf8(&self.bytes[at..at + rest]).unwrap_or_default());
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
                read_leb128(&self.bytes, &mut at)
            };
            let rest = read_leb128(&self.bytes, &mut at);
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
        // Whole strings were pushed, and each part cut at a char boundary
        // of the strings sharing the prefix kept: the bytes are UTF-8.
        std::str::from_utf8(&buffer[..len])
            .unwrap_or_default()
            .into()
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

    /// Every string's hash by [`hash_id`], in order, on every core.
    fn hashes(&self) -> Vec<u64> {
        let blocks = self.blocks.len();
        let per_task = 1024;
        let mut hashes = vec![0; self.len];
        hashes
            .par_chunks_mut(per_task * Self::BLOCK)
            .enumerate()
            .for_each(|(t, out)| {
                let from = t * per_task;
                self.each_in(from..(from + per_task).min(blocks), |i, s| {
                    out[i - from * Self::BLOCK] = hash_id(s);
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

    fn shrink_to_fit(&mut self) {
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

fn push_leb128(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_leb128(bytes: &[u8], at: &mut usize) -> usize {
    let (mut n, mut shift) = (0usize, 0);
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        n |= usize::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    n
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

    /// For each of `other`'s strings, its position here, interning it.
    /// O(distinct strings of `other`).
    fn merge(&mut self, other: &Interned) -> Result<Vec<u32>, TooLarge> {
        (0..other.strings.len() as u32)
            .map(|i| self.intern(other.strings.get(i)))
            .collect()
    }
}

/// The hash [`StrTable`] files strings under.
pub fn hash_bytes(s: &[u8]) -> u64 {
    FxBuildHasher.hash_one(s)
}

/// Strings of up to this many bytes are kept in [`StrTable`]'s own slots:
/// at `large`, every entity id and 99 % of the 2.4 million names.
pub const INLINE: usize = 19;

/// One slot of a [`StrTable`]: 24 bytes, so that a probe that finds its
/// string in the first slot it reads nearly always costs one miss. (Slots
/// of 32 bytes kept 23 bytes and a tag of the hash: 29 MiB more for the
/// finder's names at `large`, for the same time.) A string longer than
/// that costs a second read, of the string itself.
#[derive(Clone, Copy)]
#[repr(C, align(8))]
struct Slot {
    /// The string's position.
    at: u32,
    /// 0 for an empty slot; one more than the string's length; or
    /// [`LONG_KEY`] for a string longer than [`INLINE`], kept in
    /// [`StrTable::long`] at the position `key[..4]` holds.
    len: u8,
    key: [u8; INLINE],
}

const _: () = assert!(std::mem::size_of::<Slot>() == 24);

const EMPTY: Slot = Slot {
    at: 0,
    len: 0,
    key: [0; INLINE],
};

/// The [`Slot::len`] of a string kept by reference.
const LONG_KEY: u8 = u8::MAX;

/// The [`Slot::len`] of a string of up to [`INLINE`] bytes.
fn inline_len(s: &[u8]) -> u8 {
    s.len() as u8 + 1
}

/// `s` in the zero-padded form a slot keeps it in; `s` is at most
/// [`INLINE`] bytes.
fn padded(s: &[u8]) -> [u8; INLINE] {
    let mut key = [0; INLINE];
    key[..s.len()].copy_from_slice(s);
    key
}

/// How many strings [`StrTable::of`] reads ahead of placing them.
const WINDOW: usize = 32;

/// How many keys ahead of its probe [`StrTable::get_each`] asks for a
/// key's slot.
const AHEAD: usize = 16;

/// Asks the processor to bring the memory at `at` into cache, without
/// waiting for it: where a loop is about to read memory at random, its
/// cache misses then overlap instead of each waiting for the one before.
pub(crate) fn prefetch<T>(at: *const T) {
    // SAFETY: a prefetch is only a hint: it reads nothing the program sees
    // and never faults, whatever the address.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(at.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// Strings to positions, for tables of millions probed at random (entity ids
/// while claims are read, names while the texts are scanned).
///
/// Open addressing with linear probing over 24-byte slots, at most 5/8
/// full, with exactly as many slots as that needs rather than the next
/// power of two (the finder's table of 2.4 million names at `large` is 88
/// MiB; 3/4 full, it cost the mention search 7 % more time): a string of
/// up to [`INLINE`] bytes is kept in the slot beside its position, so that
/// a probe reads one slot, nearly always one cache line, and no other
/// memory (a hashbrown table reads its control bytes, then the slot).
/// [`StrTable::get_each`] reads a window of slots before it compares any,
/// so that the misses of many probes overlap.
pub struct StrTable<'a> {
    /// [`slots_for`] the strings held, or more.
    slots: Vec<Slot>,
    len: usize,
    /// The strings longer than [`INLINE`] bytes.
    long: Vec<&'a str>,
}

impl Default for StrTable<'_> {
    fn default() -> Self {
        StrTable::with_capacity(0)
    }
}

impl<'a> StrTable<'a> {
    /// A table that holds `n` strings without growing.
    pub fn with_capacity(n: usize) -> StrTable<'a> {
        StrTable {
            slots: vec![EMPTY; slots_for(n)],
            len: 0,
            long: Vec::new(),
        }
    }

    /// The slot a probe for the hash `h` starts at: its low 32 bits scaled
    /// to the number of slots (Lemire's multiply-shift).
    fn home(&self, h: u64) -> usize {
        (((h & 0xFFFF_FFFF) * self.slots.len() as u64) >> 32) as usize
    }

    /// The slot after `i`, back to the first after the last.
    fn after(&self, i: usize) -> usize {
        if i + 1 == self.slots.len() { 0 } else { i + 1 }
    }

    /// A table of `strings`, each at the position given with it (the
    /// first given, for a string given twice).
    ///
    /// The strings are hashed on every core and placed in the order of the
    /// slots they hash to, so that placing them walks the slots once, in
    /// order, where placing them as given would miss the cache at nearly
    /// every one (2.4 million names at `large`: most of a second, on one
    /// core while the other waited).
    pub fn of(strings: &[(&'a str, u32)]) -> StrTable<'a> {
        let mut table = StrTable::with_capacity(strings.len());
        let mut order: Vec<(u32, u32, u64)> = strings
            .par_iter()
            .enumerate()
            .map(|(i, (s, _))| {
                let h = hash_bytes(s.as_bytes());
                (table.home(h) as u32, i as u32, h)
            })
            .collect();
        // By slot, then as given, so that the first given is placed first.
        order.par_sort_unstable_by_key(|&(home, i, _)| (home, i));
        // A window of strings is read before any is placed: in slot order
        // they lie at random in memory, and read one at a time, each of
        // their cache misses waited on the last. (Prefetching each a few
        // strings ahead, as `get_each` does its slots, took 460 ms against
        // 390 for 2.4 million strings.)
        for window in order.chunks(WINDOW) {
            let touched = window.iter().fold(0u8, |t, &(_, i, _)| {
                t ^ strings[i as usize]
                    .0
                    .as_bytes()
                    .first()
                    .copied()
                    .unwrap_or(0)
            });
            std::hint::black_box(touched);
            for &(_, i, h) in window {
                let (s, at) = strings[i as usize];
                table.insert_hashed(h, s, at);
            }
        }
        table
    }

    /// Adds `s` at position `at` unless it is already in.
    pub fn insert_first(&mut self, s: &'a str, at: u32) {
        self.insert_hashed(hash_bytes(s.as_bytes()), s, at);
    }

    /// Adds `s`, whose [`hash_bytes`] is `h`, at position `at` unless it is
    /// already in.
    fn insert_hashed(&mut self, h: u64, s: &'a str, at: u32) {
        if slots_for(self.len + 1) > self.slots.len() {
            self.grow();
        }
        if self.get_hashed(h, s).is_some() {
            return;
        }
        let slot = if s.len() <= INLINE {
            Slot {
                at,
                len: inline_len(s.as_bytes()),
                key: padded(s.as_bytes()),
            }
        } else {
            let mut key = [0; INLINE];
            key[..4].copy_from_slice(&(self.long.len() as u32).to_le_bytes());
            self.long.push(s);
            Slot {
                at,
                len: LONG_KEY,
                key,
            }
        };
        self.place(h, slot);
        self.len += 1;
    }

    /// Puts `slot` in the first empty slot from where `h` starts.
    fn place(&mut self, h: u64, slot: Slot) {
        let mut i = self.home(h);
        while self.slots[i].len != 0 {
            i = self.after(i);
        }
        self.slots[i] = slot;
    }

    /// About twice the slots, every string placed again.
    fn grow(&mut self) {
        let doubled = vec![EMPTY; slots_for(self.len * 2 + 1)];
        let old = std::mem::replace(&mut self.slots, doubled);
        for slot in old.into_iter().filter(|s| s.len != 0) {
            let h = hash_bytes(self.key(&slot));
            self.place(h, slot);
        }
    }

    /// The string a full slot holds.
    fn key<'s>(&'s self, slot: &'s Slot) -> &'s [u8] {
        if slot.len == LONG_KEY {
            let at = u32::from_le_bytes([slot.key[0], slot.key[1], slot.key[2], slot.key[3]]);
            self.long[at as usize].as_bytes()
        } else {
            &slot.key[..usize::from(slot.len - 1)]
        }
    }

    /// The position of `s`.
    pub fn get(&self, s: &str) -> Option<u32> {
        self.get_hashed(hash_bytes(s.as_bytes()), s)
    }

    /// The position of `s`, whose [`hash_bytes`] is `h`.
    pub fn get_hashed(&self, h: u64, s: &str) -> Option<u32> {
        let s = s.as_bytes();
        let mut i = self.home(h);
        if s.len() <= INLINE {
            let (len, key) = (inline_len(s), padded(s));
            loop {
                let slot = &self.slots[i];
                if slot.len == len && slot.key == key {
                    return Some(slot.at);
                } else if slot.len == 0 {
                    return None;
                }
                i = self.after(i);
            }
        }
        loop {
            let slot = &self.slots[i];
            if slot.len == LONG_KEY && self.key(slot) == s {
                return Some(slot.at);
            } else if slot.len == 0 {
                return None;
            }
            i = self.after(i);
        }
    }

    /// The position of each of `keys` (a string and its [`hash_bytes`]),
    /// handed to `found` with its index, in order. The first slot of the
    /// key sixteen ahead of the one probed for is prefetched: nearly every
    /// probe misses the cache, and so its miss overlaps those of the probes
    /// before it, and the slot is in cache by the time it is probed. (Read
    /// as loads, a window of slots at a time before probing for any, the
    /// misses overlapped too, but the first probes of each window waited on
    /// them: 44 against 34 ns a probe among a million entity ids, 12.2
    /// against 10.7 ns a byte for the mention search.)
    pub fn get_each<'k>(
        &self,
        keys: impl Iterator<Item = (u64, &'k str)> + Clone,
        mut found: impl FnMut(usize, Option<u32>),
    ) {
        let mut ahead = keys.clone();
        for (h, _) in ahead.by_ref().take(AHEAD) {
            self.prefetch(h);
        }
        for (i, (h, s)) in keys.enumerate() {
            if let Some((h, _)) = ahead.next() {
                self.prefetch(h);
            }
            found(i, self.get_hashed(h, s));
        }
    }

    /// Asks the processor to bring the first slot of a probe for hash `h`
    /// into cache, without waiting for it.
    fn prefetch(&self, h: u64) {
        let slot: *const Slot = &self.slots[self.home(h)];
        prefetch(slot);
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// The slots a table of `n` strings needs: enough for it to be at most 5/8
/// full, and so at least one empty slot to end every probe.
fn slots_for(n: usize) -> usize {
    (n * 8).div_ceil(5).max(16)
}

/// A citation located in its source, as offsets only; the quote, prefix and
/// suffix are read from the text when the claim is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Position of the source in the graph's sources.
    pub source: u32,
    /// Byte offsets of the quote in the source text. Its code-point offsets
    /// are not kept: the source's [`crate::text::CharIndex`] gives them in
    /// a few hundred bytes' count when the claim is served.
    pub byte_start: u32,
    pub byte_end: u32,
}

/// Where each text starts when all of them are laid end to end with one
/// byte between each two: every position of a text, its end included,
/// belongs to that text alone, even where texts are empty.
pub fn text_starts(lengths: impl IntoIterator<Item = usize>) -> std::sync::Arc<[u64]> {
    let mut at = 0;
    lengths
        .into_iter()
        .map(|len| {
            let start = at;
            at += len as u64 + 1;
            start
        })
        .collect()
}

/// The text holding `offset` among all the texts laid end to end
/// ([`text_starts`]): its position, and the byte offset within it. Each
/// text has its own stretch, its end included, even when it is empty, so
/// the text is the last one starting at or before the offset.
pub(crate) fn locate(text_starts: &[u64], offset: u64) -> (u32, u32) {
    let text = text_starts
        .partition_point(|&s| s <= offset)
        .saturating_sub(1);
    let within = offset - text_starts.get(text).copied().unwrap_or(0);
    (text as u32, within as u32)
}

/// Bits of a [`Packed`] citation's length; the offset takes the rest.
const LEN_BITS: u32 = 24;

/// A citation in 8 bytes rather than a [`Span`]'s 12: where its quote
/// starts among all the texts ([`text_starts`], 40 bits: a terabyte) and its
/// length in bytes (24 bits: 16 MiB). Its source is the last text starting
/// at or before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Packed(u64);

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
    text_starts: std::sync::Arc<[u64]>,
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

fn hash_id(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

impl ClaimTable {
    /// An empty table for claims citing texts that start at `text_starts`
    /// ([`text_starts`]).
    pub fn new(text_starts: std::sync::Arc<[u64]>) -> ClaimTable {
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
        if std::sync::Arc::ptr_eq(&self.text_starts, &part.text_starts)
            || self.text_starts == part.text_starts
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
        self.dates.position = FxHashMap::default();
        self.notes.position = FxHashMap::default();
        self.ids.shrink_to_fit();
        self.date.shrink_to_fit();
        self.note.shrink_to_fit();
        self.first_span.shrink_to_fit();
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
        (at != NONE).then(|| self.dates.strings.get(at))
    }

    pub fn note(&self, i: usize) -> Option<&str> {
        let at = self.note.get(i);
        (at != NONE).then(|| self.notes.strings.get(at))
    }

    /// Asks for claim `i`'s entries in every column to be brought into
    /// cache, for reading many claims at once ([`crate::graph::Graph::claim_views`]).
    pub fn prefetch(&self, i: usize) {
        prefetch(self.ids.blocks.as_ptr().wrapping_add(i / FrontCoded::BLOCK));
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
        if let Some(&at) = self.ids.blocks.get(i / FrontCoded::BLOCK) {
            prefetch(self.ids.bytes.as_ptr().wrapping_add(at as usize));
        }
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
        let start = self.text_starts.get(span.source as usize).ok_or(TooLarge)?;
        let offset = start + u64::from(span.byte_start);
        let len = u64::from(span.byte_end.checked_sub(span.byte_start).ok_or(TooLarge)?);
        if offset >> (64 - LEN_BITS) != 0 || len >> LEN_BITS != 0 {
            return Err(TooLarge);
        }
        Ok(Packed(offset << LEN_BITS | len))
    }

    fn unpack(&self, Packed(bits): Packed) -> Span {
        let offset = bits >> LEN_BITS;
        let len = (bits & ((1 << LEN_BITS) - 1)) as u32;
        let (source, byte_start) = locate(&self.text_starts, offset);
        Span {
            source,
            byte_start,
            byte_end: byte_start + len,
        }
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
            + self.dates.strings.heap_bytes()
            + self.notes.strings.heap_bytes()
            + self.by_id.heap_bytes()
    }
}

/// A column of positions in a table of distinct values (dates, notes), or
/// [`NONE`]: two bytes each while every position fits in 16 bits, as when
/// a library's claims share a few thousand dates; four from the first
/// that does not.
#[derive(Debug, Clone)]
enum Narrow {
    Short(Vec<u16>),
    Wide(Vec<u32>),
}

/// [`NONE`] in a [`Narrow::Short`] column.
const SHORT_NONE: u16 = u16::MAX;

impl Default for Narrow {
    fn default() -> Self {
        Narrow::Short(Vec::new())
    }
}

impl Narrow {
    fn prefetch(&self, i: usize) {
        match self {
            Narrow::Short(column) => prefetch(column.as_ptr().wrapping_add(i)),
            Narrow::Wide(column) => prefetch(column.as_ptr().wrapping_add(i)),
        }
    }

    fn push(&mut self, at: u32) {
        match self {
            Narrow::Short(column) if at == NONE => column.push(SHORT_NONE),
            Narrow::Short(column) => match u16::try_from(at).ok().filter(|&a| a != SHORT_NONE) {
                Some(short) => column.push(short),
                None => {
                    let mut wide: Vec<u32> = column.iter().map(|&a| widen(a)).collect();
                    wide.push(at);
                    *self = Narrow::Wide(wide);
                }
            },
            Narrow::Wide(column) => column.push(at),
        }
    }

    fn get(&self, i: usize) -> u32 {
        match self {
            Narrow::Short(column) => widen(column[i]),
            Narrow::Wide(column) => column[i],
        }
    }

    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    fn len(&self) -> usize {
        match self {
            Narrow::Short(column) => column.len(),
            Narrow::Wide(column) => column.len(),
        }
    }

    fn shrink_to_fit(&mut self) {
        match self {
            Narrow::Short(column) => column.shrink_to_fit(),
            Narrow::Wide(column) => column.shrink_to_fit(),
        }
    }

    fn heap_bytes(&self) -> usize {
        match self {
            Narrow::Short(column) => column.capacity() * 2,
            Narrow::Wide(column) => column.capacity() * 4,
        }
    }
}

/// A position read from a [`Narrow::Short`] column.
fn widen(at: u16) -> u32 {
    if at == SHORT_NONE {
        NONE
    } else {
        u32::from(at)
    }
}

/// A date's or note's position in the table it is appended to, from its
/// position in its part.
fn remap(positions: &[u32], at: u32) -> u32 {
    if at == NONE {
        NONE
    } else {
        positions[at as usize]
    }
}

/// Claim positions by their ids' hashes, in 4 bytes a claim and a few
/// more a bucket: every position, grouped by the top bits of its id's
/// hash (a bucket, about four positions each), and where each bucket
/// starts. A look-up decodes and compares the ids of one bucket; the ids
/// are not hashed again and no hash is kept. (A hash table of positions
/// took 8 bytes a claim at the load it was kept under.)
#[derive(Default)]
struct IdIndex {
    /// `positions[starts[b]..starts[b + 1]]` are bucket `b`'s, each bucket
    /// by hash, then position.
    positions: Vec<u32>,
    starts: Vec<u32>,
    /// How far to shift a hash for its bucket.
    shift: u32,
}

/// Positions per bucket aimed at, at most: a look-up decodes that many ids.
const PER_BUCKET: usize = 4;

impl IdIndex {
    /// Indexes every string of `ids`; also returns, for each string equal to
    /// an earlier one, (the earliest one's position, its own), by its
    /// position. O(n log n) work, nearly all of it on every core.
    fn build(ids: &FrontCoded) -> (IdIndex, Vec<(u32, u32)>) {
        let hashes = ids.hashes();
        let buckets = hashes.len().div_ceil(PER_BUCKET).next_power_of_two();
        let shift = 64 - buckets.trailing_zeros();
        let bucket = |h: u64| {
            if shift == 64 {
                0
            } else {
                (h >> shift) as usize
            }
        };
        // Sorted by hash (so by bucket), then position, on every core. Placed
        // bucket by bucket instead, the ten million positions of `large`
        // took 0.37 s on one core, nearly every one a cache miss; sorted,
        // the index takes 0.47 s to build where it took 0.53 (and a radix
        // sort of the buckets' numbers, on one core, 0.56).
        let mut entries: Vec<(u64, u32)> = hashes
            .into_par_iter()
            .enumerate()
            .map(|(i, h)| (h, i as u32))
            .collect();
        entries.par_sort_unstable();
        let mut starts = vec![0u32; buckets + 1];
        let mut at = 0;
        for (b, start) in starts.iter_mut().enumerate().skip(1) {
            while entries.get(at).is_some_and(|&(h, _)| bucket(h) < b) {
                at += 1;
            }
            *start = at as u32;
        }
        let parts = row_parts(&starts, 64);
        let cuts: Vec<usize> = parts.iter().map(|&b| starts[b] as usize).collect();
        let mut duplicates: Vec<(u32, u32)> = split_at(&mut entries, &cuts)
            .into_par_iter()
            .enumerate()
            .flat_map_iter(|(p, part)| {
                let last = parts.get(p + 1).copied().unwrap_or(buckets);
                let from = cuts[p];
                let mut repeats = Vec::new();
                for b in parts[p]..last {
                    let bucket = &part[starts[b] as usize - from..starts[b + 1] as usize - from];
                    repeats_in(ids, bucket, &mut repeats);
                }
                repeats
            })
            .collect();
        duplicates.sort_unstable_by_key(|&(_, repeat)| repeat);
        let positions = entries.into_iter().map(|(_, at)| at).collect();
        let index = IdIndex {
            positions,
            starts,
            shift,
        };
        (index, duplicates)
    }

    /// The position of `id` among `ids`, which the index was built from.
    fn find(&self, ids: &FrontCoded, id: &str) -> Option<u32> {
        let h = hash_id(id);
        let b = if self.shift >= 64 {
            0
        } else {
            (h >> self.shift) as usize
        };
        let (from, to) = (*self.starts.get(b)?, *self.starts.get(b + 1)?);
        self.positions[from as usize..to as usize]
            .iter()
            .copied()
            .find(|&at| ids.is_at(at as usize, id))
    }

    fn heap_bytes(&self) -> usize {
        4 * (self.positions.capacity() + self.starts.capacity())
    }
}

/// Each string of a bucket (its hashes and positions, sorted) equal to an
/// earlier one, as (the earliest's position, its own): only strings whose
/// hashes are equal are read.
fn repeats_in(ids: &FrontCoded, bucket: &[(u64, u32)], repeats: &mut Vec<(u32, u32)>) {
    for (j, &(h, at)) in bucket.iter().enumerate() {
        let same_hash = bucket[..j].iter().rev().take_while(|(g, _)| *g == h);
        // Of the earlier positions with the same id, the earliest; the
        // ones between are themselves repeats of it.
        let earliest = same_hash
            .filter(|&&(_, first)| ids.get(first as usize) == ids.get(at as usize))
            .map(|&(_, first)| first)
            .min();
        if let Some(first) = earliest {
            repeats.push((first, at));
        }
    }
}

/// The rows (entities, buckets) at which to cut compressed sparse rows
/// `first` into about `parts` parts of about equal length, to work on them
/// in parallel: ascending, from 0, without the end.
pub(crate) fn row_parts(first: &[u32], parts: usize) -> Vec<usize> {
    let rows = first.len() - 1;
    let total = first[rows] as usize;
    let per_part = total.div_ceil(parts.max(1)).max(1);
    let mut cuts = vec![0];
    for (r, &start) in first.iter().enumerate().take(rows).skip(1) {
        if start as usize >= cuts.len() * per_part {
            cuts.push(r);
        }
    }
    cuts
}

/// `items` cut at each of `cuts` (ascending, the first 0) into consecutive
/// slices, the last running to the end.
pub(crate) fn split_at<'a, T>(mut items: &'a mut [T], cuts: &[usize]) -> Vec<&'a mut [T]> {
    let mut parts = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let (part, rest) = items.split_at_mut(w[1] - w[0]);
        parts.push(part);
        items = rest;
    }
    parts.push(items);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

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
        #[test]
        fn a_str_table_finds_each_string_at_its_first_position(
            strings in proptest::collection::vec("[a-c]{0,3}|[a-c-]{17,30}", 0..60),
            others in proptest::collection::vec("[a-d]{0,4}|[a-d-]{17,30}", 0..20),
        ) {
            let mut table = StrTable::default();
            for (i, s) in strings.iter().enumerate() {
                table.insert_first(s, i as u32);
            }
            for s in strings.iter().chain(&others) {
                let first = strings.iter().position(|t| t == s).map(|i| i as u32);
                proptest::prop_assert_eq!(table.get(s), first, "{:?}", s);
            }
            let distinct: std::collections::HashSet<&String> = strings.iter().collect();
            proptest::prop_assert_eq!(table.len(), distinct.len());
            // Built at once, in the order of the slots, it answers the same.
            let given: Vec<(&str, u32)> = strings.iter().map(String::as_str).zip(0..).collect();
            let at_once = StrTable::of(&given);
            proptest::prop_assert_eq!(at_once.len(), distinct.len());
            for s in strings.iter().chain(&others) {
                proptest::prop_assert_eq!(at_once.get(s), table.get(s), "{:?}", s);
            }
            let asked: Vec<&str> = others.iter().chain(&strings).map(String::as_str).collect();
            let keys = asked.iter().map(|s| (hash_bytes(s.as_bytes()), *s));
            let mut each = Vec::new();
            table.get_each(keys, |i, at| each.push((i, at)));
            let one_by_one: Vec<(usize, Option<u32>)> =
                asked.iter().map(|s| table.get(s)).enumerate().collect();
            proptest::prop_assert_eq!(each, one_by_one);
        }
    }

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
            let hashes: Vec<u64> = strings.iter().map(|s| hash_id(s)).collect();
            proptest::prop_assert_eq!(whole.hashes(), hashes);
        }
    }

    #[test]
    fn a_narrow_column_widens_at_the_first_position_past_16_bits() {
        let values = [
            0,
            NONE,
            7,
            u32::from(SHORT_NONE) - 1,
            u32::from(SHORT_NONE),
            1 << 20,
            NONE,
            3,
        ];
        let mut column = Narrow::default();
        for (i, &v) in values.iter().enumerate() {
            column.push(v);
            let short = matches!(column, Narrow::Short(_));
            assert_eq!(short, i < 4, "after {i} values");
        }
        assert_eq!(column.iter().collect::<Vec<_>>(), values);
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
        assert!(table.by_id.starts.len() > 2);
        for i in 0..n - 10 {
            assert_eq!(table.position(&format!("c-{i}")), Some(i as u32));
        }
        assert_eq!(table.position("c-x"), None);
        let repeats: Vec<(u32, u32)> = (0..10).map(|i| (i, (n - 10) as u32 + i)).collect();
        assert_eq!(table.duplicate_ids(), repeats.as_slice());
    }
}
