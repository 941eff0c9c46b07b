//! The questions the graph answers: search, neighborhoods, paths and claim
//! listings. Pure functions over a [`Graph`] and a
//! parameter struct; nothing here knows about HTTP, and every function states
//! its cost and its bounds.

pub mod claims;
pub mod neighborhood;
pub mod paths;
pub mod search;

use crate::graph::{ClaimIx, Graph};
use crate::model::Status;

/// Which claims a query may use: by status and by predicate. Empty lists
/// admit everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ClaimFilter {
    pub statuses: Vec<Status>,
    pub predicates: Vec<String>,
}

impl ClaimFilter {
    /// Whether the claim passes the filter. Reads only the claim's status
    /// and predicate, without building the whole claim.
    pub fn admits(&self, graph: &Graph, claim: ClaimIx) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&graph.status(claim)))
            && (self.predicates.is_empty()
                || self
                    .predicates
                    .iter()
                    .any(|p| p == graph.predicate_of(claim)))
    }
}

/// Small graphs built in memory, for the unit tests of the queries.
#[cfg(test)]
pub(crate) mod testing {
    use crate::graph::{EntityIx, Graph};
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
        let predicate = |id: &str| Predicate {
            id: id.to_string(),
            label: id.to_string(),
            inverse_label: id.to_string(),
            symmetric: false,
            description: None,
        };
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
            entities: (0..entities).map(entity).collect(),
            predicates: PREDICATES.iter().map(|p| predicate(p)).collect(),
            claims: table,
            version: String::new(),
        })
    }
}
