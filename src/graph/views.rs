//! What a claim is served as: built from the store's columns and the
//! source texts when asked for, owned ([`Graph::claim_at`]) or as a view
//! that borrows its strings from the graph and serializes to the same bytes
//! ([`ClaimView`]), which answers use so that building one allocates little.
//!
//! Invariant: a view and the owned claim it stands for serialize to the
//! same JSON, field for field and in the same order (a test holds every
//! claim of the bundled graph to it). Reading many claims at once
//! ([`Graph::claim_views`]) prefetches what they read a level of
//! indirection at a time, so that their cache misses overlap.

use std::borrow::Cow;

use serde::Serialize;

use super::{Graph, Object, SourceText};
use crate::base::ClaimIx;
use crate::base::memory::prefetch;
use crate::load;
use crate::model::{Citation, Claim, Status};
use crate::text;

/// The bytes a citation's context may take on either side of its quote:
/// [`load::CONTEXT_CHARS`] chars of up to four bytes.
const CONTEXT_BYTES: usize = load::CONTEXT_CHARS * 4;

/// A [`Citation`] borrowed from the graph's texts; serializes as a
/// `Citation` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CitationView<'g> {
    pub source: &'g str,
    pub quote: &'g str,
    pub start: usize,
    pub end: usize,
    pub prefix: &'g str,
    pub suffix: &'g str,
}

impl CitationView<'_> {
    pub fn to_citation(&self) -> Citation {
        Citation {
            source: self.source.to_string(),
            quote: self.quote.to_string(),
            start: self.start,
            end: self.end,
            prefix: self.prefix.to_string(),
            suffix: self.suffix.to_string(),
        }
    }
}

/// A [`Claim`] borrowed from the graph; serializes as a `Claim` does (the
/// same fields, in the same order, the same left out), so that answers
/// built from views are the bytes answers built from claims were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimView<'g> {
    pub id: compact_str::CompactString,
    pub subject: &'g str,
    pub predicate: &'g str,
    pub object: Cow<'g, str>,
    pub status: Status,
    pub claimed_by: &'g str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'g str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'g str>,
    pub citations: Vec<CitationView<'g>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub contested: bool,
}

impl ClaimView<'_> {
    pub fn to_claim(&self) -> Claim {
        Claim {
            id: self.id.as_str().to_owned(),
            subject: self.subject.to_owned(),
            predicate: self.predicate.to_owned(),
            object: self.object.clone().into_owned(),
            status: self.status,
            claimed_by: self.claimed_by.to_owned(),
            date: self.date.map(str::to_owned),
            note: self.note.map(str::to_owned),
            citations: self
                .citations
                .iter()
                .map(CitationView::to_citation)
                .collect(),
            contested: self.contested,
        }
    }
}

impl Graph {
    /// The claim at `ix`, as served: ids, quotes and their context are read
    /// from the columns and the source texts. O(size of the claim).
    pub fn claim_at(&self, ix: ClaimIx) -> Claim {
        self.claim_view(ix).to_claim()
    }

