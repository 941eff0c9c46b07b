//! Search by name and alias: case-, accent- and typography-insensitive, and
//! tolerant of typos, best match first.

use crate::graph::{EntityIx, Graph};
use crate::model::EntityType;
use crate::names::NameIndex;
use crate::text;
use crate::typo::{self, Near};

/// One entity found, with the name or alias that matched best.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entity: EntityIx,
    /// 1.0 for an exact match, lower for prefix, word, substring and typo matches.
    pub score: f64,
    /// The name or alias the query hit, as spelled in the data.
    pub matched: String,
}

/// Every entity whose name or alias matches `query`, of type `kind` if given,
/// best first (then by name, then by id, so the order is stable).
///
/// An empty query matches every entity with score 1, in name order.
/// Gives exactly what [`scan`] gives, scoring only candidates: the names
/// the name index ([`crate::names`]) finds by binary searches, trigram
/// postings and, for typos, the names with a word near the query word that
/// the fewest names hold ([`crate::typo`]). Queries under 3 bytes, which no
/// trigram covers, score what the index's char filter lets through (every
/// name holding all the query's chars).
pub fn search(graph: &Graph, query: &str, kind: Option<EntityType>) -> Vec<Hit> {
    let q = text::fold(query);
    let index = graph.names();
    match candidates(index, &q) {
        Some(names) => {
            // Gathered before scoring, so that the cache misses of reading
            // the names overlap rather than wait behind each score.
            let names: Vec<(u32, &str)> = names
                .into_iter()
                .map(|n| (n, index.folded(n as usize)))
                .collect();
            collect(graph, &q, kind, names.into_iter())
        }
        None => collect(graph, &q, kind, index.holding_every_char_of(&q)),
    }
}

