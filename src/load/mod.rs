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

mod check;
mod claims;
mod records;
mod split;

use std::fmt;
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::base::memory::{cpu_seconds, peak_mib, resident_mib};
use crate::model::input::SourceFileRecord;
use crate::model::{Predicate, Source, SourceRecord};
use crate::store::{ClaimTable, EntityTable};
use crate::text;
use check::Checker;
use records::{Files, IdOnly, bare, not_utf8};

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
    let (sources, source_ids) = files.records::<SourceFileRecord>(dir, "sources.json", "source");
    let sources: Vec<(usize, SourceRecord)> = sources
        .into_iter()
        .map(|(line, s)| (line, s.into()))
        .collect();
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

/// How many entity ids are scored one by one for a "did you mean"; past
/// it, only the ids one edit away are looked up, whatever the size.
const SCAN_IDS_AT_MOST: usize = 50_000;

/// `; did you mean “x”?` for the closest of `candidates` to `wanted`, or
/// nothing when none is close ([`crate::typo::closest`]).
fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    crate::typo::closest(wanted, candidates)
        .map(|c| format!("; did you mean “{c}”?"))
        .unwrap_or_default()
}

/// [`did_you_mean`] among the entity ids of `entities`: every id of a
/// small library, the ids one edit away in a large one.
fn did_you_mean_entity(wanted: &str, entities: &EntityTable) -> String {
    if entities.len() <= SCAN_IDS_AT_MOST {
        let ids: Vec<String> = (0..entities.len())
            .map(|i| entities.id(i).to_string())
            .collect();
        return did_you_mean(wanted, ids.iter().map(String::as_str));
    }
    if wanted.chars().count() > 128 {
        return String::new();
    }
    let near: Vec<String> = crate::typo::one_edit_away(wanted)
        .filter(|id| entities.position(id).is_some())
        .collect();
    did_you_mean(wanted, near.iter().map(String::as_str))
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
