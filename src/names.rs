//! The name index: every folded name and alias, with the sorted views that
//! let search find its candidates without reading every name.
//!
//! Built once at load from the entities. Names are numbered in entity order
//! (an entity's name, then its aliases), and an entity is a plain `u32`
//! position here, so that this module sits below [`crate::graph`].
//!
//! What it answers, each a *superset* of the names a score could accept, so
//! that search scores only candidates and still gives the scan's answers:
//!
//! - names equal to or starting with a query: a binary search of the names
//!   sorted by folded form, O(log n + hits);
//! - names with a word starting with it: the same over the suffixes that
//!   start a word (after ' ' or '-'), a sparse suffix array;
//! - names containing it (3 bytes or more): the posting list of its rarest
//!   byte trigram, or the word-suffix range of its part after a separator when
//!   that is smaller;
//! - names lacking at most some of its chars: a pass over a 64-bit set of
//!   each name's chars, a lower bound on the edits from the query;
//! - names, or runs of their words, that are typos of it: two depth-first
//!   walks of tries, computing rows of the unrestricted Damerau–Levenshtein
//!   matrix (weighted so that one limit means "a typo", see `Weights`) and
//!   leaving a subtree as soon as a lower bound on every distance below it
//!   exceeds the limit. Split the query in halves A·B: a match C splits as
//!   C1·C2 with d(A, C1) + d(B, C2) at most its distance plus one
//!   transposition that straddles the split, so either half is within its
//!   share of the allowance. One walk goes forward over the sorted names
//!   and holds A to its share; the other goes over the names spelled
//!   backward and holds B to the rest. Few prefixes are that close, so
//!   neither walk visits the dense middle of the trie that a single walk at
//!   the whole distance would (the split of Myers and of Navarro and
//!   Baeza-Yates' pattern partitioning, on a trie).
//!
//! Each sorted view is a `Trie`: its tails copied back to back in sorted
//! order, so that a walk reads memory in order. Memory: the folded bytes
//! and a terminator twice per spelling (forward and backward; the names,
//! then the tails of their later words), 8 bytes per entry of each view
//! (where its tail starts, whose name it is), 4 per name for its entity and
//! 4 for its place among the forward names, 8 for its char set, and the
//! trigram postings (delta-coded varints, 1–3 bytes per distinct trigram of
//! a name), plus 8 bytes per distinct trigram for the dictionary.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::model::Entity;
use crate::text;

/// Ends every name in an arena; never a byte of UTF-8.
const END: u8 = 0xFF;

/// Every folded name and alias of a set of entities, indexed for search.
#[derive(Debug, Default)]
pub struct NameIndex {
    /// The names as folded.
    forward: Views,
    /// The same names with their chars in reverse order, for walks that
    /// match a query's end first.
    backward: Views,
    /// The entity position of every name.
    entity: Vec<u32>,
    /// Where every name is among the forward spelling's whole names.
    entry: Vec<u32>,
    /// Byte trigrams (as `b0 << 16 | b1 << 8 | b2`), sorted, each with where
    /// its postings start in `postings`; the last entry's end is the length.
    grams: Vec<(u32, u32)>,
    /// For every trigram, the names that hold it, ascending, as varint gaps.
    postings: Vec<u8>,
    /// For every entry of the forward spelling's whole names (in their
    /// sorted order, so that a filtering pass reads both in order), the set
    /// of its chars as [`char_set`] writes it.
    char_sets: Vec<u64>,
}

/// One spelling of every name, as the two sorted views the tries are
/// walked over: the whole names, and the rest of each name from every word
/// after its first (the byte after a ' ' or '-').
#[derive(Debug, Default)]
struct Views {
    names: Trie,
    words: Trie,
}

impl Views {
    /// Sorts and lays out the two views of `names` (spelled as this view
    /// wants them), in parallel.
    fn new(names: &[String]) -> Views {
        let whole = || {
            Trie::new(
                names
                    .iter()
                    .enumerate()
                    .map(|(n, s)| (n as u32, s.as_str()))
                    .collect(),
            )
        };
        let words = || {
            let starts = names.iter().enumerate().flat_map(|(n, s)| {
                let bytes = s.as_bytes();
                (1..bytes.len())
                    .filter(move |&i| matches!(bytes[i - 1], b' ' | b'-'))
                    .map(move |i| (n as u32, &s[i..]))
            });
            Trie::new(starts.collect())
        };
        let (names, words) = rayon::join(whole, words);
        Views { names, words }
    }

