//! GraphML: the XML graph format yEd, igraph, networkx and Gephi read.
//!
//! Attributes are named by `attr.name` (the key ids, `n_…` for nodes and
//! `e_…` for edges, only keep the two apart). Every citation of a claim is
//! kept, in numbered columns (see `columns.rs`).
//!
//! # Claims about claims
//!
//! An edge cannot end at an edge in what yEd, networkx and igraph load
//! (GraphML's hyperedges and ports they refuse or ignore), so each claim
//! that a claim of the subgraph is about is also a node, `claim:<id>`, of
//! type `claim` (its `claim` attribute the id, its label what it says), and
//! the claim about it an ordinary edge from its subject entity to that
//! node, with its own citations and `about` and `stance` attributes. The
//! entities' graph is unchanged beside them (filter `type` = `claim` out
//! for its metrics), and every edge says whether it is `contested`
//! (boolean) and which claims dispute, support or relay it
//! (`disputed_by`, `supported_by`, `relayed_by`: ids joined by "; ").

use std::fmt::Write;

use quick_xml::escape::escape;

use super::Subgraph;
use super::about;
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
                Kind::Boolean => "boolean",
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
    for ix in about::targets(sub) {
        super::flush(sink, &mut out)?;
        let id = about::node_id(&sub.graph.claim_id(ix));
        let _ = writeln!(out, "    <node id=\"{}\">", escape(id.as_str()));
        let mut row = vec![Some(columns::claim_node_label(sub, ix))];
        row.extend(columns::claim_node_row(sub, ix));
        data(&mut out, "n", &node_columns, &row);
        out.push_str("    </node>\n");
    }
    for (ix, c) in sub.indexed_claims() {
        let c = &c;
        super::flush(sink, &mut out)?;
        let target = about::edge_target(sub.graph, ix, c);
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            escape(c.id.as_str()),
            escape(c.subject.as_str()),
            escape(target.as_str())
        );
        data(
            &mut out,
            "e",
            &edge_columns,
            &columns::claim_row(sub, ix, c, citations),
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