/// The hits of [`search`] from `offset` on, at most `limit`, and how many
/// there are in all. Without a query every entity matches, by name: the
/// page is read from the graph's name order ([`Graph::entities_by_name`])
/// instead of every entity being scored and sorted for every page, a cost
/// that grows with the graph.
pub fn search_page(
    graph: &Graph,
    query: &str,
    kind: Option<EntityType>,
    offset: usize,
    limit: usize,
) -> (usize, Vec<Hit>) {
    if text::fold(query).is_empty() {
        let order = graph.entities_by_name(kind);
        let hits = order
            .iter()
            .skip(offset)
            .take(limit)
            .map(|&entity| Hit {
                entity,
                score: 1.0,
                matched: graph.entity_at(entity).name.to_string(),
            })
            .collect();
        return (order.len(), hits);
    }
    let hits = search(graph, query, kind);
    let total = hits.len();
    (total, hits.into_iter().skip(offset).take(limit).collect())
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
fn candidates(index: &NameIndex, q: &str) -> Option<Vec<u32>> {
    if q.len() < 3 {
        return None;
    }
    let mut out = Vec::new();
    index.with_prefix(q, &mut out);
    index.with_word_prefix(q, &mut out);
    index.containing(q, &mut out)?;
    typo_candidates(index, q, &mut out);
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// When the names the typo candidates came from are this few, words that
/// may have two edits (whose walks cost the most) are not walked as well.
const FEW_ENOUGH: usize = 256;

/// The names that may be typos of the folded query `q`, into `out`: those
/// with a word near one word of the query (none when no word of it may
/// have an edit, since then no name is a typo of it).
///
/// A typo has a word near every word of the query, so any one of them
/// gives a superset: the one whose near words the fewest names hold. The
/// words are walked rarest first (by the names holding them as they are,
/// a dictionary look-up), and a word is not walked when the names holding
/// it as it is already outnumber the fewest found, nor when it may have
/// two edits (the costliest walks) and those are [`FEW_ENOUGH`].
fn typo_candidates(index: &NameIndex, q: &str, out: &mut Vec<u32>) {
    let words: Vec<(&str, u8)> = typo::query_words(q).collect();
    if words.iter().all(|&(_, edits)| edits == 0) {
        return;
    }
    let mut words: Vec<(&str, u8, usize)> = words
        .into_iter()
        .map(|(w, edits)| (w, edits, index.names_with_word(w)))
        .collect();
    words.sort_by_key(|&(_, edits, holding)| (holding, edits));
    let mut best: Option<(usize, Vec<u32>)> = None;
    for (word, edits, holding) in words {
        if let Some((fewest, _)) = &best
            && (holding >= *fewest || edits == 2 && *fewest <= FEW_ENOUGH)
        {
            continue;
        }
        let near = index.words_near(&Near::new(word, edits));
        let names = index.names_of_words(&near);
        if best.as_ref().is_none_or(|(fewest, _)| names < *fewest) {
            best = Some((names, near));
        }
    }
    if let Some((_, near)) = best {
        index.with_words(&near, out);
    }
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
            kind.is_none_or(|k| graph.entity_kind(EntityIx(index.entity(n as usize))) == k)
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
            let matched = graph.entity_at(entity).names().nth(name.ordinal);
            debug_assert!(
                matched.is_some(),
                "the name index's ordinal is one of its entity's names"
            );
            let matched = matched.unwrap_or_default().to_string();
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
            .then_with(|| ea.name.cmp(eb.name))
            .then_with(|| ea.id.cmp(eb.id))
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
    /// Each word of the query (split at ' ') with the edits it may have,
    /// or nothing when no word may have any: then no name is a typo.
    words: Vec<Near>,
    scratch: Scratch,
}

/// Buffers for scoring one name after another without allocating.
#[derive(Default)]
struct Scratch {
    /// The chars of a run of a name's words.
    run: Vec<char>,
    /// Where each of the name's words starts and ends, in bytes.
    words: Vec<(usize, usize)>,
    /// The distance matrix, row after row.
    cells: Vec<u32>,
    /// For each query position, the last candidate row holding its char.
    last_row: Vec<u32>,
}

impl<'q> Query<'q> {
    fn new(text: &'q str) -> Query<'q> {
        let mut words: Vec<Near> = typo::query_words(text)
            .map(|(w, edits)| Near::new(w, edits))
            .collect();
        if words.iter().all(|w| w.edits() == 0) {
            words.clear();
        }
        Query {
            text,
            finder: memchr::memmem::Finder::new(text),
            separated: text.contains([' ', '-']),
            chars: text.chars().collect(),
            words,
            scratch: Scratch::default(),
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

    /// The similarity of a run of a name's words to the query: one less
    /// the share of the longer of the two that the distance takes.
    fn similarity(&mut self, run: &str) -> f64 {
        let mut chars = std::mem::take(&mut self.scratch.run);
        chars.clear();
        chars.extend(run.chars());
        let longest = self.chars.len().max(chars.len()).max(1);
        let similarity = 1.0 - self.distance(&chars) as f64 / longest as f64;
        self.scratch.run = chars;
        similarity
    }
}

/// The best similarity between the query and a run of as many words of the
/// name, among the runs whose every word is near the query's word in its
/// place ([`crate::typo`]); `None` when there is no such run.
fn typo_similarity(query: &mut Query, name: &str) -> Option<f64> {
    let k = query.words.len();
    if k == 0 {
        return None;
    }
    let mut words = std::mem::take(&mut query.scratch.words);
    words.clear();
    let mut start = 0;
    for (i, b) in name.bytes().enumerate() {
        if b == b' ' {
            words.push((start, i));
            start = i + 1;
        }
    }
    words.push((start, name.len()));
    let mut best: Option<f64> = None;
    for first in 0..(words.len() + 1).saturating_sub(k) {
        let run = &words[first..first + k];
        let near = query
            .words
            .iter()
            .zip(run)
            .all(|(w, &(from, to))| w.matches(&name[from..to]));
        if near {
            let s = query.similarity(&name[run[0].0..run[k - 1].1]);
            best = Some(best.map_or(s, |b| b.max(s)));
        }
    }
    query.scratch.words = words;
    best
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn graph_of(names: &[&str]) -> Graph {
        use crate::model::Entity;
        let entities = names
            .iter()
            .enumerate()
            .map(|(i, name)| Entity::numbered(i, EntityType::Work, name));
        let entities = crate::store::EntityTable::new(entities).unwrap();
        Graph::from_dataset(crate::load::Dataset {
            sources: Vec::new(),
            entities,
            predicates: Vec::new(),
            claims: Default::default(),
            version: String::new(),
        })
        .expect("a small graph indexes")
    }

    fn matched(graph: &Graph, query: &str) -> Vec<String> {
        search(graph, query, None)
            .into_iter()
            .map(|hit| hit.matched)
            .collect()
    }

    #[test]
    fn a_typo_is_word_by_word() {
        let graph = graph_of(&[
            "The Lolivu Papers",
            "The Lolivo Papers",
            "The Lolabo Papers",
            "Lolivu Papres",
            "David Alfaro Siqueiros",
        ]);
        // Two letters off in one six-letter word is not a typo of it, even
        // though the whole name is within a quarter of its length.
        assert_eq!(
            matched(&graph, "The Lolivu Papers"),
            ["The Lolivu Papers", "The Lolivo Papers"]
        );
        assert_eq!(
            matched(&graph, "the lolivu papres"),
            ["The Lolivu Papers", "The Lolivo Papers"]
        );
        // Runs of as many words as the query, anywhere in the name.
        assert_eq!(
            matched(&graph, "lolivu papesr"),
            ["The Lolivu Papers", "The Lolivo Papers"]
        );
        // Nine letters and more may have two edits.
        assert_eq!(matched(&graph, "Siqeiross"), ["David Alfaro Siqueiros"]);
        assert!(matched(&graph, "Siqeiros").len() == 1);
        assert!(matched(&graph, "Sqeiross").is_empty());
        // Under five letters, none.
        assert!(matched(&graph, "Dvaid").len() == 1);
        assert!(matched(&graph, "Dvid").is_empty());
    }

    #[test]
    fn a_word_past_32_letters_must_be_spelled_right() {
        let long = "Lolivu".repeat(6);
        let graph = graph_of(&[&format!("{long} Papers"), &format!("{long}x Papers")]);
        // The long word, held by one name, draws the typo candidates.
        assert_eq!(
            matched(&graph, &format!("{long} Papres")),
            [format!("{long} Papers")]
        );
    }

    proptest! {
        /// A page is that part of the whole answer, and its total the
        /// whole answer's length: read from the name order without a
        /// query, cut from the scored hits with one.
        #[test]
        fn a_page_is_the_part_of_the_answer_it_names(
            names in prop::collection::vec("[ab][ab -]{0,8}", 1..40),
            q in prop::sample::select(vec!["", "  ", "a", "ab", "b a"]),
            kind in prop::option::of(prop::sample::select(EntityType::ALL.to_vec())),
            offset in 0..45usize,
            limit in 1..10usize,
        ) {
            use crate::model::Entity;
            let entities = names
                .iter()
                .enumerate()
                .map(|(i, name)| Entity::numbered(i, EntityType::ALL[i % 5], name));
            let entities = crate::store::EntityTable::new(entities).unwrap();
            let graph = Graph::from_dataset(crate::load::Dataset {
                sources: Vec::new(),
                entities,
                predicates: Vec::new(),
                claims: Default::default(),
                version: String::new(),
            })
            .expect("a small graph indexes");
            let whole = search(&graph, q, kind);
            let (total, page) = search_page(&graph, q, kind, offset, limit);
            prop_assert_eq!(total, whole.len());
            let expected: Vec<Hit> = whole.into_iter().skip(offset).take(limit).collect();
            prop_assert_eq!(page, expected);
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
}
