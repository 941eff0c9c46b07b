//! Claim positions by id, in 4 bytes a claim: every position grouped by
//! the top bits of its id's hash (a bucket, about [`PER_BUCKET`] each),
//! and where each bucket starts. A look-up decodes and compares the ids of
//! one bucket; no hash is kept, and the ids are not copied.
//!
//! Invariants: each bucket's positions are sorted by hash, then position,
//! so the first equal id found is the first given; built once every claim
//! is in, on every core. Cost: O(n log n) to build; a look-up decodes at
//! most a bucket of front-coded ids.

use rayon::prelude::*;

use crate::base::FrontCoded;
use crate::base::csr::{row_parts, split_at};
use crate::base::hash::hash_str;

/// Claim positions by their ids' hashes, in 4 bytes a claim and a few
/// more a bucket: every position, grouped by the top bits of its id's
/// hash (a bucket, about four positions each), and where each bucket
/// starts. A look-up decodes and compares the ids of one bucket; the ids
/// are not hashed again and no hash is kept. (A hash table of positions
/// took 8 bytes a claim at the load it was kept under.)
#[derive(Default)]
pub struct IdIndex {
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
    pub fn build(ids: &FrontCoded) -> (IdIndex, Vec<(u32, u32)>) {
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
    pub fn find(&self, ids: &FrontCoded, id: &str) -> Option<u32> {
        let h = hash_str(id);
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

    /// How many buckets the positions are grouped in.
    #[cfg(test)]
    pub fn buckets(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn heap_bytes(&self) -> usize {
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
