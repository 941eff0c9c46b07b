//! GraphML: the XML graph format Gephi, yEd, igraph and networkx read.
//! Citations are flattened into the first quote and its offsets.

use std::fmt::Write;

use quick_xml::escape::escape;

use super::Subgraph;

const KEYS: [(&str, &str, &str); 10] = [
    ("label", "node", "string"),
    ("type", "node", "string"),
    ("description", "node", "string"),
    ("predicate", "edge", "string"),
    ("status", "edge", "string"),
    ("claimed_by", "edge", "string"),
    ("date", "edge", "string"),
    ("quote", "edge", "string"),
    ("source", "edge", "string"),
    ("start", "edge", "int"),
];

/// The subgraph as a GraphML document.
pub fn graphml(sub: &Subgraph) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
    );
    for (name, domain, kind) in KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"{name}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
        );
    }
    out.push_str("  <key id=\"end\" for=\"edge\" attr.name=\"end\" attr.type=\"int\"/>\n");
    out.push_str("  <graph id=\"claimgraph\" edgedefault=\"directed\">\n");
    for e in sub.entities() {
        let _ = writeln!(out, "    <node id=\"{}\">", escape(e.id.as_str()));
        data(&mut out, "label", &e.name);
        data(&mut out, "type", e.kind.as_str());
        data(&mut out, "description", &e.description);
        out.push_str("    </node>\n");
    }
    for c in sub.claims() {
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            escape(c.id.as_str()),
            escape(c.subject.as_str()),
            escape(c.object.as_str())
        );
        data(&mut out, "predicate", &c.predicate);
        data(&mut out, "status", c.status.as_str());
        data(&mut out, "claimed_by", &c.claimed_by);
        if let Some(date) = &c.date {
            data(&mut out, "date", date);
        }
        if let Some(cite) = c.citations.first() {
            data(&mut out, "quote", &cite.quote);
            data(&mut out, "source", &cite.source);
            data(&mut out, "start", &cite.start.to_string());
            data(&mut out, "end", &cite.end.to_string());
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

fn data(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "      <data key=\"{key}\">{}</data>", escape(value));
}
