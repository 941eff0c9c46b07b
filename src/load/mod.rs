//! Reading and validating a graph-data folder.
//!
//! The loader gathers, it does not stop: every file is read, every record is
//! checked, and either a complete [`Dataset`] comes back or a [`LoadError`]
//! listing *every* problem, each with its file, line, record and what is
//! wrong. Nothing half-validated ever leaves this module.
//!
//! The small files (sources, entities, predicates) are read whole; claims,
//! which make up nearly all of a large library, are streamed
//! (`load/claims.rs`) into the compact [`ClaimTable`]. Building the graph's
//! indexes is the job of [`crate::graph`].

mod claims;
mod split;

use std::collections::hash_map::Entry;
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::base::hash::hash_bytes;
use crate::base::joined::text_starts;
use crate::base::memory::{cpu_seconds, peak_mib, resident_mib};
use crate::base::{StrTable, Strings, TooLarge};
use crate::model::{Entity, Predicate, Source, SourceRecord};
use crate::store::{ClaimTable, EntityTable, EntityView};
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

/// A source with its text, and the index that turns byte offsets of the text
/// into code-point offsets.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub source: Source,
    pub text: String,
    pub chars: text::CharIndex,
}

/// A validated graph-data folder: every reference resolves, every quote is
/// located in its source.
#[derive(Debug)]
pub struct Dataset {
    pub sources: Vec<SourceText>,
    pub entities: EntityTable,
    pub predicates: Vec<Predicate>,
    /// Every claim, its ends, predicate, claimant and sources as positions
    /// in the lists above.
    pub claims: ClaimTable,
    /// A digest of every file's bytes: the same files give the same version.
    pub version: String,
}

/// Reads and validates the graph-data folder at `dir`.
pub fn load_dir(dir: &Path) -> Result<Dataset, LoadError> {
    let mut files = Files::default();
    let (sources, source_ids) = files.records::<SourceRecord>(dir, "sources.json", "source");
    let (entities, entity_lines, entity_ids) = files.entities(dir);
    let (predicates, predicate_ids) =
        files.records::<Predicate>(dir, "predicates.json", "predicate");
    let mut checker = Checker {
        problems: std::mem::take(&mut files.problems),
    };
    let known = Known {
        entities: entity_ids,
        predicates: predicate_ids,
        sources: source_ids,
    };
    tracing::debug!(rss_mib = ?resident_mib(), peak_mib = ?peak_mib(), cpu_s = ?cpu_seconds(), "sources, entities and predicates read");
    let dataset = checker.check(
        dir,
        &known,
        &mut files,
        sources,
        (entities, entity_lines),
        predicates,
    );
    let mut problems = checker.problems;
    problems.sort_by_key(|p| (file_rank(&p.file), p.line));
    match dataset {
        Some(dataset) if problems.is_empty() => Ok(dataset),
        _ => Err(LoadError { problems }),
    }
}

/// Problems are listed file by file in this order, then by line.
fn file_rank(file: &str) -> usize {
    [
        "sources.json",
        "entities.json",
        "predicates.json",
        "claims.json",
    ]
    .iter()
    .position(|f| *f == file)
    .unwrap_or(4)
}

/// The ids each file declares, read even from records that are otherwise
/// malformed, so that one bad record is reported once, not again at every
/// reference to it. `None` when the file itself could not be read or parsed:
/// references into it are then not checked at all.
struct Known {
    /// Of entities, only the ids of the records refused: the others are
    /// looked up among the entities stored, which a million ids kept again
    /// here as strings would only duplicate.
    entities: Option<FxHashSet<String>>,
    predicates: Option<FxHashSet<String>>,
    sources: Option<FxHashSet<String>>,
}

/// Whether `id` may be referred to: declared, or its file unreadable.
fn declared(ids: &Option<FxHashSet<String>>, id: &str) -> bool {
    ids.as_ref().is_none_or(|ids| ids.contains(id))
}

