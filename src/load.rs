//! Reading and validating a graph-data folder.
//!
//! The loader gathers, it does not stop: every file is read, every record is
//! checked, and either a complete [`Dataset`] comes back or a [`LoadError`]
//! listing *every* problem, each with its file, line, record and what is
//! wrong. Nothing half-validated ever leaves this module.
//!
//! It depends only on [`crate::model`] and [`crate::text`]; building indexes
//! is the job of [`crate::graph`].

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::model::{
    Citation, CitationRecord, Claim, ClaimRecord, Entity, Predicate, Source, SourceRecord,
};
use crate::text;

/// How many code points of context a citation carries on each side.
pub const CONTEXT_CHARS: usize = 32;

/// One thing wrong with the data, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path relative to the data folder, e.g. `claims.json`.
    pub file: String,
    /// 1-based line where the record (or syntax error) starts.
    pub line: Option<usize>,
    /// The record, e.g. `claim browder-plot` or `entity #3` when it has no id.
    pub record: Option<String>,
    /// What is wrong, with a hint where one helps.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(record) = &self.record {
            write!(f, ": {record}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The data could not be loaded; `problems` lists everything found wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) in the graph data:\n{}", .problems.len(), render(.problems))]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

fn render(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A validated graph-data folder: every reference resolves, every quote is
/// located in its source.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Each source with its full text.
    pub sources: Vec<(Source, String)>,
    pub entities: Vec<Entity>,
    pub predicates: Vec<Predicate>,
    pub claims: Vec<Claim>,
}

/// Reads and validates the graph-data folder at `dir`.
pub fn load_dir(dir: &Path) -> Result<Dataset, LoadError> {
    let mut files = Files::default();
    let (sources, source_ids) = files.records::<SourceRecord>(dir, "sources.json", "source");
    let (entities, entity_ids) = files.records::<Entity>(dir, "entities.json", "entity");
    let (predicates, predicate_ids) =
        files.records::<Predicate>(dir, "predicates.json", "predicate");
    let (claims, _) = files.records::<ClaimRecord>(dir, "claims.json", "claim");
    let mut checker = Checker {
        problems: files.problems,
    };
    let known = Known {
        entities: entity_ids,
        predicates: predicate_ids,
        sources: source_ids,
    };
    let dataset = checker.check(dir, &known, sources, entities, predicates, claims);
    if checker.problems.is_empty() {
        Ok(dataset)
    } else {
        Err(LoadError {
            problems: checker.problems,
        })
    }
}

/// The ids each file declares, read even from records that are otherwise
/// malformed, so that one bad record is reported once, not again at every
/// reference to it. `None` when the file itself could not be read or parsed:
/// references into it are then not checked at all.
struct Known {
    entities: Option<HashSet<String>>,
    predicates: Option<HashSet<String>>,
    sources: Option<HashSet<String>>,
}

/// Whether `id` may be referred to: declared, or its file unreadable.
fn declared(ids: &Option<HashSet<String>>, id: &str) -> bool {
    ids.as_ref().is_none_or(|ids| ids.contains(id))
}

/// Reads the JSON files, one record at a time, so that one bad record does
/// not hide the others.
#[derive(Default)]
struct Files {
    problems: Vec<Problem>,
}

#[derive(Deserialize)]
struct IdOnly {
    id: Option<serde_json::Value>,
}

