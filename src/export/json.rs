//! The canonical graph document as JSON: the public data contract.
//!
//! Claims about claims need nothing of their own here: each is a claim
//! like any other, its `object` the id of the claim it is about (its
//! predicate says `"about": "claim"` and its `stance`), and a claim some
//! claim disputes, denies or retracts has `"contested": true`.

use std::io::Write;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::graph::Graph;

/// Writes the canonical document, pretty-printed, followed by a newline:
/// the bytes of [`Graph::document`] serialized, with each claim built as it
/// is written rather than all of them first, so that the claims of a
/// library are never held in memory at once.
pub fn write_document(graph: &Graph, out: &mut impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Streamed(graph))?;
    writeln!(out)
}

/// The document of a graph, serialized field by field as
/// [`crate::model::Document`] is, its claims from an iterator.
struct Streamed<'g>(&'g Graph);

impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let graph = self.0;
        let mut document = serializer.serialize_struct("Document", 4)?;
        let sources: Vec<_> = graph.sources().iter().map(|s| &s.source).collect();
        document.serialize_field("sources", &sources)?;
        document.serialize_field("entities", graph.entities())?;
        document.serialize_field("predicates", graph.predicates())?;
        document.serialize_field("claims", &Claims(graph))?;
        document.end()
    }
}

/// Every claim of a graph, built one at a time as the sequence is written.
struct Claims<'g>(&'g Graph);

impl Serialize for Claims<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.claims())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streamed document is byte for byte the document serialized whole.
    #[test]
    fn the_streamed_document_is_the_document() {
        let graph = super::super::bundled();
        let mut streamed = Vec::new();
        write_document(&graph, &mut streamed).expect("written");
        let mut whole = serde_json::to_vec_pretty(&graph.document()).expect("serializes");
        whole.push(b'\n');
        assert!(streamed == whole, "the streamed document differs");
    }
}
