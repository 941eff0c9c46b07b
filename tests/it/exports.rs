use claimgraph::export::{self, Subgraph};
use claimgraph::model::Status;
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::support::{bundled, memo};

/// The `id`s of every element named `tag` in an XML document, parsed by a real XML parser.
fn xml_ids(xml: &str, tag: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.name().as_ref() == tag => {
                let id = e
                    .try_get_attribute("id")
                    .expect("attribute")
                    .expect("id attribute")
                    .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .expect("value")
                    .to_string();
                found.push(id);
            }
            Ok(Event::Eof) => break,
            Err(e) => panic!("invalid XML at {}: {e}", reader.buffer_position()),
            _ => {}
        }
    }
    found
}

#[test]
fn graphml_is_xml_with_every_node_and_edge() {
    for graph in [memo(), bundled()] {
        let xml = export::graphml(&Subgraph::whole(&graph, &Status::ALL));
        let entity_ids: Vec<String> = graph.entities().iter().map(|e| e.id.clone()).collect();
        let claim_ids: Vec<String> = graph.claims().iter().map(|c| c.id.clone()).collect();
        assert_eq!(xml_ids(&xml, "node"), entity_ids);
        assert_eq!(xml_ids(&xml, "edge"), claim_ids);
    }
}

#[test]
fn graphml_escapes_quotes_and_ampersands() {
    let graph = memo();
    let xml = export::graphml(&Subgraph::whole(&graph, &Status::ALL));
    assert!(xml.contains("l’Écho"));
    assert_eq!(xml_ids(&xml, "edge").len(), 7);
}

#[test]
fn cytoscape_elements_reference_only_present_nodes() {
    let graph = bundled();
    let cy = export::cytoscape(&Subgraph::whole(&graph, &Status::ALL));
    let nodes = cy["elements"]["nodes"].as_array().expect("nodes");
    let edges = cy["elements"]["edges"].as_array().expect("edges");
    assert_eq!(nodes.len(), graph.entities().len());
    assert_eq!(edges.len(), graph.claims().len());
    let node_ids: Vec<&str> = nodes
        .iter()
        .map(|n| n["data"]["id"].as_str().expect("id"))
        .collect();
    for edge in edges {
        assert!(node_ids.contains(&edge["data"]["source"].as_str().expect("source")));
        assert!(node_ids.contains(&edge["data"]["target"].as_str().expect("target")));
        assert!(
            !node_ids.contains(&edge["data"]["id"].as_str().expect("edge id")),
            "edge ids clash with node ids"
        );
    }
}

#[test]
fn jsonld_claims_carry_attribution_and_both_selectors() {
    let graph = memo();
    let doc = export::jsonld(&Subgraph::whole(&graph, &Status::ALL));
    assert!(doc["@context"]["prov"].is_string());
    let nodes = doc["@graph"].as_array().expect("@graph");
    assert_eq!(
        nodes.len(),
        6 + 1 + 8 + 7,
        "predicates, sources, entities, claims"
    );
    let claim = nodes
        .iter()
        .find(|n| n["@id"] == "claim:bob-paid-dave")
        .expect("claim node");
    assert_eq!(claim["wasAttributedTo"], "entity:carol");
    assert_eq!(claim["status"], "alleged");
    assert_eq!(claim["subject"], "entity:bob");
    assert_eq!(claim["predicate"], "rel:paid");
    let selectors = claim["hasTarget"][0]["hasSelector"]
        .as_array()
        .expect("selectors");
    assert_eq!(selectors[0]["@type"], "oa:TextQuoteSelector");
    assert_eq!(
        selectors[0]["exact"],
        "According to Carol Cárdenas, Bob Brown paid Dave Diaz"
    );
    assert_eq!(selectors[1]["@type"], "oa:TextPositionSelector");
    assert_eq!(selectors[1]["start"], 68);
    let person = nodes
        .iter()
        .find(|n| n["@id"] == "entity:alice")
        .expect("entity node");
    assert_eq!(
        person["@type"],
        serde_json::json!(["cg:Entity", "schema:Person"])
    );
}

#[test]
fn dot_has_an_edge_per_claim_styled_by_status() {
    let graph = memo();
    let dot = export::dot(&Subgraph::whole(&graph, &Status::ALL));
    assert!(dot.starts_with("digraph claimgraph {"));
    assert_eq!(dot.matches(" -> ").count(), 7);
    assert!(
        dot.contains("\"bob\" -> \"dave\" [id=\"bob-paid-dave\", label=\"paid\", style=dashed];")
    );
    assert!(dot.contains("style=dotted"));
}

#[test]
fn canonical_document_has_the_contract_shape() {
    let mut out = Vec::new();
    export::write_document(&memo(), &mut out).expect("write");
    let doc: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    let keys: Vec<&str> = doc
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["sources", "entities", "predicates", "claims"]);
    assert_eq!(doc["sources"][0]["length"], 266);
    let claim = &doc["claims"][3];
    let claim_keys: Vec<&str> = claim
        .as_object()
        .expect("claim")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        claim_keys,
        [
            "id",
            "subject",
            "predicate",
            "object",
            "status",
            "claimed_by",
            "citations"
        ]
    );
    let cite_keys: Vec<&str> = claim["citations"][0]
        .as_object()
        .expect("citation")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        cite_keys,
        ["source", "quote", "start", "end", "prefix", "suffix"]
    );
    assert_eq!(doc["entities"][1]["type"], "person");
}
