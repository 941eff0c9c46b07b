//! Search by name and alias: case-, accent- and typography-insensitive, and
//! tolerant of typos, best match first.

use crate::graph::{EntityIx, Graph};
use crate::model::EntityType;
use crate::names::NameIndex;
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
/// How similar (normalized Damerau–Levenshtein) a word must be to count as a typo.
const MIN_TYPO_SIMILARITY: f64 = 0.75;

/// Every entity whose name or alias matches `query`, of type `kind` if given,
/// best first (then by name, then by id, so the order is stable).
///
/// An empty query matches every entity with score 1, in name order.
/// Gives exactly what [`scan`] gives, scoring only the candidates the name
/// index ([`crate::names`]) finds: O(log n) binary searches, one trigram
/// posting list and an edit-distance walk of the sorted names, plus
/// O(q²) per candidate. Queries under 3 bytes, which no trigram covers,
/// and typo walks that would visit more trie nodes than a sixteenth of
/// the names (a dense neighborhood: about a millisecond wasted), are scanned.
pub fn search(graph: &Graph, query: &str, kind: Option<EntityType>) -> Vec<Hit> {
    let q = text::fold(query);
    match candidates(graph.names(), &q) {
        Some(names) => collect(graph, &q, kind, names.into_iter()),
        None => collect(graph, &q, kind, 0..graph.names().len() as u32),
    }
}

/// The answer of [`search`] from scoring every name and alias: the fallback
/// for queries the index cannot narrow, and the oracle its tests compare
/// against. Costs O(n · q²) for n names and aliases and a query of q chars;
/// names whose length rules out a typo match cost O(q) each.
pub fn scan(graph: &Graph, query: &str, kind: Option<EntityType>) -> Vec<Hit> {
    let q = text::fold(query);
    collect(graph, &q, kind, 0..graph.names().len() as u32)
}

