//! The in-memory graph: entities as nodes and claims as edges, in compressed
//! sparse rows of incidence built once at load (each entity's claims in
//! claim order, and again ordered by the other end), with petgraph's `Csr`
//! over distinct neighbor pairs for walking paths, plus the indexes every
//! query needs (by id, by folded name and alias, and every mention of every
//! entity in the sources).
//!
//! Callers hold [`EntityIx`] and [`ClaimIx`], plain u32 positions, which stay
//! valid because a `Graph` is never mutated after it is built (a reload
//! builds a new one).

use std::collections::HashMap;
use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};
use petgraph::Directed;
use petgraph::csr::Csr;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::load::{self, Dataset, LoadError};
use crate::model::{Claim, Document, Entity, Predicate, Source, Status};
use crate::text;

/// Position of an entity in [`Graph::entities`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityIx(u32);

/// Position of a claim in [`Graph::claims`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClaimIx(u32);

impl EntityIx {
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

/// A source with its text.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub source: Source,
    pub text: String,
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

/// A name or alias of an entity, folded for search.
#[derive(Debug, Clone)]
pub struct NameEntry {
    pub folded: String,
    pub name: String,
    pub entity: EntityIx,
}

/// The loaded graph. Immutable once built.
#[derive(Debug)]
pub struct Graph {
    sources: Vec<SourceText>,
    entities: Vec<Entity>,
    predicates: Vec<Predicate>,
    claims: Vec<Claim>,
    /// The subject and object of every claim, by claim position.
    ends: Vec<(EntityIx, EntityIx)>,
    /// Compressed sparse rows of incidence: the claims touching entity `i`
    /// are `incidence[first_incident[i]..first_incident[i + 1]]`, in claim
    /// order, so that walking them needs neither petgraph's edge lists nor a
    /// sort.
    first_incident: Vec<u32>,
    incidence: Vec<Incidence>,
    /// The same rows, each sorted by the other end (then claim order): the
    /// claims between each pair of neighbors lie next to each other.
    by_neighbor: Vec<Incidence>,
    /// Who is next to whom: petgraph's compressed sparse rows over distinct
    /// neighbor pairs, in entity order; each edge's weight is the run of
    /// `by_neighbor` holding the claims that join the pair.
    adjacency: Csr<(), (u32, u32), Directed, u32>,
    /// The claims each entity makes, in claim order: entity `i`'s are
    /// `made[first_made[i]..first_made[i + 1]]`.
    first_made: Vec<u32>,
    made: Vec<ClaimIx>,
    entity_by_id: HashMap<String, EntityIx>,
    claim_by_id: HashMap<String, ClaimIx>,
    names: Vec<NameEntry>,
    mentions: Vec<Vec<Mention>>,
    version: String,
}

impl Graph {
    /// Reads, validates and indexes the graph-data folder at `dir`.
    pub fn load(dir: &Path) -> Result<Graph, LoadError> {
        load::load_dir(dir).map(Graph::from_dataset)
    }