    fn heap_bytes(&self) -> usize {
        self.names.heap_bytes() + self.words.heap_bytes()
    }
}

/// One sorted view, laid out flat: the tails it sorts, copied back to back
/// in sorted order, so that entries next to each other in the order lie next
/// to each other in memory. A walk reads the next char of every entry of a
/// trie node as it descends; with the tails scattered over an arena in name
/// order, each of those reads was a cache miss.
#[derive(Debug, Default)]
struct Trie {
    /// The tails in sorted order, each followed by [`END`].
    tails: Vec<u8>,
    /// Where each entry's tail starts in `tails`, ascending; one more entry
    /// for the end. The walks take slices of it as their views.
    start: Vec<u32>,
    /// The name each entry belongs to.
    name: Vec<u32>,
}

impl Trie {
    /// The trie of `entries`, (name, tail) pairs, sorted by tail (ties by
    /// name, then by where the tail starts).
    ///
    /// The sort compares the first eight bytes of two tails as one number
    /// and reads the tails themselves, scattered over the heap, only when
    /// those are equal.
    fn new(entries: Vec<(u32, &str)>) -> Trie {
        let mut entries: Vec<(u64, u32, &str)> = entries
            .into_iter()
            .map(|(name, tail)| (prefix(tail), name, tail))
            .collect();
        entries.par_sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| (a.2.as_bytes(), a.1).cmp(&(b.2.as_bytes(), b.1)))
        });
        let mut trie = Trie {
            tails: Vec::with_capacity(entries.iter().map(|(_, _, t)| t.len() + 1).sum()),
            start: Vec::with_capacity(entries.len() + 1),
            name: Vec::with_capacity(entries.len()),
        };
        for (_, name, tail) in entries {
            trie.start.push(trie.tails.len() as u32);
            trie.name.push(name);
            trie.tails.extend_from_slice(tail.as_bytes());
            trie.tails.push(END);
        }
        trie.start.push(trie.tails.len() as u32);
        trie
    }

    /// Where every entry starts: the whole view, in order.
    fn entries(&self) -> &[u32] {
        &self.start[..self.start.len() - 1]
    }

    /// Entry `e`'s tail.
    fn tail_of(&self, e: usize) -> &[u8] {
        &self.tails[self.start[e] as usize..self.start[e + 1] as usize - 1]
    }

    /// The name of the entry whose tail starts at `offset`.
    fn name_at(&self, offset: u32) -> u32 {
        self.name[self.start.partition_point(|&s| s <= offset) - 1]
    }

    /// The tail starting at `offset`.
    fn tail(&self, offset: u32) -> &[u8] {
        let rest = &self.tails[offset as usize..];
        let end = rest.iter().position(|&b| b == END).unwrap_or(rest.len());
        &rest[..end]
    }

    /// The entries whose tails start with `prefix`.
    fn prefix_range(&self, prefix: &[u8]) -> std::ops::Range<usize> {
        let entries = self.entries();
        let from = entries.partition_point(|&o| self.tail(o) < prefix);
        let to = from + entries[from..].partition_point(|&o| self.tail(o).starts_with(prefix));
        from..to
    }

    /// The names of the entries whose tails start with `prefix`.
    fn names_with_prefix(&self, prefix: &[u8]) -> &[u32] {
        &self.name[self.prefix_range(prefix)]
    }

    fn heap_bytes(&self) -> usize {
        self.tails.capacity() + 4 * (self.start.capacity() + self.name.capacity())
    }
}

/// One name as the index holds it.
#[derive(Debug, Clone, Copy)]
pub struct NameRef<'a> {
    /// The name's number: its position in entity order.
    pub id: u32,
    pub folded: &'a str,
    /// The entity's position.
    pub entity: u32,
    /// Which of the entity's names (0 the name, then its aliases).
    pub ordinal: usize,
}

