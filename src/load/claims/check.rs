//! The checks of one claim record against the rest of the data: its ends
//! and claimant among the entities (a batch's look-ups together, so that
//! their cache misses overlap), its predicate, status and date, and each
//! citation located in its source by its quote.

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use rustc_hash::FxHashMap;

use super::{Context, FILE};
use crate::base::EntityIx;
use crate::base::hash::hash_bytes;
use crate::load::{Problem, date_problem, declared, did_you_mean, did_you_mean_entity, is_slug};
use crate::model::{CitationRecord, ClaimRecord, EntityType, Predicate};
use crate::store::{Row, Span};
use crate::text;

/// What a predicate asks of its claims, by its position in the vocabulary.
#[derive(Debug, Clone, Copy, Default)]
pub(in crate::load) struct Rule {
    /// Whether the object is a claim id rather than an entity id.
    pub about_claims: bool,
    /// The entity types a subject may have, a bit a type; 0: any.
    subject_types: u8,
    /// The same for objects.
    object_types: u8,
}

impl Rule {
    pub(in crate::load) fn of(predicate: &Predicate) -> Rule {
        let mask = |types: &Option<Vec<EntityType>>| {
            types.iter().flatten().fold(0u8, |m, t| m | type_bit(*t))
        };
        Rule {
            about_claims: predicate.is_about_claims(),
            subject_types: mask(&predicate.subject_types),
            object_types: mask(&predicate.object_types),
        }
    }
}

fn type_bit(t: EntityType) -> u8 {
    1 << (t as u8)
}

/// The types of a mask, as a curator reads them: "a person or an organization".
fn types_named(mask: u8) -> String {
    let names: Vec<String> = EntityType::ALL
        .into_iter()
        .filter(|t| mask & type_bit(*t) != 0)
        .map(|t| {
            format!(
                "{} {}",
                if t == EntityType::Organization || t == EntityType::Event {
                    "an"
                } else {
                    "a"
                },
                t.as_str()
            )
        })
        .collect();
    names.join(" or ")
}

/// Each record's subject, object and claimant looked up among the
/// entities, all of a batch together ([`StrTable::get_each`]): the probes,
/// each a cache miss in a table of millions, then overlap instead of
/// waiting on one another between the other checks of a claim.
pub(super) fn entity_positions(
    ctx: &Context,
    parsed: &[(usize, ClaimRecord)],
) -> Vec<[Option<u32>; 3]> {
    let ids: Vec<(u64, &str)> = parsed
        .iter()
        .flat_map(|(_, c)| [&*c.subject, &*c.object, &*c.claimed_by])
        .map(|id| (hash_bytes(id.as_bytes()), id))
        .collect();
    let mut positions = vec![[None; 3]; parsed.len()];
    ctx.entities
        .get_each(ids.iter().copied(), |i, at| positions[i / 3][i % 3] = at);
    positions
}

/// Where the quotes to be searched for occur: by (record, citation), the
/// byte offsets of every occurrence in its source (overlaps included). Only
/// citations without a `start`, with a non-empty quote and a readable
/// source are searched; the others are not in the map.
pub(super) type Located = FxHashMap<(usize, usize), Vec<usize>>;

/// The [`Located`] quotes of a batch: one pass per source over the quotes
/// cited from it.
pub(super) fn locate_quotes(ctx: &Context, parsed: &[(usize, ClaimRecord)]) -> Located {
    let mut found = Located::default();
    let mut by_source: FxHashMap<u32, Vec<(usize, usize)>> = FxHashMap::default();
    for (i, (_, claim)) in parsed.iter().enumerate() {
        for (j, citation) in claim.citations.iter().enumerate() {
            let source = ctx.sources.get(citation.source.as_ref());
            let readable = source.filter(|&&s| ctx.texts[s as usize].is_some());
            let searched = citation.start.is_none() && !citation.quote.is_empty();
            if let (Some(&s), true) = (readable, searched) {
                by_source.entry(s).or_default().push((i, j));
            }
        }
    }
    for (source, citing) in by_source {
        let Some((text, _)) = &ctx.texts[source as usize] else {
            continue;
        };
        let quote = |&(i, j): &(usize, usize)| parsed[i].1.citations[j].quote.as_ref();
        let mut pattern_of: FxHashMap<&str, usize> = FxHashMap::default();
        let mut patterns: Vec<&str> = Vec::new();
        for c in &citing {
            pattern_of.entry(quote(c)).or_insert_with(|| {
                patterns.push(quote(c));
                patterns.len() - 1
            });
        }
        let offsets = occurrences(text, &patterns);
        for c in citing {
            found.insert(c, offsets[pattern_of[quote(&c)]].clone());
        }
    }
    found
}