impl Files {
    fn records<T: for<'de> Deserialize<'de>>(
        &mut self,
        dir: &Path,
        file: &str,
        kind: &str,
    ) -> (Vec<(usize, T)>, Option<HashSet<String>>) {
        let content = match std::fs::read_to_string(dir.join(file)) {
            Ok(content) => content,
            Err(e) => {
                self.problem(file, None, None, format!("cannot read file: {e}"));
                return (Vec::new(), None);
            }
        };
        let raws: Vec<&RawValue> = match serde_json::from_str(&content) {
            Ok(raws) => raws,
            Err(e) => {
                let message = format!("invalid JSON at column {}: {}", e.column(), bare(&e));
                self.problem(file, Some(e.line()), None, message);
                return (Vec::new(), None);
            }
        };
        let mut records = Vec::with_capacity(raws.len());
        let mut ids = HashSet::with_capacity(raws.len());
        // Lines are counted from the previous record on, keeping this linear.
        let (mut counted_to, mut line) = (0, 1);
        for (i, raw) in raws.into_iter().enumerate() {
            let offset = raw.get().as_ptr() as usize - content.as_ptr() as usize;
            line += content.as_bytes()[counted_to..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted_to = offset;
            let id = match serde_json::from_str::<IdOnly>(raw.get()) {
                Ok(IdOnly {
                    id: Some(serde_json::Value::String(id)),
                }) => Some(id),
                _ => None,
            };
            match strictly::<T>(raw.get()) {
                Ok(record) => records.push((line, record)),
                Err(e) => {
                    let label = match &id {
                        Some(id) => format!("{kind} {id}"),
                        None => format!("{kind} #{}", i + 1),
                    };
                    let line = line + e.line().saturating_sub(1);
                    self.problem(file, Some(line), Some(label), bare(&e));
                }
            }
            ids.extend(id);
        }
        (records, Some(ids))
    }

    fn problem(&mut self, file: &str, line: Option<usize>, record: Option<String>, m: String) {
        self.problems.push(Problem {
            file: file.to_string(),
            line,
            record,
            message: m,
        });
    }
}

/// Deserializes one record, rejecting fields `T` does not have.
fn strictly<'de, T: Deserialize<'de>>(raw: &'de str) -> Result<T, serde_json::Error> {
    let mut unknown = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(raw);
    let record: T =
        serde_ignored::deserialize(&mut deserializer, |path| unknown.push(path.to_string()))?;
    match unknown.first() {
        None => Ok(record),
        Some(field) => {
            let expected = serde_aux::serde_introspection::serde_introspect::<T>()
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ");
            Err(serde::de::Error::custom(format!(
                "unknown field `{field}`, expected one of {expected}"
            )))
        }
    }
}

/// serde_json's message without its trailing "at line L column C".
fn bare(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}

/// Cross-record validation, gathering every problem.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

/// Where a record came from, for messages.
struct At<'a> {
    file: &'a str,
    line: usize,
    record: String,
}

impl Checker {
    fn report(&mut self, at: &At, message: impl Into<String>) {
        self.problems.push(Problem {
            file: at.file.to_string(),
            line: Some(at.line),
            record: Some(at.record.clone()),
            message: message.into(),
        });
    }

    fn check(
        &mut self,
        dir: &Path,
        known: &Known,
        sources: Vec<(usize, SourceRecord)>,
        entities: Vec<(usize, Entity)>,
        predicates: Vec<(usize, Predicate)>,
        claims: Vec<(usize, ClaimRecord)>,
    ) -> Dataset {
        self.unique_ids("entities.json", "entity", &entities, |e| &e.id);
        self.unique_ids("predicates.json", "predicate", &predicates, |p| &p.id);
        self.unique_ids("sources.json", "source", &sources, |s| &s.id);
        self.unique_ids("claims.json", "claim", &claims, |c| &c.id);

        for (line, entity) in &entities {
            self.check_entity(*line, entity);
        }
        self.check_names_unique(&entities);
        let mut texts = self.read_sources(dir, &sources, known);
        let quotes = Quotes::locate(&claims, &texts);
        let resolved = claims
            .into_iter()
            .zip(quotes.found)
            .map(|((line, claim), found)| {
                let at = At {
                    file: "claims.json",
                    line,
                    record: format!("claim {}", claim.id),
                };
                self.check_claim(&at, claim, known, &texts, &quotes.chars, found)
            })
            .collect();
        Dataset {
            sources: sources
                .into_iter()
                .filter_map(|(_, record)| {
                    let text = texts.remove(&record.id)?;
                    let length = text.chars().count();
                    Some((Source { record, length }, text))
                })
                .collect(),
            entities: entities.into_iter().map(|(_, e)| e).collect(),
            predicates: predicates.into_iter().map(|(_, p)| p).collect(),
            claims: resolved,
        }
    }

    /// Reports malformed and duplicate ids.
    fn unique_ids<T>(
        &mut self,
        file: &str,
        kind: &str,
        records: &[(usize, T)],
        id: impl Fn(&T) -> &String,
    ) {
        let mut first_line: HashMap<&str, usize> = HashMap::new();
        for (line, record) in records {
            let id = id(record);
            let at = At {
                file,
                line: *line,
                record: format!("{kind} {id}"),
            };
            if !is_slug(id) {
                self.report(
                    &at,
                    "id must be a lowercase slug: a-z, 0-9 and single hyphens, e.g. louis-budenz",
                );
            }
            if let Some(first) = first_line.insert(id, *line) {
                first_line.insert(id, first);
                self.report(&at, format!("duplicate id; first defined at line {first}"));
            }
        }
    }

    fn check_entity(&mut self, line: usize, entity: &Entity) {
        let at = At {
            file: "entities.json",
            line,
            record: format!("entity {}", entity.id),
        };
        if entity.name.trim().is_empty() {
            self.report(&at, "name is empty");
        }
        if entity.aliases.iter().any(|a| a.trim().is_empty()) {
            self.report(&at, "an alias is empty");
        }
        if let Some(date) = &entity.date {
            self.check_date(&at, date);
        }
    }