impl NameIndex {
    /// Folds and indexes every name and alias. Costs O(c log n) for c folded
    /// bytes in n names (sorting the four views, in parallel; trigrams by
    /// counting).
    pub fn new(entities: &[Entity]) -> NameIndex {
        let mut folded = Vec::new();
        let mut entity = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            for name in e.names() {
                folded.push(text::fold(name));
                entity.push(i as u32);
            }
        }
        let views = || {
            rayon::join(
                || Views::new(&folded),
                || {
                    let reversed: Vec<String> =
                        folded.iter().map(|f| f.chars().rev().collect()).collect();
                    Views::new(&reversed)
                },
            )
        };
        let ((forward, backward), (grams, postings)) =
            rayon::join(views, || trigram_postings(&folded));
        drop(folded);
        let names = &forward.names;
        let char_sets = (0..names.name.len())
            .map(|e| char_set(std::str::from_utf8(names.tail_of(e)).unwrap_or_default()))
            .collect();
        let mut entry = vec![0; entity.len()];
        for (e, &n) in forward.names.name.iter().enumerate() {
            entry[n as usize] = e as u32;
        }
        NameIndex {
            forward,
            backward,
            entity,
            entry,
            char_sets,
            grams,
            postings,
        }
    }
    /// How many names and aliases.
    pub fn len(&self) -> usize {
        self.entity.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entity.is_empty()
    }

    /// The folded form of name `n`.
    pub fn folded(&self, n: usize) -> &str {
        let bytes = self.forward.names.tail_of(self.entry[n] as usize);
        // The trie holds whole folded strings between terminators.
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    /// The entity position of name `n`.
    pub fn entity(&self, n: usize) -> u32 {
        self.entity[n]
    }

    /// Name `n` with its entity and which of the entity's names it is.
    pub fn get(&self, n: usize) -> NameRef<'_> {
        let entity = self.entity[n];
        let ordinal = self.entity[..n]
            .iter()
            .rev()
            .take_while(|&&e| e == entity)
            .count();
        NameRef {
            id: n as u32,
            folded: self.folded(n),
            entity,
            ordinal,
        }
    }

    /// Every name in entity order.
    pub fn iter(&self) -> impl Iterator<Item = NameRef<'_>> + '_ {
        (0..self.len()).map(|n| self.get(n))
    }

    /// Bytes held, for reports: both arenas and every view.
    pub fn heap_bytes(&self) -> usize {
        self.forward.heap_bytes()
            + self.backward.heap_bytes()
            + 4 * (self.entity.capacity() + self.entry.capacity())
            + 8 * self.char_sets.capacity()
            + 8 * self.grams.capacity()
            + self.postings.capacity()
    }

    /// The folded names' bytes, terminators included.
    pub fn text_bytes(&self) -> usize {
        self.forward.names.tails.len()
    }

    /// Names starting with `prefix` (equal ones included). O(log n + hits).
    pub fn with_prefix(&self, prefix: &str, out: &mut Vec<u32>) {
        out.extend(self.forward.names.names_with_prefix(prefix.as_bytes()));
    }

    /// Names with a word after the first starting with `prefix`.
    /// O(log n + hits).
    pub fn with_word_prefix(&self, prefix: &str, out: &mut Vec<u32>) {
        out.extend(self.forward.words.names_with_prefix(prefix.as_bytes()));
    }

    /// A superset of the names containing `needle`, or `None` when it is
    /// shorter than a trigram. Costs the shorter of the rarest trigram's
    /// posting list and, when the needle holds a separator, the word-suffix
    /// range of what follows it.
    pub fn containing(&self, needle: &str, out: &mut Vec<u32>) -> Option<()> {
        let bytes = needle.as_bytes();
        if bytes.len() < 3 {
            return None;
        }
        let mut rarest: Option<(usize, usize)> = None;
        for g in bytes.windows(3).map(gram) {
            let Ok(i) = self.grams.binary_search_by_key(&g, |&(k, _)| k) else {
                return Some(()); // A trigram no name has: nothing contains it.
            };
            let from = self.grams[i].1 as usize;
            let to = self
                .grams
                .get(i + 1)
                .map_or(self.postings.len(), |&(_, o)| o as usize);
            if rarest.is_none_or(|(f, t)| to - from < t - f) {
                rarest = Some((from, to));
            }
        }
        let (from, to) = rarest?;
        // After a separator the rest of the needle starts a word of the name.
        let after = bytes
            .iter()
            .position(|&b| b == b' ' || b == b'-')
            .filter(|&p| p + 1 < bytes.len());
        if let Some(p) = after {
            let words = self.forward.words.names_with_prefix(&bytes[p + 1..]);
            // A posting costs about a byte, a word start four.
            if words.len() * 4 < to - from {
                out.extend(words);
                return Some(());
            }
        }
        let mut at = from;
        let mut n = 0u32;
        while at < to {
            let (gap, next) = read_varint(&self.postings, at);
            n += gap;
            at = next;
            out.push(n);
        }
        Some(())
    }

    /// The names lacking at most `missing` of the distinct chars of
    /// `query`, with their folded forms, in sorted order (not by number): a
    /// superset of those within `missing` edits of the query, or of a run of
    /// their words, since every char the query has and a candidate lacks
    /// takes an edit of its own. One pass over 8 bytes a name and over the
    /// names it lets through, both in memory order: O(n), but a nanosecond
    /// or so for each name turned away.
    pub fn lacking_at_most(
        &self,
        query: &str,
        missing: usize,
    ) -> impl Iterator<Item = (u32, &str)> + '_ {
        let wanted = char_set(query);
        let names = &self.forward.names;
        self.char_sets
            .iter()
            .enumerate()
            .filter(move |(_, has)| lacks_at_most(wanted, **has, missing))
            .map(|(e, _)| {
                let folded = std::str::from_utf8(names.tail_of(e)).unwrap_or_default();
                (names.name[e], folded)
            })
    }

    /// About how many names [`NameIndex::lacking_at_most`] would give, from
    /// every `every`th name: O(n / every).
    pub fn estimate_lacking_at_most(&self, query: &str, missing: usize, every: usize) -> usize {
        let wanted = char_set(query);
        let sampled = self.char_sets.iter().step_by(every.max(1));
        every.max(1)
            * sampled
                .filter(|has| lacks_at_most(wanted, **has, missing))
                .count()
    }

    /// A superset of the names that are, or have a run of words that is, a
    /// typo of `query`: within an unrestricted Damerau–Levenshtein distance
    /// (in chars) of a [`TYPO_SHARE`]th of the longer of the two. `None`
    /// when the walks would visit more than `budget` trie nodes in all (then
    /// a scan is cheaper).
    ///
    /// Costs O(q) per trie node visited, for a query of q chars. The nodes
    /// visited are the prefixes close to the query's first half, or (read
    /// backward) to its second half, and below those the prefixes close
    /// to some prefix of the whole: far fewer than a walk that allows the
    /// whole distance from the start, because few names start that close.
    pub fn typos_of(&self, query: &str, budget: usize, out: &mut Vec<u32>) -> Option<()> {
        let forward: Vec<char> = query.chars().collect();
        let backward: Vec<char> = forward.iter().rev().copied().collect();
        let (q, first_half) = (forward.len() as u32, forward.len() / 2);
        // d(A, C1) + d(B, C2) ≤ q + K (see `Weights`): not both exceed these.
        let within_first = (q + K - 1) / 2;
        let walks = [
            (&self.forward, &forward, first_half, within_first),
            (
                &self.backward,
                &backward,
                forward.len() - first_half,
                q + K - 1 - within_first,
            ),
        ];
        let mut budget = budget;
        for (views, query, at, within) in walks {
            let mut walk = Walk {
                trie: &views.names,
                q: query,
                limit: q,
                held: Held { at, within },
                budget,
                rows: Vec::new(),
                last_row: Vec::new(),
                out: &mut *out,
            };
            walk.run(&views.names)?;
            walk.run(&views.words)?;
            budget = walk.budget;
        }
        Some(())
    }
}

