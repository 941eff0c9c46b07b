//! Reading an entity's mentions: every place in the sources where its name
//! or an alias occurs, served a page at a time.
//!
//! The mentions are the one index not built at load ([`Graph::index_mentions`]):
//! whatever asks for them first finds them (`mention_index.rs`), and later
//! callers wait. A page reads its mentions' sources at random among
//! hundreds of megabytes, so what it reads is prefetched first.

use serde::Serialize;
use utoipa::ToSchema;

use super::Graph;
use super::mention_index::{MentionRows, find_mentions};
use crate::base::EntityIx;
use crate::base::memory::{cpu_seconds, peak_mib, release_free_memory, resident_mib};

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

/// A [`Mention`] borrowed from the graph; serializes as a `Mention` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MentionView<'g> {
    pub source: &'g str,
    pub start: usize,
    pub end: usize,
    pub text: &'g str,
}

impl MentionView<'_> {
    pub fn to_mention(&self) -> Mention {
        Mention {
            source: self.source.to_string(),
            start: self.start,
            end: self.end,
            text: self.text.to_string(),
        }
    }
}

impl Graph {
    /// Finds every place in the sources where an entity's name or alias
    /// occurs, unless that is done already, and waits until it is.
    ///
    /// This is the one index not built at load: at a library's size it is
    /// a search through every text for millions of names, as long as the
    /// rest of the load together. The server starts it once the graph is
    /// served, so that every answer that needs no mention is given at
    /// once, and an answer that does waits for it (never without them).
    /// Whatever asks first does the search; later callers wait for it.
    pub fn index_mentions(&self) {
        self.mention_rows();
    }

    /// The mentions' rows, found first if need be ([`Graph::index_mentions`]).
    fn mention_rows(&self) -> &MentionRows {
        self.mentions.get_or_init(|| {
            let started = std::time::Instant::now();
            let mentions = find_mentions(&self.sources, &self.names, self.entities.len());
            release_free_memory();
            tracing::debug!(elapsed = ?started.elapsed(), rss_mib = ?resident_mib(), peak_mib = ?peak_mib(), cpu_s = ?cpu_seconds(), "mentions found");
            mentions
        })
    }

    /// Whether the mentions are found already ([`Graph::index_mentions`]),
    /// so that asking for them will not wait.
    pub fn mentions_indexed(&self) -> bool {
        self.mentions.get().is_some()
    }

    /// Every place in the sources where the entity's name or an alias
    /// occurs, in source order.
    pub fn mentions(&self, ix: EntityIx) -> impl Iterator<Item = Mention> + '_ {
        self.mention_views(ix).map(|m| m.to_mention())
    }

    /// The entity's mentions, borrowed from the texts.
    pub fn mention_views(&self, ix: EntityIx) -> impl Iterator<Item = MentionView<'_>> + '_ {
        self.mention_rows()
            .row(ix.index())
            .map(|(source, bytes)| self.mention_view(source, bytes))
    }

    /// `limit` of the entity's mentions from the `offset`th, borrowed from
    /// the texts, as [`Graph::mention_views`] gives them.
    ///
    /// Each mention reads its source's record, id, text and char counts,
    /// which lie at random among hundreds of megabytes: read one mention at
    /// a time, each of those cache misses waits on the one before. So the
    /// page's sources are prefetched first, then what each mention reads
    /// of them, and only then are the mentions read, their misses
    /// overlapping.
    pub fn mention_page(&self, ix: EntityIx, offset: usize, limit: usize) -> Vec<MentionView<'_>> {
        let spans: Vec<(u32, std::ops::Range<usize>)> = self
            .mention_rows()
            .part_of_row(ix.index(), offset, limit)
            .collect();
        for (source, _) in &spans {
            self.prefetch_source(*source);
        }
        for (source, bytes) in &spans {
            self.prefetch_in_source(*source, bytes.start);
        }
        spans
            .into_iter()
            .map(|(source, bytes)| self.mention_view(source, bytes))
            .collect()
    }

    /// The mention of bytes `bytes` of source `source`.
    fn mention_view(&self, source: u32, bytes: std::ops::Range<usize>) -> MentionView<'_> {
        let source = &self.sources[source as usize];
        let (from, to) = (bytes.start, bytes.end);
        MentionView {
            source: &source.source.record.id,
            start: source.chars.char_at(&source.text, from),
            end: source.chars.char_at(&source.text, to),
            text: &source.text[from..to],
        }
    }

    /// How many mentions of the entity the sources hold.
    pub fn mention_count(&self, ix: EntityIx) -> usize {
        self.mention_rows().count(ix.index())
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn views_serialize_as_the_mentions_they_borrow_from() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/graph-data");
        let graph = Graph::load(Path::new(dir)).expect("bundled graph loads");
        let mut mentions = 0;
        for ix in graph.entity_ixs() {
            for (view, mention) in graph.mention_views(ix).zip(graph.mentions(ix)) {
                assert_eq!(json(&view), json(&mention));
                mentions += 1;
            }
        }
        assert!(mentions > 100, "the bundled graph has mentions to compare");
    }

    #[test]
    fn a_page_of_mentions_is_that_window_of_all_of_them() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/graph-data");
        let graph = Graph::load(Path::new(dir)).expect("bundled graph loads");
        let mut paged = 0;
        for ix in graph.entity_ixs() {
            let all: Vec<String> = graph.mention_views(ix).map(|m| json(&m)).collect();
            for offset in 0..=all.len() + 1 {
                for limit in [1, 2, 5, all.len() + 1] {
                    let page: Vec<String> = graph
                        .mention_page(ix, offset, limit)
                        .iter()
                        .map(json)
                        .collect();
                    let window: Vec<String> =
                        all.iter().skip(offset).take(limit).cloned().collect();
                    assert_eq!(page, window, "{ix:?} from {offset}, {limit} at most");
                    paged += page.len();
                }
            }
        }
        assert!(paged > 100, "the bundled graph has mentions to page");
    }

    fn json(value: &impl Serialize) -> String {
        serde_json::to_string(value).expect("serializes")
    }
}
