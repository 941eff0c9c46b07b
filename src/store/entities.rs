//! Entities as columns: their ids in a column, every other string of every
//! entity in one arena, instead of one [`Entity`] per entity.
//!
//! An [`Entity`] is 144 bytes before its strings, and most need a heap
//! allocation or two beside (a description past 24 bytes, the aliases): at
//! a million entities, about 240 MB and two million allocations for 70 MB
//! of text. Here an entity is its id, inline up to 24 bytes, its other
//! strings end to end in a [`Strings`] arena (name, description, the
//! aliases, then the date and note when it has them), where its first
//! string is, and one byte for its type and which of the last two it has:
//! about 100 bytes. The id stands apart because it is what is read most,
//! three times for every claim served: one read, where the arena takes
//! three (where the entity's strings start, where its first ends, the
//! bytes).
//!
//! [`EntityView`] is what the rest of the crate reads: the same fields as
//! an [`Entity`], borrowed, and serialized to the same bytes.

use std::sync::OnceLock;

use compact_str::CompactString;
use serde::Serialize;
use serde::ser::Serializer;

use super::entity_view::{Aliases, EntityView};
use crate::base::memory::prefetch;
use crate::base::{StrTable, Strings, TooLarge};
use crate::model::{Entity, EntityType};

/// Every entity, in file order, as columns.
#[derive(Debug, Clone)]
pub struct EntityTable {
    ids: Vec<CompactString>,
    strings: Strings,
    /// Where entity `i`'s strings start in `strings`; one past the last.
    first: Vec<u32>,
    /// Each entity's type, and whether it has a date and a note.
    tags: Vec<Tag>,
    /// Entity positions by id, built the first time one is looked up
    /// (the loader's check of the claims, on one core while the texts are
    /// read on the other), and dropped by any change.
    by_id: OnceLock<StrTable>,
}

/// An entity's type in its low bits, then whether it has a date and a note.
#[derive(Debug, Clone, Copy)]
struct Tag(u8);

impl Tag {
    const DATE: u8 = 1 << 3;
    const NOTE: u8 = 1 << 4;

    fn new(e: &Entity) -> Tag {
        let kind = EntityType::ALL
            .iter()
            .position(|&k| k == e.kind)
            .unwrap_or(0) as u8;
        let date = if e.date.is_some() { Tag::DATE } else { 0 };
        let note = if e.note.is_some() { Tag::NOTE } else { 0 };
        Tag(kind | date | note)
    }

    fn kind(self) -> EntityType {
        EntityType::ALL[usize::from(self.0 & 7)]
    }

    fn has_date(self) -> bool {
        self.0 & Tag::DATE != 0
    }

    fn has_note(self) -> bool {
        self.0 & Tag::NOTE != 0
    }
}

/// The strings before the aliases: name, description.
const FIXED: u32 = 2;

impl Default for EntityTable {
    fn default() -> Self {
        EntityTable {
            ids: Vec::new(),
            strings: Strings::default(),
            first: vec![0],
            tags: Vec::new(),
            by_id: OnceLock::new(),
        }
    }
}

impl EntityTable {
    /// The entities of `entities`, in order; [`TooLarge`] past 4 GiB of
    /// strings.
    pub fn new(
        entities: impl IntoIterator<Item = impl std::borrow::Borrow<Entity>>,
    ) -> Result<Self, TooLarge> {
        let mut table = EntityTable::default();
        for e in entities {
            table.push(e.borrow())?;
        }
        Ok(table)
    }

    /// Appends `e`.
    pub fn push(&mut self, e: &Entity) -> Result<(), TooLarge> {
        self.by_id = OnceLock::new();
        self.strings.push(&e.name)?;
        self.strings.push(&e.description)?;
        for alias in &e.aliases {
            self.strings.push(alias)?;
        }
        for optional in [&e.date, &e.note].into_iter().flatten() {
            self.strings.push(optional)?;
        }
        self.first.push(self.strings.len() as u32);
        self.tags.push(Tag::new(e));
        self.ids.push(e.id.clone());
        Ok(())
    }