/// A typo is within a distance of a `TYPO_SHARE`th of the longer length:
/// 4 for a similarity of 0.75.
pub const TYPO_SHARE: u32 = 4;

/// Shorthand for [`TYPO_SHARE`] in the weights below.
const K: u32 = TYPO_SHARE;

/// The walks weigh each edit so that one limit, the query's length in
/// chars, stands for "a typo" whatever the candidate's length.
///
/// A candidate of c chars at distance D from a query of q is a typo when
/// K·D ≤ max(q, c). Say its best alignment substitutes or transposes s
/// times, has x chars the query lacks and y the candidate lacks, so that
/// D = s + x + y and c = q + x − y. When c ≥ q the condition reads
/// K·s + (K − 1)·x + (K + 1)·y ≤ q, otherwise K·(s + x + y) ≤ q; either way
/// K·s + (K − 1)·x + K·y ≤ q. The walks compute that weighted distance
/// (Lowrance and Wagner's algorithm holds for these weights, since twice a
/// transposition's weight is at least an insertion's plus a deletion's), so
/// a walk that leaves every prefix beyond q keeps every typo.
///
/// Split at a column, an alignment costs its two sides' distances, except
/// that one transposition may straddle the split; redone with ordinary edits
/// it costs at most K more. Hence the halves' limits add up to q + K − 1.
struct Weights;

