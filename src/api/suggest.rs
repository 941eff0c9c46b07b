//! Suggestions for unknown ids: the closest entity and claim ids, so that a
//! 404 tells the caller what they probably meant.

use super::error::Suggestion;
use crate::graph::Graph;
use crate::query::search;

/// How many suggestions a 404 carries at most.
const MAX_SUGGESTIONS: usize = 5;

/// Entities whose id or name is close to `wanted`.
pub fn entities(graph: &Graph, wanted: &str) -> Vec<Suggestion> {
    let by_name = search::search(graph, &wanted.replace('-', " "), None)
        .into_iter()
        .map(|hit| (hit.score, hit.entity));
    let by_id = graph.entity_ixs().filter_map(|ix| {
        let similarity = strsim::normalized_levenshtein(wanted, &graph.entity_at(ix).id);
        (similarity >= 0.5).then_some((similarity, ix))
    });
    let mut scored: Vec<_> = by_name.chain(by_id).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out: Vec<Suggestion> = Vec::new();
    for (_, ix) in scored {
        let e = graph.entity_at(ix);
        if out.len() < MAX_SUGGESTIONS && !out.iter().any(|s| s.id == e.id) {
            out.push(Suggestion {
                id: e.id.to_string(),
                name: e.name.to_string(),
            });
        }
    }
    out
}

/// Ids among `ids` close to `wanted`, with their labels.
pub fn among<'a>(wanted: &str, ids: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<Suggestion> {
    let mut scored: Vec<(f64, &str, &str)> = ids
        .map(|(id, name)| (strsim::normalized_levenshtein(wanted, id), id, name))
        .filter(|(s, _, _)| *s >= 0.4)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, id, name)| Suggestion {
            id: id.to_string(),
            name: name.to_string(),
        })
        .collect()
}
