//! What curators write in `entities.json` and `sources.json`, as read:
//! each record type denies unknown fields, so that serde's own message
//! names the stray field and every field allowed. The served types of
//! [`crate::model`] are built from them and stay open in the OpenAPI
//! document, whose answers flatten them beside fields of their own.
//! (Predicates, claims, citations and credits are never flattened, so one
//! type serves both.)

use compact_str::CompactString;
use serde::Deserialize;

use super::{Credit, Entity, EntityType, SourceRecord};

/// An entity as written in `entities.json`; served as an [`Entity`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityRecord {
    pub id: CompactString,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub name: CompactString,
    #[serde(default)]
    pub aliases: Box<[CompactString]>,
    pub description: CompactString,
    #[serde(default)]
    pub date: Option<CompactString>,
    #[serde(default)]
    pub note: Option<CompactString>,
}

impl From<EntityRecord> for Entity {
    fn from(r: EntityRecord) -> Entity {
        Entity {
            id: r.id,
            kind: r.kind,
            name: r.name,
            aliases: r.aliases,
            description: r.description,
            date: r.date,
            note: r.note,
        }
    }
}

/// A source as written in `sources.json`; served as a [`SourceRecord`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFileRecord {
    pub id: String,
    pub title: String,
    pub author: String,
    pub date: String,
    #[serde(default)]
    pub published_in: Option<String>,
    #[serde(default)]
    pub online_version: Option<String>,
    #[serde(default)]
    pub credits: Vec<Credit>,
    #[serde(default)]
    pub note: Option<String>,
}

impl From<SourceFileRecord> for SourceRecord {
    fn from(r: SourceFileRecord) -> SourceRecord {
        SourceRecord {
            id: r.id,
            title: r.title,
            author: r.author,
            date: r.date,
            published_in: r.published_in,
            online_version: r.online_version,
            credits: r.credits,
            note: r.note,
        }
    }
}