    /// Indexes a validated dataset.
    pub fn from_dataset(data: Dataset) -> Graph {
        let version = version_of(&data);
        let entity_by_id: HashMap<String, EntityIx> = data
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), EntityIx(i as u32)))
            .collect();
        let mut claim_by_id = HashMap::with_capacity(data.claims.len());
        for (i, claim) in data.claims.iter().enumerate() {
            let ix = ClaimIx(i as u32);
            claim_by_id.insert(claim.id.clone(), ix);
        }
        let ends: Vec<(EntityIx, EntityIx)> = data
            .claims
            .iter()
            .map(|c| (entity_by_id[&c.subject], entity_by_id[&c.object]))
            .collect();
        let (first_incident, incidence) = incidence(data.entities.len(), &ends);
        let mut by_neighbor = incidence.clone();
        for w in first_incident.windows(2) {
            by_neighbor[w[0] as usize..w[1] as usize].sort_unstable_by_key(|i| (i.other, i.claim));
        }
        let adjacency = adjacency(data.entities.len(), &first_incident, &by_neighbor);
        let claimants: Vec<EntityIx> = data
            .claims
            .iter()
            .map(|c| entity_by_id[&c.claimed_by])
            .collect();
        let (first_made, made) = rows_by(data.entities.len(), &claimants);
        let names = name_entries(&data.entities);
        let sources: Vec<SourceText> = data
            .sources
            .into_iter()
            .map(|(source, text)| SourceText { source, text })
            .collect();
        let mentions = find_mentions(&sources, &names, data.entities.len());
        Graph {
            sources,
            entities: data.entities,
            predicates: data.predicates,
            claims: data.claims,
            ends,
            first_incident,
            incidence,
            by_neighbor,
            adjacency,
            first_made,
            made,
            entity_by_id,
            claim_by_id,
            names,
            mentions,
            version,
        }
    }

    /// Every entity position, in file order.
    pub fn entity_ixs(&self) -> impl Iterator<Item = EntityIx> + use<> {
        (0..self.entities.len() as u32).map(EntityIx)
    }

    /// Every claim position, in file order.
    pub fn claim_ixs(&self) -> impl Iterator<Item = ClaimIx> + use<> {
        (0..self.claims.len() as u32).map(ClaimIx)
    }

    /// A hash of the loaded data: the same data gives the same version.
    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn claims(&self) -> &[Claim] {
        &self.claims
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
        self.entity_by_id.get(id).copied()
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entity_ix(id).map(|ix| self.entity_at(ix))
    }

    pub fn entity_at(&self, ix: EntityIx) -> &Entity {
        &self.entities[ix.index()]
    }

    pub fn claim_ix(&self, id: &str) -> Option<ClaimIx> {
        self.claim_by_id.get(id).copied()
    }

    pub fn claim(&self, id: &str) -> Option<&Claim> {
        self.claim_ix(id).map(|ix| self.claim_at(ix))
    }

    pub fn claim_at(&self, ix: ClaimIx) -> &Claim {
        &self.claims[ix.index()]
    }

    /// How firmly a claim is made, without building the claim.
    pub fn status(&self, ix: ClaimIx) -> Status {
        self.claims[ix.index()].status
    }

    /// The predicate id of a claim, without building the claim.
    pub fn predicate_of(&self, ix: ClaimIx) -> &str {
        &self.claims[ix.index()].predicate
    }

    /// The subject and object of a claim.
    pub fn ends(&self, ix: ClaimIx) -> (EntityIx, EntityIx) {
        self.ends[ix.index()]
    }

    /// Every name and alias, folded, for search.
    pub fn names(&self) -> &[NameEntry] {
        &self.names
    }

    /// Every place in the sources where the entity's name or an alias occurs.
    pub fn mentions(&self, ix: EntityIx) -> &[Mention] {
        &self.mentions[ix.index()]
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
            .filter(|i| match i.direction {
                Direction::Out => out,
                Direction::In => inward,
            })
            .map(|i| (i.claim, i.other, i.direction))
            .collect()
    }

    /// Every claim touching `ix`, in claim order, without allocating.
    pub fn incidence(&self, ix: EntityIx) -> &[Incidence] {
        let from = self.first_incident[ix.index()] as usize;
        let to = self.first_incident[ix.index() + 1] as usize;
        &self.incidence[from..to]
    }

    /// The distinct neighbors of `ix` in entity order, each with the claims
    /// joining them (either way) in claim order. O(1) to start, O(1) a step.
    pub fn neighbors(&self, ix: EntityIx) -> impl Iterator<Item = (EntityIx, &[Incidence])> + '_ {
        let others = self.adjacency.neighbors_slice(ix.0);
        let runs = self.adjacency.edges_slice(ix.0);
        others.iter().zip(runs).map(|(other, (from, to))| {
            (
                EntityIx(*other),
                &self.by_neighbor[*from as usize..*to as usize],
            )
        })
    }

    /// The claims joining `a` and `b` (either way), in claim order; empty
    /// when they are not neighbors. O(log d) by binary search over `a`'s
    /// distinct neighbors, so a hop through a hub does not cost its degree.
    pub fn claims_between(&self, a: EntityIx, b: EntityIx) -> &[Incidence] {
        let others = self.adjacency.neighbors_slice(a.0);
        match others.binary_search(&b.0) {
            Ok(at) => {
                let (from, to) = self.adjacency.edges_slice(a.0)[at];
                &self.by_neighbor[from as usize..to as usize]
            }
            Err(_) => &[],
        }
    }

    /// The claims `ix` makes (is `claimed_by` of), in claim order.
    pub fn claims_made(&self, ix: EntityIx) -> &[ClaimIx] {
        let from = self.first_made[ix.index()] as usize;
        let to = self.first_made[ix.index() + 1] as usize;
        &self.made[from..to]
    }

    /// How many claims touch `ix`.
    pub fn degree(&self, ix: EntityIx) -> usize {
        self.incidence(ix).len()
    }

    /// The canonical graph document.
    pub fn document(&self) -> Document {
        Document {
            sources: self.sources.iter().map(|s| s.source.clone()).collect(),
            entities: self.entities.clone(),
            predicates: self.predicates.clone(),
            claims: self.claims.clone(),
        }
    }
}

