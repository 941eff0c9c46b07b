//! Reading the small JSON files (sources, entities, predicates) a record at
//! a time, so that one bad record does not hide the others: each record is
//! parsed strictly, known by its id even when it is malformed, and located
//! by its line; entities are parsed and stored in columns a batch at a time
//! on every core.

use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::Problem;
use crate::base::TooLarge;
use crate::model::Entity;
use crate::model::Predicate;
use crate::model::input::{EntityRecord, SourceFileRecord};
use crate::store::EntityTable;
use crate::text;

/// Reads the JSON files, one record at a time, so that one bad record does
/// not hide the others; keeps a digest of every file read.
#[derive(Default)]
pub(super) struct Files {
    pub(super) problems: Vec<Problem>,
    pub(super) digests: Vec<(String, blake3::Hash)>,
}

impl Files {
    /// The version of the data: a digest of every file's digest, by name.
    pub(super) fn version(mut self) -> String {
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
pub(super) trait Record: for<'de> Deserialize<'de> + Send {
    fn id(&self) -> &str;
}

impl Record for SourceFileRecord {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Record for EntityRecord {
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
pub(super) struct Parsed<T> {
    pub(super) record: Result<T, serde_json::Error>,
    pub(super) id: Option<String>,
}

/// How many entity records one task parses and stores.
pub(super) const ENTITY_BATCH: usize = 4096;

/// A batch of entity records, parsed and stored.
pub(super) struct EntityBatch {
    pub(super) table: EntityTable,
    /// How many records the batch had.
    pub(super) count: usize,
    /// Each record refused: its place in the batch, why, and its id.
    pub(super) refused: Vec<(usize, serde_json::Error, Option<String>)>,
    pub(super) too_large: bool,
}

impl EntityBatch {
    pub(super) fn parse(raws: &[&RawValue]) -> EntityBatch {
        let mut batch = EntityBatch {
            table: EntityTable::default(),
            count: raws.len(),
            refused: Vec::new(),
            too_large: false,
        };
        for (k, raw) in raws.iter().enumerate() {
            match parse_record::<EntityRecord>(raw.get()) {
                Parsed { record: Ok(e), .. } => {
                    batch.too_large |= batch.table.push(&Entity::from(e)).is_err();
                }
                Parsed { record: Err(e), id } => batch.refused.push((k, e, id)),
            }
        }
        batch
    }
}

/// Parses one record strictly. Its id is the record's own when it parsed
/// as an object (serde then read the same `id` member); otherwise it is
/// read on its own, so that a bad record is still known by its id.
pub(super) fn parse_record<T: Record>(raw: &str) -> Parsed<T> {
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
    pub(super) fn records<T: Record>(
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
    pub(super) fn entities(
        &mut self,
        dir: &Path,
    ) -> (EntityTable, Vec<usize>, Option<FxHashSet<String>>) {
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
    pub(super) fn with_records<R: Send>(
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
    pub(super) fn refused(
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

    pub(super) fn problem(
        &mut self,
        file: &str,
        line: Option<usize>,
        record: Option<String>,
        m: String,
    ) {
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
pub(super) fn not_utf8(file: &str, bytes: &[u8], at: usize) -> Problem {
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
pub(super) fn record_lines(content: &str, raws: &[&RawValue]) -> Vec<usize> {
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

/// Deserializes one record, rejecting fields `T` does not have: every
/// record type denies unknown fields, so serde's own message names the
/// field and every field allowed.
pub(super) fn strictly<'de, T: Deserialize<'de>>(raw: &'de str) -> Result<T, serde_json::Error> {
    serde_json::from_str(raw)
}

/// serde_json's message without its trailing "at line L column C".
pub(super) fn bare(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}