/// Every occurrence of every pattern, overlaps included: a plain search for
/// one pattern, one Aho–Corasick pass for several.
pub(super) fn occurrences(text: &str, patterns: &[&str]) -> Vec<Vec<usize>> {
    if let [only] = patterns {
        return vec![text::find_all(text, only)];
    }
    // A contiguous NFA: a DFA of every quote costs far more to build than the
    // one pass over the text it would speed up.
    let built = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(patterns);
    match built {
        Ok(automaton) => {
            let mut offsets: Vec<Vec<usize>> = vec![Vec::new(); patterns.len()];
            for m in automaton.find_overlapping_iter(text) {
                offsets[m.pattern().as_usize()].push(m.start());
            }
            offsets
        }
        Err(_) => patterns.iter().map(|p| text::find_all(text, p)).collect(),
    }
}

/// The checks of one claim, reporting into its batch's problems.
pub(super) struct ClaimCheck<'b, 'c> {
    pub(super) ctx: &'b Context<'c>,
    pub(super) line: usize,
    /// The claim's id, made into a record label only for a problem.
    pub(super) id: &'b str,
    pub(super) problems: &'b mut Vec<Problem>,
}

impl ClaimCheck<'_, '_> {
    fn report(&mut self, message: impl Into<String>) {
        self.problems.push(Problem {
            file: FILE.to_string(),
            line: Some(self.line),
            record: Some(format!("claim {}", self.id)),
            message: message.into(),
        });
    }

    /// The entity `id` names, found at `position` (if it is an entity's),
    /// or a problem.
    fn entity(&mut self, field: &str, id: &str, position: Option<u32>) -> EntityIx {
        if let Some(at) = position {
            return EntityIx::new(at as usize);
        }
        if !declared(&self.ctx.known.entities, id) {
            let hint = did_you_mean_entity(id, self.ctx.entity_table);
            self.report(format!("{field} “{id}” is not an entity id{hint}"));
        }
        EntityIx::default()
    }