/// The names that may match the folded query `q`, ascending and distinct:
/// a superset of every name [`score`] accepts, or `None` to scan.
fn candidates(index: &NameIndex, q: &str) -> Option<Vec<u32>> {
    if q.len() < 3 {
        return None;
    }
    let mut out = Vec::new();
    index.with_prefix(q, &mut out);
    index.with_word_prefix(q, &mut out);
    index.containing(q, &mut out)?;
    let q_len = q.chars().count();
    if q_len >= MIN_TYPO_LEN {
        let budget = index.len() / 16 + 1_000;
        index.within_edits(q, max_typo_edits(q_len), budget, &mut out)?;
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// The most edits a typo match of a query of `q_len` chars can have.
///
/// Similarity ≥ 0.75 means d ≤ max(q, c) / 4 for a candidate of c chars,
/// and d ≥ |q − c|: when c ≤ q that gives d ≤ q / 4; when c > q, c ≤ q + d
/// gives 4d ≤ q + d, so d ≤ q / 3.
fn max_typo_edits(q_len: usize) -> usize {
    q_len / 3
}

/// Scores `names` (ascending, so an entity's names come together) against
/// the folded query and keeps each entity's best: the first of its names
/// with the highest score, as a scan in name order would.
fn collect(
    graph: &Graph,
    q: &str,
    kind: Option<EntityType>,
    names: impl Iterator<Item = u32>,
) -> Vec<Hit> {
    let index = graph.names();
    let q = Query::new(q);
    let mut best: Vec<(u32, f64)> = Vec::new();
    for n in names {
        let entity = index.entity(n as usize);
        if kind.is_some_and(|k| graph.entity_at(EntityIx(entity)).kind != k) {
            continue;
        }
        let Some(score) = score(&q, index.folded(n as usize)) else {
            continue;
        };
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

/// How well a folded query matches a folded name, if at all.
fn score(query: &Query, name: &str) -> Option<f64> {
    let q = query.text;
    if q.is_empty() || q == name {
        return Some(1.0);
    }
    if name.starts_with(q) {
        return Some(0.9);
    }
    if name.split([' ', '-']).any(|word| word.starts_with(q)) {
        return Some(0.8);
    }
    if name.contains(q) {
        return Some(0.7);
    }
    typo_similarity(query, name).map(|s| 0.6 * s)
}

/// A folded query and what typo matching needs of it, worked out once per
/// search rather than once per name.
struct Query<'q> {
    text: &'q str,
    /// Length in chars.
    len: usize,
    /// Where each char stands in the query, for the LCS bound; `None` for
    /// queries longer than 64 chars, which get no bound.
    positions: Option<Positions>,
}

/// For each char, the bit set of the query positions holding it.
struct Positions {
    ascii: [u64; 128],
    other: Vec<(char, u64)>,
    /// The bits of the query's positions.
    all: u64,
}

impl<'q> Query<'q> {
    fn new(text: &'q str) -> Query<'q> {
        let len = text.chars().count();
        let positions = (len <= 64).then(|| {
            let mut p = Positions {
                ascii: [0; 128],
                other: Vec::new(),
                all: if len == 64 { u64::MAX } else { (1 << len) - 1 },
            };
            for (i, c) in text.chars().enumerate() {
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
            len,
            positions,
        }
    }

    /// The length of the longest common subsequence of the query and
    /// `other`, bit-parallel (Hyyrö): O(chars of `other`).
    fn lcs(&self, other: &str) -> Option<usize> {
        let p = self.positions.as_ref()?;
        let mut v = u64::MAX;
        for c in other.chars() {
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

    /// Whether `candidate` (of `len` chars) could be similar enough to be a
    /// typo. Every edit of Damerau–Levenshtein shortens the longest common
    /// subsequence by at most one, so the distance is at least
    /// max(q, c) − LCS; when even that bound puts the similarity under the
    /// threshold, the exact distance need not be computed.
    fn may_be_typo(&self, candidate: &str, len: usize) -> bool {
        let longest = self.len.max(len);
        match self.lcs(candidate) {
            Some(lcs) if longest > 0 => {
                let bound = 1.0 - longest.saturating_sub(lcs) as f64 / longest as f64;
                bound >= MIN_TYPO_SIMILARITY
            }
            _ => true,
        }
    }
}

/// The best similarity between the query and the name or any run of the
/// name's words as long as the query, when it is close enough to be a typo.
///
/// Candidates whose length alone rules them out (the edit distance is at
/// least the difference in length), or whose longest common subsequence
/// with the query does ([`Query::may_be_typo`]), are skipped without
/// computing it.
fn typo_similarity(query: &Query, name: &str) -> Option<f64> {
    let (q, q_len) = (query.text, query.len);
    if q_len < MIN_TYPO_LEN {
        return None;
    }
    // The similarity to a candidate of `len` chars, unless its length or
    // its longest common subsequence with the query rules it out.
    let close = |len: usize, candidate: &dyn Fn() -> String| {
        let bound = 1.0 - q_len.abs_diff(len) as f64 / q_len.max(len) as f64;
        if bound < MIN_TYPO_SIMILARITY {
            return None;
        }
        let candidate = candidate();
        query
            .may_be_typo(&candidate, len)
            .then(|| strsim::normalized_damerau_levenshtein(q, &candidate))
    };
    let words: Vec<&str> = name.split(' ').collect();
    let lens: Vec<usize> = words.iter().map(|w| w.chars().count()).collect();
    let span = q.split(' ').count().min(words.len());
    let mut best = close(name.chars().count(), &|| name.to_string());
    for (window, lens) in words.windows(span).zip(lens.windows(span)) {
        let len = lens.iter().sum::<usize>() + span - 1;
        if let Some(s) = close(len, &|| window.join(" ")) {
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
            prop_assert_eq!(query.lcs(&c), Some(lcs_by_table(&q, &c)));
            let len = c.chars().count();
            if !query.may_be_typo(&c, len) {
                prop_assert!(strsim::normalized_damerau_levenshtein(&q, &c) < MIN_TYPO_SIMILARITY);
            }
        }
    }

    #[test]
    fn queries_past_64_chars_get_no_bound() {
        let long = "a".repeat(65);
        let query = Query::new(&long);
        assert_eq!(query.lcs("aaa"), None);
        assert!(query.may_be_typo("zzz", 3));
    }
}
