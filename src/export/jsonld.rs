//! JSON-LD: the same triples as the RDF export (see `rdf.rs` for the model),
//! written as one readable node per entity, claim, source and predicate.
//!
//! The document carries its `@context` inline so that a saved file stays
//! readable offline; the HTTP API publishes the very same context at
//! `/api/v1/context.jsonld` for documents of your own to reference.
//!
//! A claim about a claim links the two claim nodes under its predicate's
//! compact IRI (`"cg:disputes": {"@id": "claim:…"}`), which needs no term
//! in the context, so the published context stays the same whatever the
//! vocabulary; `stance` and `contested` are terms.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value, json};

use super::Subgraph;
use super::rdf::{PREFIXES, schema_class};
use crate::graph::ClaimIx;
use crate::model::Claim;

/// The published `@context`: the prefixes of the RDF export and one short
/// term per property. Terms that name other nodes are typed `@id`, offsets
/// are `xsd:nonNegativeInteger` as in the Web Annotation vocabulary.
pub fn context() -> Value {
    let mut context = Map::new();
    context.insert("@version".into(), json!(1.1));
    for (prefix, namespace) in PREFIXES {
        context.insert(prefix.into(), json!(namespace));
    }
    let terms = json!({
        "name": "schema:name",
        "alternateName": { "@id": "schema:alternateName", "@container": "@set" },
        "description": "schema:description",
        "author": { "@id": "schema:author", "@type": "@id" },
        "label": "rdfs:label",
        "inverseLabel": "cg:inverseLabel",
        "comment": "rdfs:comment",
        "subject": { "@id": "rdf:subject", "@type": "@id" },
        "predicate": { "@id": "rdf:predicate", "@type": "@id" },
        "object": { "@id": "rdf:object", "@type": "@id" },
        "status": "cg:status",
        "stance": "cg:stance",
        "contested": "cg:contested",
        "date": "cg:date",
        "note": "cg:note",
        "wasAttributedTo": { "@id": "prov:wasAttributedTo", "@type": "@id" },
        "wasQuotedFrom": { "@id": "prov:wasQuotedFrom", "@type": "@id", "@container": "@set" },
        "hasTarget": { "@id": "oa:hasTarget", "@container": "@set" },
        "hasSource": { "@id": "oa:hasSource", "@type": "@id" },
        "hasSelector": { "@id": "oa:hasSelector", "@container": "@set" },
        "exact": "oa:exact",
        "prefix": "oa:prefix",
        "suffix": "oa:suffix",
        "start": { "@id": "oa:start", "@type": "xsd:nonNegativeInteger" },
        "end": { "@id": "oa:end", "@type": "xsd:nonNegativeInteger" }
    });
    if let Value::Object(terms) = terms {
        context.extend(terms);
    }
    Value::Object(context)
}

/// The subgraph as a JSON-LD document with an inline `@context`.
pub fn jsonld(sub: &Subgraph) -> Value {
    let mut nodes = described_nodes(sub);
    nodes.extend(sub.indexed_claims().map(|(ix, c)| claim(sub, ix, &c)));
    json!({ "@context": context(), "@graph": nodes })
}

/// The nodes of the predicates, sources and entities of a subgraph: every
/// node but the claims'.
fn described_nodes(sub: &Subgraph) -> Vec<Value> {
    let mut nodes: Vec<Value> = Vec::new();
    for p in sub.graph.predicates() {
        let mut types = vec!["rdf:Property"];
        if p.symmetric {
            types.push("owl:SymmetricProperty");
        }
        let mut node = json!({
            "@id": format!("rel:{}", p.id), "@type": types,
            "label": p.label, "inverseLabel": p.inverse_label,
        });
        put(&mut node, "comment", p.description.as_deref());
        nodes.push(node);
    }
    for s in sub.graph.sources() {
        let r = &s.source.record;
        nodes.push(json!({
            "@id": format!("source:{}", r.id), "@type": ["cg:Source", "schema:CreativeWork"],
            "name": r.title, "author": format!("entity:{}", r.author), "date": r.date,
        }));
    }
    for e in sub.entities() {
        let mut node = json!({
            "@id": format!("entity:{}", e.id), "@type": ["cg:Entity", schema_class(e.kind)],
            "name": e.name, "alternateName": e.aliases, "description": e.description,
        });
        put(&mut node, "date", e.date);
        put(&mut node, "note", e.note);
        nodes.push(node);
    }
    nodes
}

