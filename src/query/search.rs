//! Search by name and alias: case-, accent- and typography-insensitive, and
//! tolerant of typos, best match first.

use crate::graph::{EntityIx, Graph};
use crate::model::EntityType;
use crate::names::{NameIndex, TYPO_SHARE};
use crate::text;

/// One entity found, with the name or alias that matched best.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entity: EntityIx,
    /// 1.0 for an exact match, lower for prefix, word, substring and typo matches.
    pub score: f64,
    /// The name or alias the query hit, as spelled in the data.
    pub matched: String,
}

/// Shortest query that typo matching applies to; shorter ones match too much.
const MIN_TYPO_LEN: usize = 4;
/// How similar (normalized Damerau–Levenshtein) a word must be to count as
/// a typo: the distance at most a [`TYPO_SHARE`]th of the longer length, as
/// the name index's typo walks assume.
const MIN_TYPO_SIMILARITY: f64 = 1.0 - 1.0 / TYPO_SHARE as f64;

/// Every entity whose name or alias matches `query`, of type `kind` if given,
/// best first (then by name, then by id, so the order is stable).
///
/// An empty query matches every entity with score 1, in name order.
/// Gives exactly what [`scan`] gives, scoring only candidates: the names
/// the name index ([`crate::names`]) finds by binary searches, trigram
/// postings and typo walks, or, when the walks would cost more than scoring
/// them, the names its char filter ([`NameIndex::lacking_at_most`], a
/// nanosecond or so a name) lets through. How many those are is estimated
/// from every 64th name first. Queries under 3 bytes, which no trigram
/// covers, score what the filter lets through.
pub fn search(graph: &Graph, query: &str, kind: Option<EntityType>) -> Vec<Hit> {
    search_within(graph, query, kind, usize::MAX)
}

/// A walk node costs about as much as scoring this many names (measured at
/// `medium` and `large`): the walks may visit a node for every this many
/// names the char filter lets through.
const NAMES_PER_WALK_NODE: usize = 4;

/// [`search`] with the typo walks held to `budget` trie nodes in all (and
/// never more than scoring the filtered names would cost): past it, every
/// name the char filter lets through is scored. The budget bounds the time
/// spent walking; it never changes the answer.
pub fn search_within(
    graph: &Graph,
    query: &str,
    kind: Option<EntityType>,
    budget: usize,
) -> Vec<Hit> {
    let q = text::fold(query);
    let index = graph.names();
    let missing = max_edits(&q);
    let filtered = index.estimate_lacking_at_most(&q, missing, 64);
    match candidates(index, &q, budget.min(filtered / NAMES_PER_WALK_NODE)) {
        Some(names) => {
            let names = names.into_iter().map(|n| (n, index.folded(n as usize)));
            collect(graph, &q, kind, names)
        }
        None => collect(graph, &q, kind, index.lacking_at_most(&q, missing)),
    }
}

/// The most edits any match of the folded query `q` can take: none but for
/// typos, and a typo of a query of q chars takes at most q / 3.
///
/// Similarity ≥ 1 − 1/4 means 4d ≤ max(q, c) for a candidate of c chars,
/// and d ≥ |q − c|: when c ≤ q that gives d ≤ q / 4; when c > q, c ≤ q + d
/// gives 4d ≤ q + d, so d ≤ q / 3.
fn max_edits(q: &str) -> usize {
    match q.chars().count() {
        len if len >= MIN_TYPO_LEN => len / (TYPO_SHARE as usize - 1),
        _ => 0,
    }
}

/// The answer of [`search`] from scoring every name and alias, by number:
/// the oracle its tests compare against. Costs O(n · q²) for n names and
/// aliases and a query of q chars; names whose length rules out a typo
/// match cost O(q) each.
pub fn scan(graph: &Graph, query: &str, kind: Option<EntityType>) -> Vec<Hit> {
    let q = text::fold(query);
    let index = graph.names();
    let names = (0..index.len()).map(|n| (n as u32, index.folded(n)));
    collect(graph, &q, kind, names)
}

