//! Who is next to whom, for walking paths: petgraph's compressed sparse
//! rows over distinct neighbor pairs, and where the run of claims joining
//! each pair starts in the rows grouped by neighbor. petgraph's types never
//! leave this file.

use petgraph::Directed;
use petgraph::csr::Csr;
use rayon::prelude::*;

use super::incidence::Incidence;
use crate::base::EntityIx;
use crate::base::bits::nth_set_bit_after;
use crate::base::csr::{row_parts, split_at};

/// Who is next to whom: petgraph's compressed sparse rows over distinct
/// neighbor pairs, in entity order (every entity a node, isolated or not),
/// and where in `by_neighbor` the run of claims joining each pair starts
/// (it ends where the next pair's starts, or with the row).
///
/// The run starts are one bit per incidence, set where a run starts, and
/// every 64th run's start: 2.5 MB at `large` where a `u32` per pair took
/// 80 MB. A row whose neighbors each share one claim with it needs
/// neither: its `i`th run is its `i`th claim (94 % of the rows at `medium`,
/// with 78 % of the incidence; 85 of the 102 of the bundled article).
/// Otherwise a run is found by counting set bits on from the sample
/// before it.
#[derive(Debug)]
pub(super) struct Adjacency {
    csr: Csr<(), (), Directed, u32>,
    /// Entity `i`'s pairs are numbered `first[i]..first[i + 1]` among all
    /// pairs, as in `csr`.
    pub(super) first: Vec<u32>,
    /// Bit `j` is set when position `j` of `by_neighbor` starts a run.
    run_bits: Vec<u64>,
    /// Where run `64 k` (of all rows, in order) starts, for every `k`.
    run_samples: Vec<u32>,
}

impl Adjacency {
    /// The distinct neighbors of `e`, ascending.
    pub(super) fn neighbors(&self, e: EntityIx) -> &[u32] {
        self.csr.neighbors_slice(e.0)
    }

    /// Where run `p` (numbered among all pairs) starts in `by_neighbor`.
    pub(super) fn run_start(&self, p: usize) -> usize {
        let sample = self.run_samples[p / RUN_SAMPLE] as usize;
        nth_set_bit_after(&self.run_bits, sample, p % RUN_SAMPLE)
    }

    /// Where the run after the one starting at `start` starts.
    pub(super) fn next_run(&self, start: usize) -> usize {
        nth_set_bit_after(&self.run_bits, start, 1)
    }
}

/// How many runs apart [`Adjacency::run_samples`] are.
const RUN_SAMPLE: usize = 64;

/// Each row of incidence ordered by the other end (then claim order), as
/// [`ClaimRows::by_neighbor`], with the [`Adjacency`] over its runs.
///
/// A library's rows hold tens of millions of incidences and the pairs
/// nearly as many, so nothing is built twice at its full size: each row is
/// sorted in a small buffer on some core and written in place, with its
/// distinct neighbors at the row's own place in an array as long as the
/// incidence (a row has no more neighbors than claims; untouched pages of
/// it are never mapped), which is then closed up in one pass, and where its
/// runs start in bits of its part's own, then gathered into one.
pub(super) fn by_neighbor(first: &[u32], incidence: &[Incidence]) -> (Vec<u32>, Adjacency) {
    let entities = first.len() - 1;
    let mut by_neighbor = vec![0u32; incidence.len()];
    let mut pairs = vec![(0u32, 0u32); incidence.len()];
    let mut distinct = vec![0u32; entities];
    // Cut at whole rows into a few hundred parts of about equal incidence,
    // one task each: a list of every row's slice would take 16 bytes an
    // entity.
    let parts = row_parts(first, 256);
    let cut = |at: &[usize]| at.iter().map(|&e| first[e] as usize).collect::<Vec<_>>();
    let (row_cuts, entity_cuts) = (cut(&parts), parts.clone());
    // Each part marks its run starts in bits of its own, from its first
    // position: parts need not begin on a word.
    let part_bits: Vec<Vec<u64>> = split_at(&mut by_neighbor, &row_cuts)
        .into_par_iter()
        .zip(split_at(&mut pairs, &row_cuts))
        .zip(split_at(&mut distinct, &entity_cuts))
        .enumerate()
        .map(|(p, ((claims, pairs), distinct))| {
            let mut starts = vec![0u64; claims.len().div_ceil(64)];
            let mut row = Vec::new();
            let first_entity = parts[p];
            for (k, distinct) in distinct.iter_mut().enumerate() {
                let e = first_entity + k;
                let (from, to) = (first[e] as usize, first[e + 1] as usize);
                let at = from - row_cuts[p];
                row.clear();
                row.extend_from_slice(&incidence[from..to]);
                row.sort_unstable_by_key(|i: &Incidence| (i.other(), i.claim()));
                let mut n = 0;
                for (j, i) in row.iter().enumerate() {
                    claims[at + j] = i.claim_and_direction;
                    if j == 0 || row[j - 1].other() != i.other() {
                        pairs[at + n] = (e as u32, i.other().0);
                        starts[(at + j) / 64] |= 1 << ((at + j) % 64);
                        n += 1;
                    }
                }
                *distinct = n as u32;
            }
            starts
        })
        .collect();
    let mut run_bits = vec![0u64; incidence.len().div_ceil(64)];
    let mut run_samples = Vec::new();
    let mut runs = 0;
    for (bits, &base) in part_bits.iter().zip(&row_cuts) {
        for (w, &word) in bits.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let start = base + w * 64 + word.trailing_zeros() as usize;
                run_bits[start / 64] |= 1 << (start % 64);
                if runs % RUN_SAMPLE == 0 {
                    run_samples.push(start as u32);
                }
                runs += 1;
                word &= word - 1;
            }
        }
    }
    drop(part_bits);
    let mut adjacency_first = Vec::with_capacity(entities + 1);
    let mut at = 0;
    for (e, &n) in distinct.iter().enumerate() {
        adjacency_first.push(at as u32);
        let from = first[e] as usize;
        pairs.copy_within(from..from + n as usize, at);
        at += n as usize;
    }
    adjacency_first.push(at as u32);
    pairs.truncate(at);
    // Sorted by entity, then by distinct neighbor, by construction.
    let mut csr = Csr::from_sorted_edges(&pairs).unwrap_or_else(|_| Csr::with_nodes(0));
    drop(pairs);
    while csr.node_count() < entities {
        csr.add_node(());
    }
    let adjacency = Adjacency {
        csr,
        first: adjacency_first,
        run_bits,
        run_samples,
    };
    (by_neighbor, adjacency)
}
