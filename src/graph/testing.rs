//! Small graphs built in memory, for the unit tests of the graph and the
//! queries.

use super::{EntityIx, Graph};
use crate::load::Dataset;
use crate::model::{Entity, EntityType, Predicate, Status};
use crate::store::{ClaimTable, Row};

pub const PREDICATES: [&str; 2] = ["knew", "paid"];

/// A graph of `entities` entities and the given claims, as
/// `(subject, object, status, predicate)`; self-loops are dropped, as
/// the loader rejects them.
pub fn graph(entities: usize, claims: &[(usize, usize, usize, usize)]) -> Graph {
    let entity = |i: usize| {
        let kind = EntityType::ALL[i % EntityType::ALL.len()];
        Entity::numbered(i, kind, &format!("Person {i}"))
    };
    let predicate = |id: &str| Predicate::plain(id, id, id, false);
    let mut table = ClaimTable::default();
    let kept = claims
        .iter()
        .filter(|(s, o, ..)| s % entities != o % entities);
    for (n, &(s, o, status, predicate)) in kept.enumerate() {
        let id = format!("c{n}");
        let row = Row {
            id: &id,
            subject: EntityIx::new(s % entities),
            object: EntityIx::new(o % entities),
            predicate: predicate as u16,
            status: Status::ALL[status],
            claimed_by: EntityIx::new(0),
            date: None,
            note: None,
            citations: &[],
        };
        table.push(row).expect("fits");
    }
    table.finish();
    Graph::from_dataset(Dataset {
        sources: vec![],
        entities: crate::store::EntityTable::new((0..entities).map(entity)).unwrap(),
        predicates: PREDICATES.iter().map(|p| predicate(p)).collect(),
        claims: table,
        version: String::new(),
    })
    .expect("a small graph indexes")
}
