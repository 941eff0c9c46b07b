//! The in-memory graph: entities as nodes and claims as edges, in compressed
//! sparse rows of incidence built once at load (each entity's claims in
//! claim order, and again ordered by the other end), with petgraph's `Csr`
//! over distinct neighbor pairs for walking paths, plus the indexes every
//! query needs (by id, by folded name and alias, and every mention of every
//! entity in the sources, the last found after load: see
//! [`Graph::index_mentions`]).
//!
//! Claims are kept in the compact columns of [`ClaimTable`]; the served
//! [`Claim`], with its ids, quotes and context, is built when asked for
//! ([`Graph::claim_at`]). Mentions likewise are kept as offsets.
//!
//! Callers hold [`EntityIx`] and [`ClaimIx`], plain u32 positions, which stay
//! valid because a `Graph` is never mutated after it is built (a reload
//! builds a new one).

use std::hash::BuildHasher;
use std::path::Path;

use hashbrown::HashTable;
use petgraph::Directed;
use petgraph::csr::Csr;
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};
use serde::Serialize;
use utoipa::ToSchema;

pub use crate::load::SourceText;
use crate::load::{self, Dataset, LoadError};
use crate::model::{Citation, Claim, Document, EntityType, Predicate, Status};
use crate::names::NameIndex;
use crate::store::{ClaimTable, EntityTable, EntityView, locate, row_parts, split_at};
use crate::{mentions, text};

/// The bytes a citation's context may take on either side of its quote:
/// [`load::CONTEXT_CHARS`] chars of up to four bytes.
const CONTEXT_BYTES: usize = load::CONTEXT_CHARS * 4;

/// Position of an entity in [`Graph::entities`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityIx(pub(crate) u32);

/// Position of a claim in [`Graph::claims`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClaimIx(u32);

impl EntityIx {
    /// The entity at position `i`; positions past `u32::MAX` are not made.
    pub(crate) fn new(i: usize) -> EntityIx {
        EntityIx(i as u32)
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl ClaimIx {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Which way a claim runs relative to the entity it was reached from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The entity is the claim's subject.
    Out,
    /// The entity is the claim's object.
    In,
}

/// One place in a source where an entity's name or an alias occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Mention {
    pub source: String,
    /// Code-point offsets, as in citations.
    pub start: usize,
    pub end: usize,
    /// The words as they stand in the source.
    pub text: String,
}

/// A [`Mention`] borrowed from the graph; serializes as a `Mention` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MentionView<'g> {
    pub source: &'g str,
    pub start: usize,
    pub end: usize,
    pub text: &'g str,
}

impl MentionView<'_> {
    pub fn to_mention(&self) -> Mention {
        Mention {
            source: self.source.to_string(),
            start: self.start,
            end: self.end,
            text: self.text.to_string(),
        }
    }
}

/// A [`Citation`] borrowed from the graph's texts; serializes as a
/// `Citation` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CitationView<'g> {
    pub source: &'g str,
    pub quote: &'g str,
    pub start: usize,
    pub end: usize,
    pub prefix: &'g str,
    pub suffix: &'g str,
}

impl CitationView<'_> {
    pub fn to_citation(&self) -> Citation {
        Citation {
            source: self.source.to_string(),
            quote: self.quote.to_string(),
            start: self.start,
            end: self.end,
            prefix: self.prefix.to_string(),
            suffix: self.suffix.to_string(),
        }
    }
}

/// A [`Claim`] borrowed from the graph; serializes as a `Claim` does (the
/// same fields, in the same order, the same left out), so that answers
/// built from views are the bytes answers built from claims were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimView<'g> {
    pub id: compact_str::CompactString,
    pub subject: &'g str,
    pub predicate: &'g str,
    pub object: &'g str,
    pub status: Status,
    pub claimed_by: &'g str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'g str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'g str>,
    pub citations: Vec<CitationView<'g>>,
}

impl ClaimView<'_> {
    pub fn to_claim(&self) -> Claim {
        Claim {
            id: self.id.as_str().to_owned(),
            subject: self.subject.to_owned(),
            predicate: self.predicate.to_owned(),
            object: self.object.to_owned(),
            status: self.status,
            claimed_by: self.claimed_by.to_owned(),
            date: self.date.map(str::to_owned),
            note: self.note.map(str::to_owned),
            citations: self
                .citations
                .iter()
                .map(CitationView::to_citation)
                .collect(),
        }
    }
}

/// Where a mention stands: the offset of its first byte among all the
/// texts ([`crate::store::text_starts`], 40 bits, little-endian), and its
/// length in bytes,
/// [`LONG`] for that or more. Packed into 6 bytes, since a library's
/// sources hold tens of millions of mentions, a name is rarely 255 bytes
/// long, and a source is found again from the offset by a binary search
/// over where each text starts.
#[derive(Debug, Clone, Copy)]
struct MentionSpan {
    at: [u8; 5],
    len: u8,
}

/// The length of a mention kept in [`MentionRows::long_ends`] instead.
const LONG: u8 = u8::MAX;

/// Texts that start this far into all the texts laid end to end are not
/// searched for mentions: a [`MentionSpan`] cannot say where they are.
/// (A terabyte of text, which the graph holds in memory.)
const MENTION_TEXT_LIMIT: u64 = 1 << 40;

/// Every entity's mentions, in compressed rows.
#[derive(Debug, Default)]
struct MentionRows {
    /// Entity `i`'s mentions are `spans[first[i]..first[i + 1]]`.
    first: Vec<u32>,
    spans: Vec<MentionSpan>,
    /// The end of each mention of [`LONG`] bytes or more, by its position.
    long_ends: FxHashMap<u32, u32>,
    /// Where each source's text starts among all of them
    /// ([`crate::store::text_starts`]).
    text_starts: std::sync::Arc<[u64]>,
}

impl MentionRows {
    /// Puts a mention at position `at` of the spans: it starts `offset`
    /// bytes into all the texts, `len` bytes long, or ends at `long_end` in
    /// its source when `len` is [`LONG`].
    fn set(&mut self, at: u32, offset: u64, len: u8, long_end: Option<u32>) {
        if let Some(end) = long_end {
            self.long_ends.insert(at, end);
        }
        let mut bytes = [0; 5];
        bytes.copy_from_slice(&offset.to_le_bytes()[..5]);
        self.spans[at as usize] = MentionSpan { at: bytes, len };
    }

    /// Entity `e`'s mentions: source position and byte range, in source order.
    fn row(&self, e: usize) -> impl Iterator<Item = (u32, std::ops::Range<usize>)> + '_ {
        self.part_of_row(e, 0, usize::MAX)
    }

    /// `limit` of entity `e`'s mentions from the `offset`th, found without
    /// reading the ones before.
    fn part_of_row(
        &self,
        e: usize,
        offset: usize,
        limit: usize,
    ) -> impl Iterator<Item = (u32, std::ops::Range<usize>)> + '_ {
        let (first, end) = (self.first[e] as usize, self.first[e + 1] as usize);
        let from = first.saturating_add(offset).min(end);
        let to = from.saturating_add(limit).min(end);
        (from..to).map(|at| {
            let MentionSpan { at: bytes, len } = self.spans[at];
            let mut offset = [0; 8];
            offset[..5].copy_from_slice(&bytes);
            let offset = u64::from_le_bytes(offset);
            let (source, byte_start) = locate(&self.text_starts, offset);
            let end = match len {
                LONG => self.long_ends[&(at as u32)],
                short => byte_start + u32::from(short),
            };
            (source, byte_start as usize..end as usize)
        })
    }

    fn count(&self, e: usize) -> usize {
        (self.first[e + 1] - self.first[e]) as usize
    }
}

