//! Suggestions for unknown ids: the closest entity and claim ids, so that a
//! 404 tells the caller what they probably meant.
//!
//! Up to [`SCAN_AT_MOST`] ids, every id is scored. Past that, scoring every
//! id would make each 404 a computation growing with the graph, a cheap
//! way to load the server: then the
//! candidates are the ids one edit away from the wanted one, each looked up
//! in the graph's id index, which costs O(length × alphabet) look-ups
//! whatever the size of the graph. An id longer than [`LONGEST_WANTED`]
//! chars gets none: it is no id mistyped, and its edits would be many.

use super::error::Suggestion;
use crate::graph::Graph;
use crate::query::search;
use crate::typo::one_edit_away;

/// How many suggestions a 404 carries at most.
const MAX_SUGGESTIONS: usize = 5;

/// The most ids scored one by one for a suggestion; past it, only the ids
/// one edit away are.
pub const SCAN_AT_MOST: usize = 50_000;

/// The longest unknown id, in chars, that suggestions are looked for.
pub const LONGEST_WANTED: usize = 128;

/// Whether `wanted` is short enough for suggestions.
fn worth_suggesting(wanted: &str) -> bool {
    wanted.chars().nth(LONGEST_WANTED).is_none()
}

/// What to score against `wanted`: all `count` of `every` when they are at
/// most `scan`, else those whose id is one edit away, found by `by_id`;
/// nothing when `wanted` is too long to be a mistyped id.
fn candidates<T>(
    wanted: &str,
    count: usize,
    scan: usize,
    every: impl Iterator<Item = T>,
    by_id: impl Fn(&str) -> Option<T>,
) -> Vec<T> {
    if !worth_suggesting(wanted) {
        Vec::new()
    } else if count <= scan {
        every.collect()
    } else {
        one_edit_away(wanted).filter_map(|id| by_id(&id)).collect()
    }
}

/// Entities whose id or name is close to `wanted`.
pub fn entities(graph: &Graph, wanted: &str) -> Vec<Suggestion> {
    entities_scanning_at_most(graph, wanted, SCAN_AT_MOST)
}

fn entities_scanning_at_most(graph: &Graph, wanted: &str, scan: usize) -> Vec<Suggestion> {
    if !worth_suggesting(wanted) {
        return Vec::new();
    }
    let by_name = search::search(graph, &wanted.replace('-', " "), None)
        .into_iter()
        .map(|hit| (hit.score, hit.entity));
    let count = graph.entities().len();
    let near = candidates(wanted, count, scan, graph.entity_ixs(), |id| {
        graph.entity_ix(id)
    });
    let by_id = near.into_iter().filter_map(|ix| {
        let similarity = strsim::normalized_levenshtein(wanted, graph.entity_id(ix));
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

/// Claims whose id is close to `wanted`, labelled by their predicate.
pub fn claims(graph: &Graph, wanted: &str) -> Vec<Suggestion> {
    claims_scanning_at_most(graph, wanted, SCAN_AT_MOST)
}

fn claims_scanning_at_most(graph: &Graph, wanted: &str, scan: usize) -> Vec<Suggestion> {
    let count = graph.claim_count();
    let near = candidates(wanted, count, scan, graph.claim_ixs(), |id| {
        graph.claim_ix(id)
    });
    let labels: Vec<_> = near
        .into_iter()
        .map(|ix| (graph.claim_id(ix), graph.predicate_of(ix)))
        .collect();
    among(wanted, labels.iter().map(|(id, p)| (id.as_str(), *p)))
}

/// Sources whose id is close to `wanted`, labelled by their title.
pub fn sources(graph: &Graph, wanted: &str) -> Vec<Suggestion> {
    let all = graph.sources();
    let near = candidates(wanted, all.len(), SCAN_AT_MOST, all.iter(), |id| {
        graph.source(id)
    });
    let labelled = near
        .into_iter()
        .map(|s| (s.source.record.id.as_str(), s.source.record.title.as_str()));
    among(wanted, labelled)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn memo() -> Graph {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/memo");
        Graph::load(&dir).expect("the memo fixture loads")
    }

    fn ids(suggestions: Vec<Suggestion>) -> Vec<String> {
        suggestions.into_iter().map(|s| s.id).collect()
    }

    #[test]
    fn past_the_scan_an_id_one_edit_off_is_still_suggested() {
        let graph = memo();
        assert_eq!(
            ids(claims_scanning_at_most(&graph, "bob-paid-davy", 0))[0],
            "bob-paid-dave"
        );
        assert_eq!(
            ids(claims_scanning_at_most(&graph, "bbo-paid-dave", 0))[0],
            "bob-paid-dave"
        );
        assert_eq!(
            ids(entities_scanning_at_most(&graph, "alcie", 0))[0],
            "alice"
        );
        // Two edits off: the scan finds it, the look-ups do not.
        assert_eq!(
            ids(claims_scanning_at_most(&graph, "bob-paid-dxvy", usize::MAX))[0],
            "bob-paid-dave"
        );
        assert!(claims_scanning_at_most(&graph, "bob-paid-dxvy", 0).is_empty());
    }

    #[test]
    fn an_id_too_long_to_be_mistyped_gets_no_suggestions() {
        let graph = memo();
        let long = "alice".repeat(LONGEST_WANTED);
        assert!(entities(&graph, &long).is_empty());
        assert!(claims_scanning_at_most(&graph, &long, 0).is_empty());
        assert!(sources(&graph, &long).is_empty());
    }
}
