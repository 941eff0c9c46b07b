//! Search by name and alias: case-, accent- and typography-insensitive, and
//! tolerant of typos, best match first.

use std::collections::HashMap;

use crate::graph::{EntityIx, Graph};
use crate::model::EntityType;
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
/// Costs O(n · q²) for n names and aliases and a query of q chars; names
/// whose length rules out a typo match cost O(q) each.
pub fn search(graph: &Graph, query: &str, kind: Option<EntityType>) -> Vec<Hit> {
    let q = text::fold(query);
    let mut best: HashMap<EntityIx, Hit> = HashMap::new();
    for entry in graph.names() {
        if kind.is_some_and(|k| graph.entity_at(entry.entity).kind != k) {
            continue;
        }
        let Some(score) = score(&q, &entry.folded) else {
            continue;
        };
        let better = best.get(&entry.entity).is_none_or(|hit| score > hit.score);
        if better {
            best.insert(
                entry.entity,
                Hit {
                    entity: entry.entity,
                    score,
                    matched: entry.name.clone(),
                },
            );
        }
    }
    let mut hits: Vec<Hit> = best.into_values().collect();
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