/// The loaded graph. Immutable once built.
#[derive(Debug)]
pub struct Graph {
    sources: Vec<SourceText>,
    entities: EntityTable,
    predicates: Vec<Predicate>,
    claims: ClaimTable,
    /// The indexes built from the claims alone.
    rows: ClaimRows,
    names: NameIndex,
    /// Every entity's mentions, found after the rest of the graph is
    /// built ([`Graph::index_mentions`]).
    mentions: std::sync::OnceLock<MentionRows>,
    version: String,
    /// Every entity in name order, built when first asked for.
    by_name: std::sync::OnceLock<NameOrder>,
}

impl Graph {
    /// Reads, validates and indexes the graph-data folder at `dir`.
    pub fn load(dir: &Path) -> Result<Graph, LoadError> {
        let started = std::time::Instant::now();
        let data = load::load_dir(dir)?;
        tracing::debug!(elapsed = ?started.elapsed(), "data read and checked");
        let graph = Graph::from_dataset(data);
        tracing::debug!(elapsed = ?started.elapsed(), "graph indexed");
        Ok(graph)
    }

    /// Indexes a validated dataset: the names on one core while the rows of
    /// claims are built on the other. The mentions are not searched for
    /// yet: see [`Graph::index_mentions`].
    pub fn from_dataset(data: Dataset) -> Graph {
        let started = std::time::Instant::now();
        // What reading the claims freed, before the rows are laid out.
        load::release_free_memory();
        let (rows, names) = rayon::join(
            || ClaimRows::new(&data.entities, &data.claims),
            || NameIndex::new(&data.entities),
        );
        tracing::debug!(elapsed = ?started.elapsed(), rss_mib = ?load::resident_mib(), peak_mib = ?load::peak_mib(), cpu_s = ?load::cpu_seconds(), "claim rows and names indexed");
        // What building them freed (their sort buffers, the folded names),
        // before the mention search sets its peak on top.
        load::release_free_memory();
        Graph {
            sources: data.sources,
            entities: data.entities,
            predicates: data.predicates,
            claims: data.claims,
            rows,
            names,
            mentions: std::sync::OnceLock::new(),
            version: data.version,
            by_name: std::sync::OnceLock::new(),
        }
    }

    /// The entities of type `kind` (of every type for `None`) by name, then
    /// id. Sorted the first time any order is asked for (a third of a
    /// second at a million entities), not at load: only listing every
    /// entity needs it.
    pub fn entities_by_name(&self, kind: Option<EntityType>) -> &[EntityIx] {
        self.by_name
            .get_or_init(|| NameOrder::new(&self.entities))
            .of(kind)
    }

    /// Every entity position, in file order.
    pub fn entity_ixs(&self) -> impl Iterator<Item = EntityIx> + use<> {
        (0..self.entities.len() as u32).map(EntityIx)
    }

    /// Every claim position, in file order.
    pub fn claim_ixs(&self) -> impl Iterator<Item = ClaimIx> + use<> {
        (0..self.claims.len() as u32).map(ClaimIx)
    }

    /// How many claims the graph holds.
    pub fn claim_count(&self) -> usize {
        self.claims.len()
    }

    /// A hash of the loaded data: the same data gives the same version.
    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn entities(&self) -> &EntityTable {
        &self.entities
    }

