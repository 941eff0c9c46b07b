//! The records of graph-data and the objects of the canonical graph document.
//!
//! Two families of types live here. The *records* (`…Record`, and [`Entity`]
//! and [`Predicate`], which are served as written) are what a curator writes
//! in `graph-data/*.json`; the loader rejects their unknown fields so that a
//! misspelt key is reported rather than ignored. The *resolved* objects
//! ([`Source`], [`Claim`], [`Citation`]) are what the loader makes of them and
//! what every exporter and the HTTP API hands out: they are the public data
//! contract, so a change to their shape is a change to the contract.
//!
//! This module knows nothing of files, validation or HTTP.

pub mod input;

use std::borrow::Cow;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The five kinds of thing the graph holds.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    Person,
    Organization,
    Place,
    Event,
    Work,
}

impl EntityType {
    /// Every type, in the order they are documented.
    pub const ALL: [EntityType; 5] = [
        EntityType::Person,
        EntityType::Organization,
        EntityType::Place,
        EntityType::Event,
        EntityType::Work,
    ];

    /// The lowercase name used in data files and query strings.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Place => "place",
            EntityType::Event => "event",
            EntityType::Work => "work",
        }
    }

    /// Parses the lowercase name; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// How firmly a claim is made. Ordered from strongest to weakest, so the
/// weakest status of a path is the maximum of its hops.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The claimant states it as fact.
    Asserted,
    /// The source reports someone else's testimony or accusation.
    Alleged,
    /// An inference or suspicion of the claimant.
    Suspected,
}

impl Status {
    /// Every status, strongest first.
    pub const ALL: [Status; 3] = [Status::Asserted, Status::Alleged, Status::Suspected];

    /// The lowercase name used in data files and query strings.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Asserted => "asserted",
            Status::Alleged => "alleged",
            Status::Suspected => "suspected",
        }
    }

    /// Parses the lowercase name; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// One person or body credited with the transcription of a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    /// What they did, e.g. "proofreading".
    pub role: String,
    pub name: String,
    /// When, as EDTF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A source as recorded in `sources.json`; its text is `sources/<id>.txt`.
///
/// Unknown fields are rejected by the loader rather than by serde, so that
/// the served schema, which flattens this record, stays open.
//
// (Not in the doc comment, which is the served schema's description.) The
// loader reads an `input::SourceFileRecord`, which denies unknown fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SourceRecord {
    pub id: String,
    pub title: String,
    /// The entity id of the author.
    pub author: String,
    /// When it was written, as EDTF.
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_in: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_version: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<Credit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A source of the canonical document: its record plus the length of its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Source {
    #[serde(flatten)]
    pub record: SourceRecord,
    /// Length of the text in Unicode code points.
    pub length: usize,
}

/// A person, organization, place, event or work, as written and as served.
///
/// Unknown fields are rejected by the loader rather than by serde, so that
/// the served schemas, which flatten entities, stay open.
//
// (Not in the doc comment, which is the served schema's description.) The
// loader reads an `input::EntityRecord`, which denies unknown fields. The
// graph keeps its entities as columns (`store::EntityTable`); an `Entity`
// is a record being read, or an answer being built. Its strings are
// `CompactString`s, kept inline up to 24 bytes (ids, names, aliases and
// dates nearly always are), and the aliases a boxed slice: one heap
// allocation or two instead of six or seven. They serialize, and are
// described in the schema, as plain strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Entity {
    /// Stable lowercase slug, e.g. `louis-budenz`.
    #[schema(value_type = String)]
    pub id: CompactString,
    #[serde(rename = "type")]
    pub kind: EntityType,
    #[schema(value_type = String)]
    pub name: CompactString,
    /// Every other form the sources use, spelled as there.
    #[serde(default)]
    #[schema(value_type = Vec<String>)]
    pub aliases: Box<[CompactString]>,
    #[schema(value_type = String)]
    pub description: CompactString,
    /// When an event happened or a work appeared, as EDTF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub date: Option<CompactString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub note: Option<CompactString>,
}

impl Entity {
    /// The name followed by the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(CompactString::as_str))
    }

    /// Entity number `i` (id `e{i}`) of type `kind`, named `name`, with
    /// nothing else: the unit tests' entities.
    #[cfg(test)]
    pub(crate) fn numbered(i: usize, kind: EntityType, name: &str) -> Entity {
        Entity {
            id: format!("e{i}").into(),
            kind,
            name: name.into(),
            aliases: Default::default(),
            description: Default::default(),
            date: None,
            note: None,
        }
    }
}

