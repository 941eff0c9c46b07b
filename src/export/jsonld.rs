//! JSON-LD: entities typed with schema.org classes, each claim a node of its
//! own carrying its status, its claimant (`prov:wasAttributedTo`) and a W3C
//! Web Annotation target with TextQuote and TextPosition selectors.

use serde_json::{Value, json};

use super::Subgraph;
use crate::model::EntityType;

/// The published `@context` of the JSON-LD export.
pub const CONTEXT: &str = r#"{
  "@version": 1.1,
  "schema": "https://schema.org/",
  "prov": "http://www.w3.org/ns/prov#",
  "oa": "http://www.w3.org/ns/oa#",
  "cg": "urn:claimgraph:vocab:",
  "entity": "urn:claimgraph:entity:",
  "claim": "urn:claimgraph:claim:",
  "source": "urn:claimgraph:source:",
  "predicate": "urn:claimgraph:predicate:",
  "name": "schema:name",
  "alternateName": "schema:alternateName",
  "description": "schema:description",
  "subject": { "@id": "cg:subject", "@type": "@id" },
  "predicate_": { "@id": "cg:predicate", "@type": "@id" },
  "object": { "@id": "cg:object", "@type": "@id" },
  "status": "cg:status",
  "date": "cg:date",
  "note": "cg:note",
  "wasAttributedTo": { "@id": "prov:wasAttributedTo", "@type": "@id" },
  "wasQuotedFrom": { "@id": "prov:wasQuotedFrom", "@type": "@id" },
  "evidence": { "@id": "cg:evidence", "@container": "@set" },
  "hasSource": { "@id": "oa:hasSource", "@type": "@id" },
  "hasSelector": { "@id": "oa:hasSelector", "@container": "@set" },
  "exact": "oa:exact",
  "prefix": "oa:prefix",
  "suffix": "oa:suffix",
  "start": "oa:start",
  "end": "oa:end"
}"#;

/// The subgraph as a JSON-LD document with an inline `@context`.
pub fn jsonld(sub: &Subgraph) -> Value {
    let context: Value = serde_json::from_str(CONTEXT).unwrap_or(Value::Null);
    let mut nodes: Vec<Value> = sub
        .entities()
        .map(|e| {
            json!({
                "@id": format!("entity:{}", e.id), "@type": schema_class(e.kind),
                "name": e.name, "alternateName": e.aliases, "description": e.description,
            })
        })
        .collect();
    nodes.extend(sub.claims().map(|c| {
        let evidence: Vec<Value> = c
            .citations
            .iter()
            .map(|cite| {
                json!({
                    "@type": "oa:SpecificResource",
                    "hasSource": format!("source:{}", cite.source),
                    "hasSelector": [
                        { "@type": "oa:TextQuoteSelector", "exact": cite.quote,
                          "prefix": cite.prefix, "suffix": cite.suffix },
                        { "@type": "oa:TextPositionSelector", "start": cite.start, "end": cite.end },
                    ],
                })
            })
            .collect();
        json!({
            "@id": format!("claim:{}", c.id), "@type": "cg:Claim",
            "subject": format!("entity:{}", c.subject),
            "predicate_": format!("predicate:{}", c.predicate),
            "object": format!("entity:{}", c.object),
            "status": c.status, "date": c.date, "note": c.note,
            "wasAttributedTo": format!("entity:{}", c.claimed_by),
            "wasQuotedFrom": c.citations.first().map(|cite| format!("source:{}", cite.source)),
            "evidence": evidence,
        })
    }));
    json!({ "@context": context, "@graph": nodes })
}

fn schema_class(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "schema:Person",
        EntityType::Organization => "schema:Organization",
        EntityType::Place => "schema:Place",
        EntityType::Event => "schema:Event",
        EntityType::Work => "schema:CreativeWork",
    }
}