    /// Every claim, built one at a time, in file order.
    pub fn claims(&self) -> impl Iterator<Item = Claim> + '_ {
        self.claim_ixs().map(|ix| self.claim_at(ix))
    }

    pub fn predicates(&self) -> &[Predicate] {
        &self.predicates
    }

    pub fn sources(&self) -> &[SourceText] {
        &self.sources
    }

    pub fn source(&self, id: &str) -> Option<&SourceText> {
        self.sources.iter().find(|s| s.source.record.id == id)
    }

    pub fn predicate(&self, id: &str) -> Option<&Predicate> {
        self.predicates.iter().find(|p| p.id == id)
    }

    pub fn entity_ix(&self, id: &str) -> Option<EntityIx> {
        self.rows
            .entity_by_id
            .find(hash_id(id), |&i| self.entities.id(i as usize) == id)
            .map(|&i| EntityIx(i))
    }

    pub fn entity(&self, id: &str) -> Option<EntityView<'_>> {
        self.entity_ix(id).map(|ix| self.entity_at(ix))
    }

    pub fn entity_at(&self, ix: EntityIx) -> EntityView<'_> {
        self.entities.get(ix.index())
    }

    /// The id of the entity at `ix`, read without the rest of it.
    pub fn entity_id(&self, ix: EntityIx) -> &str {
        self.entities.id(ix.index())
    }

    /// The type of the entity at `ix`, read without the rest of it.
    pub fn entity_kind(&self, ix: EntityIx) -> EntityType {
        self.entities.kind(ix.index())
    }

    /// The claim with this id. O(log n).
    pub fn claim_ix(&self, id: &str) -> Option<ClaimIx> {
        self.claims.position(id).map(ClaimIx)
    }

    pub fn claim(&self, id: &str) -> Option<Claim> {
        self.claim_ix(id).map(|ix| self.claim_at(ix))
    }

    /// The claim at `ix`, as served: ids, quotes and their context are read
    /// from the columns and the source texts. O(size of the claim).
    pub fn claim_at(&self, ix: ClaimIx) -> Claim {
        self.claim_view(ix).to_claim()
    }

    /// A claim as [`Graph::claim_at`] gives it, its strings borrowed from
    /// the graph rather than copied: what answers serialize, a claim at a
    /// time, with no allocation but its list of citations.
    pub fn claim_view(&self, ix: ClaimIx) -> ClaimView<'_> {
        let i = ix.index();
        let (subject, object) = self.ends(ix);
        ClaimView {
            id: self.claims.id(i),
            subject: self.entity_id(subject),
            predicate: self.predicate_of(ix),
            object: self.entity_id(object),
            status: self.status(ix),
            claimed_by: self.entity_id(self.claims.claimed_by()[i]),
            date: self.claims.date(i),
            note: self.claims.note(i),
            citations: self.citation_views(ix).collect(),
        }
    }

    /// The views of `claims`, in order, as [`Graph::claim_view`] gives each.
    ///
    /// A claim reads its entries in a dozen columns, the ids of its ends
    /// and claimant, and for each citation its source's record, id, text
    /// and char counts, all at random among gigabytes: read a claim at a
    /// time, each cache miss waits on the one before. So what the claims
    /// read is prefetched first, a level of indirection at a time, and only
    /// then are the claims read, their misses overlapping.
    pub fn claim_views(&self, claims: &[ClaimIx]) -> Vec<ClaimView<'_>> {
        for c in claims {
            self.claims.prefetch(c.index());
        }
        for c in claims {
            let i = c.index();
            self.claims.prefetch_behind(i);
            let (subject, object) = self.ends(*c);
            for end in [subject, object, self.claims.claimed_by()[i]] {
                self.entities.prefetch_id(end.index());
            }
        }
        for c in claims {
            for span in self.claims.spans(c.index()) {
                self.prefetch_source(span.source);
            }
        }
        for c in claims {
            for span in self.claims.spans(c.index()) {
                let (from, to) = (span.byte_start as usize, span.byte_end as usize);
                self.prefetch_in_source(span.source, from);
                // The quote, and the context on either side of it.
                let source = &self.sources[span.source as usize];
                let text = source.text.as_ptr();
                for at in (from.saturating_sub(CONTEXT_BYTES)..to + CONTEXT_BYTES).step_by(64) {
                    crate::store::prefetch(text.wrapping_add(at.min(source.text.len())));
                }
            }
        }
        claims.iter().map(|&c| self.claim_view(c)).collect()
    }

    /// The citations of a claim, borrowed from the texts, with quotes and
    /// context read from them.
    pub fn citation_views(&self, ix: ClaimIx) -> impl Iterator<Item = CitationView<'_>> + '_ {
        self.claims.spans(ix.index()).map(|span| {
            let source = &self.sources[span.source as usize];
            let text = &source.text;
            let (from, to) = (span.byte_start as usize, span.byte_end as usize);
            let quote = &text[from..to];
            let start = source.chars.char_at(text, from);
            CitationView {
                source: &source.source.record.id,
                quote,
                start,
                end: start + quote.chars().count(),
                prefix: text::chars_before(text, from, load::CONTEXT_CHARS),
                suffix: text::chars_after(text, to, load::CONTEXT_CHARS),
            }
        })
    }

    /// How many citations a claim has, without building the claim.
    pub fn citation_count(&self, ix: ClaimIx) -> usize {
        self.claims.spans(ix.index()).len()
    }

    /// The id of a claim, without building the claim.
    pub fn claim_id(&self, ix: ClaimIx) -> compact_str::CompactString {
        self.claims.id(ix.index())
    }

    /// How firmly a claim is made, without building the claim.
    pub fn status(&self, ix: ClaimIx) -> Status {
        self.claims.status(ix.index())
    }

    /// The predicate id of a claim, without building the claim.
    pub fn predicate_of(&self, ix: ClaimIx) -> &str {
        &self.predicates[self.claims.predicate(ix.index()) as usize].id
    }

    /// The position among [`Graph::predicates`] of a claim's predicate.
    pub fn predicate_position(&self, ix: ClaimIx) -> u16 {
        self.claims.predicate(ix.index())
    }

    /// The entity making a claim, without building the claim.
    pub fn claimant(&self, ix: ClaimIx) -> EntityIx {
        self.claims.claimed_by()[ix.index()]
    }

    /// The subject and object of a claim.
    pub fn ends(&self, ix: ClaimIx) -> (EntityIx, EntityIx) {
        self.claims.ends()[ix.index()]
    }

    /// Every name and alias, folded and indexed for search.
    pub fn names(&self) -> &NameIndex {
        &self.names
    }

    /// Finds every place in the sources where an entity's name or alias
    /// occurs, unless that is done already, and waits until it is.
    ///
    /// This is the one index not built at load: at a library's size it is
    /// a search through every text for millions of names, as long as the
    /// rest of the load together. The server starts it once the graph is
    /// served, so that every answer that needs no mention is given at
    /// once, and an answer that does waits for it (never without them).
    /// Whatever asks first does the search; later callers wait for it.
    pub fn index_mentions(&self) {
        self.mention_rows();
    }

    /// The mentions' rows, found first if need be ([`Graph::index_mentions`]).
    fn mention_rows(&self) -> &MentionRows {
        self.mentions.get_or_init(|| {
            let started = std::time::Instant::now();
            let mentions = find_mentions(&self.sources, &self.names, self.entities.len());
            load::release_free_memory();
            tracing::debug!(elapsed = ?started.elapsed(), rss_mib = ?load::resident_mib(), peak_mib = ?load::peak_mib(), cpu_s = ?load::cpu_seconds(), "mentions found");
            mentions
        })
    }

    /// Whether the mentions are found already ([`Graph::index_mentions`]),
    /// so that asking for them will not wait.
    pub fn mentions_indexed(&self) -> bool {
        self.mentions.get().is_some()
    }

    /// Every place in the sources where the entity's name or an alias
    /// occurs, in source order.
    pub fn mentions(&self, ix: EntityIx) -> impl Iterator<Item = Mention> + '_ {
        self.mention_views(ix).map(|m| m.to_mention())
    }

    /// The entity's mentions, borrowed from the texts.
    pub fn mention_views(&self, ix: EntityIx) -> impl Iterator<Item = MentionView<'_>> + '_ {
        self.mention_rows()
            .row(ix.index())
            .map(|(source, bytes)| self.mention_view(source, bytes))
    }

    /// `limit` of the entity's mentions from the `offset`th, borrowed from
    /// the texts, as [`Graph::mention_views`] gives them.
    ///
    /// Each mention reads its source's record, id, text and char counts,
    /// which lie at random among hundreds of megabytes: read one mention at
    /// a time, each of those cache misses waits on the one before. So the
    /// page's sources are prefetched first, then what each mention reads
    /// of them, and only then are the mentions read, their misses
    /// overlapping.
    pub fn mention_page(&self, ix: EntityIx, offset: usize, limit: usize) -> Vec<MentionView<'_>> {
        let spans: Vec<(u32, std::ops::Range<usize>)> = self
            .mention_rows()
            .part_of_row(ix.index(), offset, limit)
            .collect();
        for (source, _) in &spans {
            self.prefetch_source(*source);
        }
        for (source, bytes) in &spans {
            self.prefetch_in_source(*source, bytes.start);
        }
        spans
            .into_iter()
            .map(|(source, bytes)| self.mention_view(source, bytes))
            .collect()
    }

    /// Asks for the parts of source `source`'s record that reading a quote
    /// or mention of it goes through (its id, text and char counts) to be
    /// brought into cache.
    fn prefetch_source(&self, source: u32) {
        let source = &self.sources[source as usize];
        crate::store::prefetch(&source.source.record.id);
        crate::store::prefetch(&source.text);
        crate::store::prefetch(&source.chars);
    }

    /// Once [`Graph::prefetch_source`] has brought its record into cache,
    /// asks for what reading source `source` at `byte` reads next: its
    /// id's bytes, and its char count and text before `byte`.
    fn prefetch_in_source(&self, source: u32, byte: usize) {
        let source = &self.sources[source as usize];
        crate::store::prefetch(source.source.record.id.as_ptr());
        source.chars.prefetch(&source.text, byte);
    }

    /// The mention of bytes `bytes` of source `source`.
    fn mention_view(&self, source: u32, bytes: std::ops::Range<usize>) -> MentionView<'_> {
        let source = &self.sources[source as usize];
        let (from, to) = (bytes.start, bytes.end);
        MentionView {
            source: &source.source.record.id,
            start: source.chars.char_at(&source.text, from),
            end: source.chars.char_at(&source.text, to),
            text: &source.text[from..to],
        }
    }

    /// How many mentions of the entity the sources hold.
    pub fn mention_count(&self, ix: EntityIx) -> usize {
        self.mention_rows().count(ix.index())
    }

    /// Heap bytes held by the claims' columns, for the benchmarks.
    pub fn claim_bytes(&self) -> usize {
        self.claims.heap_bytes()
    }

    /// The claims touching `ix` in the given directions, as
    /// `(claim, other end, direction)`, in claim order.
    ///
    /// Costs O(d) for an entity of degree d.
    pub fn incident(
        &self,
        ix: EntityIx,
        out: bool,
        inward: bool,
    ) -> Vec<(ClaimIx, EntityIx, Direction)> {
        self.incidence(ix)
            .iter()
            .filter(|i| match i.direction() {
                Direction::Out => out,
                Direction::In => inward,
            })
            .map(|i| (i.claim(), i.other(), i.direction()))
            .collect()
    }

    /// Every claim touching `ix`, in claim order, without allocating.
    pub fn incidence(&self, ix: EntityIx) -> &[Incidence] {
        let from = self.rows.first_incident[ix.index()] as usize;
        let to = self.rows.first_incident[ix.index() + 1] as usize;
        &self.rows.incidence[from..to]
    }

    /// The distinct neighbors of `ix` in entity order, each with the claims
    /// joining them (either way) in claim order. O(1) to start, O(1) a step.
    pub fn neighbors(&self, ix: EntityIx) -> impl Iterator<Item = (EntityIx, Run<'_>)> + '_ {
        let adjacency = &self.rows.adjacency;
        let others = adjacency.neighbors(ix);
        let (row_start, row_end) = self.row_bounds(ix);
        let one_each = others.len() == row_end - row_start;
        let mut start = row_start;
        others.iter().enumerate().map(move |(i, &other)| {
            let end = if i + 1 == others.len() {
                row_end
            } else if one_each {
                start + 1
            } else {
                adjacency.next_run(start)
            };
            let claims = &self.rows.by_neighbor[start..end];
            start = end;
            let other = EntityIx(other);
            (other, Run { other, claims })
        })
    }

    /// Where `ix`'s row of incidence starts and ends.
    fn row_bounds(&self, ix: EntityIx) -> (usize, usize) {
        let first = &self.rows.first_incident;
        (first[ix.index()] as usize, first[ix.index() + 1] as usize)
    }

    /// The claims joining `a` and `b` (either way), in claim order; empty
    /// when they are not neighbors. O(log d) by binary search over `a`'s
    /// distinct neighbors, so a hop through a hub does not cost its degree.
    pub fn claims_between(&self, a: EntityIx, b: EntityIx) -> Run<'_> {
        let adjacency = &self.rows.adjacency;
        let others = adjacency.neighbors(a);
        let claims = match others.binary_search(&b.0) {
            Ok(at) => {
                let (row_start, row_end) = self.row_bounds(a);
                let (start, end) = if others.len() == row_end - row_start {
                    (row_start + at, row_start + at + 1)
                } else {
                    let start = adjacency.run_start(adjacency.first[a.index()] as usize + at);
                    let end = if at + 1 == others.len() {
                        row_end
                    } else {
                        adjacency.next_run(start)
                    };
                    (start, end)
                };
                &self.rows.by_neighbor[start..end]
            }
            Err(_) => &[],
        };
        Run { other: b, claims }
    }

    /// The claims `ix` makes (is `claimed_by` of), in claim order.
    pub fn claims_made(&self, ix: EntityIx) -> &[ClaimIx] {
        let from = self.rows.first_made[ix.index()] as usize;
        let to = self.rows.first_made[ix.index() + 1] as usize;
        &self.rows.made[from..to]
    }

    /// How many distinct entities share a claim with `ix`.
    pub fn neighbor_count(&self, ix: EntityIx) -> usize {
        self.rows.adjacency.neighbors(ix).len()
    }

    /// How many claims touch `ix`.
    pub fn degree(&self, ix: EntityIx) -> usize {
        self.incidence(ix).len()
    }

    /// The canonical graph document.
    pub fn document(&self) -> Document {
        Document {
            sources: self.sources.iter().map(|s| s.source.clone()).collect(),
            entities: self.entities.iter().map(|e| e.to_entity()).collect(),
            predicates: self.predicates.clone(),
            claims: self.claims().collect(),
        }
    }
}

