//! Graphviz DOT: entities as nodes shaped by type, claims as edges labelled by
//! predicate and styled by status (asserted solid, alleged dashed, suspected dotted).
//!
//! A claim about a claim cannot end at an edge, so each claim that one is
//! about is drawn as a small rounded box, `claim:<id>`, saying what it
//! claims, and the claim about it as an edge from its subject to that box
//! (see `about.rs`). A contested claim's edge is drawn red, with its
//! label followed by "(contested)".

use std::fmt::Write;

use super::Subgraph;
use super::about;
use crate::model::{EntityType, Status};

/// The subgraph as a DOT digraph.
pub fn dot(sub: &Subgraph) -> String {
    super::written(|out| write_dot(sub, out))
}

/// Writes the subgraph as a DOT digraph, a statement at a time.
pub fn write_dot(sub: &Subgraph, sink: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut out = String::from("digraph claimgraph {\n  node [fontname=\"Helvetica\"];\n");
    for e in sub.entities() {
        super::flush(sink, &mut out)?;
        let _ = writeln!(
            out,
            "  {} [label={}, shape={}];",
            quote(e.id),
            quote(e.name),
            shape(e.kind)
        );
    }
    for ix in about::targets(sub) {
        super::flush(sink, &mut out)?;
        let _ = writeln!(
            out,
            "  {} [label={}, shape=box, style=\"rounded,dashed\", fontsize=10];",
            quote(&about::node_id(&sub.graph.claim_id(ix))),
            quote(&about::statement(sub.graph, ix)),
        );
    }
    for (ix, c) in sub.indexed_claims() {
        let c = &c;
        super::flush(sink, &mut out)?;
        let mut label = sub.predicate_label(c);
        let mut marks = String::new();
        if c.contested {
            label.push_str(" (contested)");
            marks.push_str(", color=red, fontcolor=red");
        }
        let _ = writeln!(
            out,
            "  {} -> {} [id={}, label={}, style={}{marks}];",
            quote(&c.subject),
            quote(&about::edge_target(sub.graph, ix, c)),
            quote(&c.id),
            quote(&label),
            style(c.status)
        );
    }
    out.push_str("}\n");
    super::flush(sink, &mut out)
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn shape(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "ellipse",
        EntityType::Organization => "box",
        EntityType::Place => "house",
        EntityType::Event => "diamond",
        EntityType::Work => "note",
    }
}

fn style(status: Status) -> &'static str {
    match status {
        Status::Asserted => "solid",
        Status::Alleged => "dashed",
        Status::Suspected => "dotted",
    }
}
