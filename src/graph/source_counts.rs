//! How much of the graph each source carries: the claims citing it and the
//! entities those claims name, counted the first time a source is asked
//! about (one pass over the claims' citations) and kept.

use std::sync::OnceLock;

use serde::Serialize;
use utoipa::ToSchema;

use super::{Graph, Object};
use crate::base::EntityIx;

/// The claims citing a source, and the entities they name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct SourceCounts {
    /// Claims citing the source at least once.
    pub claims: usize,
    /// Distinct entities those claims have as subject, object or claimant.
    pub entities: usize,
}

/// One count a source, each filled when first asked for.
#[derive(Debug, Default)]
pub(super) struct CountsBySource(Vec<OnceLock<SourceCounts>>);

impl CountsBySource {
    pub(super) fn new(sources: usize) -> CountsBySource {
        CountsBySource((0..sources).map(|_| OnceLock::new()).collect())
    }
}

impl Graph {
    /// The counts of the source at `position` among [`Graph::sources`].
    /// O(claims) the first time a source is asked about, O(1) after.
    pub fn source_counts(&self, position: usize) -> SourceCounts {
        *self.source_counts.0[position].get_or_init(|| self.count_source(position as u32))
    }

    fn count_source(&self, source: u32) -> SourceCounts {
        let mut named: Vec<EntityIx> = Vec::new();
        let mut claims = 0;
        for c in self.claim_ixs() {
            if !self.cited_source_positions(c).any(|s| s == source) {
                continue;
            }
            claims += 1;
            named.push(self.subject(c));
            named.push(self.claimant(c));
            if let Object::Entity(object) = self.object(c) {
                named.push(object);
            }
        }
        named.sort_unstable();
        named.dedup();
        SourceCounts {
            claims,
            entities: named.len(),
        }
    }
}
