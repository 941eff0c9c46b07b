//! The canonical graph document as JSON: the public data contract.

use std::io::Write;

use crate::graph::Graph;

/// Writes the canonical document, pretty-printed, followed by a newline.
pub fn write_document(graph: &Graph, out: &mut impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &graph.document())?;
    writeln!(out)
}