    /// No two entities may share a name or alias once folded.
    fn check_names_unique(&mut self, entities: &[(usize, Entity)]) {
        let mut owner: HashMap<String, &str> = HashMap::new();
        for (line, entity) in entities {
            let at = At {
                file: "entities.json",
                line: *line,
                record: format!("entity {}", entity.id),
            };
            for name in entity.names() {
                let folded = text::fold(name);
                match owner.get(folded.as_str()) {
                    Some(other) if *other != entity.id => {
                        let other = other.to_string();
                        self.report(
                            &at,
                            format!(
                                "name or alias “{name}” is also a name or alias of entity {other}"
                            ),
                        );
                    }
                    Some(_) => {
                        self.report(&at, format!("name or alias “{name}” is listed twice"));
                    }
                    None => {
                        owner.insert(folded, &entity.id);
                    }
                }
            }
        }
    }

    /// Reads each source's text; returns them by id.
    fn read_sources(
        &mut self,
        dir: &Path,
        sources: &[(usize, SourceRecord)],
        known: &Known,
    ) -> HashMap<String, String> {
        let mut texts = HashMap::new();
        for (line, source) in sources {
            let at = At {
                file: "sources.json",
                line: *line,
                record: format!("source {}", source.id),
            };
            if !declared(&known.entities, &source.author) {
                self.report(
                    &at,
                    format!("author “{}” is not an entity id", source.author),
                );
            }
            self.check_date(&at, &source.date);
            for credit in &source.credits {
                if let Some(date) = &credit.date {
                    self.check_date(&at, date);
                }
            }
            if !is_slug(&source.id) {
                continue; // Already reported; never let a bad id reach the filesystem.
            }
            let path: PathBuf = dir.join("sources").join(format!("{}.txt", source.id));
            match std::fs::read(&path) {
                Err(e) => self.report(
                    &at,
                    format!("cannot read its text sources/{}.txt: {e}", source.id),
                ),
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => {
                        texts.insert(source.id.clone(), text);
                    }
                    Err(e) => self.report(
                        &at,
                        format!(
                            "its text sources/{}.txt is not UTF-8: invalid byte at offset {}",
                            source.id,
                            e.utf8_error().valid_up_to()
                        ),
                    ),
                },
            }
        }
        texts
    }

    fn check_claim(
        &mut self,
        at: &At,
        claim: ClaimRecord,
        known: &Known,
        texts: &HashMap<String, String>,
        chars: &HashMap<String, text::CharIndex>,
        found: Vec<Option<Vec<usize>>>,
    ) -> Claim {
        for (field, id) in [
            ("subject", &claim.subject),
            ("object", &claim.object),
            ("claimed_by", &claim.claimed_by),
        ] {
            if !declared(&known.entities, id) {
                self.report(at, format!("{field} “{id}” is not an entity id"));
            }
        }
        if !declared(&known.predicates, &claim.predicate) {
            self.report(
                at,
                format!("predicate “{}” is not in predicates.json", claim.predicate),
            );
        }
        if claim.subject == claim.object {
            self.report(
                at,
                format!("subject and object are both “{}”", claim.subject),
            );
        }
        if let Some(date) = &claim.date {
            self.check_date(at, date);
        }
        if claim.citations.is_empty() {
            self.report(at, "no citations; every claim cites at least one quote");
        }
        let citations = claim
            .citations
            .iter()
            .zip(found)
            .filter_map(|(c, found)| self.resolve_citation(at, c, known, texts, chars, found))
            .collect();
        Claim {
            id: claim.id,
            subject: claim.subject,
            predicate: claim.predicate,
            object: claim.object,
            status: claim.status,
            claimed_by: claim.claimed_by,
            date: claim.date,
            note: claim.note,
            citations,
        }
    }

    /// Locates a quote in its source, or reports why it cannot.
    fn resolve_citation(
        &mut self,
        at: &At,
        citation: &CitationRecord,
        known: &Known,
        texts: &HashMap<String, String>,
        chars: &HashMap<String, text::CharIndex>,
        found: Option<Vec<usize>>,
    ) -> Option<Citation> {
        if !declared(&known.sources, &citation.source) {
            self.report(
                at,
                format!(
                    "citation source “{}” is not in sources.json",
                    citation.source
                ),
            );
            return None;
        }
        // A declared source whose text could not be read is reported once, at the source.
        let text = texts.get(&citation.source)?;
        if citation.quote.is_empty() {
            self.report(at, "empty quote");
            return None;
        }
        let found = found.unwrap_or_else(|| text::find_all(text, &citation.quote));
        let byte = match (found.len(), citation.occurrence) {
            (0, _) => {
                let hint = match text::closest_passage(text, &citation.quote) {
                    Some((s, e)) => format!(
                        "closest passage at {}: “{}”",
                        text::byte_to_char(text, s),
                        &text[s..e]
                    ),
                    None => "nothing close found".to_string(),
                };
                self.report(
                    at,
                    format!(
                        "quote not found verbatim in {}: “{}”; {hint}",
                        citation.source, citation.quote
                    ),
                );
                return None;
            }
            (1, None | Some(1)) => found[0],
            (n, None) => {
                self.report(
                    at,
                    format!(
                        "ambiguous quote: “{}” occurs {n} times in {}; add \"occurrence\": 1 to {n}",
                        citation.quote, citation.source
                    ),
                );
                return None;
            }
            (n, Some(k)) if k == 0 || k > n => {
                self.report(
                    at,
                    format!(
                        "occurrence {k} out of range: “{}” occurs {n} time(s) in {}",
                        citation.quote, citation.source
                    ),
                );
                return None;
            }
            (_, Some(k)) => found[k - 1],
        };
        let start = match chars.get(&citation.source) {
            Some(index) => index.char_at(text, byte),
            None => text::byte_to_char(text, byte),
        };
        let end_byte = byte + citation.quote.len();
        Some(Citation {
            source: citation.source.clone(),
            quote: citation.quote.clone(),
            start,
            end: start + citation.quote.chars().count(),
            prefix: text::chars_before(text, byte, CONTEXT_CHARS).to_string(),
            suffix: text::chars_after(text, end_byte, CONTEXT_CHARS).to_string(),
        })
    }

    fn check_date(&mut self, at: &At, date: &str) {
        if edtf::level_1::Edtf::parse(date).is_err() {
            self.report(
                at,
                format!(
                    "date “{date}” is not EDTF; allowed: 1940, 1940-05, 1940-05-24, \
                     with ? (uncertain), ~ (approximate) or % (both) after it, \
                     or an interval such as 1935-06/1936"
                ),
            );
        }
    }
}

