//! GraphML: the XML graph format yEd, igraph, networkx and Gephi read.
//!
//! Attributes are named by `attr.name` (the key ids, `n_…` for nodes and
//! `e_…` for edges, only keep the two apart). Every citation of a claim is
//! kept, in numbered columns (see `columns.rs`).

use std::fmt::Write;

use quick_xml::escape::escape;

use super::Subgraph;
use super::columns::{self, Column, Kind};

/// The subgraph as a GraphML document.
pub fn graphml(sub: &Subgraph) -> String {
    super::written(|out| write_graphml(sub, out))
}

/// Writes the subgraph as a GraphML document, an element at a time: a
/// whole library's claims are never held at once.
pub fn write_graphml(sub: &Subgraph, sink: &mut impl std::io::Write) -> std::io::Result<()> {
    let citations = columns::max_citations(sub);
    let mut node_columns = vec![Column {
        name: "label".to_string(),
        kind: Kind::Text,
    }];
    node_columns.extend(columns::entity_columns());
    let edge_columns = columns::claim_columns(citations);

    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
    );
    for (prefix, domain, cols) in [("n", "node", &node_columns), ("e", "edge", &edge_columns)] {
        for c in cols {
            let kind = match c.kind {
                Kind::Text => "string",
                Kind::Integer => "int",
            };
            let _ = writeln!(
                out,
                "  <key id=\"{prefix}_{name}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>",
                name = c.name
            );
        }
    }
    out.push_str("  <graph id=\"claimgraph\" edgedefault=\"directed\">\n");
    for e in sub.entities() {
        super::flush(sink, &mut out)?;
        let _ = writeln!(out, "    <node id=\"{}\">", escape(e.id));
        let mut row = vec![Some(e.name.to_string())];
        row.extend(columns::entity_row(e));
        data(&mut out, "n", &node_columns, &row);
        out.push_str("    </node>\n");
    }
    for c in sub.claims() {
        let c = &c;
        super::flush(sink, &mut out)?;
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            escape(c.id.as_str()),
            escape(c.subject.as_str()),
            escape(c.object.as_str())
        );
        data(
            &mut out,
            "e",
            &edge_columns,
            &columns::claim_row(sub, c, citations),
        );
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    super::flush(sink, &mut out)
}

fn data(out: &mut String, prefix: &str, columns: &[Column], row: &[Option<String>]) {
    for (column, value) in columns.iter().zip(row) {
        if let Some(value) = value {
            let _ = writeln!(
                out,
                "      <data key=\"{prefix}_{}\">{}</data>",
                column.name,
                escape(value.as_str())
            );
        }
    }
}