/// The indexes of entities and claims that do not need the names: by id,
/// incidence (in claim order and by neighbor), adjacency, claims made. Built
/// on one core while the name index is built on the other.
#[derive(Debug)]
struct ClaimRows {
    /// Compressed sparse rows of incidence: the claims touching entity `i`
    /// are `incidence[first_incident[i]..first_incident[i + 1]]`, in claim
    /// order, so that walking them needs neither petgraph's edge lists nor a
    /// sort.
    first_incident: Vec<u32>,
    incidence: Vec<Incidence>,
    /// The same rows, each sorted by the other end (then claim order): the
    /// claims between each pair of neighbors lie next to each other. Only
    /// each claim and its direction ([`Incidence::claim_and_direction`])
    /// are kept, half an incidence: the other end is the same along a run,
    /// and `adjacency` gives it.
    by_neighbor: Vec<u32>,
    /// Who is next to whom, and where the claims joining them lie in
    /// `by_neighbor`.
    adjacency: Adjacency,
    /// The claims each entity makes, in claim order: entity `i`'s are
    /// `made[first_made[i]..first_made[i + 1]]`.
    first_made: Vec<u32>,
    made: Vec<ClaimIx>,
    /// Entity positions hashed by id; the ids are read from the entities,
    /// not copied.
    entity_by_id: HashTable<u32>,
}

impl ClaimRows {
    fn new(entities: &EntityTable, claims: &ClaimTable) -> ClaimRows {
        let entity_by_id = by_id(entities);
        let (first_incident, incidence) = incidence(entities.len(), claims.ends());
        let (by_neighbor, adjacency) = by_neighbor(&first_incident, &incidence);
        let (first_made, made) = rows_by(entities.len(), claims.claimed_by());
        ClaimRows {
            entity_by_id,
            first_incident,
            incidence,
            by_neighbor,
            adjacency,
            first_made,
            made,
        }
    }
}

fn hash_id(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

/// Every entity by name, then id, and the same order of each type's.
#[derive(Debug)]
struct NameOrder {
    all: Vec<EntityIx>,
    /// In the order of [`EntityType::ALL`].
    by_kind: Vec<Vec<EntityIx>>,
}

impl NameOrder {
    fn new(entities: &EntityTable) -> NameOrder {
        let mut all: Vec<EntityIx> = (0..entities.len() as u32).map(EntityIx).collect();
        all.par_sort_unstable_by(|a, b| {
            let (a, b) = (entities.get(a.index()), entities.get(b.index()));
            a.name.cmp(b.name).then_with(|| a.id.cmp(b.id))
        });
        let by_kind = EntityType::ALL
            .iter()
            .map(|&kind| {
                all.iter()
                    .copied()
                    .filter(|e| entities.kind(e.index()) == kind)
                    .collect()
            })
            .collect();
        NameOrder { all, by_kind }
    }

    fn of(&self, kind: Option<EntityType>) -> &[EntityIx] {
        let at = kind.and_then(|k| EntityType::ALL.iter().position(|&t| t == k));
        match at {
            Some(at) => &self.by_kind[at],
            None => &self.all,
        }
    }
}

/// Entity positions hashed by id; of entities sharing an id (which a
/// validated dataset has not), the last.
fn by_id(entities: &EntityTable) -> HashTable<u32> {
    let mut table = HashTable::with_capacity(entities.len());
    for i in 0..entities.len() {
        let id = entities.id(i);
        let entry = table.entry(
            hash_id(id),
            |&j: &u32| entities.id(j as usize) == id,
            |&j| hash_id(entities.id(j as usize)),
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(mut at) => *at.get_mut() = i as u32,
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(i as u32);
            }
        }
    }
    table
}