/// Reads the JSON files, one record at a time, so that one bad record does
/// not hide the others; keeps a digest of every file read.
#[derive(Default)]
struct Files {
    problems: Vec<Problem>,
    digests: Vec<(String, blake3::Hash)>,
}

impl Files {
    /// The version of the data: a digest of every file's digest, by name.
    fn version(mut self) -> String {
        self.digests.sort_by(|a, b| a.0.cmp(&b.0));
        let mut hasher = blake3::Hasher::new();
        for (name, digest) in &self.digests {
            hasher.update(name.as_bytes());
            hasher.update(&[0]);
            hasher.update(digest.as_bytes());
        }
        hex::encode(&hasher.finalize().as_bytes()[..8])
    }
}

#[derive(Deserialize)]
pub(crate) struct IdOnly {
    pub(crate) id: Option<serde_json::Value>,
}

/// A record of one of the small files, which has an id.
trait Record: for<'de> Deserialize<'de> + Send {
    fn id(&self) -> &str;
}

impl Record for SourceRecord {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Record for Entity {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Record for Predicate {
    fn id(&self) -> &str {
        &self.id
    }
}

/// One record of a small file as parsed: the record, or what is wrong with
/// it; and its id, when it has one that is a string.
struct Parsed<T> {
    record: Result<T, serde_json::Error>,
    id: Option<String>,
}

/// How many entity records one task parses and stores.
const ENTITY_BATCH: usize = 4096;

/// A batch of entity records, parsed and stored.
struct EntityBatch {
    table: EntityTable,
    /// How many records the batch had.
    count: usize,
    /// Each record refused: its place in the batch, why, and its id.
    refused: Vec<(usize, serde_json::Error, Option<String>)>,
    too_large: bool,
}

impl EntityBatch {
    fn parse(raws: &[&RawValue]) -> EntityBatch {
        let mut batch = EntityBatch {
            table: EntityTable::default(),
            count: raws.len(),
            refused: Vec::new(),
            too_large: false,
        };
        for (k, raw) in raws.iter().enumerate() {
            match parse_record::<Entity>(raw.get()) {
                Parsed { record: Ok(e), .. } => batch.too_large |= batch.table.push(&e).is_err(),
                Parsed { record: Err(e), id } => batch.refused.push((k, e, id)),
            }
        }
        batch
    }
}

/// Parses one record strictly. Its id is the record's own when it parsed
/// as an object (serde then read the same `id` member); otherwise it is
/// read on its own, so that a bad record is still known by its id.
fn parse_record<T: Record>(raw: &str) -> Parsed<T> {
    let record = strictly::<T>(raw);
    let id = match &record {
        Ok(record) if raw.starts_with('{') => Some(record.id().to_string()),
        _ => match serde_json::from_str::<IdOnly>(raw) {
            Ok(IdOnly {
                id: Some(serde_json::Value::String(id)),
            }) => Some(id),
            _ => None,
        },
    };
    Parsed { record, id }
}

impl Files {
    /// Reads the records of `file`, parsing them on every core, and the ids
    /// they declare.
    fn records<T: Record>(
        &mut self,
        dir: &Path,
        file: &str,
        kind: &str,
    ) -> (Vec<(usize, T)>, Option<FxHashSet<String>>) {
        let parsed = self.with_records(dir, file, |raws| {
            raws.par_iter()
                .map(|raw| parse_record::<T>(raw.get()))
                .collect::<Vec<_>>()
        });
        let Some((parsed, lines)) = parsed else {
            return (Vec::new(), None);
        };
        let mut records = Vec::with_capacity(parsed.len());
        let mut ids = FxHashSet::with_capacity_and_hasher(parsed.len(), Default::default());
        for (i, (Parsed { record, id }, line)) in parsed.into_iter().zip(lines).enumerate() {
            match record {
                Ok(record) => records.push((line, record)),
                Err(e) => self.refused(file, kind, i, line, id.as_deref(), &e),
            }
            ids.extend(id);
        }
        (records, Some(ids))
    }

