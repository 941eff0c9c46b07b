//! Every entity in name order, for listing them: sorted the first time any
//! order is asked for, not at load, since only a listing needs it.

use rayon::prelude::*;

use super::Graph;
use crate::base::EntityIx;
use crate::model::EntityType;
use crate::store::EntityTable;

impl Graph {
    /// The entities of type `kind` (of every type for `None`) by name, then
    /// id. Sorted the first time any order is asked for (a third of a
    /// second at a million entities), not at load: only listing every
    /// entity needs it.
    pub fn entities_by_name(&self, kind: Option<EntityType>) -> &[EntityIx] {
        self.by_name
            .get_or_init(|| NameOrder::new(&self.entities))
            .of(kind)
    }
}

/// Every entity by name, then id, and the same order of each type's.
#[derive(Debug)]
pub(super) struct NameOrder {
    all: Vec<EntityIx>,
    /// In the order of [`EntityType::ALL`].
    by_kind: Vec<Vec<EntityIx>>,
}

impl NameOrder {
    pub(super) fn new(entities: &EntityTable) -> NameOrder {
        let mut all: Vec<EntityIx> = (0..entities.len()).map(EntityIx::new).collect();
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

    pub(super) fn of(&self, kind: Option<EntityType>) -> &[EntityIx] {
        let at = kind.and_then(|k| EntityType::ALL.iter().position(|&t| t == k));
        match at {
            Some(at) => &self.by_kind[at],
            None => &self.all,
        }
    }
}
