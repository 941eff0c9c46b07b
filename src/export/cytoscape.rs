//! Cytoscape.js elements: `{"elements": {"nodes": [...], "edges": [...]}}`,
//! ready for `cytoscape({ elements })`. Edge ids are prefixed with `claim:`
//! because Cytoscape wants node and edge ids to be distinct.

use serde_json::{Value, json};

use super::Subgraph;

/// The subgraph as Cytoscape.js elements.
pub fn cytoscape(sub: &Subgraph) -> Value {
    let nodes: Vec<Value> = sub
        .entities()
        .map(|e| {
            json!({ "data": {
                "id": e.id, "label": e.name, "type": e.kind, "aliases": e.aliases,
                "description": e.description,
            }, "classes": e.kind.as_str() })
        })
        .collect();
    let edges: Vec<Value> = sub
        .claims()
        .map(|c| {
            json!({ "data": {
                "id": format!("claim:{}", c.id), "claim": c.id,
                "source": c.subject, "target": c.object,
                "label": sub.predicate_label(c), "predicate": c.predicate,
                "status": c.status, "claimed_by": c.claimed_by, "date": c.date,
                "citations": c.citations,
            }, "classes": c.status.as_str() })
        })
        .collect();
    json!({ "elements": { "nodes": nodes, "edges": edges } })
}