    /// A claim as [`Graph::claim_at`] gives it, its strings borrowed from
    /// the graph rather than copied: what answers serialize, a claim at a
    /// time, with no allocation but its list of citations.
    pub fn claim_view(&self, ix: ClaimIx) -> ClaimView<'_> {
        let i = ix.index();
        let object = match self.object(ix) {
            Object::Entity(e) => Cow::Borrowed(self.entity_id(e)),
            Object::Claim(c) => Cow::Owned(self.claims.id(c.index()).into()),
        };
        ClaimView {
            id: self.claims.id(i),
            subject: self.entity_id(self.subject(ix)),
            predicate: self.predicate_of(ix),
            object,
            status: self.status(ix),
            claimed_by: self.entity_id(self.claims.claimed_by()[i]),
            date: self.claims.date(i),
            note: self.claims.note(i),
            citations: self.citation_views(ix).collect(),
            contested: self.is_contested(ix),
        }
    }

    /// The views of `claims`, in order, as [`Graph::claim_view`] gives each.
    ///
    /// A claim reads its entries in a dozen columns, the ids of its ends
    /// and claimant, and for each citation its source's record, id, text
    /// and char counts, all at random among gigabytes: read a claim at a
    /// time, each cache miss waits on the one before. So what the claims
    /// read is prefetched first, a level of indirection at a time, and only
    /// then are the claims read, their misses overlapping.
    pub fn claim_views(&self, claims: &[ClaimIx]) -> Vec<ClaimView<'_>> {
        for c in claims {
            self.claims.prefetch(c.index());
        }
        for c in claims {
            let i = c.index();
            self.claims.prefetch_behind(i);
            let (subject, object) = self.claims.ends()[i];
            self.entities.prefetch_id(subject.index());
            if !self.is_response(*c) {
                self.entities.prefetch_id(object.index());
            }
            self.entities
                .prefetch_id(self.claims.claimed_by()[i].index());
        }
        for c in claims {
            for span in self.claims.spans(c.index()) {
                self.prefetch_source(span.source);
            }
        }
        for c in claims {
            for span in self.claims.spans(c.index()) {
                let (from, to) = (span.byte_start as usize, span.byte_end as usize);
                self.prefetch_in_source(span.source, from);
                // The quote, and the context on either side of it.
                let source = &self.sources[span.source as usize];
                let text = source.text.as_ptr();
                for at in (from.saturating_sub(CONTEXT_BYTES)..to + CONTEXT_BYTES).step_by(64) {
                    prefetch(text.wrapping_add(at.min(source.text.len())));
                }
            }
        }
        claims.iter().map(|&c| self.claim_view(c)).collect()
    }

    /// The positions among [`Graph::sources`] of the sources a claim cites,
    /// once for each citation.
    pub fn cited_source_positions(&self, ix: ClaimIx) -> impl Iterator<Item = u32> + '_ {
        self.claims.spans(ix.index()).map(|span| span.source)
    }

    /// The sources a claim cites, once for each citation.
    pub fn cited_sources(&self, ix: ClaimIx) -> impl Iterator<Item = &SourceText> + '_ {
        self.cited_source_positions(ix)
            .map(|s| &self.sources[s as usize])
    }

    /// The citations of a claim, borrowed from the texts, with quotes and
    /// context read from them.
    pub fn citation_views(&self, ix: ClaimIx) -> impl Iterator<Item = CitationView<'_>> + '_ {
        self.claims.spans(ix.index()).map(|span| {
            let source = &self.sources[span.source as usize];
            let text = &source.text;
            let (from, to) = (span.byte_start as usize, span.byte_end as usize);
            let quote = &text[from..to];
            let start = source.chars.char_at(text, from);
            CitationView {
                source: &source.source.record.id,
                quote,
                start,
                end: start + quote.chars().count(),
                prefix: text::chars_before(text, from, load::CONTEXT_CHARS),
                suffix: text::chars_after(text, to, load::CONTEXT_CHARS),
            }
        })
    }

    /// Asks for the parts of source `source`'s record that reading a quote
    /// or mention of it goes through (its id, text and char counts) to be
    /// brought into cache.
    pub(super) fn prefetch_source(&self, source: u32) {
        let source = &self.sources[source as usize];
        prefetch(&source.source.record.id);
        prefetch(&source.text);
        prefetch(&source.chars);
    }

    /// Once [`Graph::prefetch_source`] has brought its record into cache,
    /// asks for what reading source `source` at `byte` reads next: its
    /// id's bytes, and its char count and text before `byte`.
    pub(super) fn prefetch_in_source(&self, source: u32, byte: usize) {
        let source = &self.sources[source as usize];
        prefetch(source.source.record.id.as_ptr());
        source.chars.prefetch(&source.text, byte);
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn claims_read_together_are_the_claims_read_one_at_a_time() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/graph-data");
        let graph = Graph::load(Path::new(dir)).expect("bundled graph loads");
        let all: Vec<ClaimIx> = graph.claim_ixs().collect();
        // In order, backwards, and with a claim twice.
        let mut mixed: Vec<ClaimIx> = all.iter().rev().copied().collect();
        mixed.push(all[0]);
        for claims in [&all, &mixed] {
            let together: Vec<String> = graph.claim_views(claims).iter().map(json).collect();
            let one_by_one: Vec<String> =
                claims.iter().map(|&c| json(&graph.claim_view(c))).collect();
            assert_eq!(together, one_by_one);
        }
        assert!(graph.claim_views(&[]).is_empty());
    }

    #[test]
    fn views_serialize_as_the_claims_they_borrow_from() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/graph-data");
        let graph = Graph::load(Path::new(dir)).expect("bundled graph loads");
        for ix in graph.claim_ixs() {
            let (view, claim) = (graph.claim_view(ix), graph.claim_at(ix));
            assert_eq!(json(&view), json(&claim), "claim {}", claim.id);
        }
    }

    fn json(value: &impl Serialize) -> String {
        serde_json::to_string(value).expect("serializes")
    }
}