impl Weights {
    /// A substitution, and a transposition with nothing between.
    const CHANGE: u32 = K;
    /// A char of the candidate the query lacks (a row down in the matrix).
    const EXTRA: u32 = K - 1;
    /// A char of the query the candidate lacks (a column across).
    const MISSING: u32 = K;
}

/// The state of one walk over the tries of one spelling.
///
/// Rows follow Lowrance and Wagner's algorithm for the unrestricted
/// Damerau–Levenshtein distance (the one `strsim` computes), weighted by
/// [`Weights`], with the path as the first string: cell `j + 1` of row
/// `i + 1` is the distance between the path's first i chars and the query's
/// first j, and the extra row and column hold "infinity".
struct Walk<'a> {
    /// The trie being walked.
    trie: &'a Trie,
    q: &'a [char],
    /// The most a path may cost and stay a candidate.
    limit: u32,
    held: Held,
    budget: usize,
    /// The rows back to back, `q.len() + 2` cells each: the row of
    /// infinities, the row of the empty path, then one per path char.
    rows: Vec<u32>,
    /// `q.len()` cells per path row: for every query position j, the last
    /// path row whose char equals `q[j]` (0 for none); the algorithm's `da`,
    /// restricted to the chars the query has.
    last_row: Vec<u32>,
    out: &'a mut Vec<u32>,
}

/// The query prefix (its first `at` chars) that a walk holds to `within`:
/// a path none of whose prefixes comes that close is left.
#[derive(Debug, Clone, Copy)]
struct Held {
    at: usize,
    within: u32,
}

/// What a trie node's row says about every row below it.
///
/// `min` is the row's minimum and `reach` a bound on what a transposition
/// from an earlier row can bring below: Lowrance and Wagner's jumps from a
/// row r to a row at least two further and pay [`Weights::EXTRA`] per row
/// skipped, so a row R below this one (row i) gets at least
/// `M_r + EXTRA·(R − r − 2) + CHANGE` from row r < i; `reach` is the least
/// of those at R = i + 1. Every cell of every later row is then at least
/// `min(min, reach)`, which never decreases with depth. The same holds of
/// the held prefix's columns alone (`held_min`, `held_reach`), since no step
/// moves left.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    min: u32,
    reach: u32,
    held_min: u32,
    held_reach: u32,
    /// Whether some row so far had the held prefix within its limit.
    held: bool,
}

impl Bounds {
    /// The bounds of a child whose row has minima `min` and `held_min`.
    fn child(&self, min: u32, held_min: u32, held: bool) -> Bounds {
        let reach = |parent_reach: u32, parent_min: u32| {
            (parent_reach + Weights::EXTRA).min(parent_min + Weights::EXTRA + Weights::CHANGE)
        };
        Bounds {
            min,
            reach: reach(self.reach, self.min),
            held_min,
            held_reach: reach(self.held_reach, self.held_min),
            held: self.held || held,
        }
    }
}

/// Stands for infinity in the rows, far from overflowing when added to.
const FAR: u32 = u32::MAX / 4;

impl<'a> Walk<'a> {
    fn width(&self) -> usize {
        self.q.len() + 2
    }