/// One claim as seen from one of its ends, in eight bytes: the claim and
/// its direction share a u32 (the loader keeps claims under 2³¹).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Incidence {
    claim_and_direction: u32,
    other: EntityIx,
}

/// The claims joining an entity to one of its neighbors (either way), in
/// claim order, as [`Incidence`]s seen from the entity: the neighbor once,
/// with each claim and its direction. Small and `Copy`, like the slice it
/// wraps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'g> {
    other: EntityIx,
    claims: &'g [u32],
}

impl<'g> Run<'g> {
    /// No claims.
    pub const EMPTY: Run<'static> = Run {
        other: EntityIx(0),
        claims: &[],
    };

    /// How many claims join the two.
    pub fn len(self) -> usize {
        self.claims.len()
    }

    pub fn is_empty(self) -> bool {
        self.claims.is_empty()
    }

    /// The claims, in claim order.
    pub fn iter(self) -> RunIter<'g> {
        RunIter {
            other: self.other,
            claims: self.claims.iter(),
        }
    }
}

impl<'g> IntoIterator for Run<'g> {
    type Item = Incidence;
    type IntoIter = RunIter<'g>;

    fn into_iter(self) -> RunIter<'g> {
        self.iter()
    }
}

/// The claims of a [`Run`], as incidences.
#[derive(Debug, Clone)]
pub struct RunIter<'g> {
    other: EntityIx,
    claims: std::slice::Iter<'g, u32>,
}

impl Iterator for RunIter<'_> {
    type Item = Incidence;

    fn next(&mut self) -> Option<Incidence> {
        let other = self.other;
        self.claims.next().map(|&claim_and_direction| Incidence {
            claim_and_direction,
            other,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.claims.size_hint()
    }
}

impl ExactSizeIterator for RunIter<'_> {}

/// The bit of [`Incidence::claim_and_direction`] that marks `In`.
const IN: u32 = 1 << 31;

impl Incidence {
    fn new(claim: ClaimIx, other: EntityIx, direction: Direction) -> Incidence {
        let bit = match direction {
            Direction::Out => 0,
            Direction::In => IN,
        };
        Incidence {
            claim_and_direction: claim.0 | bit,
            other,
        }
    }

    pub fn claim(self) -> ClaimIx {
        ClaimIx(self.claim_and_direction & !IN)
    }

    /// The claim's other end.
    pub fn other(self) -> EntityIx {
        self.other
    }

    /// The same claim in the row of its other end, when `this` is the
    /// entity whose row holds `self`: pointing back at `this`, the other
    /// way round.
    pub fn seen_from_other(self, this: EntityIx) -> Incidence {
        let flipped = match self.direction() {
            Direction::Out => Direction::In,
            Direction::In => Direction::Out,
        };
        Incidence::new(self.claim(), this, flipped)
    }

    /// `Out` when the entity is the claim's subject.
    pub fn direction(self) -> Direction {
        if self.claim_and_direction & IN == 0 {
            Direction::Out
        } else {
            Direction::In
        }
    }
}

/// Who is next to whom: petgraph's compressed sparse rows over distinct
/// neighbor pairs, in entity order (every entity a node, isolated or not),
/// and where in `by_neighbor` the run of claims joining each pair starts
/// (it ends where the next pair's starts, or with the row).
///
/// The run starts are one bit per incidence, set where a run starts, and
/// every 64th run's start: 2.5 MB at `large` where a `u32` per pair took
/// 80 MB. A row whose neighbors each share one claim with it needs
/// neither: its `i`th run is its `i`th claim (94 % of the rows at `medium`,
/// with 78 % of the incidence; 85 of the 102 of the bundled article).
/// Otherwise a run is found by counting set bits on from the sample
/// before it.
#[derive(Debug)]
struct Adjacency {
    csr: Csr<(), (), Directed, u32>,
    /// Entity `i`'s pairs are numbered `first[i]..first[i + 1]` among all
    /// pairs, as in `csr`.
    first: Vec<u32>,
    /// Bit `j` is set when position `j` of `by_neighbor` starts a run.
    run_bits: Vec<u64>,
    /// Where run `64 k` (of all rows, in order) starts, for every `k`.
    run_samples: Vec<u32>,
}

impl Adjacency {
    /// The distinct neighbors of `e`, ascending.
    fn neighbors(&self, e: EntityIx) -> &[u32] {
        self.csr.neighbors_slice(e.0)
    }

    /// Where run `p` (numbered among all pairs) starts in `by_neighbor`.
    fn run_start(&self, p: usize) -> usize {
        let sample = self.run_samples[p / RUN_SAMPLE] as usize;
        nth_set_bit_after(&self.run_bits, sample, p % RUN_SAMPLE)
    }

    /// Where the run after the one starting at `start` starts.
    fn next_run(&self, start: usize) -> usize {
        nth_set_bit_after(&self.run_bits, start, 1)
    }
}

/// How many runs apart [`Adjacency::run_samples`] are.
const RUN_SAMPLE: usize = 64;

/// The place of the `n`th set bit of `bits` past place `at` (`at` itself
/// for 0); there must be that many.
fn nth_set_bit_after(bits: &[u64], at: usize, n: usize) -> usize {
    if n == 0 {
        return at;
    }
    let (mut left, mut w) = (n, at / 64);
    // The bits of the first word past `at`.
    let mut word = bits[w] & !(2u64 << (at % 64)).wrapping_sub(1);
    loop {
        let ones = word.count_ones() as usize;
        if ones >= left {
            for _ in 1..left {
                word &= word - 1;
            }
            return w * 64 + word.trailing_zeros() as usize;
        }
        left -= ones;
        w += 1;
        word = bits[w];
    }
}

/// Each row of incidence ordered by the other end (then claim order), as
/// [`ClaimRows::by_neighbor`], with the [`Adjacency`] over its runs.
///
/// A library's rows hold tens of millions of incidences and the pairs
/// nearly as many, so nothing is built twice at its full size: each row is
/// sorted in a small buffer on some core and written in place, with its
/// distinct neighbors at the row's own place in an array as long as the
/// incidence (a row has no more neighbors than claims; untouched pages of
/// it are never mapped), which is then closed up in one pass, and where its
/// runs start in bits of its part's own, then gathered into one.
fn by_neighbor(first: &[u32], incidence: &[Incidence]) -> (Vec<u32>, Adjacency) {
    let entities = first.len() - 1;
    let mut by_neighbor = vec![0u32; incidence.len()];
    let mut pairs = vec![(0u32, 0u32); incidence.len()];
    let mut distinct = vec![0u32; entities];
    // Cut at whole rows into a few hundred parts of about equal incidence,
    // one task each: a list of every row's slice would take 16 bytes an
    // entity.
    let parts = row_parts(first, 256);
    let cut = |at: &[usize]| at.iter().map(|&e| first[e] as usize).collect::<Vec<_>>();
    let (row_cuts, entity_cuts) = (cut(&parts), parts.clone());
    // Each part marks its run starts in bits of its own, from its first
    // position: parts need not begin on a word.
    let part_bits: Vec<Vec<u64>> = split_at(&mut by_neighbor, &row_cuts)
        .into_par_iter()
        .zip(split_at(&mut pairs, &row_cuts))
        .zip(split_at(&mut distinct, &entity_cuts))
        .enumerate()
        .map(|(p, ((claims, pairs), distinct))| {
            let mut starts = vec![0u64; claims.len().div_ceil(64)];
            let mut row = Vec::new();
            let first_entity = parts[p];
            for (k, distinct) in distinct.iter_mut().enumerate() {
                let e = first_entity + k;
                let (from, to) = (first[e] as usize, first[e + 1] as usize);
                let at = from - row_cuts[p];
                row.clear();
                row.extend_from_slice(&incidence[from..to]);
                row.sort_unstable_by_key(|i: &Incidence| (i.other(), i.claim()));
                let mut n = 0;
                for (j, i) in row.iter().enumerate() {
                    claims[at + j] = i.claim_and_direction;
                    if j == 0 || row[j - 1].other() != i.other() {
                        pairs[at + n] = (e as u32, i.other().0);
                        starts[(at + j) / 64] |= 1 << ((at + j) % 64);
                        n += 1;
                    }
                }
                *distinct = n as u32;
            }
            starts
        })
        .collect();
    let mut run_bits = vec![0u64; incidence.len().div_ceil(64)];
    let mut run_samples = Vec::new();
    let mut runs = 0;
    for (bits, &base) in part_bits.iter().zip(&row_cuts) {
        for (w, &word) in bits.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let start = base + w * 64 + word.trailing_zeros() as usize;
                run_bits[start / 64] |= 1 << (start % 64);
                if runs % RUN_SAMPLE == 0 {
                    run_samples.push(start as u32);
                }
                runs += 1;
                word &= word - 1;
            }
        }
    }
    drop(part_bits);
    let mut adjacency_first = Vec::with_capacity(entities + 1);
    let mut at = 0;
    for (e, &n) in distinct.iter().enumerate() {
        adjacency_first.push(at as u32);
        let from = first[e] as usize;
        pairs.copy_within(from..from + n as usize, at);
        at += n as usize;
    }
    adjacency_first.push(at as u32);
    pairs.truncate(at);
    // Sorted by entity, then by distinct neighbor, by construction.
    let mut csr = Csr::from_sorted_edges(&pairs).unwrap_or_else(|_| Csr::with_nodes(0));
    drop(pairs);
    while csr.node_count() < entities {
        csr.add_node(());
    }
    let adjacency = Adjacency {
        csr,
        first: adjacency_first,
        run_bits,
        run_samples,
    };
    (by_neighbor, adjacency)
}

