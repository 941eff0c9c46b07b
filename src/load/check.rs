//! Checking every record against the others, gathering every problem:
//! unique ids and names, references that resolve, dates that are EDTF,
//! texts that can be read; then the claims are read against what was found.

use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::records::Files;
use super::{
    Dataset, Known, Problem, SourceText, claims, date_problem, declared, did_you_mean_entity,
    is_slug, positions,
};
use crate::base::Strings;
use crate::base::hash::hash_bytes;
use crate::base::joined::text_starts;
use crate::base::memory::{cpu_seconds, peak_mib, resident_mib};
use crate::model::{Predicate, Source, SourceRecord};
use crate::store::{EntityTable, EntityView};
use crate::text;

/// Cross-record validation, gathering every problem.
#[derive(Default)]
pub(super) struct Checker {
    pub(super) problems: Vec<Problem>,
}

/// Where a record came from, for messages.
pub(super) struct At<'a> {
    pub(super) file: &'a str,
    pub(super) line: usize,
    /// The record is `{kind} {id}`, spelled out only for a problem.
    pub(super) kind: &'a str,
    pub(super) id: &'a str,
}

impl Checker {
    pub(super) fn report(&mut self, at: &At, message: impl Into<String>) {
        self.problems.push(Problem {
            file: at.file.to_string(),
            line: Some(at.line),
            record: Some(format!("{} {}", at.kind, at.id)),
            message: message.into(),
        });
    }

    /// Checks every record against the others and reads the claims; `None`
    /// when a file could not be read at all.
    pub(super) fn check(
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
        for (line, predicate) in &predicates {
            self.check_predicate(*line, predicate);
        }
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
                // Built here, beside the texts being read, rather than at
                // the first look-up below; the graph keeps and uses it too.
                entities.id_index();
                checks.problems
            },
            || read_texts(dir, &sources),
        );
        self.problems.extend(entity_problems);
        let texts = self.read_sources(&sources, read, known, &entities, files);
        if too_many_predicates {
            return None; // The claims cannot be stored, so they are not read.
        }
        let context = claims::Context {
            known,
            entities: entities.id_index(),
            predicates: positions(predicates.iter().map(|(_, p)| p.id.as_str()), |i| {
                u16::try_from(i).unwrap_or(u16::MAX)
            }),
            rules: predicates
                .iter()
                .map(|(_, p)| claims::Rule::of(p))
                .collect(),
            any_about_claims: predicates.iter().any(|(_, p)| p.is_about_claims()),
            entity_table: &entities,
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
    pub(super) fn unique_ids<'a>(
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

    /// A predicate's declarations agree with one another: a stance and no
    /// object types only for predicates about claims; no empty type list.
    fn check_predicate(&mut self, line: usize, predicate: &Predicate) {
        let at = At {
            file: "predicates.json",
            line,
            kind: "predicate",
            id: &predicate.id,
        };
        if predicate.stance.is_some() && !predicate.is_about_claims() {
            self.report(
                &at,
                "a stance is what a claim does to another claim; add \"about\": \"claim\" or remove \"stance\"",
            );
        }
        if predicate.is_about_claims() && predicate.object_types.is_some() {
            self.report(
                &at,
                "\"object_types\" with \"about\": \"claim\": the objects of its claims are claims, not entities",
            );
        }
        for (field, types) in [
            ("subject_types", &predicate.subject_types),
            ("object_types", &predicate.object_types),
        ] {
            if types.as_ref().is_some_and(Vec::is_empty) {
                self.report(
                    &at,
                    format!("\"{field}\" is empty; leave it out to allow any type"),
                );
            }
        }
    }

    /// Checks every entity: unique ids, each record, unique names.
    pub(super) fn check_entities(&mut self, entities: &EntityTable, lines: &[usize]) {
        let ids = (0..entities.len()).map(|i| entities.id(i));
        self.unique_ids("entities.json", "entity", lines.iter().copied().zip(ids));
        for (&line, entity) in lines.iter().zip(entities) {
            self.check_entity(line, entity);
        }
        self.check_names_unique(entities, lines);
    }

    pub(super) fn check_entity(&mut self, line: usize, entity: EntityView) {
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
    pub(super) fn check_names_unique(&mut self, entities: &EntityTable, lines: &[usize]) {
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
    pub(super) fn read_sources(
        &mut self,
        sources: &[(usize, SourceRecord)],
        read: Vec<Result<Option<Text>, String>>,
        known: &Known,
        entity_table: &EntityTable,
        files: &mut Files,
    ) -> Vec<Option<(String, text::CharIndex)>> {
        let entities = entity_table.id_index();
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
                let hint = did_you_mean_entity(author, entity_table);
                self.report(
                    &at,
                    format!("author “{}” is not an entity id{hint}", source.author),
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

    pub(super) fn check_date(&mut self, at: &At, date: &str) {
        if let Some(problem) = date_problem(date) {
            self.report(at, problem);
        }
    }
}

/// For each string of `strings` that an earlier one equals, its position
/// and the first one's, in order of position: strings found equal by
/// sorting their hashes, then comparing within each run of equal hashes.
pub(super) fn first_of_each(strings: &Strings) -> Vec<(u32, u32)> {
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
pub(super) fn read_texts(
    dir: &Path,
    sources: &[(usize, SourceRecord)],
) -> Vec<Result<Option<Text>, String>> {
    sources
        .par_iter()
        .map(|(_, source)| read_text(dir, source))
        .collect()
}

/// A source text as read, with its index of code points and its digest.
pub(super) struct Text {
    pub(super) name: String,
    pub(super) text: String,
    pub(super) chars: text::CharIndex,
    pub(super) digest: blake3::Hash,
}

/// Reads `sources/<id>.txt`; `None` for a source whose id is not a slug
/// (already reported: a bad id never reaches the filesystem).
pub(super) fn read_text(dir: &Path, source: &SourceRecord) -> Result<Option<Text>, String> {
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
