//! What the rest of the crate reads of an entity kept in an
//! [`EntityTable`](super::EntityTable): the fields of an [`Entity`],
//! borrowed, and serialized to the same bytes.

use serde::Serialize;
use serde::ser::Serializer;

use crate::base::Strings;
use crate::model::{Entity, EntityType};

/// An entity borrowed from an [`EntityTable`]: the fields of an [`Entity`],
/// serialized to the same JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EntityView<'a> {
    pub id: &'a str,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub name: &'a str,
    pub aliases: Aliases<'a>,
    pub description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
}

impl<'a> EntityView<'a> {
    /// The name followed by the aliases.
    pub fn names(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        std::iter::once(self.name).chain(self.aliases.iter())
    }

    /// The entity, owned.
    pub fn to_entity(&self) -> Entity {
        Entity {
            id: self.id.into(),
            kind: self.kind,
            name: self.name.into(),
            aliases: self.aliases.iter().map(Into::into).collect(),
            description: self.description.into(),
            date: self.date.map(Into::into),
            note: self.note.map(Into::into),
        }
    }
}

/// An entity's aliases, in the order written.
#[derive(Clone, Copy)]
pub struct Aliases<'a> {
    pub(super) strings: &'a Strings,
    pub(super) first: u32,
    pub(super) end: u32,
}

impl<'a> Aliases<'a> {
    pub fn len(&self) -> usize {
        (self.end - self.first) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.first
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'a str> + use<'a> {
        let strings = self.strings;
        (self.first..self.end).map(move |i| strings.get(i))
    }
}

impl<'a> IntoIterator for Aliases<'a> {
    type Item = &'a str;
    type IntoIter = Box<dyn ExactSizeIterator<Item = &'a str> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl PartialEq for Aliases<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Aliases<'_> {}

impl std::fmt::Debug for Aliases<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Aliases<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}