/// One claim as seen from one of its ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Incidence {
    pub claim: ClaimIx,
    /// The claim's other end.
    pub other: EntityIx,
    /// `Out` when the entity is the claim's subject.
    pub direction: Direction,
}

/// Builds petgraph's [`Csr`] over distinct neighbor pairs from rows of
/// incidence sorted by the other end; every entity gets a node, isolated or not.
fn adjacency(
    entities: usize,
    first_incident: &[u32],
    by_neighbor: &[Incidence],
) -> Csr<(), (u32, u32), Directed, u32> {
    let mut pairs: Vec<(u32, u32, (u32, u32))> = Vec::new();
    for (entity, row) in first_incident.windows(2).enumerate() {
        let mut start = row[0];
        while start < row[1] {
            let other = by_neighbor[start as usize].other;
            let mut end = start;
            while end < row[1] && by_neighbor[end as usize].other == other {
                end += 1;
            }
            pairs.push((entity as u32, other.0, (start, end)));
            start = end;
        }
    }
    // Sorted by entity, then by distinct neighbor, by construction.
    let mut csr = Csr::from_sorted_edges(&pairs).unwrap_or_else(|_| Csr::with_nodes(0));
    while csr.node_count() < entities {
        csr.add_node(());
    }
    csr
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
    let blank = Incidence {
        claim: ClaimIx(0),
        other: EntityIx(0),
        direction: Direction::Out,
    };
    let mut rows = vec![blank; 2 * ends.len()];
    for (c, &(s, o)) in ends.iter().enumerate() {
        let claim = ClaimIx(c as u32);
        for (at, other, direction) in [(s, o, Direction::Out), (o, s, Direction::In)] {
            rows[next[at.index()] as usize] = Incidence {
                claim,
                other,
                direction,
            };
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

fn name_entries(entities: &[Entity]) -> Vec<NameEntry> {
    entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            e.names().map(move |name| NameEntry {
                folded: text::fold(name),
                name: name.to_string(),
                entity: EntityIx(i as u32),
            })
        })
        .collect()
}

/// One Aho–Corasick pass per source over its folded text, longest name first,
/// keeping matches that stand as whole words.
fn find_mentions(
    sources: &[SourceText],
    names: &[NameEntry],
    entities: usize,
) -> Vec<Vec<Mention>> {
    let mut mentions = vec![Vec::new(); entities];
    if names.is_empty() {
        return mentions;
    }
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(names.iter().map(|n| n.folded.as_str()))
    else {
        return mentions;
    };
    for source in sources {
        let (folded_chars, origin) = text::fold_with_offsets(&source.text);
        let mut folded = String::with_capacity(folded_chars.len());
        let mut origin_by_byte = Vec::with_capacity(folded_chars.len());
        for (c, o) in folded_chars.iter().zip(&origin) {
            folded.push(*c);
            origin_by_byte.extend(std::iter::repeat_n(*o, c.len_utf8()));
        }
        // The byte offset of every code point, and of the end.
        let byte_of: Vec<usize> = source
            .text
            .char_indices()
            .map(|(b, _)| b)
            .chain([source.text.len()])
            .collect();
        for m in automaton.find_iter(&folded) {
            let before = folded[..m.start()].chars().next_back();
            let after = folded[m.end()..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let start = origin_by_byte[m.start()];
            let end = origin_by_byte[m.end() - 1] + 1;
            let entry = &names[m.pattern().as_usize()];
            mentions[entry.entity.index()].push(Mention {
                source: source.source.record.id.clone(),
                start,
                end,
                text: source.text[byte_of[start]..byte_of[end]].to_string(),
            });
        }
    }
    mentions
}

fn version_of(data: &Dataset) -> String {
    let mut hasher = Sha256::new();
    for (source, text) in &data.sources {
        hasher.update(serde_json::to_vec(source).unwrap_or_default());
        hasher.update(text.as_bytes());
    }
    for entity in &data.entities {
        hasher.update(serde_json::to_vec(entity).unwrap_or_default());
    }
    for predicate in &data.predicates {
        hasher.update(serde_json::to_vec(predicate).unwrap_or_default());
    }
    for claim in &data.claims {
        hasher.update(serde_json::to_vec(claim).unwrap_or_default());
    }
    hex::encode(&hasher.finalize()[..8])
}