/// Builds the compressed sparse rows of [`Graph::incidence`] in two passes
/// over the claims (a count, then a fill in claim order).
fn incidence(entities: usize, ends: &[(EntityIx, EntityIx)]) -> (Vec<u32>, Vec<Incidence>) {
    let mut first = vec![0u32; entities + 1];
    for (s, o) in ends {
        first[s.index() + 1] += 1;
        first[o.index() + 1] += 1;
    }
    for i in 0..entities {
        first[i + 1] += first[i];
    }
    let mut next: Vec<u32> = first[..entities].to_vec();
    let blank = Incidence::new(ClaimIx(0), EntityIx(0), Direction::Out);
    let mut rows = vec![blank; 2 * ends.len()];
    for (c, &(s, o)) in ends.iter().enumerate() {
        let claim = ClaimIx(c as u32);
        for (at, other, direction) in [(s, o, Direction::Out), (o, s, Direction::In)] {
            rows[next[at.index()] as usize] = Incidence::new(claim, other, direction);
            next[at.index()] += 1;
        }
    }
    (first, rows)
}

/// Compressed sparse rows of the claims by one entity each (`owner[c]` for
/// claim `c`), in claim order.
fn rows_by(entities: usize, owner: &[EntityIx]) -> (Vec<u32>, Vec<ClaimIx>) {
    let mut first = vec![0u32; entities + 1];
    for e in owner {
        first[e.index() + 1] += 1;
    }
    for i in 0..entities {
        first[i + 1] += first[i];
    }
    let mut next: Vec<u32> = first[..entities].to_vec();
    let mut rows = vec![ClaimIx(0); owner.len()];
    for (c, e) in owner.iter().enumerate() {
        rows[next[e.index()] as usize] = ClaimIx(c as u32);
        next[e.index()] += 1;
    }
    (first, rows)
}

/// Every whole-word occurrence of a name or alias in the sources
/// ([`mentions::Finder`]); returns compressed rows of mentions by entity,
/// each row in source order.
///
/// The rows cannot be laid out until every source is searched (a row's
/// place depends on how many mentions come before it), and a library's
/// mentions run to hundreds of megabytes, so they must not be held twice,
/// found by source and laid out by entity, at once. The sources are
/// searched a group at a time (in parallel within a group), and each
/// group's mentions are set aside in [`Pending`] by ranges of entities
/// while the next group is searched; then each range's rows are laid out
/// in turn and its pending mentions freed, so that at most one range is
/// held twice. The finder's tables are freed before the rows are laid out,
/// so that the two are not held at once.
fn find_mentions(sources: &[SourceText], names: &NameIndex, entities: usize) -> MentionRows {
    let starts = crate::store::text_starts(sources.iter().map(|s| s.text.len()));
    let searched = sources
        .iter()
        .zip(starts.iter())
        .take_while(|&(s, &start)| start + s.text.len() as u64 <= MENTION_TEXT_LIMIT)
        .count();
    let sources = &sources[..searched];
    let named: Vec<(&str, u32)> = (0..names.len())
        .into_par_iter()
        .map(|n| (names.folded(n), names.entity(n)))
        .collect();
    let finder = mentions::Finder::valued(&named);
    drop(named);
    tracing::debug!(peak_mib = ?load::peak_mib(), cpu_s = ?load::cpu_seconds(), "mention finder built");
    let mut pending = Pending::new(entities, RANGE_ENTITIES, starts);
    // Each group's mentions are set aside while the next group is searched.
    let mut last: Option<(std::ops::Range<usize>, Vec<Vec<mentions::Found>>)> = None;
    for group in groups(sources.iter().map(|s| s.text.len()), GROUP_BYTES) {
        let texts = sources[group.clone()].par_iter().map(|s| s.text.as_str());
        let (found, ()) = rayon::join(
            || finder.find_all(texts),
            || set_aside(&mut pending, last.take()),
        );
        last = Some((group, found));
        // The group before's folded texts and mentions, now set aside.
        load::release_free_memory();
    }
    drop(finder);
    set_aside(&mut pending, last);
    let held: usize = pending.ranges.iter().map(|r| r.bytes.len()).sum();
    let mentions: u64 = pending.counts.iter().map(|&n| u64::from(n)).sum();
    tracing::debug!(mentions, bytes = held, peak_mib = ?load::peak_mib(), "mentions set aside");
    pending.into_rows()
}

/// Sets aside the mentions found in a group of sources, if any, by entity
/// (the value the finder gave each name).
fn set_aside(
    pending: &mut Pending,
    group: Option<(std::ops::Range<usize>, Vec<Vec<mentions::Found>>)>,
) {
    let Some((sources, found)) = group else {
        return;
    };
    for (s, found) in sources.zip(found) {
        for f in found {
            pending.push(s as u32, f.name, f.byte_start, f.byte_end);
        }
    }
}

/// About how many bytes of text are searched at once: enough for every
/// core to be busy, few enough that their mentions, found by source, are
/// small beside all of them.
const GROUP_BYTES: usize = 16 << 20;

