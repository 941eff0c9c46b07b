//! Graphviz DOT: entities as nodes shaped by type, claims as edges labelled by
//! predicate and styled by status (asserted solid, alleged dashed, suspected dotted).

use std::fmt::Write;

use super::Subgraph;
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
    for c in sub.claims() {
        let c = &c;
        super::flush(sink, &mut out)?;
        let _ = writeln!(
            out,
            "  {} -> {} [id={}, label={}, style={}];",
            quote(&c.subject),
            quote(&c.object),
            quote(&c.id),
            quote(&sub.predicate_label(c)),
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