/// Every occurrence of every quote, found with one Aho–Corasick pass per
/// source over the distinct quotes citing it: linear in the texts plus the
/// quotes plus the occurrences, instead of a search of the text per quote.
struct Quotes {
    /// For each claim, for each of its citations, the byte offsets where its
    /// quote occurs (overlaps included); `None` when its source has no text
    /// or the quote is empty.
    found: Vec<Vec<Option<Vec<usize>>>>,
    /// Byte-to-code-point offsets of each source text.
    chars: HashMap<String, text::CharIndex>,
}

impl Quotes {
    fn locate(claims: &[(usize, ClaimRecord)], texts: &HashMap<String, String>) -> Quotes {
        let mut found: Vec<Vec<Option<Vec<usize>>>> = claims
            .iter()
            .map(|(_, c)| vec![None; c.citations.len()])
            .collect();
        let mut by_source: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        for (i, (_, claim)) in claims.iter().enumerate() {
            for (j, citation) in claim.citations.iter().enumerate() {
                if !citation.quote.is_empty() && texts.contains_key(&citation.source) {
                    by_source.entry(&citation.source).or_default().push((i, j));
                }
            }
        }
        for (source, citing) in by_source {
            let text = &texts[source];
            let mut pattern_of: HashMap<&str, usize> = HashMap::new();
            let mut patterns: Vec<&str> = Vec::new();
            for &(i, j) in &citing {
                let quote = claims[i].1.citations[j].quote.as_str();
                pattern_of.entry(quote).or_insert_with(|| {
                    patterns.push(quote);
                    patterns.len() - 1
                });
            }
            // Should the automaton not build, each quote is searched on its own.
            // A contiguous NFA: a DFA of every quote costs far more to build
            // than the one pass over the text it would speed up.
            let built = AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&patterns);
            let Ok(automaton) = built else {
                continue;
            };
            let mut offsets: Vec<Vec<usize>> = vec![Vec::new(); patterns.len()];
            for m in automaton.find_overlapping_iter(text) {
                offsets[m.pattern().as_usize()].push(m.start());
            }
            for (i, j) in citing {
                let quote = claims[i].1.citations[j].quote.as_str();
                found[i][j] = Some(offsets[pattern_of[quote]].clone());
            }
        }
        let chars = texts
            .iter()
            .map(|(id, text)| (id.clone(), text::CharIndex::new(text)))
            .collect();
        Quotes { found, chars }
    }
}

/// Whether `s` is a lowercase slug: `a-z0-9` words joined by single hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}
