//! The curator's audit: what in the sources is not yet in the graph.
//!
//! For each source it lists the name-like spans of the text (runs of
//! capitalized words, and titles in curly quotes) that no entity name or alias
//! covers, and then the entities that no claim mentions. Sentence-initial
//! words that the text also uses in lower case ("The", "But", "Only") are
//! skipped: they are not names.

use std::collections::HashSet;
use std::fmt::Write;

use crate::graph::{EntityIx, Graph, Object};
use crate::text;

/// A name-like span of a source that no entity covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncovered {
    pub source: String,
    /// Code-point offsets.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Words that join the capitalized words of one name: "Party of Mexico".
const CONNECTORS: [&str; 3] = ["of", "the", "de"];

/// Common words that open sentences; with the words the text itself uses in
/// lower case, they are never taken for names when they stand first.
const COMMON_OPENERS: [&str; 44] = [
    "a",
    "according",
    "after",
    "all",
    "an",
    "and",
    "as",
    "at",
    "before",
    "but",
    "during",
    "even",
    "every",
    "for",
    "from",
    "he",
    "her",
    "here",
    "his",
    "if",
    "in",
    "it",
    "its",
    "let",
    "more",
    "not",
    "now",
    "on",
    "one",
    "only",
    "she",
    "so",
    "sometime",
    "that",
    "the",
    "then",
    "there",
    "these",
    "they",
    "this",
    "thus",
    "to",
    "upon",
    "we",
];

/// Capitalized words that are not names: months and the pronoun I.
const NOT_NAMES: [&str; 13] = [
    "I",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Every name-like span of every source that matches no name or alias.
pub fn uncovered_spans(graph: &Graph) -> Vec<Uncovered> {
    let mut found = Vec::new();
    for source in graph.sources() {
        let id = &source.source.record.id;
        let covered: Vec<(usize, usize)> = graph
            .entity_ixs()
            .flat_map(|ix| graph.mentions(ix))
            .filter(|m| &m.source == id)
            .map(|m| (m.start, m.end))
            .collect();
        let lower_words = lowercase_words(&source.text);
        let is_covered =
            |start: usize, end: usize| covered.iter().any(|(s, e)| *s <= start && end <= *e);
        for (start, end) in name_like_spans(&source.text, &lower_words, &is_covered) {
            found.push(Uncovered {
                source: id.clone(),
                start,
                end,
                text: text::slice_chars(&source.text, start, end).to_string(),
            });
        }
    }
    found
}

/// Ids of entities that are no claim's subject, object or claimant.
pub fn unclaimed_entities(graph: &Graph) -> Vec<String> {
    let used: HashSet<EntityIx> = graph
        .claim_ixs()
        .flat_map(|ix| {
            let object = match graph.object(ix) {
                Object::Entity(e) => e,
                Object::Claim(_) => graph.subject(ix),
            };
            [graph.subject(ix), object, graph.claimant(ix)]
        })
        .collect();
    graph
        .entity_ixs()
        .filter(|ix| !used.contains(ix))
        .map(|ix| graph.entity_at(ix))
        .map(|e| e.id.to_string())
        .collect()
}

/// The audit as `claimgraph audit` prints it.
pub fn report(graph: &Graph) -> String {
    let spans = uncovered_spans(graph);
    let unclaimed = unclaimed_entities(graph);
    let mut out = format!(
        "{} name-like span(s) match no entity; {} entit(ies) appear in no claim\n",
        spans.len(),
        unclaimed.len()
    );
    for span in &spans {
        let _ = writeln!(
            out,
            "  {} {}..{}: {}",
            span.source, span.start, span.end, span.text
        );
    }
    if !unclaimed.is_empty() {
        out.push_str("entities in no claim:\n");
        for id in &unclaimed {
            let _ = writeln!(out, "  {id}");
        }
    }
    out
}

/// Every word the text uses in lower case, folded.
fn lowercase_words(text: &str) -> HashSet<String> {
    words(text)
        .into_iter()
        .filter(|(_, _, w)| w.chars().next().is_some_and(char::is_lowercase))
        .map(|(_, _, w)| text::fold(&w))
        .collect()
}

/// Words as (start, end, word) in code points; a word is letters, digits,
/// apostrophes and inner periods ("L.D.").
fn words(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    for (i, c) in text.chars().enumerate() {
        let inner = matches!(c, '’' | '\'' | '.') && !current.is_empty();
        if c.is_alphanumeric() || inner {
            if current.is_empty() {
                start = i;
            }
            current.push(c);
        } else if !current.is_empty() {
            push_word(&mut out, start, std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        push_word(&mut out, start, current);
    }
    out
}

/// Keeps a word's inner periods ("L.D.") but not a sentence's final one.
fn push_word(out: &mut Vec<(usize, usize, String)>, start: usize, mut word: String) {
    let initials = word.len() >= 2 && word.split('.').all(|p| p.chars().count() <= 1);
    if !initials {
        for possessive in ["’s", "'s"] {
            if let Some(stem) = word.strip_suffix(possessive) {
                word.truncate(stem.len());
            }
        }
        while word.ends_with(['.', '’', '\'']) {
            word.pop();
        }
    }
    let end = start + word.chars().count();
    if !word.is_empty() {
        out.push((start, end, word));
    }
}

/// Runs of capitalized words that no name covers, joined by connectors, as
/// code-point ranges. A covered word ends a run: "Fascist Daladier" gives
/// "Fascist" when Daladier is an entity.
fn name_like_spans(
    text: &str,
    lower_words: &HashSet<String>,
    is_covered: &dyn Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let words: Vec<(usize, usize, String)> = words(text)
        .into_iter()
        .map(|(s, e, w)| {
            if is_covered(s, e) {
                (s, e, String::new())
            } else {
                (s, e, w)
            }
        })
        .collect();
    let capitalized = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let mut spans = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !capitalized(&words[i].2) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < words.len() {
            let gap_is_space = chars[words[j].1..words[j + 1].0]
                .iter()
                .all(|c| *c == ' ' || *c == '\u{a0}');
            if !gap_is_space {
                break;
            }
            let next = &words[j + 1].2;
            if capitalized(next) {
                j += 1;
            } else if CONNECTORS.contains(&next.as_str())
                && j + 2 < words.len()
                && capitalized(&words[j + 2].2)
            {
                j += 2;
            } else {
                break;
            }
        }
        let mut first = i;
        let folded = text::fold(&words[i].2);
        let common_opening = sentence_initial(&chars, words[i].0)
            && (lower_words.contains(&folded) || COMMON_OPENERS.contains(&folded.as_str()));
        if common_opening {
            first += 1;
        }
        let only_non_name = first == j && NOT_NAMES.contains(&words[j].2.as_str());
        if first <= j && !only_non_name {
            spans.push((words[first].0, words[j].1));
        }
        i = j + 1;
    }
    spans
}

/// Whether the word at `start` begins a sentence, a line or a quotation.
fn sentence_initial(chars: &[char], start: usize) -> bool {
    let before: Vec<char> = chars[..start]
        .iter()
        .rev()
        .copied()
        .skip_while(|c| *c == ' ' || *c == '“' || *c == '"' || *c == '(' || *c == '[')
        .take(1)
        .collect();
    match before.first() {
        None => true,
        Some(c) => matches!(c, '.' | '!' | '?' | ':' | '\n' | ')' | '”'),
    }
}