/// How many entities each of [`Pending`]'s ranges holds: few enough that an
/// entity's place in its range and the flag beside it take two bytes of
/// LEB128 (under 2¹⁴). At `large`, 123 ranges of a few megabytes each;
/// freed amid the heap as each is laid out, their pages are handed back
/// every [`TRIM_EVERY`] ranges.
const RANGE_ENTITIES: usize = 1 << 13;

/// How many ranges are laid out between two hand-backs of free pages.
const TRIM_EVERY: usize = 16;

/// Consecutive ranges of texts (given by their lengths) holding up to
/// `bytes` each (a longer text, alone), in order, covering all of them.
fn groups(lengths: impl IntoIterator<Item = usize>, bytes: usize) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let (mut from, mut held, mut count) = (0, 0, 0);
    for (s, len) in lengths.into_iter().enumerate() {
        if s > from && held + len > bytes {
            groups.push(from..s);
            (from, held) = (s, 0);
        }
        held += len;
        count = s + 1;
    }
    if from < count {
        groups.push(from..count);
    }
    groups
}

/// Mentions found but not yet laid out by entity, set aside by ranges of
/// entities in the order found (by source, then text order), with each
/// entity's count.
struct Pending {
    /// How many entities each range holds.
    width: usize,
    ranges: Vec<PendingRange>,
    /// `counts[e + 1]`: how many mentions of entity `e` are held.
    counts: Vec<u32>,
    /// The length byte of entity `e`'s last mention held, 0 before its
    /// first (as [`PendingRange::iter`] starts it when reading them back).
    last_len: Vec<u8>,
    /// Where each source's text starts among all of them.
    text_starts: std::sync::Arc<[u64]>,
}

/// The mentions of one range of entities, each as two numbers in LEB128 and
/// perhaps a byte: how far from the one before it (in this range) it
/// starts among all the texts (zigzag-signed, so that no order is
/// assumed); its entity's place in the range, doubled, plus one when its
/// length byte (as in [`MentionSpan`]) follows, which it does unless the
/// entity's mention before it had the same. An entity is mostly named the
/// same way, so the byte is mostly left out. Found in text order, a range's
/// mentions lie a few kilobytes apart: 4.1 bytes each at `large` (5.5 with a
/// length byte each and ranges of 200,000 entities), where
/// fixed fields took 8.
#[derive(Default)]
struct PendingRange {
    bytes: Vec<u8>,
    /// How many mentions `bytes` holds.
    count: u32,
    /// Where the last mention pushed starts among all the texts.
    last: u64,
    /// The end in its source of each mention of [`LONG`] bytes or more, by
    /// its place in this range.
    long_ends: FxHashMap<u32, u32>,
}

impl PendingRange {
    /// Holds a mention at `offset` among all the texts, of the entity at
    /// `place` in the range, with its length byte `len`, which `repeats`
    /// when it is that entity's last mention's.
    fn push(&mut self, offset: u64, (place, len, repeats): (u32, u8, bool), byte_end: u32) {
        if len == LONG {
            self.long_ends.insert(self.count, byte_end);
        }
        let step = offset as i64 - self.last as i64;
        let mut buf = [0; 24];
        let mut n = leb128(&mut buf, 0, ((step << 1) ^ (step >> 63)) as u64);
        n = leb128(&mut buf, n, u64::from(place) << 1 | u64::from(!repeats));
        if !repeats {
            buf[n] = len;
            n += 1;
        }
        self.bytes.extend_from_slice(&buf[..n]);
        self.last = offset;
        self.count += 1;
    }

    /// Each mention: where it starts among all the texts, its entity's
    /// place, its length byte and its place in this range; `width` is how
    /// many entities the range holds.
    fn iter(&self, width: usize) -> impl Iterator<Item = (u64, u32, u8, u32)> + '_ {
        let (mut at, mut offset) = (0, 0u64);
        let mut last_len = vec![0u8; width];
        (0..self.count).map(move |k| {
            let zigzag = read_leb128(&self.bytes, &mut at);
            let step = (zigzag >> 1) as i64 ^ -((zigzag & 1) as i64);
            offset = offset.wrapping_add_signed(step);
            let flagged = read_leb128(&self.bytes, &mut at);
            let place = (flagged >> 1) as u32;
            if flagged & 1 == 1 {
                last_len[place as usize] = self.bytes[at];
                at += 1;
            }
            (offset, place, last_len[place as usize], k)
        })
    }
}

/// Writes `n` at `out[at..]` as LEB128 (seven bits a byte, low first, the
/// high bit set on every byte but the last); returns where it ends. A u64
/// takes at most 10 bytes.
fn leb128(out: &mut [u8; 24], mut at: usize, mut n: u64) -> usize {
    while n >= 0x80 {
        out[at] = n as u8 | 0x80;
        n >>= 7;
        at += 1;
    }
    out[at] = n as u8;
    at + 1
}

/// Reads the LEB128 number at `*at`, moving `*at` past it.
fn read_leb128(bytes: &[u8], at: &mut usize) -> u64 {
    let (mut n, mut shift) = (0, 0);
    loop {
        let b = bytes[*at];
        *at += 1;
        n |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return n;
        }
        shift += 7;
    }
}

/// A mention's length in bytes, or [`LONG`] when it must be kept apart.
fn short_len(byte_start: u32, byte_end: u32) -> Option<u8> {
    u8::try_from(byte_end - byte_start)
        .ok()
        .filter(|&len| len < LONG)
}

impl Pending {
    /// Room for the mentions of `entities` entities in ranges of `width`
    /// entities, found in texts that start at `text_starts`.
    fn new(entities: usize, width: usize, text_starts: std::sync::Arc<[u64]>) -> Pending {
        let width = width.max(1);
        Pending {
            width,
            ranges: (0..entities.div_ceil(width))
                .map(|_| PendingRange::default())
                .collect(),
            counts: vec![0; entities + 1],
            last_len: vec![0; entities],
            text_starts,
        }
    }

    /// Holds a mention of `entity` in `source`; sources come in order, and
    /// within one, the mentions in text order.
    fn push(&mut self, source: u32, entity: u32, byte_start: u32, byte_end: u32) {
        let (r, place) = (entity as usize / self.width, entity as usize % self.width);
        let offset = self.text_starts[source as usize] + u64::from(byte_start);
        let len = short_len(byte_start, byte_end).unwrap_or(LONG);
        let last = std::mem::replace(&mut self.last_len[entity as usize], len);
        self.ranges[r].push(offset, (place as u32, len, last == len), byte_end);
        self.counts[entity as usize + 1] += 1;
    }