    /// Walks the whole of `trie`.
    fn run(&mut self, trie: &'a Trie) -> Option<()> {
        self.trie = trie;
        let view = trie.entries();
        if view.is_empty() {
            return Some(());
        }
        let (m, w) = (self.q.len(), self.width());
        self.rows.clear();
        self.rows.resize(w, FAR);
        self.rows.push(FAR);
        self.rows
            .extend((0..=m as u32).map(|j| j * Weights::MISSING));
        self.last_row.clear();
        self.last_row.resize(m, 0);
        let root = Bounds {
            min: 0,
            reach: FAR,
            held_min: 0,
            held_reach: FAR,
            held: self.held.at as u32 * Weights::MISSING <= self.held.within,
        };
        self.visit(view, 0, 0, root)
    }

    /// Visits the trie node of the `view` entries sharing their first
    /// `depth` bytes (`i` chars), whose row is the last of `self.rows`.
    fn visit(&mut self, view: &[u32], depth: usize, i: u32, bounds: Bounds) -> Option<()> {
        self.budget = self.budget.checked_sub(1)?;
        let (m, w) = (self.q.len(), self.width());
        let row_dist = self.rows[self.rows.len() - 1];
        let trie = self.trie;
        let arena = &trie.tails;
        // Entries ending here come first, then those whose next char is ' '
        // (0x20 sorts above only control chars): both end a run of words.
        let mut at = 0;
        // Every char the query lacks gives the same row: whether it prunes,
        // once known.
        let mut lacking_prunes = None;
        while at < view.len() {
            let next = view[at] as usize + depth;
            if arena[next] == END {
                if row_dist <= self.limit {
                    self.out.push(trie.name_at(view[at]));
                }
                at += 1;
                continue;
            }
            let c = &arena[next..next + utf8_len(arena[next])];
            let end = at + run_length(&view[at..], |o| same_char(arena, o as usize + depth, c));
            let ch = decode(c);
            if ch == ' ' && row_dist <= self.limit {
                self.out
                    .extend(view[at..end].iter().map(|&o| trie.name_at(o)));
            }
            let lacking = !self.q.contains(&ch);
            if !(lacking && lacking_prunes == Some(true)) {
                let child = self.push_row(ch, i + 1, bounds);
                if lacking {
                    lacking_prunes = Some(child.is_none());
                }
                if let Some(child) = child {
                    self.visit(&view[at..end], depth + c.len(), i + 1, child)?;
                }
                self.rows.truncate(self.rows.len() - w);
                self.last_row.truncate(self.last_row.len() - m);
            }
            at = end;
        }
        Some(())
    }

    /// Appends row `i` for path char `ch`; returns its bounds when the
    /// subtree below may still hold a candidate.
    fn push_row(&mut self, ch: char, i: u32, parent: Bounds) -> Option<Bounds> {
        let (m, w) = (self.q.len(), self.width());
        let prev = self.rows.len() - w;
        let da = self.last_row.len() - m;
        let row = prev + w;
        self.rows.extend(std::iter::repeat_n(FAR, w));
        self.rows[row + 1] = i * Weights::EXTRA;
        let mut db = 0u32;
        let (mut min, mut held_min) = (self.rows[row + 1], self.rows[row + 1]);
        for j in 1..=m {
            let k = self.last_row[da + j - 1];
            let l = db;
            let cost = if self.q[j - 1] == ch {
                db = j as u32;
                0
            } else {
                Weights::CHANGE
            };
            let mut d = (self.rows[prev + j] + cost)
                .min(self.rows[row + j] + Weights::MISSING)
                .min(self.rows[prev + j + 1] + Weights::EXTRA);
            if k > 0 && l > 0 {
                let trans = self.rows[k as usize * w + l as usize]
                    + (i - k - 1) * Weights::EXTRA
                    + Weights::CHANGE
                    + (j as u32 - l - 1) * Weights::MISSING;
                d = d.min(trans);
            }
            self.rows[row + j + 1] = d;
            min = min.min(d);
            if j <= self.held.at {
                held_min = held_min.min(d);
            }
        }
        self.last_row.extend_from_within(da..da + m);
        for (j, &c) in self.q.iter().enumerate() {
            if c == ch {
                self.last_row[da + m + j] = i;
            }
        }
        let holds = self.rows[row + self.held.at + 1] <= self.held.within;
        let bounds = parent.child(min, held_min, holds);
        let near = bounds.min.min(bounds.reach) <= self.limit;
        let held = bounds.held || bounds.held_min.min(bounds.held_reach) <= self.held.within;
        (near && held).then_some(bounds)
    }
}