/// [`jsonld`] of a subgraph, serialized with each claim's node made as it
/// is written. (The entities' nodes, a few hundred bytes each, are made
/// first; the claims are what runs to tens of millions.)
pub struct Streamed<'s, 'g>(pub &'s Subgraph<'g>);

impl Serialize for Streamed<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut document = serializer.serialize_map(Some(2))?;
        document.serialize_entry("@context", &context())?;
        document.serialize_entry("@graph", &Graph(self.0))?;
        document.end()
    }
}

/// The `@graph` of [`Streamed`].
struct Graph<'s, 'g>(&'s Subgraph<'g>);

impl Serialize for Graph<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let sub = self.0;
        let claims = sub.indexed_claims().map(|(ix, c)| claim(sub, ix, &c));
        serializer.collect_seq(described_nodes(sub).into_iter().chain(claims))
    }
}

fn claim(sub: &Subgraph, ix: ClaimIx, c: &Claim) -> Value {
    let mut sources: Vec<String> = Vec::new();
    for cite in &c.citations {
        let source = format!("source:{}", cite.source);
        if !sources.contains(&source) {
            sources.push(source);
        }
    }
    let targets: Vec<Value> = c
        .citations
        .iter()
        .enumerate()
        .map(|(i, cite)| {
            let id = format!("citation:{}:{}", c.id, i + 1);
            json!({
                "@id": id, "@type": "oa:SpecificResource",
                "hasSource": format!("source:{}", cite.source),
                "hasSelector": [
                    { "@id": format!("{id}:quote"), "@type": "oa:TextQuoteSelector",
                      "exact": cite.quote, "prefix": cite.prefix, "suffix": cite.suffix },
                    { "@id": format!("{id}:position"), "@type": "oa:TextPositionSelector",
                      "start": cite.start, "end": cite.end },
                ],
            })
        })
        .collect();
    let mut node = json!({
        "@id": format!("claim:{}", c.id), "@type": ["rdf:Statement", "cg:Claim"],
        "subject": format!("entity:{}", c.subject),
        "predicate": format!("rel:{}", c.predicate),
        "object": object(sub, ix, c),
        "status": c.status,
        "wasAttributedTo": format!("entity:{}", c.claimed_by),
        "wasQuotedFrom": sources,
    });
    if c.contested {
        node["contested"] = json!(true);
    }
    if sub.graph.is_response(ix) {
        response(sub, ix, c, &mut node);
    }
    put(&mut node, "date", c.date.as_deref());
    put(&mut node, "note", c.note.as_deref());
    node["hasTarget"] = Value::Array(targets);
    node
}

/// The compact IRI of a claim's object: an entity, or the claim it is about.
fn object(sub: &Subgraph, ix: ClaimIx, c: &Claim) -> String {
    match sub.graph.is_response(ix) {
        true => format!("claim:{}", c.object),
        false => format!("entity:{}", c.object),
    }
}

/// What a claim about a claim adds to its node, as `rdf.rs` says: the link
/// to the claim it is about, under its predicate, and its stance.
fn response(sub: &Subgraph, ix: ClaimIx, c: &Claim, node: &mut Value) {
    node[format!("cg:{}", c.predicate)] = json!({ "@id": format!("claim:{}", c.object) });
    if let Some(stance) = sub.graph.stance(ix) {
        node["stance"] = json!(stance.as_str());
    }
}

/// Sets an optional string property, leaving it out when absent.
fn put(node: &mut Value, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        node[key] = json!(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    /// Streamed, the document is byte for byte the one serialized whole.
    #[test]
    fn the_streamed_document_is_the_document() {
        let graph = super::super::bundled();
        let sub = Subgraph::whole(&graph, &Status::ALL);
        super::super::assert_streams_as_whole(&Streamed(&sub), &jsonld(&sub));
    }
}
