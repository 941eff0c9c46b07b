//! The in-memory graph: entities as nodes and claims as edges, with the
//! indexes every query needs, built once at load. One concern a file:
//!
//! - `mod.rs`: [`Graph`], how it is built from a validated dataset, and
//!   what is read of an entity or claim without building it.
//! - `incidence.rs`: each entity's claims ([`Incidence`], [`Run`]), its
//!   neighbors and the claims between two entities.
//! - `adjacency.rs`: petgraph's `Csr` over distinct neighbor pairs, and
//!   where each pair's claims start; petgraph's types never leave it.
//! - `rows.rs`: the indexes built from the claims alone.
//! - `views.rs`: a claim as served, owned or borrowed ([`ClaimView`]),
//!   many at once with their reads prefetched.
//! - `mention_index.rs` and `mention_page.rs`: finding every mention of
//!   every entity after load ([`Graph::index_mentions`]), and serving them
//!   a page at a time.
//! - `name_order.rs`: every entity in name order, sorted when first asked.
//! - `responses.rs`: claims about claims ([`Object::Claim`]), by the claim
//!   they respond to and by their subject, and which claims are contested.
//! - `source_counts.rs`: how many claims cite each source, and the entities
//!   they name.
//!
//! Callers hold [`EntityIx`] and [`ClaimIx`], plain u32 positions, which
//! stay valid because a `Graph` is never mutated after it is built (a
//! reload builds a new one). Claims stay in the store's columns
//! ([`ClaimTable`]); the served [`Claim`] is built when asked for.

mod adjacency;
mod incidence;
mod mention_index;
mod mention_page;
mod name_order;
mod responses;
mod rows;
mod source_counts;
#[cfg(test)]
pub(crate) mod testing;
mod views;

use std::path::Path;
use std::sync::OnceLock;

use crate::base::memory::{cpu_seconds, peak_mib, release_free_memory, resident_mib};
pub use crate::base::{ClaimIx, EntityIx};
pub use crate::load::SourceText;
use crate::load::{self, Dataset, LoadError, Problem};
use crate::model::{Claim, Document, EntityType, Predicate, Status};
use crate::names::NameIndex;
use crate::store::{ClaimTable, EntityTable, EntityView};
pub use incidence::{Direction, Incidence, Run, RunIter};
use mention_index::MentionRows;
pub use mention_page::{Mention, MentionView};
use name_order::NameOrder;
pub use responses::Object;
use responses::Responses;
use rows::ClaimRows;
use source_counts::CountsBySource;
pub use source_counts::SourceCounts;
pub use views::{CitationView, ClaimView};

/// The loaded graph. Immutable once built.
#[derive(Debug)]
pub struct Graph {
    sources: Vec<SourceText>,
    entities: EntityTable,
    predicates: Vec<Predicate>,
    claims: ClaimTable,
    /// The indexes built from the claims alone.
    rows: ClaimRows,
    /// The claims about claims.
    responses: Responses,
    names: NameIndex,
    /// Every entity's mentions, found after the rest of the graph is
    /// built ([`Graph::index_mentions`]).
    mentions: OnceLock<MentionRows>,
    version: String,
    /// Every entity in name order, built when first asked for.
    by_name: OnceLock<NameOrder>,
    /// Each source's claims and entities, counted when first asked for.
    source_counts: CountsBySource,
}

impl Graph {
    /// Reads, validates and indexes the graph-data folder at `dir`.
    pub fn load(dir: &Path) -> Result<Graph, LoadError> {
        let started = std::time::Instant::now();
        let data = load::load_dir(dir)?;
        tracing::debug!(elapsed = ?started.elapsed(), "data read and checked");
        let graph = Graph::from_dataset(data)?;
        tracing::debug!(elapsed = ?started.elapsed(), "graph indexed");
        Ok(graph)
    }

    /// Indexes a validated dataset: the names on one core while the rows of
    /// claims are built on the other. The mentions are not searched for
    /// yet: see [`Graph::index_mentions`]. Fails only for names past what
    /// the index holds, which [`load::load_dir`] refuses first.
    pub fn from_dataset(data: Dataset) -> Result<Graph, LoadError> {
        let started = std::time::Instant::now();
        // What reading the claims freed, before the rows are laid out.
        release_free_memory();
        let about_claims: Vec<bool> = data
            .predicates
            .iter()
            .map(|p| p.is_about_claims())
            .collect();
        let ((rows, responses), names) = rayon::join(
            || {
                let rows = ClaimRows::new(&data.entities, &data.claims, &about_claims);
                (rows, Responses::new(&data.claims, &data.predicates))
            },
            || NameIndex::new(&data.entities),
        );
        let names = names.map_err(|too_large| LoadError {
            problems: vec![Problem {
                file: "entities.json".to_string(),
                line: None,
                record: None,
                message: format!("the names and aliases, once folded: {too_large}"),
            }],
        })?;
        tracing::debug!(elapsed = ?started.elapsed(), rss_mib = ?resident_mib(), peak_mib = ?peak_mib(), cpu_s = ?cpu_seconds(), "claim rows and names indexed");
        // What building them freed (their sort buffers, the folded names),
        // before the mention search sets its peak on top.
        release_free_memory();
        Ok(Graph {
            source_counts: CountsBySource::new(data.sources.len()),
            sources: data.sources,
            entities: data.entities,
            predicates: data.predicates,
            claims: data.claims,
            rows,
            responses,
            names,
            mentions: OnceLock::new(),
            version: data.version,
            by_name: OnceLock::new(),
        })
    }

    /// Every entity position, in file order.
    pub fn entity_ixs(&self) -> impl Iterator<Item = EntityIx> + use<> {
        (0..self.entities.len()).map(EntityIx::new)
    }

    /// Every claim position, in file order.
    pub fn claim_ixs(&self) -> impl Iterator<Item = ClaimIx> + use<> {
        (0..self.claims.len()).map(ClaimIx::new)
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
        self.entities.position(id).map(EntityIx)
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

    /// The subject and object of a claim about entities: one met along an
    /// entity's incidence, say. For any claim, see [`Graph::object`].
    pub fn ends(&self, ix: ClaimIx) -> (EntityIx, EntityIx) {
        debug_assert!(
            !self.is_response(ix),
            "a claim about a claim has no entity as its object"
        );
        self.claims.ends()[ix.index()]
    }

    /// Every name and alias, folded and indexed for search.
    pub fn names(&self) -> &NameIndex {
        &self.names
    }

    /// Heap bytes held by the claims' columns, for the benchmarks.
    pub fn claim_bytes(&self) -> usize {
        self.claims.heap_bytes()
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
