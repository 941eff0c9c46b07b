//! Strings to positions, for tables of millions probed at random: entity
//! ids while claims are read (and later by every look-up of an entity),
//! names while the texts are scanned for mentions.
//!
//! Invariants: open addressing with linear probing, at most 5/8 full, so
//! every probe ends at an empty slot; a string is held once, at the first
//! position it was given with. A slot is 24 bytes and keeps a string of up
//! to [`INLINE`] bytes beside its position, so that a probe for such a
//! string reads one slot and no other memory; a longer string is kept
//! apart and costs a second read.
//!
//! Cost: about 38 bytes a string (1.6 slots), plus the long strings; a
//! probe nearly always one cache miss. [`StrTable::of`] places the strings
//! in the order of their slots, and [`StrTable::get_each`] prefetches the
//! slots of keys ahead of the one it probes, so that the misses of many
//! probes overlap.

use rayon::prelude::*;

use super::hash::hash_bytes;
use super::memory::prefetch;

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
#[derive(Clone)]
pub struct StrTable {
    /// [`slots_for`] the strings held, or more.
    slots: Vec<Slot>,
    len: usize,
    /// The strings longer than [`INLINE`] bytes, copied: a table owns its
    /// keys, so that it can be kept beside what it indexes.
    long: Vec<Box<str>>,
}

impl std::fmt::Debug for StrTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StrTable")
            .field("len", &self.len)
            .field("slots", &self.slots.len())
            .finish_non_exhaustive()
    }
}

impl Default for StrTable {
    fn default() -> Self {
        StrTable::with_capacity(0)
    }
}

impl StrTable {
    /// A table that holds `n` strings without growing.
    pub fn with_capacity(n: usize) -> StrTable {
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
    pub fn of(strings: &[(&str, u32)]) -> StrTable {
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
    pub fn insert_first(&mut self, s: &str, at: u32) {
        self.insert_hashed(hash_bytes(s.as_bytes()), s, at);
    }

    /// Adds `s`, whose [`hash_bytes`] is `h`, at position `at` unless it is
    /// already in.
    fn insert_hashed(&mut self, h: u64, s: &str, at: u32) {
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
            self.long.push(s.into());
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
