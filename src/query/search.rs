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
    let mut best: Vec<(u32, f64)> = Vec::new();
    for n in names {
        let entity = index.entity(n as usize);
        if kind.is_some_and(|k| graph.entity_at(EntityIx(entity)).kind != k) {
            continue;
        }
        let Some(score) = score(q, index.folded(n as usize)) else {
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
fn score(q: &str, name: &str) -> Option<f64> {
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
    typo_similarity(q, name).map(|s| 0.6 * s)
}

/// The best similarity between the query and the name or any run of the
/// name's words as long as the query, when it is close enough to be a typo.
///
/// Candidates whose length alone rules them out (the edit distance is at
/// least the difference in length) are skipped without computing it.
fn typo_similarity(q: &str, name: &str) -> Option<f64> {
    let q_len = q.chars().count();
    if q_len < MIN_TYPO_LEN {
        return None;
    }
    // The similarity to a candidate of `len` chars, unless its length
    // alone rules it out.
    let close = |len: usize, candidate: &dyn Fn() -> String| {
        let bound = 1.0 - q_len.abs_diff(len) as f64 / q_len.max(len) as f64;
        (bound >= MIN_TYPO_SIMILARITY)
            .then(|| strsim::normalized_damerau_levenshtein(q, &candidate()))
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