/// The chars of `s` as a bit set: 'a' to 'z', ' ' and '-' each their own
/// bit, any other char one of the rest by its code. Distinct chars may share
/// a bit, so a count of the bits a set lacks never exceeds the count of
/// chars it lacks.
fn char_set(s: &str) -> u64 {
    s.chars().fold(0, |set, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            ' ' => 26,
            '-' => 27,
            _ => 28 + (c as u32).wrapping_mul(0x9E37_79B1) % 36,
        };
        set | 1 << bit
    })
}

/// Whether a name with the char set `has` lacks at most `missing` of the
/// chars in `wanted`.
fn lacks_at_most(wanted: u64, has: u64, missing: usize) -> bool {
    (wanted & !has).count_ones() as usize <= missing
}

fn gram(w: &[u8]) -> u32 {
    (w[0] as u32) << 16 | (w[1] as u32) << 8 | w[2] as u32
}

/// How many entries at the start of `view` pass `test`, which holds of a
/// first run of them and fails after: a galloping search, O(log r) for a
/// run of r entries however long the view, since a trie node's children
/// are mostly short runs of a long range.
fn run_length(view: &[u32], test: impl Fn(u32) -> bool) -> usize {
    let mut step = 1;
    let mut known = 0;
    while known + step < view.len() && test(view[known + step]) {
        known += step;
        step *= 2;
    }
    let upto = (known + step).min(view.len());
    known + 1 + view[known + 1..upto].partition_point(|&o| test(o))
}

/// Whether the char starting at `arena[at]` is `c` (as UTF-8).
fn same_char(arena: &[u8], at: usize, c: &[u8]) -> bool {
    arena[at] == c[0] && (c.len() == 1 || arena[at + 1..].starts_with(&c[1..]))
}

/// The char a UTF-8 sequence of one char spells.
/// The trigram postings of `folded` (the names in name order): every
/// distinct trigram, sorted, with where its list starts in the postings,
/// each list the ascending name numbers holding it, as varint gaps. Counts
/// every name's distinct trigrams, then fills the lists in name order, so
/// that each comes out ascending without a sort. Reads the names as they
/// were folded, one after another, rather than out of the sorted views.
fn trigram_postings(folded: &[String]) -> (Vec<(u32, u32)>, Vec<u8>) {
    let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
    let mut grams_of = Vec::new();
    for name in folded {
        distinct_grams(name, &mut grams_of);
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
    for (n, name) in folded.iter().enumerate() {
        distinct_grams(name, &mut grams_of);
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
            push_varint(&mut postings, gap);
            last = n;
        }
    }
    (grams, postings)
}

/// The distinct trigrams of a folded name, sorted, into `out`.
fn distinct_grams(folded: &str, out: &mut Vec<u32>) {
    out.clear();
    out.extend(folded.as_bytes().windows(3).map(gram));
    out.sort_unstable();
    out.dedup();
}