    /// Reads `entities.json` into columns: each batch of records is parsed
    /// and stored on the core that parsed it, so that a million entities
    /// never stand as a million [`Entity`]s at once (whose strings, freed,
    /// would stay in the allocator's heap for the rest of the load).
    /// Returns the line of each entity stored, and the ids of the records
    /// that were refused (`None` when the file could not be read).
    fn entities(&mut self, dir: &Path) -> (EntityTable, Vec<usize>, Option<FxHashSet<String>>) {
        const FILE: &str = "entities.json";
        let read = self.with_records(dir, FILE, |raws| {
            raws.par_chunks(ENTITY_BATCH)
                .map(EntityBatch::parse)
                .collect::<Vec<_>>()
        });
        let Some((batches, lines)) = read else {
            return (EntityTable::default(), Vec::new(), None);
        };
        let mut table = EntityTable::default();
        let mut kept = Vec::with_capacity(lines.len());
        let mut refused = FxHashSet::default();
        let mut too_large = false;
        for (b, batch) in batches.into_iter().enumerate() {
            too_large |= batch.too_large || table.append(batch.table).is_err();
            let first = b * ENTITY_BATCH;
            let mut refusals = batch.refused.into_iter().peekable();
            for (k, &line) in lines[first..].iter().take(batch.count).enumerate() {
                match refusals.next_if(|(at, ..)| *at == k) {
                    Some((_, e, id)) => {
                        self.refused(FILE, "entity", first + k, line, id.as_deref(), &e);
                        refused.extend(id);
                    }
                    None => kept.push(line),
                }
            }
        }
        if too_large {
            self.problem(FILE, None, None, TooLarge.to_string());
            return (EntityTable::default(), Vec::new(), None);
        }
        (table, kept, Some(refused))
    }

    /// Reads `file` as a JSON array and hands its elements to `parse`, with
    /// the line each starts on; `None`, and a problem, when the file cannot
    /// be read or is not a JSON array.
    fn with_records<R: Send>(
        &mut self,
        dir: &Path,
        file: &str,
        parse: impl FnOnce(&[&RawValue]) -> R + Send,
    ) -> Option<(R, Vec<usize>)> {
        let bytes = match std::fs::read(dir.join(file)) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.problem(file, None, None, format!("cannot read file: {e}"));
                return None;
            }
        };
        let content = match text::utf8(bytes) {
            Ok(content) => content,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                self.problems.push(not_utf8(file, e.as_bytes(), at));
                return None;
            }
        };
        // The digest is taken on one core while the records are found on
        // the other, and their lines counted while they are parsed: 0.05 s
        // less for a million entities' file, where each of the three had
        // run with the other core waiting.
        let (digest, raws) = rayon::join(
            || blake3::hash(content.as_bytes()),
            || serde_json::from_str::<Vec<&RawValue>>(&content),
        );
        self.digests.push((file.to_string(), digest));
        let raws: Vec<&RawValue> = match raws {
            Ok(raws) => raws,
            Err(e) => {
                let message = format!("invalid JSON at column {}: {}", e.column(), bare(&e));
                self.problem(file, Some(e.line()), None, message);
                return None;
            }
        };
        let (parsed, lines) = rayon::join(|| parse(&raws), || record_lines(&content, &raws));
        Some((parsed, lines))
    }

    /// Reports record `i` of `file`, at `line`, refused for `e`.
    fn refused(
        &mut self,
        file: &str,
        kind: &str,
        i: usize,
        line: usize,
        id: Option<&str>,
        e: &serde_json::Error,
    ) {
        let label = match id {
            Some(id) => format!("{kind} {id}"),
            None => format!("{kind} #{}", i + 1),
        };
        let line = line + e.line().saturating_sub(1);
        self.problem(file, Some(line), Some(label), bare(e));
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

/// The problem of `file`, whose first byte that is not UTF-8 is at `at`
/// of `bytes`: where that byte is, by line and column.
fn not_utf8(file: &str, bytes: &[u8], at: usize) -> Problem {
    let before = &bytes[..at];
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |n| n + 1);
    Problem {
        file: file.to_string(),
        line: Some(1 + memchr::memchr_iter(b'\n', before).count()),
        record: None,
        message: format!("not UTF-8: invalid byte at column {}", at - line_start + 1),
    }
}