/// A relation of the controlled vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Predicate {
    pub id: String,
    /// Reads subject → object, e.g. "agent of".
    pub label: String,
    /// Reads object → subject, e.g. "has agent".
    pub inverse_label: String,
    /// Whether it reads the same both ways.
    pub symmetric: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the object of its claims is: an entity (the default), or
    /// another claim (`corroborates`, `disputes`, `reports`, …).
    #[serde(default, skip_serializing_if = "About::is_entity")]
    pub about: About,
    /// What a claim about a claim does to it; only with `about: claim`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<Stance>,
    /// The entity types its subjects may have; any when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_types: Option<Vec<EntityType>>,
    /// The entity types its objects may have; any when absent. Not with
    /// `about: claim`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_types: Option<Vec<EntityType>>,
}

impl Predicate {
    /// A predicate about entities, with nothing declared but its labels:
    /// what most of a vocabulary is.
    pub fn plain(id: &str, label: &str, inverse_label: &str, symmetric: bool) -> Predicate {
        Predicate {
            id: id.to_string(),
            label: label.to_string(),
            inverse_label: inverse_label.to_string(),
            symmetric,
            description: None,
            about: About::Entity,
            stance: None,
            subject_types: None,
            object_types: None,
        }
    }

    /// Whether its claims' objects are claims.
    pub fn is_about_claims(&self) -> bool {
        self.about == About::Claim
    }

    /// Whether its claims contest the claims they are about.
    pub fn contests(&self) -> bool {
        self.stance == Some(Stance::Contests)
    }
}

/// What the object of a predicate's claims is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum About {
    /// An entity id: the claim is an edge of the graph.
    #[default]
    Entity,
    /// A claim id: the claim responds to another claim.
    Claim,
}

impl About {
    pub fn is_entity(&self) -> bool {
        *self == About::Entity
    }
}

/// What a claim about a claim does to it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// Says it is false, did not happen, or withdraws it: the claim
    /// responded to is *contested* (`disputes`, `denies`, `retracts`).
    Contests,
    /// Says or shows it is true (`corroborates`).
    Supports,
    /// Relays it without endorsing it (`reports`).
    Relays,
}

impl Stance {
    pub const ALL: [Stance; 3] = [Stance::Contests, Stance::Supports, Stance::Relays];

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Contests => "contests",
            Stance::Supports => "supports",
            Stance::Relays => "relays",
        }
    }
}

/// A citation as written: a source and a verbatim quote. Borrows from the
/// file it was read from where it can, so that reading millions of them
/// copies little.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitationRecord<'a> {
    #[serde(borrow)]
    pub source: Cow<'a, str>,
    #[serde(borrow)]
    pub quote: Cow<'a, str>,
    /// Which occurrence (1 = first) when the quote occurs more than once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurrence: Option<usize>,
    /// Where the quote starts, in code points, as `start` in served
    /// citations. When given, the loader checks that the quote stands there
    /// instead of searching the source for it (and no `occurrence` is
    /// needed): what keeps loading linear for generated and exported data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
}

/// A claim as written in `claims.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRecord<'a> {
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(borrow)]
    pub subject: Cow<'a, str>,
    #[serde(borrow)]
    pub predicate: Cow<'a, str>,
    #[serde(borrow)]
    pub object: Cow<'a, str>,
    pub status: Status,
    #[serde(borrow)]
    pub claimed_by: Cow<'a, str>,
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    pub date: Option<Cow<'a, str>>,
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    pub note: Option<Cow<'a, str>>,
    /// Nearly always one: kept in the record rather than allocated apart,
    /// which ten million claims would do ten million times.
    #[serde(borrow)]
    pub citations: smallvec::SmallVec<[CitationRecord<'a>; 1]>,
}

/// A citation located in its source: a W3C TextPositionSelector
/// (`start`, `end`) and TextQuoteSelector (`quote`, `prefix`, `suffix`) in one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Citation {
    pub source: String,
    /// The exact words of the source.
    pub quote: String,
    /// Offset of the first code point of the quote.
    pub start: usize,
    /// Offset just past the last code point of the quote.
    pub end: usize,
    /// Up to 32 code points before the quote.
    pub prefix: String,
    /// Up to 32 code points after the quote.
    pub suffix: String,
}

/// A claim of the canonical document: an edge of the graph with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Claim {
    pub id: String,
    /// Entity id.
    pub subject: String,
    /// Predicate id.
    pub predicate: String,
    /// Entity id; a claim id when the predicate is about claims.
    pub object: String,
    pub status: Status,
    /// Entity id of who makes the claim.
    pub claimed_by: String,
    /// When the relation held or the act happened, as EDTF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub citations: Vec<Citation>,
    /// Whether another claim disputes, denies or retracts it; left out
    /// when none does.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub contested: bool,
}

/// The canonical graph document: what `claimgraph export --format json`
/// writes and what the API's objects are drawn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Document {
    pub sources: Vec<Source>,
    pub entities: Vec<Entity>,
    pub predicates: Vec<Predicate>,
    pub claims: Vec<Claim>,
}