/// The names that may match the folded query `q`, ascending and distinct:
/// a superset of every name [`score`] accepts, or `None` to scan.
fn candidates(index: &NameIndex, q: &str, budget: usize) -> Option<Vec<u32>> {
    if q.len() < 3 {
        return None;
    }
    let mut out = Vec::new();
    index.with_prefix(q, &mut out);
    index.with_word_prefix(q, &mut out);
    index.containing(q, &mut out)?;
    if q.chars().count() >= MIN_TYPO_LEN {
        index.typos_of(q, budget, &mut out)?;
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// Scores `names` (numbers with folded forms, in any order) against the
/// folded query and keeps each entity's best: the first of its names with
/// the highest score, as a scan in name order would. The names that score
/// are put in name order first, so that an entity's names come together.
fn collect<'n>(
    graph: &Graph,
    q: &str,
    kind: Option<EntityType>,
    names: impl Iterator<Item = (u32, &'n str)>,
) -> Vec<Hit> {
    let index = graph.names();
    let mut q = Query::new(q);
    let mut scored: Vec<(u32, f64)> = names
        .filter(|&(n, _)| {
            kind.is_none_or(|k| graph.entity_at(EntityIx(index.entity(n as usize))).kind == k)
        })
        .filter_map(|(n, folded)| score(&mut q, folded).map(|s| (n, s)))
        .collect();
    scored.sort_unstable_by_key(|&(n, _)| n);
    let mut best: Vec<(u32, f64)> = Vec::new();
    for (n, score) in scored {
        let entity = index.entity(n as usize);
        match best.last_mut() {
            Some(last) if index.entity(last.0 as usize) == entity => {
                if score > last.1 {
                    *last = (n, score);
                }
            }
            _ => best.push((n, score)),
        }
    }
    let mut hits: Vec<Hit> = best
        .into_iter()
        .map(|(n, score)| {
            let name = index.get(n as usize);
            let entity = EntityIx(name.entity);
            let matched = graph
                .entity_at(entity)
                .names()
                .nth(name.ordinal)
                .unwrap_or_default()
                .to_string();
            Hit {
                entity,
                score,
                matched,
            }
        })
        .collect();
    hits.sort_by(|a, b| {
        let (ea, eb) = (graph.entity_at(a.entity), graph.entity_at(b.entity));
        b.score
            .total_cmp(&a.score)
            .then_with(|| ea.name.cmp(&eb.name))
            .then_with(|| ea.id.cmp(&eb.id))
    });
    hits
}

/// How well a folded query matches a folded name, if at all: 1 equal, 0.9
/// a prefix, 0.8 the start of a later word (for a query of one word), 0.7
/// anywhere else, and 0.6 times the similarity of a typo.
///
/// One pass of the query's substring searcher answers the first four: a
/// name that does not contain the query goes straight to the typo check.
/// Non-overlapping occurrences suffice, since an occurrence that overlaps
/// an earlier one at a word start would hold the separator before it.
fn score(query: &mut Query, name: &str) -> Option<f64> {
    let q = query.text;
    if q.is_empty() || q == name {
        return Some(1.0);
    }
    let bytes = name.as_bytes();
    let mut found = query.finder.find_iter(bytes);
    if let Some(first) = found.next() {
        if first == 0 {
            return Some(0.9);
        }
        let starts_word = |at: usize| matches!(bytes[at - 1], b' ' | b'-');
        if !query.separated && (starts_word(first) || found.any(starts_word)) {
            return Some(0.8);
        }
        return Some(0.7);
    }
    typo_similarity(query, name).map(|s| 0.6 * s)
}

/// A folded query and what typo matching needs of it, worked out once per
/// search rather than once per name, with buffers reused from name to name.
struct Query<'q> {
    text: &'q str,
    /// Finds the query in a name.
    finder: memchr::memmem::Finder<'q>,
    /// Whether the query holds a word separator, so that no single word of
    /// a name can start with it.
    separated: bool,
    chars: Vec<char>,
    /// How many words (split at ' '): typo matching compares runs of as
    /// many words of a name.
    words: usize,
    /// Where each char stands in the query, for the LCS bound; `None` for
    /// queries longer than 64 chars, which get no bound.
    positions: Option<Positions>,
    scratch: Scratch,
}

/// For each char, the bit set of the query positions holding it.
struct Positions {
    ascii: [u64; 128],
    other: Vec<(char, u64)>,
    /// The bits of the query's positions.
    all: u64,
}

/// Buffers for scoring one name after another without allocating.
#[derive(Default)]
struct Scratch {
    /// The name's chars.
    name: Vec<char>,
    /// Where each of the name's words starts and ends, in chars.
    words: Vec<(usize, usize)>,
    /// The distance matrix, row after row.
    cells: Vec<u32>,
    /// For each query position, the last candidate row holding its char.
    last_row: Vec<u32>,
}

impl<'q> Query<'q> {
    fn new(text: &'q str) -> Query<'q> {
        let chars: Vec<char> = text.chars().collect();
        let len = chars.len();
        let positions = (len <= 64).then(|| {
            let mut p = Positions {
                ascii: [0; 128],
                other: Vec::new(),
                all: if len == 64 { u64::MAX } else { (1 << len) - 1 },
            };
            for (i, &c) in chars.iter().enumerate() {
                match p.other.iter_mut().find(|(o, _)| *o == c) {
                    _ if c.is_ascii() => p.ascii[c as usize] |= 1 << i,
                    Some((_, bits)) => *bits |= 1 << i,
                    None => p.other.push((c, 1 << i)),
                }
            }
            p
        });
        Query {
            text,
            finder: memchr::memmem::Finder::new(text),
            separated: text.contains([' ', '-']),
            chars,
            words: text.split(' ').count(),
            positions,
            scratch: Scratch::default(),
        }
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    /// The length of the longest common subsequence of the query and
    /// `other`, bit-parallel (Hyyrö): O(chars of `other`).
    fn lcs(&self, other: &[char]) -> Option<usize> {
        let p = self.positions.as_ref()?;
        let mut v = u64::MAX;
        for &c in other {
            let bits = if c.is_ascii() {
                p.ascii[c as usize]
            } else {
                p.other.iter().find(|(o, _)| *o == c).map_or(0, |(_, b)| *b)
            };
            let u = v & bits;
            v = v.wrapping_add(u) | (v - u);
        }
        Some((!v & p.all).count_ones() as usize)
    }

    /// Whether `candidate` could be similar enough to be a typo. Every edit
    /// of Damerau–Levenshtein shortens the longest common subsequence by at
    /// most one, so the distance is at least max(q, c) − LCS; when even that
    /// bound puts the similarity under the threshold, the exact distance
    /// need not be computed.
    fn may_be_typo(&self, candidate: &[char]) -> bool {
        let longest = self.len().max(candidate.len());
        match self.lcs(candidate) {
            Some(lcs) if longest > 0 => {
                let bound = 1.0 - longest.saturating_sub(lcs) as f64 / longest as f64;
                bound >= MIN_TYPO_SIMILARITY
            }
            _ => true,
        }
    }

    /// The unrestricted Damerau–Levenshtein distance between the query and
    /// `candidate`, as strsim computes it (Lowrance and Wagner's algorithm,
    /// with the query's chars as the alphabet), in O(q·c) without
    /// allocating once the buffers have grown.
    fn distance(&mut self, candidate: &[char]) -> usize {
        let (q, m) = (&self.chars, self.chars.len());
        let w = m + 2;
        let far = (m + candidate.len()) as u32;
        let Scratch {
            cells, last_row, ..
        } = &mut self.scratch;
        cells.clear();
        cells.resize(w, far);
        cells.push(far);
        cells.extend(0..=m as u32);
        last_row.clear();
        last_row.resize(m, 0);
        for (row, &ch) in candidate.iter().enumerate() {
            let i = row as u32 + 1;
            let prev = cells.len() - w;
            let this = prev + w;
            cells.extend(std::iter::repeat_n(far, w));
            cells[this + 1] = i;
            let mut db = 0u32;
            for j in 1..=m {
                let (k, l) = (last_row[j - 1], db);
                let cost = if q[j - 1] == ch {
                    db = j as u32;
                    0
                } else {
                    1
                };
                let mut d = (cells[prev + j] + cost)
                    .min(cells[this + j] + 1)
                    .min(cells[prev + j + 1] + 1);
                if k > 0 && l > 0 {
                    d = d.min(
                        cells[k as usize * w + l as usize] + (i - k - 1) + 1 + (j as u32 - l - 1),
                    );
                }
                cells[this + j + 1] = d;
            }
            for (j, &c) in q.iter().enumerate() {
                if c == ch {
                    last_row[j] = i;
                }
            }
        }
        cells[cells.len() - 1] as usize
    }

    /// The similarity of the candidate `chars` of the name held in the
    /// scratch, unless its length or its longest common subsequence with
    /// the query rules it out.
    fn similarity(&mut self, chars: std::ops::Range<usize>) -> Option<f64> {
        let (q_len, len) = (self.len(), chars.len());
        let bound = 1.0 - q_len.abs_diff(len) as f64 / q_len.max(len) as f64;
        if bound < MIN_TYPO_SIMILARITY {
            return None;
        }
        let name = std::mem::take(&mut self.scratch.name);
        let candidate = &name[chars];
        let similarity = self
            .may_be_typo(candidate)
            .then(|| 1.0 - self.distance(candidate) as f64 / q_len.max(candidate.len()) as f64);
        self.scratch.name = name;
        similarity
    }
}

/// The best similarity between the query and the name or any run of the
/// name's words as long as the query, when it is close enough to be a typo.
///
/// Candidates whose length alone rules them out (the edit distance is at
/// least the difference in length), or whose longest common subsequence
/// with the query does ([`Query::may_be_typo`]), are skipped without
/// computing it.
fn typo_similarity(query: &mut Query, name: &str) -> Option<f64> {
    if query.len() < MIN_TYPO_LEN {
        return None;
    }
    let Scratch {
        name: chars, words, ..
    } = &mut query.scratch;
    chars.clear();
    chars.extend(name.chars());
    words.clear();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            words.push((start, i));
            start = i + 1;
        }
    }
    words.push((start, chars.len()));
    let (len, span) = (chars.len(), query.words.min(words.len()));
    let mut best = query.similarity(0..len);
    for first in 0..=query.scratch.words.len() - span {
        let words = &query.scratch.words;
        let run = words[first].0..words[first + span - 1].1;
        if let Some(s) = query.similarity(run) {
            best = Some(best.map_or(s, |b: f64| b.max(s)));
        }
    }
    best.filter(|&b| b >= MIN_TYPO_SIMILARITY)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The longest common subsequence by the textbook table.
    fn lcs_by_table(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in 0..a.len() {
            for j in 0..b.len() {
                table[i + 1][j + 1] = if a[i] == b[j] {
                    table[i][j] + 1
                } else {
                    table[i][j + 1].max(table[i + 1][j])
                };
            }
        }
        table[a.len()][b.len()]
    }

    proptest! {
        /// The bit-parallel LCS is the LCS, and a candidate the bound turns
        /// away is never similar enough to be a typo.
        #[test]
        fn the_lcs_bound_turns_away_only_what_is_no_typo(
            q in "[abcłé ]{0,24}",
            c in "[abcdłé ]{0,30}",
        ) {
            let query = Query::new(&q);
            let chars: Vec<char> = c.chars().collect();
            prop_assert_eq!(query.lcs(&chars), Some(lcs_by_table(&q, &c)));
            if !query.may_be_typo(&chars) {
                prop_assert!(strsim::normalized_damerau_levenshtein(&q, &c) < MIN_TYPO_SIMILARITY);
            }
        }

        /// The score from one substring search is the score of the rules
        /// read one by one.
        #[test]
        fn the_score_follows_the_rules(
            q in "[ab -]{0,5}",
            names in prop::collection::vec("[ab -]{0,12}", 1..8),
        ) {
            let by_rules = |name: &str| -> Option<f64> {
                if q.is_empty() || q == name {
                    return Some(1.0);
                }
                if name.starts_with(q.as_str()) {
                    return Some(0.9);
                }
                if name.split([' ', '-']).any(|word| word.starts_with(q.as_str())) {
                    return Some(0.8);
                }
                if name.contains(q.as_str()) {
                    return Some(0.7);
                }
                None
            };
            let mut query = Query::new(&q);
            for name in &names {
                match by_rules(name) {
                    Some(s) => prop_assert_eq!(score(&mut query, name), Some(s)),
                    None => prop_assert!(score(&mut query, name).is_none_or(|s| s <= 0.6)),
                }
            }
        }

        /// The distance computed in the reused buffers is strsim's, query
        /// after query on the same buffers.
        #[test]
        fn the_distance_is_strsims(
            q in "[abcłé ]{0,14}",
            cs in prop::collection::vec("[abcdłé ]{0,18}", 1..6),
        ) {
            let mut query = Query::new(&q);
            for c in &cs {
                let chars: Vec<char> = c.chars().collect();
                prop_assert_eq!(query.distance(&chars), strsim::damerau_levenshtein(&q, c));
            }
        }
    }

    #[test]
    fn queries_past_64_chars_get_no_bound() {
        let long = "a".repeat(65);
        let query = Query::new(&long);
        assert_eq!(query.lcs(&['a'; 3]), None);
        assert!(query.may_be_typo(&['z'; 3]));
    }
}