/// The line each record starts on, counting from the previous record on,
/// which keeps this linear.
fn record_lines(content: &str, raws: &[&RawValue]) -> Vec<usize> {
    let (mut counted_to, mut line) = (0, 1);
    raws.iter()
        .map(|raw| {
            let offset = raw.get().as_ptr() as usize - content.as_ptr() as usize;
            line += memchr::memchr_iter(b'\n', &content.as_bytes()[counted_to..offset]).count();
            counted_to = offset;
            line
        })
        .collect()
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
    /// The record is `{kind} {id}`, spelled out only for a problem.
    kind: &'a str,
    id: &'a str,
}

impl Checker {
    fn report(&mut self, at: &At, message: impl Into<String>) {
        self.problems.push(Problem {
            file: at.file.to_string(),
            line: Some(at.line),
            record: Some(format!("{} {}", at.kind, at.id)),
            message: message.into(),
        });
    }

    /// Checks every record against the others and reads the claims; `None`
    /// when a file could not be read at all.
    fn check(
        &mut self,
        dir: &Path,
        known: &Known,
        files: &mut Files,
        sources: Vec<(usize, SourceRecord)>,
        (entities, entity_lines): (EntityTable, Vec<usize>),
        predicates: Vec<(usize, Predicate)>,
    ) -> Option<Dataset> {
        let predicate_ids = predicates.iter().map(|(line, p)| (*line, p.id.as_str()));
        self.unique_ids("predicates.json", "predicate", predicate_ids);
        let source_ids = sources.iter().map(|(line, s)| (*line, s.id.as_str()));
        self.unique_ids("sources.json", "source", source_ids);

        // Claims keep their predicate's position in 16 bits.
        let too_many_predicates = predicates.len() > usize::from(u16::MAX) + 1;
        if too_many_predicates {
            self.problems.push(Problem {
                file: "predicates.json".to_string(),
                line: None,
                record: None,
                message: format!(
                    "{} predicates; a vocabulary holds at most 65,536",
                    predicates.len()
                ),
            });
        }
        // The entities are checked and indexed on one core while the texts
        // are read on the other (at a million entities, 0.4 s of the
        // checks had kept the other core waiting); the problems are listed
        // by file and line in the end, as if one came after the other.
        let (entity_problems, read) = rayon::join(
            || {
                let mut checks = Checker::default();
                checks.check_entities(&entities, &entity_lines);
                entities.id_index();
                checks.problems
            },
            || read_texts(dir, &sources),
        );
        self.problems.extend(entity_problems);
        let texts = self.read_sources(&sources, read, known, entities.id_index(), files);
        if too_many_predicates {
            return None; // The claims cannot be stored, so they are not read.
        }
        let context = claims::Context {
            known,
            entities: entities.id_index(),
            predicates: positions(predicates.iter().map(|(_, p)| p.id.as_str()), |i| {
                u16::try_from(i).unwrap_or(u16::MAX)
            }),
            sources: positions(sources.iter().map(|(_, s)| s.id.as_str()), |i| i as u32),
            text_starts: text_starts(
                texts
                    .iter()
                    .map(|t| t.as_ref().map_or(0, |(text, _)| text.len())),
            ),
            texts: &texts,
        };
        tracing::debug!(rss_mib = ?resident_mib(), peak_mib = ?peak_mib(), cpu_s = ?cpu_seconds(), "entities checked, source texts read");
        let read = claims::read(dir, &context);
        drop(context);
        tracing::debug!(rss_mib = ?resident_mib(), peak_mib = ?peak_mib(), cpu_s = ?cpu_seconds(), "claims read");
        self.problems.extend(read.problems);
        files
            .digests
            .push(("claims.json".to_string(), read.digest?));
        let sources = sources
            .into_iter()
            .zip(texts)
            .map(|((_, record), text)| {
                let (text, chars) = text?;
                let length = chars.len();
                Some(SourceText {
                    source: Source { record, length },
                    text,
                    chars,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Dataset {
            sources,
            entities,
            predicates: predicates.into_iter().map(|(_, p)| p).collect(),
            claims: read.table,
            version: std::mem::take(files).version(),
        })
    }

    /// Reports malformed and duplicate ids.
    fn unique_ids<'a>(
        &mut self,
        file: &str,
        kind: &str,
        ids: impl ExactSizeIterator<Item = (usize, &'a str)>,
    ) {
        let mut first_line: FxHashMap<&str, usize> =
            FxHashMap::with_capacity_and_hasher(ids.len(), Default::default());
        for (line, id) in ids {
            let at = At {
                file,
                line,
                kind,
                id,
            };
            if !is_slug(id) {
                self.report(
                    &at,
                    "id must be a lowercase slug: a-z, 0-9 and single hyphens, e.g. louis-budenz",
                );
            }
            match first_line.entry(id) {
                Entry::Occupied(first) => {
                    let first = *first.get();
                    self.report(&at, format!("duplicate id; first defined at line {first}"));
                }
                Entry::Vacant(slot) => {
                    slot.insert(line);
                }
            }
        }
    }

    /// Checks every entity: unique ids, each record, unique names.
    fn check_entities(&mut self, entities: &EntityTable, lines: &[usize]) {
        let ids = (0..entities.len()).map(|i| entities.id(i));
        self.unique_ids("entities.json", "entity", lines.iter().copied().zip(ids));
        for (&line, entity) in lines.iter().zip(entities) {
            self.check_entity(line, entity);
        }
        self.check_names_unique(entities, lines);
    }

    fn check_entity(&mut self, line: usize, entity: EntityView) {
        let at = At {
            file: "entities.json",
            line,
            kind: "entity",
            id: entity.id,
        };
        if entity.name.trim().is_empty() {
            self.report(&at, "name is empty");
        }
        if entity.aliases.iter().any(|a| a.trim().is_empty()) {
            self.report(&at, "an alias is empty");
        }
        if let Some(date) = entity.date {
            self.check_date(&at, date);
        }
    }

    /// No two entities may share a name or alias once folded.
    ///
    /// The names are folded into arenas and found equal by sorting their
    /// hashes, on every core: at a million entities, a `String` a name in
    /// a map owning them took 3.4 million allocations, and a table of
    /// positions filled on one core was still the longest part of reading
    /// the texts beside it.
    fn check_names_unique(&mut self, entities: &EntityTable, lines: &[usize]) {
        let (folded, owner) = match crate::names::fold_names(entities) {
            Ok(folded) => folded,
            Err(too_large) => {
                let message = format!("the names and aliases, once folded: {too_large}");
                self.problems.push(Problem {
                    file: "entities.json".to_string(),
                    line: None,
                    record: None,
                    message,
                });
                return;
            }
        };
        let mut clashes = first_of_each(&folded).into_iter().peekable();
        let mut n = 0u32;
        for (&line, entity) in lines.iter().zip(entities) {
            let at = || At {
                file: "entities.json",
                line,
                kind: "entity",
                id: entity.id,
            };
            for name in entity.names() {
                let first = clashes.next_if(|&(at, _)| at == n).map(|(_, first)| first);
                let owned_by = first.map(|m| entities.id(owner[m as usize] as usize));
                match owned_by {
                    Some(other) if other != entity.id => {
                        let other = other.to_string();
                        self.report(
                            &at(),
                            format!(
                                "name or alias “{name}” is also a name or alias of entity {other}"
                            ),
                        );
                    }
                    Some(_) => {
                        self.report(&at(), format!("name or alias “{name}” is listed twice"));
                    }
                    None => {}
                }
                n += 1;
            }
        }
    }

    /// Checks each source and takes its text as read ([`read_texts`]), by
    /// source position; `None` where it could not be read (and a problem
    /// says why).
    fn read_sources(
        &mut self,
        sources: &[(usize, SourceRecord)],
        read: Vec<Result<Option<Text>, String>>,
        known: &Known,
        entities: &StrTable,
        files: &mut Files,
    ) -> Vec<Option<(String, text::CharIndex)>> {
        let mut texts = Vec::with_capacity(sources.len());
        for ((line, source), read) in sources.iter().zip(read) {
            let at = At {
                file: "sources.json",
                line: *line,
                kind: "source",
                id: &source.id,
            };
            let author = &source.author;
            if entities.get(author).is_none() && !declared(&known.entities, author) {
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
            match read {
                Ok(Some(text)) => {
                    files.digests.push((text.name, text.digest));
                    texts.push(Some((text.text, text.chars)));
                }
                Ok(None) => texts.push(None),
                Err(problem) => {
                    self.report(&at, problem);
                    texts.push(None);
                }
            }
        }
        texts
    }

    fn check_date(&mut self, at: &At, date: &str) {
        if let Some(problem) = date_problem(date) {
            self.report(at, problem);
        }
    }
}

/// For each string of `strings` that an earlier one equals, its position
/// and the first one's, in order of position: strings found equal by
/// sorting their hashes, then comparing within each run of equal hashes.
fn first_of_each(strings: &Strings) -> Vec<(u32, u32)> {
    let mut by_hash: Vec<(u64, u32)> = (0..strings.len() as u32)
        .into_par_iter()
        .map(|i| (hash_bytes(strings.get(i).as_bytes()), i))
        .collect();
    by_hash.par_sort_unstable();
    let mut repeats = Vec::new();
    for run in by_hash
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        // In position order within the run; each string is compared with
        // the first of each distinct string before it (nearly always one:
        // equal hashes of unequal strings are rare), not with every one.
        let mut firsts: Vec<u32> = Vec::new();
        for &(_, i) in run {
            match firsts.iter().find(|&&j| strings.get(j) == strings.get(i)) {
                Some(&j) => repeats.push((i, j)),
                None => firsts.push(i),
            }
        }
    }
    repeats.sort_unstable();
    repeats
}

/// Reads each source's text, on every core, by source position.
fn read_texts(dir: &Path, sources: &[(usize, SourceRecord)]) -> Vec<Result<Option<Text>, String>> {
    sources
        .par_iter()
        .map(|(_, source)| read_text(dir, source))
        .collect()
}

/// A source text as read, with its index of code points and its digest.
struct Text {
    name: String,
    text: String,
    chars: text::CharIndex,
    digest: blake3::Hash,
}

/// Reads `sources/<id>.txt`; `None` for a source whose id is not a slug
/// (already reported: a bad id never reaches the filesystem).
fn read_text(dir: &Path, source: &SourceRecord) -> Result<Option<Text>, String> {
    if !is_slug(&source.id) {
        return Ok(None);
    }
    let name = format!("sources/{}.txt", source.id);
    let path: PathBuf = dir.join(&name);
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read its text {name}: {e}"))?;
    let digest = blake3::hash(&bytes);
    let text = text::utf8(bytes).map_err(|e| {
        format!(
            "its text {name} is not UTF-8: invalid byte at offset {}",
            e.utf8_error().valid_up_to()
        )
    })?;
    let chars = text::CharIndex::new(&text);
    Ok(Some(Text {
        name,
        text,
        chars,
        digest,
    }))
}

/// What is wrong with a date that is not EDTF.
fn date_problem(date: &str) -> Option<String> {
    edtf::level_1::Edtf::parse(date).is_err().then(|| {
        format!(
            "date “{date}” is not EDTF; allowed: 1940, 1940-05, 1940-05-24, \
             with ? (uncertain), ~ (approximate) or % (both) after it, \
             or an interval such as 1935-06/1936"
        )
    })
}

fn positions<'a, T>(
    ids: impl Iterator<Item = &'a str>,
    position: impl Fn(usize) -> T,
) -> FxHashMap<&'a str, T> {
    let mut map = FxHashMap::default();
    for (i, id) in ids.enumerate() {
        map.entry(id).or_insert_with(|| position(i));
    }
    map
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