/// The first eight bytes of `s` as a big-endian number, zero-padded: two
/// strings whose prefixes differ are ordered as their prefixes are.
fn prefix(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = s.len().min(8);
    bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

fn decode(c: &[u8]) -> char {
    std::str::from_utf8(c)
        .ok()
        .and_then(|s| s.chars().next())
        .unwrap_or('\u{FFFD}')
}

fn utf8_len(first: u8) -> usize {
    match first {
        0..0x80 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(bytes: &[u8], mut at: usize) -> (u32, usize) {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = bytes[at];
        at += 1;
        v |= ((b & 0x7F) as u32) << shift;
        if b < 0x80 {
            return (v, at);
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::EntityType;

    fn index(names: &[&str]) -> NameIndex {
        let entities: Vec<Entity> = names
            .iter()
            .enumerate()
            .map(|(i, n)| Entity {
                id: format!("e{i}").into(),
                kind: EntityType::Person,
                name: (*n).into(),
                aliases: Default::default(),
                description: Default::default(),
                date: None,
                note: None,
            })
            .collect();
        NameIndex::new(&entities)
    }

    fn found(found: impl FnOnce(&NameIndex, &mut Vec<u32>), names: &[&str]) -> Vec<u32> {
        let mut out = Vec::new();
        found(&index(names), &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    proptest::proptest! {
        #[test]
        fn a_trie_lays_its_tails_out_in_byte_order_then_name_order(
            entries in proptest::collection::vec((0u32..5, "[ab\u{0}é]{0,12}"), 0..40),
        ) {
            let trie = Trie::new(entries.iter().map(|(n, t)| (*n, t.as_str())).collect());
            let laid: Vec<(&[u8], u32)> = (0..entries.len())
                .map(|e| (trie.tail_of(e), trie.name[e]))
                .collect();
            let mut sorted: Vec<(&[u8], u32)> =
                entries.iter().map(|(n, t)| (t.as_bytes(), *n)).collect();
            sorted.sort();
            proptest::prop_assert_eq!(laid, sorted);
        }
    }

    #[test]
    fn prefixes_words_and_substrings() {
        let names = ["Jean-Luc Picard", "Luc", "Lucas", "Saint Lucia", "Paul"];
        assert_eq!(found(|i, o| i.with_prefix("luc", o), &names), [1, 2]);
        assert_eq!(found(|i, o| i.with_word_prefix("luc", o), &names), [0, 3]);
        let containing = |q: &'static str| {
            move |i: &NameIndex, o: &mut Vec<u32>| i.containing(q, o).expect("long enough")
        };
        assert_eq!(found(containing("uci"), &names), [3]);
        assert_eq!(found(containing("n-luc p"), &names), [0]);
        assert_eq!(found(containing("zzz"), &names), Vec::<u32>::new());
        assert!(index(&names).containing("lu", &mut Vec::new()).is_none());
    }

    #[test]
    fn an_exhausted_budget_asks_for_a_scan() {
        let names = ["abcd", "abce", "abcf", "abdd"];
        assert!(index(&names).typos_of("abcd", 2, &mut Vec::new()).is_none());
        let near = found(
            |i, o| i.typos_of("abcd", 1_000, o).expect("in budget"),
            &names,
        );
        assert_eq!(near, [0, 1, 2, 3]);
    }

    proptest! {
        /// No name within some edits of the query, or with a run of words
        /// that is, lacks more of the query's chars than that.
        #[test]
        fn the_char_sets_turn_away_only_what_is_too_far(
            names in prop::collection::vec("[abcéłż -]{0,10}", 1..12),
            query in "[abcéłż ]{0,9}",
            missing in 0..4usize,
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let index = index(&names);
            let kept: Vec<u32> = index.lacking_at_most(&query, missing).map(|(n, _)| n).collect();
            for n in 0..index.len() {
                let folded = index.folded(n);
                let words: Vec<&str> = folded.split(' ').collect();
                let near = (0..words.len()).any(|i| {
                    (i + 1..=words.len())
                        .any(|j| strsim::damerau_levenshtein(&query, &words[i..j].join(" ")) <= missing)
                });
                prop_assert!(!near || kept.contains(&(n as u32)), "turned away {folded:?}");
            }
        }

        /// The walks find every name, and every run of words, that is a
        /// typo by the similarity strsim computes (transpositions across
        /// edits included).
        #[test]
        fn the_typo_walks_miss_nothing(
            names in prop::collection::vec("[abcé -]{0,14}", 1..12),
            query in "[abcé ]{1,13}",
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let index = index(&names);
            let mut out = Vec::new();
            index.typos_of(&query, usize::MAX, &mut out).expect("no budget");
            let typo = 1.0 - 1.0 / TYPO_SHARE as f64;
            for n in 0..index.len() {
                let folded = index.folded(n);
                let words: Vec<&str> = folded.split(' ').collect();
                let mut runs = vec![folded.to_string()];
                for i in 0..words.len() {
                    for j in i + 1..=words.len() {
                        runs.push(words[i..j].join(" "));
                    }
                }
                let close = runs
                    .iter()
                    .any(|r| strsim::normalized_damerau_levenshtein(&query, r) >= typo);
                prop_assert!(!close || out.contains(&(n as u32)), "missed {folded:?}");
            }
        }
    }
}