    /// Checks a claim, whose subject, object and claimant are at `ends`
    /// among the entities and whose `j`th citation's quote `located(j)`
    /// found, if it was searched for; its located citations go to `spans`
    /// (cleared first), which the returned row borrows.
    pub(super) fn claim<'a>(
        &mut self,
        claim: &'a ClaimRecord,
        ends: [Option<u32>; 3],
        mut located: impl FnMut(usize) -> Option<Vec<usize>>,
        spans: &'a mut Vec<Span>,
    ) -> Row<'a> {
        if !is_slug(&claim.id) {
            self.report(
                "id must be a lowercase slug: a-z, 0-9 and single hyphens, e.g. louis-budenz",
            );
        }
        let [subject_at, object_at, claimed_by] = ends;
        let predicate = self.ctx.predicates.get(claim.predicate.as_ref()).copied();
        if predicate.is_none() && !declared(&self.ctx.known.predicates, &claim.predicate) {
            let hint = did_you_mean(&claim.predicate, self.ctx.predicates.keys().copied());
            self.report(format!(
                "predicate “{}” is not in predicates.json{hint}",
                claim.predicate
            ));
        }
        let rule = predicate.map_or_else(Rule::default, |p| self.ctx.rules[p as usize]);
        let subject = self.entity("subject", &claim.subject, subject_at);
        // The object of a claim about a claim is found once every claim is
        // in (`about::resolve`); here it is only checked not to be an entity.
        let object = match rule.about_claims {
            true => {
                if object_at.is_some() {
                    self.report(format!(
                        "object “{}” is an entity id, but “{}” is about claims: its object is a claim id",
                        claim.object, claim.predicate
                    ));
                }
                EntityIx::default()
            }
            false => self.entity("object", &claim.object, object_at),
        };
        let claimed_by = self.entity("claimed_by", &claim.claimed_by, claimed_by);
        self.check_type(
            "subject",
            &claim.subject,
            subject_at,
            rule.subject_types,
            &claim.predicate,
        );
        if !rule.about_claims {
            self.check_type(
                "object",
                &claim.object,
                object_at,
                rule.object_types,
                &claim.predicate,
            );
        }
        if claim.subject == claim.object {
            self.report(format!("subject and object are both “{}”", claim.subject));
        }
        if let Some(problem) = claim.date.as_deref().and_then(date_problem) {
            self.report(problem);
        }
        if claim.citations.is_empty() {
            self.report("no citations; every claim cites at least one quote");
        }
        spans.clear();
        for (j, citation) in claim.citations.iter().enumerate() {
            spans.extend(self.citation(citation, located(j)));
        }
        Row {
            id: &claim.id,
            subject,
            object,
            predicate: predicate.unwrap_or_default(),
            status: claim.status,
            claimed_by,
            date: claim.date.as_deref(),
            note: claim.note.as_deref(),
            citations: spans,
        }
    }

    /// Reports an end whose type its predicate does not take.
    fn check_type(&mut self, field: &str, id: &str, at: Option<u32>, allowed: u8, predicate: &str) {
        // Most predicates declare no types: their claims' ends are not read.
        let (Some(at), false) = (at, allowed == 0) else {
            return;
        };
        let kind = self.ctx.entity_table.kind(at as usize);
        if allowed & type_bit(kind) == 0 {
            self.report(format!(
                "{field} “{id}” is {}, but “{predicate}” takes {} as its {field}",
                types_named(type_bit(kind)),
                types_named(allowed)
            ));
        }
    }

    /// Locates a quote in its source, or reports why it cannot.
    fn citation(&mut self, citation: &CitationRecord, found: Option<Vec<usize>>) -> Option<Span> {
        let Some(&source) = self.ctx.sources.get(citation.source.as_ref()) else {
            if !declared(&self.ctx.known.sources, &citation.source) {
                let hint = did_you_mean(&citation.source, self.ctx.sources.keys().copied());
                self.report(format!(
                    "citation source “{}” is not in sources.json{hint}",
                    citation.source
                ));
            }
            return None;
        };
        // A declared source whose text could not be read is reported once, at the source.
        let (text, chars) = self.ctx.texts[source as usize].as_ref()?;
        let quote = citation.quote.as_ref();
        if quote.is_empty() {
            self.report("empty quote");
            return None;
        }
        let byte = match citation.start {
            Some(start) => self.at_start(citation, start, text, chars)?,
            None => self.search(citation, found, text)?,
        };
        let fits = |n: usize| u32::try_from(n).ok();
        match (fits(byte), fits(byte + quote.len())) {
            (Some(byte_start), Some(byte_end)) => Some(Span {
                source,
                byte_start,
                byte_end,
            }),
            _ => {
                self.report(format!(
                    "quote lies past the first 4 GiB of {}; split the source",
                    citation.source
                ));
                None
            }
        }
    }

    /// The byte offset of a quote given with its `start`, once checked.
    fn at_start(
        &mut self,
        citation: &CitationRecord,
        start: usize,
        text: &str,
        chars: &text::CharIndex,
    ) -> Option<usize> {
        let quote = citation.quote.as_ref();
        if citation.occurrence.is_some() {
            self.report("give either \"start\" or \"occurrence\", not both");
            return None;
        }
        let byte = chars.byte_at(text, start);
        if byte.is_some_and(|b| text[b..].starts_with(quote)) {
            return byte;
        }
        let found = text::find_all(text, quote);
        let hint = match found.as_slice() {
            [] => "it occurs nowhere in the text".to_string(),
            found => {
                let at: Vec<String> = found
                    .iter()
                    .take(5)
                    .map(|b| chars.char_at(text, *b).to_string())
                    .collect();
                format!("it starts at {}", at.join(", "))
            }
        };
        self.report(format!(
            "quote does not start at {start} in {}: “{quote}”; {hint}",
            citation.source
        ));
        None
    }

    /// The byte offset of a quote found by searching its source.
    fn search(
        &mut self,
        citation: &CitationRecord,
        found: Option<Vec<usize>>,
        text: &str,
    ) -> Option<usize> {
        let quote = citation.quote.as_ref();
        let found = found.unwrap_or_else(|| text::find_all(text, quote));
        let byte = match (found.len(), citation.occurrence) {
            (0, _) => {
                let hint = match text::closest_passage(text, quote) {
                    Some((s, e)) => format!(
                        "closest passage at {}: “{}”{}",
                        text::byte_to_char(text, s),
                        &text[s..e],
                        first_difference(quote, &text[s..e])
                    ),
                    None => "nothing close found".to_string(),
                };
                self.report(format!(
                    "quote not found verbatim in {}: “{quote}”; {hint}",
                    citation.source
                ));
                return None;
            }
            (1, None | Some(1)) => found[0],
            (n, None) => {
                self.report(format!(
                    "ambiguous quote: “{quote}” occurs {n} times in {}; add \"occurrence\": 1 to {n}",
                    citation.source
                ));
                return None;
            }
            (n, Some(k)) if k == 0 || k > n => {
                self.report(format!(
                    "occurrence {k} out of range: “{quote}” occurs {n} time(s) in {}",
                    citation.source
                ));
                return None;
            }
            (_, Some(k)) => found[k - 1],
        };
        Some(byte)
    }
}

/// Where a quote first differs from the passage it was closest to, for a
/// curator who sees the two look alike: both code points named, and the
/// two lines around it with a caret under the difference; nothing when
/// one is the start of the other.
fn first_difference(quote: &str, passage: &str) -> String {
    let (q, p): (Vec<char>, Vec<char>) = (quote.chars().collect(), passage.chars().collect());
    let Some(at) = (0..q.len().min(p.len())).find(|&i| q[i] != p[i]) else {
        return String::new();
    };
    let named = |c: char| match unicode_names2::name(c) {
        Some(name) => format!("U+{:04X} {name}", c as u32),
        None => format!("U+{:04X}", c as u32),
    };
    let from = at.saturating_sub(30);
    let line =
        |chars: &[char]| -> String { chars[from..(at + 30).min(chars.len())].iter().collect() };
    let line = |chars: &[char]| line(chars).replace('\n', " ");
    format!(
        "; they first differ at code point {at} of the quote: {} in the quote, {} in the text\n      quote: {}\n      text:  {}\n             {}^",
        named(q[at]),
        named(p[at]),
        line(&q),
        line(&p),
        " ".repeat(at - from)
    )
}
