//! The name index: every folded name and alias in one arena, with the sorted
//! views that let search find its candidates without reading every name.
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
//! - names, or runs of their words, within an edit distance: a depth-first
//!   walk of the implicit tries of both sorted views, computing rows of the
//!   unrestricted Damerau–Levenshtein matrix and leaving a subtree as soon as
//!   a lower bound on every distance below it exceeds the limit.
//!
//! Memory, beyond the folded bytes and one terminator per name: 4 bytes per
//! name for its start, 4 for its entity, 4 for its place in sorted order, 4
//! per word start after the first, and the trigram postings (delta-coded
//! varints, 1–3 bytes per distinct trigram of a name), plus 8 bytes per
//! distinct trigram for the dictionary.

use rustc_hash::FxHashMap;

use crate::model::Entity;
use crate::text;

/// Ends every name in the arena; never a byte of UTF-8.
const END: u8 = 0xFF;

/// Every folded name and alias of a set of entities, indexed for search.
#[derive(Debug, Default)]
pub struct NameIndex {
    /// The folded names back to back, each followed by [`END`].
    arena: Vec<u8>,
    /// Name `n` starts at `arena[start[n]]`; one more entry for the end.
    start: Vec<u32>,
    /// The entity position of every name.
    entity: Vec<u32>,
    /// The start of every name, sorted by folded name (ties by position).
    sorted: Vec<u32>,
    /// Every arena offset that starts a word other than a name's first (the
    /// byte after a ' ' or '-'), sorted by the rest of its name.
    word_starts: Vec<u32>,
    /// Byte trigrams (as `b0 << 16 | b1 << 8 | b2`), sorted, each with where
    /// its postings start in `postings`; the last entry's end is the length.
    grams: Vec<(u32, u32)>,
    /// For every trigram, the names that hold it, ascending, as varint gaps.
    postings: Vec<u8>,
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
    /// bytes in n names (sorting the two views; trigrams by counting).
    pub fn new(entities: &[Entity]) -> NameIndex {
        let mut arena = Vec::new();
        let mut start = Vec::new();
        let mut entity = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            for name in e.names() {
                start.push(arena.len() as u32);
                entity.push(i as u32);
                arena.extend_from_slice(text::fold(name).as_bytes());
                arena.push(END);
            }
        }
        start.push(arena.len() as u32);
        let mut index = NameIndex {
            arena,
            start,
            entity,
            ..NameIndex::default()
        };
        let mut sorted: Vec<u32> = index.start[..index.len()].to_vec();
        sorted.sort_by(|&a, &b| index.tail(a).cmp(index.tail(b)).then(a.cmp(&b)));
        let mut word_starts = Vec::new();
        for (i, &b) in index.arena.iter().enumerate() {
            if (b == b' ' || b == b'-') && index.arena.get(i + 1).is_some_and(|&n| n != END) {
                word_starts.push(i as u32 + 1);
            }
        }
        word_starts.sort_by(|&a, &b| index.tail(a).cmp(index.tail(b)).then(a.cmp(&b)));
        index.sorted = sorted;
        index.word_starts = word_starts;
        index.build_grams();
        index
    }

    /// Counts every name's distinct trigrams, then fills the postings in name
    /// order, so that each list comes out ascending without a sort.
    fn build_grams(&mut self) {
        let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
        let mut grams_of = Vec::new();
        for n in 0..self.len() {
            self.distinct_grams(n, &mut grams_of);
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
        for n in 0..self.len() {
            self.distinct_grams(n, &mut grams_of);
            for &g in &grams_of {
                let at = next.get_mut(&g).expect("counted");
                flat[*at] = n as u32;
                *at += 1;
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
        self.grams = grams;
        self.postings = postings;
    }

    fn distinct_grams(&self, n: usize, out: &mut Vec<u32>) {
        out.clear();
        out.extend(self.folded(n).as_bytes().windows(3).map(gram));
        out.sort_unstable();
        out.dedup();
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
        let bytes = &self.arena[self.start[n] as usize..self.start[n + 1] as usize - 1];
        // The arena holds whole folded strings between terminators.
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

    /// Bytes held, for reports: the arena and every view.
    pub fn heap_bytes(&self) -> usize {
        self.arena.capacity()
            + 4 * (self.start.capacity()
                + self.entity.capacity()
                + self.sorted.capacity()
                + self.word_starts.capacity())
            + 8 * self.grams.capacity()
            + self.postings.capacity()
    }

    /// The folded names' bytes, terminators included.
    pub fn text_bytes(&self) -> usize {
        self.arena.len()
    }

    /// The arena from `offset` to the end of its name.
    fn tail(&self, offset: u32) -> &[u8] {
        let rest = &self.arena[offset as usize..];
        let end = rest.iter().position(|&b| b == END).unwrap_or(rest.len());
        &rest[..end]
    }

    /// The name an arena offset lies in.
    fn name_at(&self, offset: u32) -> u32 {
        (self.start.partition_point(|&s| s <= offset) - 1) as u32
    }

    /// The range of `view` whose tails start with `prefix`.
    fn prefix_range(&self, view: &[u32], prefix: &[u8]) -> std::ops::Range<usize> {
        let from = view.partition_point(|&o| self.tail(o) < prefix);
        let to = from + view[from..].partition_point(|&o| self.tail(o).starts_with(prefix));
        from..to
    }

    /// Names starting with `prefix` (equal ones included). O(log n + hits).
    pub fn with_prefix(&self, prefix: &str, out: &mut Vec<u32>) {
        let range = self.prefix_range(&self.sorted, prefix.as_bytes());
        out.extend(self.sorted[range].iter().map(|&o| self.name_at(o)));
    }

    /// Names with a word after the first starting with `prefix`.
    /// O(log n + hits · log n).
    pub fn with_word_prefix(&self, prefix: &str, out: &mut Vec<u32>) {
        let range = self.prefix_range(&self.word_starts, prefix.as_bytes());
        out.extend(self.word_starts[range].iter().map(|&o| self.name_at(o)));
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
            let range = self.prefix_range(&self.word_starts, &bytes[p + 1..]);
            // A posting costs about a byte, a word start a binary search.
            if range.len() * 4 < to - from {
                out.extend(self.word_starts[range].iter().map(|&o| self.name_at(o)));
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

    /// A superset of the names that are, or have a run of words that is,
    /// within unrestricted Damerau–Levenshtein distance `max` of `query`
    /// (in chars), or `None` when the walk would visit more than `budget`
    /// trie nodes (then a scan is cheaper).
    ///
    /// Costs O(q) per trie node visited, for a query of q chars; the nodes
    /// visited are those whose prefix is within `max` edits of a prefix of
    /// the query, so a short, dense neighborhood costs the most.
    pub fn within_edits(
        &self,
        query: &str,
        max: usize,
        budget: usize,
        out: &mut Vec<u32>,
    ) -> Option<()> {
        let q: Vec<char> = query.chars().collect();
        let mut walk = Walk {
            index: self,
            q: &q,
            max: max as u32,
            budget,
            rows: Vec::new(),
            last_row: Vec::new(),
            out,
        };
        walk.run(&self.sorted)?;
        walk.run(&self.word_starts)?;
        Some(())
    }
}

/// The state of one edit-distance walk over a sorted view.
///
/// Rows follow Lowrance and Wagner's algorithm for the unrestricted
/// Damerau–Levenshtein distance (the one `strsim` computes), with the path
/// as the first string: `rows[i + 1][j + 1]` is the distance between the
/// path's first i chars and the query's first j, and the extra row and
/// column hold "infinity".
struct Walk<'a> {
    index: &'a NameIndex,
    q: &'a [char],
    max: u32,
    budget: usize,
    /// One row per depth in chars, plus the two initial rows.
    rows: Vec<Vec<u32>>,
    /// Per depth, for every query position j, the last path row whose char
    /// equals `q[j]` (0 for none); the algorithm's `da`, restricted to the
    /// chars the query has.
    last_row: Vec<Vec<u32>>,
    out: &'a mut Vec<u32>,
}

/// Stands for infinity in the rows, far from overflowing when added to.
const FAR: u32 = u32::MAX / 4;

impl Walk<'_> {
    fn run(&mut self, view: &[u32]) -> Option<()> {
        if view.is_empty() {
            return Some(());
        }
        let m = self.q.len();
        self.rows.clear();
        self.rows.push(vec![FAR; m + 2]);
        let mut first = vec![FAR; m + 2];
        for (j, cell) in first.iter_mut().enumerate().skip(1) {
            *cell = (j - 1) as u32;
        }
        self.rows.push(first);
        self.last_row.clear();
        self.last_row.push(vec![0; m]);
        self.visit(view, 0, 0, 0, FAR)
    }

    /// Visits the trie node of the `view` entries sharing their first
    /// `depth` bytes, whose row is the last of `self.rows`.
    ///
    /// `min_row` is that row's minimum and `reach` the least of
    /// `M_r + (i - r)` over earlier rows r (M their minima, i this row): the
    /// unrestricted transposition of Lowrance and Wagner jumps from a row r
    /// at least two above and pays one per row skipped, so every cell of
    /// every later row is at least `min(min_row, reach)`, which never
    /// decreases with depth and prunes the subtree once above the limit.
    fn visit(
        &mut self,
        view: &[u32],
        depth: usize,
        i: u32,
        min_row: u32,
        reach: u32,
    ) -> Option<()> {
        self.budget = self.budget.checked_sub(1)?;
        let m = self.q.len();
        let row_dist = self.rows.last().map_or(FAR, |r| r[m + 1]);
        let index = self.index;
        // Entries ending here come first, then those whose next char is ' '
        // (0x20 sorts above only control chars): both end a run of words.
        let mut at = 0;
        while at < view.len() {
            let tail = index.tail(view[at]);
            if tail.len() == depth {
                if row_dist <= self.max {
                    self.out.push(index.name_at(view[at]));
                }
                at += 1;
                continue;
            }
            let len = utf8_len(tail[depth]);
            let c = &tail[depth..depth + len];
            let end = at + view[at..].partition_point(|&o| &index.tail(o)[depth..depth + len] == c);
            let ch = std::str::from_utf8(c)
                .ok()
                .and_then(|s| s.chars().next())
                .unwrap_or('\u{FFFD}');
            if ch == ' ' && row_dist <= self.max {
                self.out
                    .extend(view[at..end].iter().map(|&o| index.name_at(o)));
            }
            let (child_min, child_reach) = self.push_row(ch, i + 1, min_row, reach);
            if child_min.min(child_reach) <= self.max {
                self.visit(&view[at..end], depth + len, i + 1, child_min, child_reach)?;
            }
            self.rows.pop();
            self.last_row.pop();
            at = end;
        }
        Some(())
    }

    /// Computes row `i` for path char `ch`; returns its minimum and the
    /// `reach` bound for it.
    fn push_row(&mut self, ch: char, i: u32, parent_min: u32, parent_reach: u32) -> (u32, u32) {
        let m = self.q.len();
        let prev = &self.rows[self.rows.len() - 1];
        let da = &self.last_row[self.last_row.len() - 1];
        let mut row = vec![FAR; m + 2];
        row[1] = i;
        let mut db = 0u32;
        let mut min = row[1];
        for j in 1..=m {
            let k = da[j - 1];
            let l = db;
            let cost = if self.q[j - 1] == ch {
                db = j as u32;
                0
            } else {
                1
            };
            let mut d = (prev[j] + cost).min(row[j] + 1).min(prev[j + 1] + 1);
            if k > 0 && l > 0 {
                let trans =
                    self.rows[k as usize][l as usize] + (i - k - 1) + 1 + (j as u32 - l - 1);
                d = d.min(trans);
            }
            row[j + 1] = d;
            min = min.min(d);
        }
        let mut da_next = da.clone();
        for (j, &c) in self.q.iter().enumerate() {
            if c == ch {
                da_next[j] = i;
            }
        }
        // reach for row i: min over r < i of M_r + (i - r).
        let reach = parent_reach
            .saturating_add(1)
            .min(parent_min.saturating_add(1));
        self.rows.push(row);
        self.last_row.push(da_next);
        (min, reach)
    }
}

fn gram(w: &[u8]) -> u32 {
    (w[0] as u32) << 16 | (w[1] as u32) << 8 | w[2] as u32
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
                id: format!("e{i}"),
                kind: EntityType::Person,
                name: n.to_string(),
                aliases: Vec::new(),
                description: String::new(),
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
        assert!(
            index(&names)
                .within_edits("abcd", 1, 2, &mut Vec::new())
                .is_none()
        );
        let near = found(
            |i, o| i.within_edits("abcd", 1, 1_000, o).expect("in budget"),
            &names,
        );
        assert_eq!(near, [0, 1, 2, 3]);
    }

    proptest! {
        /// The walk finds every name, and every run of words, within the
        /// distance strsim computes (transpositions across edits included).
        #[test]
        fn the_edit_walk_misses_nothing(
            names in prop::collection::vec("[abc ]{0,7}", 1..12),
            query in "[abc]{1,6}",
            max in 0..4usize,
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let index = index(&names);
            let mut out = Vec::new();
            index.within_edits(&query, max, usize::MAX, &mut out).expect("no budget");
            for n in 0..index.len() {
                let folded = index.folded(n);
                let words: Vec<&str> = folded.split(' ').collect();
                let mut runs = vec![folded.to_string()];
                for i in 0..words.len() {
                    for j in i + 1..=words.len() {
                        runs.push(words[i..j].join(" "));
                    }
                }
                let close = runs.iter().any(|r| strsim::damerau_levenshtein(&query, r) <= max);
                prop_assert!(!close || out.contains(&(n as u32)), "missed {folded:?}");
            }
        }
    }
}