    /// Compressed rows of the mentions by entity, each row in the order the
    /// mentions came: `mentions[first[i]..first[i + 1]]` are entity `i`'s.
    /// Lays out one range of entities at a time, growing the rows as it
    /// goes and freeing each range's pending mentions once they are in.
    fn into_rows(self) -> MentionRows {
        let Pending {
            width,
            ranges,
            counts: mut first,
            text_starts,
            last_len,
        } = self;
        drop(last_len);
        let entities = first.len() - 1;
        for i in 0..entities {
            first[i + 1] += first[i];
        }
        let mut next: Vec<u32> = first[..entities].to_vec();
        let blank = MentionSpan { at: [0; 5], len: 0 };
        let mut rows = MentionRows {
            spans: Vec::with_capacity(first[entities] as usize),
            text_starts,
            ..MentionRows::default()
        };
        for (r, range) in ranges.into_iter().enumerate() {
            let last = ((r + 1) * width).min(entities);
            rows.spans.resize(first[last] as usize, blank);
            for (offset, place, len, k) in range.iter(width) {
                let at = &mut next[r * width + place as usize];
                let long_end = (len == LONG).then(|| range.long_ends[&k]);
                rows.set(*at, offset, len, long_end);
                *at += 1;
            }
            drop(range);
            if (r + 1) % TRIM_EVERY == 0 {
                load::release_free_memory();
            }
        }
        rows.first = first;
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_serialize_as_the_claims_and_mentions_they_borrow_from() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/graph-data");
        let graph = Graph::load(Path::new(dir)).expect("bundled graph loads");
        for ix in graph.claim_ixs() {
            let (view, claim) = (graph.claim_view(ix), graph.claim_at(ix));
            assert_eq!(json(&view), json(&claim), "claim {}", claim.id);
        }
        let mut mentions = 0;
        for ix in graph.entity_ixs() {
            for (view, mention) in graph.mention_views(ix).zip(graph.mentions(ix)) {
                assert_eq!(json(&view), json(&mention));
                mentions += 1;
            }
        }
        assert!(mentions > 100, "the bundled graph has mentions to compare");
    }

    #[test]
    fn claims_read_together_are_the_claims_read_one_at_a_time() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/graph-data");
        let graph = Graph::load(Path::new(dir)).expect("bundled graph loads");
        let all: Vec<ClaimIx> = graph.claim_ixs().collect();
        // In order, backwards, and with a claim twice.
        let mut mixed: Vec<ClaimIx> = all.iter().rev().copied().collect();
        mixed.push(all[0]);
        for claims in [&all, &mixed] {
            let together: Vec<String> = graph.claim_views(claims).iter().map(json).collect();
            let one_by_one: Vec<String> =
                claims.iter().map(|&c| json(&graph.claim_view(c))).collect();
            assert_eq!(together, one_by_one);
        }
        assert!(graph.claim_views(&[]).is_empty());
    }

    #[test]
    fn a_page_of_mentions_is_that_window_of_all_of_them() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/graph-data");
        let graph = Graph::load(Path::new(dir)).expect("bundled graph loads");
        let mut paged = 0;
        for ix in graph.entity_ixs() {
            let all: Vec<String> = graph.mention_views(ix).map(|m| json(&m)).collect();
            for offset in 0..=all.len() + 1 {
                for limit in [1, 2, 5, all.len() + 1] {
                    let page: Vec<String> = graph
                        .mention_page(ix, offset, limit)
                        .iter()
                        .map(json)
                        .collect();
                    let window: Vec<String> =
                        all.iter().skip(offset).take(limit).cloned().collect();
                    assert_eq!(page, window, "{ix:?} from {offset}, {limit} at most");
                    paged += page.len();
                }
            }
        }
        assert!(paged > 100, "the bundled graph has mentions to page");
    }

    fn json(value: &impl Serialize) -> String {
        serde_json::to_string(value).expect("serializes")
    }

    proptest::proptest! {
        /// Each entity's neighbors, and the claims between any two, are
        /// its incidence grouped by the other end, in claim order: runs of
        /// one claim and of many, rows of both, past many samples of runs.
        #[test]
        fn neighbors_and_the_claims_between_them_group_the_incidence(
            entities in 2usize..40,
            claims in proptest::collection::vec((0usize..40, 0usize..40), 0..400),
        ) {
            let claims: Vec<_> = claims.into_iter().map(|(s, o)| (s, o, 0, 0)).collect();
            let graph = crate::query::testing::graph(entities, &claims);
            for a in graph.entity_ixs() {
                let mut grouped: std::collections::BTreeMap<u32, Vec<ClaimIx>> = Default::default();
                for i in graph.incidence(a) {
                    grouped.entry(i.other().0).or_default().push(i.claim());
                }
                let claims_of = |run: Run| run.iter().map(|i| i.claim()).collect::<Vec<_>>();
                let found: Vec<_> = graph.neighbors(a).map(|(b, run)| (b.0, claims_of(run))).collect();
                let expected: Vec<_> = grouped.clone().into_iter().collect();
                proptest::prop_assert_eq!(found, expected);
                for b in graph.entity_ixs() {
                    let between = claims_of(graph.claims_between(a, b));
                    let expected = grouped.get(&b.0).cloned().unwrap_or_default();
                    proptest::prop_assert_eq!(between, expected);
                }
            }
        }

        #[test]
        fn groups_cover_the_texts_in_order_within_the_bound(
            lengths in proptest::collection::vec(0usize..50, 0..40),
            bytes in 1usize..120,
        ) {
            let groups = groups(lengths.iter().copied(), bytes);
            let mut next = 0;
            for g in &groups {
                proptest::prop_assert_eq!(g.start, next);
                proptest::prop_assert!(g.end > g.start);
                let held: usize = lengths[g.clone()].iter().sum();
                proptest::prop_assert!(held <= bytes || g.len() == 1);
                next = g.end;
            }
            proptest::prop_assert_eq!(next, lengths.len());
        }

        /// Laid out by ranges of entities, the rows hold what grouping every
        /// mention by entity in the order found holds, whatever the ranges.
        #[test]
        fn pending_mentions_are_laid_out_by_entity_in_the_order_found(
            entities in 0usize..12,
            width in 0usize..6,
            found in proptest::collection::vec(
                (0u32..3, proptest::num::u32::ANY, 0u32..100, 0usize..4),
                0..60,
            ),
        ) {
            // Texts long enough for any offset: the rows find each
            // mention's source again from where it stands in all of them.
            let text = u64::from(u32::MAX) + 512;
            let lengths = (0..=3 * found.len()).map(|_| text as usize);
            let mut pending = Pending::new(entities, width, crate::store::text_starts(lengths));
            let mut rows = vec![Vec::new(); entities];
            let mut source = 0;
            for &(skip, entity, start, len) in &found {
                if entities == 0 {
                    break;
                }
                source += skip;
                let entity = entity % entities as u32;
                // Lengths from 0 to past 255 bytes, an entity's often the
                // same as its mention before.
                let end = start.saturating_add([0, 9, 9, 300][len]);
                pending.push(source, entity, start, end);
                rows[entity as usize].push((source, start as usize..end as usize));
            }
            let laid = pending.into_rows();
            proptest::prop_assert_eq!(laid.first.len(), entities + 1);
            for (e, row) in rows.iter().enumerate() {
                proptest::prop_assert_eq!(&laid.row(e).collect::<Vec<_>>(), row);
            }
            proptest::prop_assert_eq!(laid.spans.len(), rows.iter().map(Vec::len).sum::<usize>());
        }
    }

    #[test]
    fn a_mention_is_found_again_in_its_source_past_empty_texts() {
        // Sources 0, 2 and 3 have empty texts; 1 holds 10 bytes, 4 holds 15.
        let starts = crate::store::text_starts([0, 10, 0, 0, 15, 500]);
        let mut pending = Pending::new(1, 1, starts);
        pending.push(1, 0, 3, 7);
        pending.push(4, 0, 0, 5);
        pending.push(5, 0, 2, 400);
        let laid = pending.into_rows();
        let row: Vec<_> = laid.row(0).collect();
        assert_eq!(row, vec![(1, 3..7), (4, 0..5), (5, 2..400)]);
    }
}