    /// Appends every entity of `other`, in order. O(size of `other`).
    pub fn append(&mut self, other: EntityTable) -> Result<(), TooLarge> {
        self.by_id = OnceLock::new();
        let base = self.strings.len() as u32;
        self.strings.append(&other.strings)?;
        self.first
            .extend(other.first[1..].iter().map(|&f| f + base));
        self.tags.extend(other.tags);
        self.ids.extend(other.ids);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.tags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// Entity `i`. Panics past the end, as indexing does.
    pub fn get(&self, i: usize) -> EntityView<'_> {
        let (first, end) = (self.first[i], self.first[i + 1]);
        let tag = self.tags[i];
        let note = tag.has_note().then(|| end - 1);
        let date = tag.has_date().then(|| end - 1 - u32::from(tag.has_note()));
        let aliases_end = date.or(note).unwrap_or(end);
        EntityView {
            id: &self.ids[i],
            kind: tag.kind(),
            name: self.strings.get(first),
            aliases: Aliases {
                strings: &self.strings,
                first: first + FIXED,
                end: aliases_end,
            },
            description: self.strings.get(first + 1),
            date: date.map(|d| self.strings.get(d)),
            note: note.map(|n| self.strings.get(n)),
        }
    }

    /// Entity `i`'s id, without the rest.
    pub fn id(&self, i: usize) -> &str {
        &self.ids[i]
    }

    /// Asks for entity `i`'s id to be brought into cache.
    pub fn prefetch_id(&self, i: usize) {
        prefetch(self.ids.as_ptr().wrapping_add(i));
    }

    /// The position of the entity with this id (of entities sharing it,
    /// which a validated dataset has not, the first). O(1).
    pub fn position(&self, id: &str) -> Option<u32> {
        self.id_index().get(id)
    }

    /// Every entity's position by id, for many look-ups at once
    /// ([`StrTable::get_each`]); built the first time it is asked for.
    pub fn id_index(&self) -> &StrTable {
        self.by_id.get_or_init(|| {
            let ids: Vec<(&str, u32)> = self.ids.iter().map(|id| id.as_str()).zip(0..).collect();
            StrTable::of(&ids)
        })
    }

    /// Entity `i`'s type, without the rest.
    pub fn kind(&self, i: usize) -> EntityType {
        self.tags[i].kind()
    }

    /// Every entity, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = EntityView<'_>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        let long_ids: usize = self
            .ids
            .iter()
            .filter(|id| id.is_heap_allocated())
            .map(|id| id.capacity())
            .sum();
        24 * self.ids.capacity()
            + long_ids
            + self.strings.heap_bytes()
            + 4 * self.first.capacity()
            + self.tags.capacity()
    }
}

impl<'a> IntoIterator for &'a EntityTable {
    type Item = EntityView<'a>;
    type IntoIter = Box<dyn ExactSizeIterator<Item = EntityView<'a>> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl Serialize for EntityTable {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entity() -> impl Strategy<Value = Entity> {
        let text = "[a-zé ]{0,30}";
        (
            "[a-z0-9-]{1,20}",
            0..5usize,
            text,
            prop::collection::vec(text, 0..4),
            text,
            prop::option::of("[0-9]{4}"),
            prop::option::of(text),
        )
            .prop_map(
                |(id, kind, name, aliases, description, date, note)| Entity {
                    id: id.into(),
                    kind: EntityType::ALL[kind],
                    name: name.into(),
                    aliases: aliases.into_iter().map(Into::into).collect(),
                    description: description.into(),
                    date: date.map(Into::into),
                    note: note.map(Into::into),
                },
            )
    }

    proptest! {
        /// Each entity reads back as written, and serializes to the bytes
        /// the entity itself does.
        #[test]
        fn an_entity_reads_back_as_written(entities in prop::collection::vec(entity(), 0..20)) {
            let table = EntityTable::new(&entities).unwrap();
            prop_assert_eq!(table.len(), entities.len());
            for (i, (view, e)) in table.iter().zip(&entities).enumerate() {
                prop_assert_eq!(&view.to_entity(), e);
                prop_assert_eq!(table.id(i), e.id.as_str());
                prop_assert_eq!(table.kind(i), e.kind);
                prop_assert_eq!(view.aliases.len(), e.aliases.len());
                prop_assert_eq!(
                    serde_json::to_string(&view).unwrap(),
                    serde_json::to_string(e).unwrap()
                );
            }
            prop_assert_eq!(
                serde_json::to_string(&table).unwrap(),
                serde_json::to_string(&entities).unwrap()
            );
        }
    }
}
