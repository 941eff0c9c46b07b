use std::collections::BTreeMap;

use claimgraph::export::{self, Spell, Subgraph};
use claimgraph::graph::Graph;
use claimgraph::model::{Claim, Entity, Stance, Status};
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::support::{Scratch, bundled, memo};

/// The memo fixture with claims about claims: Carol disputes that Bob met
/// Alice, Nora corroborates that Bob paid Dave and reports Carol's
/// dispute, and Bob (suspected) disputes Carol's dispute; so two claims
/// are contested, and one claim about a claim is about another. The
/// folder, for the command line, and the graph loaded from it.
pub(crate) fn disputed() -> (Scratch, Graph) {
    let scratch = Scratch::of_memo();
    scratch.edit(
        "predicates.json",
        r#"{ "id": "met","#,
        r#"{ "id": "disputes", "label": "disputes", "inverse_label": "disputed by", "symmetric": false, "about": "claim", "stance": "contests" },
  { "id": "corroborates", "label": "corroborates", "inverse_label": "corroborated by", "symmetric": false, "about": "claim", "stance": "supports" },
  { "id": "reports", "label": "reports", "inverse_label": "reported by", "symmetric": false, "about": "claim", "stance": "relays" },
  { "id": "met","#,
    );
    let claims = [
        response(
            "carol-disputes-meeting",
            "carol",
            "disputes",
            "bob-met-alice",
            "asserted",
            "According to Carol Cárdenas",
        ),
        response(
            "nora-corroborates-payment",
            "nora-note",
            "corroborates",
            "bob-paid-dave",
            "asserted",
            "Bob Brown paid Dave Diaz",
        ),
        response(
            "nora-reports-dispute",
            "nora-note",
            "reports",
            "carol-disputes-meeting",
            "asserted",
            "According to Carol Cárdenas",
        ),
        response(
            "bob-disputes-dispute",
            "bob",
            "disputes",
            "carol-disputes-meeting",
            "suspected",
            "Brown met Archer twice",
        ),
    ];
    let appended: String = claims.iter().map(|c| format!(",\n  {c}")).collect();
    scratch.edit("claims.json", "] }\n]", &format!("] }}{appended}\n]"));
    let graph = Graph::load(scratch.path()).unwrap_or_else(|e| panic!("disputed memo: {e}"));
    (scratch, graph)
}

/// A claim of `subject` about claim `object`, citing the memo's `quote`.
fn response(
    id: &str,
    subject: &str,
    predicate: &str,
    object: &str,
    status: &str,
    quote: &str,
) -> String {
    format!(
        r#"{{ "id": "{id}", "subject": "{subject}", "predicate": "{predicate}", "object": "{object}", "status": "{status}", "claimed_by": "{subject}", "citations": [{{ "source": "memo", "quote": "{quote}" }}] }}"#
    )
}

/// An XML element as a real parser reads it: attribute values normalized and
/// text unescaped, as Gephi or networkx would see them.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    /// Parses a document; the result is a synthetic root holding the top element.
    fn parse(xml: &str) -> Element {
        let mut reader = Reader::from_str(xml);
        let mut stack = vec![Element::default()];
        loop {
            let event = reader
                .read_event()
                .unwrap_or_else(|e| panic!("invalid XML at {}: {e}", reader.buffer_position()));
            match event {
                Event::Start(e) => stack.push(Element::start(&e)),
                Event::Empty(e) => {
                    let element = Element::start(&e);
                    stack.last_mut().expect("parent").children.push(element);
                }
                Event::End(_) => {
                    let done = stack.pop().expect("open element");
                    stack.last_mut().expect("parent").children.push(done);
                }
                Event::Text(t) => stack
                    .last_mut()
                    .expect("element")
                    .text
                    .push_str(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref().expect("char ref") {
                        Some(c) => c.to_string(),
                        None => quick_xml::escape::resolve_predefined_entity(&r)
                            .unwrap_or_else(|| panic!("unknown entity &{};", &*r))
                            .to_string(),
                    };
                    stack.last_mut().expect("element").text.push_str(&resolved);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(stack.len(), 1, "unclosed elements");
        stack.pop().expect("root")
    }

    fn start(e: &quick_xml::events::BytesStart) -> Element {
        let attrs = e
            .attributes()
            .map(|a| {
                let a = a.expect("attribute");
                let key = a.key.as_ref().to_string();
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .expect("value")
                    .to_string();
                (key, value)
            })
            .collect();
        Element {
            name: e.name().as_ref().to_string(),
            attrs,
            ..Element::default()
        }
    }

    /// Every descendant named `name`, in document order.
    fn all(&self, name: &str) -> Vec<&Element> {
        let mut found = Vec::new();
        for child in &self.children {
            if child.name == name {
                found.push(child);
            }
            found.extend(child.all(name));
        }
        found
    }

    fn attr(&self, name: &str) -> &str {
        self.attrs
            .get(name)
            .unwrap_or_else(|| panic!("<{}> has no {name}: {:?}", self.name, self.attrs))
    }
}

type Attributes = BTreeMap<String, String>;

fn entry(map: &mut Attributes, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        map.insert(key.to_string(), value.to_string());
    }
}

/// What a flat export must say about an entity, besides its id and name.
fn expected_entity(e: &Entity) -> Attributes {
    let mut map = Attributes::new();
    let aliases = e.aliases.join("; ");
    entry(&mut map, "type", Some(e.kind.as_str()));
    entry(
        &mut map,
        "aliases",
        (!aliases.is_empty()).then_some(&aliases),
    );
    entry(&mut map, "description", Some(&e.description));
    entry(&mut map, "date", e.date.as_deref());
    entry(&mut map, "note", e.note.as_deref());
    map
}

/// What a flat export must say about a claim, besides its id and ends:
/// every citation, numbered from the second on.
fn expected_claim(graph: &Graph, c: &Claim) -> Attributes {
    let mut map = Attributes::new();
    let label = &graph.predicate(&c.predicate).expect("predicate").label;
    entry(&mut map, "predicate", Some(&c.predicate));
    entry(&mut map, "predicate_label", Some(label));
    entry(&mut map, "status", Some(c.status.as_str()));
    entry(&mut map, "claimed_by", Some(&c.claimed_by));
    entry(&mut map, "date", c.date.as_deref());
    entry(&mut map, "note", c.note.as_deref());
    let predicate = graph.predicate(&c.predicate).expect("predicate");
    if predicate.is_about_claims() {
        entry(&mut map, "about", Some(&c.object));
    }
    entry(&mut map, "stance", predicate.stance.map(Stance::as_str));
    for (stance, name) in [
        (Stance::Contests, "disputed_by"),
        (Stance::Supports, "supported_by"),
        (Stance::Relays, "relayed_by"),
    ] {
        let ids = responders(graph, &c.id, stance).join("; ");
        entry(&mut map, name, (!ids.is_empty()).then_some(&ids));
    }
    entry(&mut map, "contested", Some(&c.contested.to_string()));
    entry(&mut map, "citations", Some(&c.citations.len().to_string()));
    for (i, cite) in c.citations.iter().enumerate() {
        let n = if i == 0 {
            String::new()
        } else {
            format!("_{}", i + 1)
        };
        entry(&mut map, &format!("quote{n}"), Some(&cite.quote));
        entry(&mut map, &format!("source{n}"), Some(&cite.source));
        entry(
            &mut map,
            &format!("start{n}"),
            Some(&cite.start.to_string()),
        );
        entry(&mut map, &format!("end{n}"), Some(&cite.end.to_string()));
        entry(&mut map, &format!("prefix{n}"), Some(&cite.prefix));
        entry(&mut map, &format!("suffix{n}"), Some(&cite.suffix));
    }
    map
}

/// The ids of the claims about claim `id` whose stance is `stance`.
fn responders(graph: &Graph, id: &str, stance: Stance) -> Vec<String> {
    let ix = graph.claim_ix(id).expect("claim");
    graph
        .responses_to(ix)
        .filter(|&r| graph.stance(r) == Some(stance))
        .map(|r| graph.claim_id(r).to_string())
        .collect()
}

/// The node a flat export's edge for `c` ends at: its object entity, or
/// the claim node of the claim it is about.
fn edge_target(graph: &Graph, c: &Claim) -> String {
    match graph
        .predicate(&c.predicate)
        .expect("predicate")
        .is_about_claims()
    {
        true => format!("claim:{}", c.object),
        false => c.object.clone(),
    }
}

/// The claims that some claim is about, each once, in claim order: the
/// claim nodes of the flat exports.
fn targets(graph: &Graph) -> Vec<Claim> {
    let answered = |c: &Claim| {
        let ix = graph.claim_ix(&c.id).expect("claim");
        graph.responses_to(ix).next().is_some()
    };
    graph.claims().filter(answered).collect()
}

/// The documented qualifier of an EDTF date.
fn qualifier(date: Option<&str>) -> Option<&'static str> {
    let date = date?;
    if date.contains('%') || (date.contains('?') && date.contains('~')) {
        Some("uncertain and approximate")
    } else if date.contains('?') {
        Some("uncertain")
    } else if date.contains('~') {
        Some("approximate")
    } else {
        None
    }
}

#[test]
fn graphml_keeps_every_node_and_edge_with_every_attribute() {
    for graph in [memo(), bundled(), disputed().1] {
        let doc = Element::parse(&export::graphml(&Subgraph::whole(&graph, &Status::ALL)));
        let keys: BTreeMap<&str, &Element> = doc
            .all("key")
            .into_iter()
            .map(|k| (k.attr("id"), k))
            .collect();
        let data = |element: &Element| -> Attributes {
            element
                .all("data")
                .into_iter()
                .map(|d| {
                    (
                        keys[d.attr("key")].attr("attr.name").to_string(),
                        d.text.clone(),
                    )
                })
                .collect()
        };
        let nodes = doc.all("node");
        let targets = targets(&graph);
        assert_eq!(nodes.len(), graph.entities().len() + targets.len());
        for (node, e) in nodes.iter().zip(graph.entities()) {
            assert_eq!(node.attr("id"), e.id);
            let mut expected = expected_entity(&e.to_entity());
            expected.insert("label".into(), e.name.to_string());
            assert_eq!(data(node), expected, "node {}", e.id);
        }
        let claim_nodes = &nodes[graph.entities().len()..];
        for (node, c) in claim_nodes.iter().zip(&targets) {
            assert_eq!(node.attr("id"), format!("claim:{}", c.id));
            let data = data(node);
            assert_eq!(
                (data["type"].as_str(), data["claim"].as_str()),
                ("claim", c.id.as_str())
            );
        }
        let edges = doc.all("edge");
        assert_eq!(edges.len(), graph.claim_count());
        for (edge, c) in edges.iter().zip(graph.claims()) {
            assert_eq!(
                (edge.attr("id"), edge.attr("source"), edge.attr("target")),
                (
                    c.id.as_str(),
                    c.subject.as_str(),
                    edge_target(&graph, &c).as_str()
                )
            );
            assert_eq!(data(edge), expected_claim(&graph, &c), "edge {}", c.id);
        }
        let ids: Vec<&str> = nodes.iter().map(|n| n.attr("id")).collect();
        for edge in &edges {
            assert!(
                ids.contains(&edge.attr("source")) && ids.contains(&edge.attr("target")),
                "edge {} dangles",
                edge.attr("id")
            );
        }
        let contested = doc
            .all("key")
            .into_iter()
            .find(|k| k.attr("attr.name") == "contested")
            .expect("contested key");
        assert_eq!(
            (contested.attr("for"), contested.attr("attr.type")),
            ("edge", "boolean")
        );
        let start = doc
            .all("key")
            .into_iter()
            .find(|k| k.attr("attr.name") == "start")
            .expect("start key");
        assert_eq!(start.attr("attr.type"), "int");
    }
}

#[test]
fn gexf_keeps_every_node_and_edge_with_every_attribute() {
    for graph in [memo(), bundled(), disputed().1] {
        let doc = Element::parse(&export::gexf(&Subgraph::whole(&graph, &Status::ALL)));
        let gexf = &doc.children[0];
        assert_eq!(gexf.name, "gexf");
        assert_eq!(gexf.attr("version"), "1.3");
        assert_eq!(gexf.attr("xmlns"), "http://gexf.net/1.3");
        let g = &gexf.all("graph")[0];
        assert_eq!(
            (
                g.attr("defaultedgetype"),
                g.attr("mode"),
                g.attr("timeformat")
            ),
            ("directed", "dynamic", "date")
        );
        let mut titles: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
        for attributes in gexf.all("attributes") {
            for a in attributes.all("attribute") {
                titles.insert(
                    (
                        attributes.attr("class").to_string(),
                        a.attr("id").to_string(),
                    ),
                    (a.attr("title").to_string(), a.attr("type").to_string()),
                );
            }
        }
        let values = |class: &str, element: &Element| -> Attributes {
            element
                .all("attvalue")
                .into_iter()
                .map(|v| {
                    let key = (class.to_string(), v.attr("for").to_string());
                    (titles[&key].0.clone(), v.attr("value").to_string())
                })
                .collect()
        };
        let nodes = gexf.all("node");
        let targets = targets(&graph);
        assert_eq!(nodes.len(), graph.entities().len() + targets.len());
        assert_eq!(gexf.all("nodes")[0].attr("count"), nodes.len().to_string());
        for (node, c) in nodes[graph.entities().len()..].iter().zip(&targets) {
            assert_eq!(node.attr("id"), format!("claim:{}", c.id));
            let values = values("node", node);
            assert_eq!(
                (values["type"].as_str(), values["claim"].as_str()),
                ("claim", c.id.as_str())
            );
        }
        let ids: Vec<&str> = nodes.iter().map(|n| n.attr("id")).collect();
        for (node, e) in nodes.iter().zip(graph.entities()) {
            assert_eq!((node.attr("id"), node.attr("label")), (e.id, e.name));
            let mut expected = expected_entity(&e.to_entity());
            entry(&mut expected, "date_qualifier", qualifier(e.date));
            assert_eq!(values("node", node), expected, "node {}", e.id);
        }
        let edges = gexf.all("edge");
        assert_eq!(edges.len(), graph.claim_count());
        for (edge, c) in edges.iter().zip(graph.claims()) {
            let label = &graph.predicate(&c.predicate).expect("predicate").label;
            assert_eq!(
                [edge.attr("id"), edge.attr("source"), edge.attr("target")],
                [
                    c.id.as_str(),
                    c.subject.as_str(),
                    edge_target(&graph, &c).as_str()
                ]
            );
            assert!(ids.contains(&edge.attr("target")), "edge {} dangles", c.id);
            assert_eq!(
                (edge.attr("label"), edge.attr("kind")),
                (label.as_str(), c.predicate.as_str())
            );
            let mut expected = expected_claim(&graph, &c);
            entry(
                &mut expected,
                "date_qualifier",
                qualifier(c.date.as_deref()),
            );
            assert_eq!(values("edge", edge), expected, "edge {}", c.id);
            assert_eq!(
                edge.all("spell").len(),
                usize::from(c.date.is_some()),
                "edge {}",
                c.id
            );
        }
        let start = &titles[&("edge".to_string(), "start".to_string())];
        assert_eq!(start.1, "integer");
        let contested = &titles[&("edge".to_string(), "contested".to_string())];
        assert_eq!(contested.1, "boolean");
    }
}

/// The spells of the node or edge with `id`, as (start, end).
fn spells(gexf: &Element, id: &str) -> Vec<(Option<String>, Option<String>)> {
    let element = gexf
        .all("node")
        .into_iter()
        .chain(gexf.all("edge"))
        .find(|e| e.attr("id") == id)
        .unwrap_or_else(|| panic!("no node or edge {id}"));
    element
        .all("spell")
        .into_iter()
        .map(|s| (s.attrs.get("start").cloned(), s.attrs.get("end").cloned()))
        .collect()
}

#[test]
fn gexf_spells_events_over_their_dates_and_works_from_their_appearance() {
    let graph = bundled();
    let doc = Element::parse(&export::gexf(&Subgraph::whole(&graph, &Status::ALL)));
    let span = |a: &str, b: &str| vec![(Some(a.to_string()), Some(b.to_string()))];
    let check = |id: &str, expected: Vec<(Option<String>, Option<String>)>| {
        assert_eq!(spells(&doc, id), expected, "{id}");
    };
    check("assassination-of-trotsky", span("1940-08-20", "1940-08-20"));
    check(
        "mexican-party-congress-1940",
        span("1940-03-01", "1940-03-31"),
    );
    check("political-bureau-session", span("1928-01-01", "1929-12-31"));
    check(
        "stalins-guilt-article",
        vec![(Some("1947-04-19".into()), None)],
    );
    check(
        "trotsky-receipt-statement",
        vec![(Some("1929-01-20".into()), None)],
    );
    check("leon-trotsky", vec![]);
    check(
        "trotsky-author-of-comintern-and-the-gpu",
        span("1940-08-01", "1940-08-31"),
    );
    check(
        "trotsky-resided-in-france",
        span("1933-07-01", "1935-06-30"),
    );
    check(
        "trotsky-applied-to-norwegian-government",
        span("1935-06-01", "1935-06-30"),
    );
    check("trotsky-leader-of-opposition", vec![]);
}

/// Checks the spell of one EDTF date.
#[track_caller]
fn check_spell(
    edtf: &str,
    start: Option<&str>,
    end: Option<&str>,
    qualifier: Option<&'static str>,
) {
    let expected = Spell {
        start: start.map(String::from),
        end: end.map(String::from),
        qualifier,
    };
    assert_eq!(export::spell(edtf), Some(expected), "{edtf}");
}

#[test]
fn edtf_dates_map_to_the_documented_spans() {
    let both = |a, b| (Some(a), Some(b));
    for (edtf, (start, end)) in [
        ("1940-05-24", both("1940-05-24", "1940-05-24")),
        ("1927-11", both("1927-11-01", "1927-11-30")),
        ("1928", both("1928-01-01", "1928-12-31")),
        ("1928/1929", both("1928-01-01", "1929-12-31")),
        ("1933-07/1935-06", both("1933-07-01", "1935-06-30")),
        ("1900-02", both("1900-02-01", "1900-02-28")),
        ("2000-02", both("2000-02-01", "2000-02-29")),
        ("193X", both("1930-01-01", "1939-12-31")),
        ("1940-21", both("1940-03-01", "1940-05-31")),
        ("1940-24", both("1940-12-01", "1941-02-28")),
        ("1933/..", (Some("1933-01-01"), None)),
        ("../1940-08", (None, Some("1940-08-31"))),
    ] {
        check_spell(edtf, start, end, None);
    }
    let (start, end) = both("1935-06-01", "1935-06-30");
    check_spell("1935-06?", start, end, Some("uncertain"));
    let (start, end) = both("1935-01-01", "1935-12-31");
    check_spell("1935~", start, end, Some("approximate"));
    check_spell("1935%", start, end, Some("uncertain and approximate"));
    assert_eq!(export::spell("May 1940"), None);
    assert_eq!(export::spell("Y170000002"), None);
}

#[test]
fn graphml_escapes_quotes_and_ampersands() {
    let graph = memo();
    let xml = export::graphml(&Subgraph::whole(&graph, &Status::ALL));
    assert!(xml.contains("l’Écho"));
    assert_eq!(Element::parse(&xml).all("edge").len(), 7);
}

#[test]
fn cytoscape_elements_reference_only_present_nodes() {
    let graph = bundled();
    let cy = serde_json::to_value(export::cytoscape(&Subgraph::whole(&graph, &Status::ALL)))
        .expect("json");
    let nodes = cy["elements"]["nodes"].as_array().expect("nodes");
    let edges = cy["elements"]["edges"].as_array().expect("edges");
    assert_eq!(nodes.len(), graph.entities().len());
    // Claims about claims ride on the edge they answer, not as edges.
    assert_eq!(edges.len(), graph.claim_count() - graph.response_count());
    let nested: usize = edges
        .iter()
        .map(|e| e["data"]["responses"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(nested > 0 && nested <= graph.response_count());
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

/// The edge with `id` of a flat export, by its id attribute.
fn edge<'a>(doc: &'a Element, id: &str) -> &'a Element {
    doc.all("edge")
        .into_iter()
        .find(|e| e.attr("id") == id)
        .unwrap_or_else(|| panic!("no edge {id}"))
}

#[test]
fn gexf_draws_a_dispute_to_the_claim_node_and_marks_the_disputed_edge() {
    let (_dir, graph) = disputed();
    let doc = Element::parse(&export::gexf(&Subgraph::whole(&graph, &Status::ALL)));
    let value = |element: &Element, name: &str| -> Option<String> {
        element
            .all("attvalue")
            .into_iter()
            .find(|v| v.attr("for") == name)
            .map(|v| v.attr("value").to_string())
    };
    let node = doc
        .all("node")
        .into_iter()
        .find(|n| n.attr("id") == "claim:bob-met-alice")
        .expect("a node for the disputed claim");
    assert_eq!(node.attr("label"), "Bob Brown met Alice Archer");
    let dispute = edge(&doc, "carol-disputes-meeting");
    assert_eq!(
        (dispute.attr("source"), dispute.attr("target")),
        ("carol", "claim:bob-met-alice")
    );
    assert_eq!(dispute.attr("kind"), "disputes");
    assert_eq!(
        value(dispute, "quote").as_deref(),
        Some("According to Carol Cárdenas")
    );
    assert_eq!(value(dispute, "stance").as_deref(), Some("contests"));
    // The dispute is itself disputed and reported.
    assert_eq!(value(dispute, "contested").as_deref(), Some("true"));
    assert_eq!(
        value(dispute, "relayed_by").as_deref(),
        Some("nora-reports-dispute")
    );
    let disputed = edge(&doc, "bob-met-alice");
    assert_eq!(
        (disputed.attr("source"), disputed.attr("target")),
        ("bob", "alice")
    );
    assert_eq!(value(disputed, "contested").as_deref(), Some("true"));
    assert_eq!(
        value(disputed, "disputed_by").as_deref(),
        Some("carol-disputes-meeting")
    );
    let paid = edge(&doc, "bob-paid-dave");
    assert_eq!(value(paid, "contested").as_deref(), Some("false"));
    assert_eq!(
        value(paid, "supported_by").as_deref(),
        Some("nora-corroborates-payment")
    );
}

#[test]
fn graphml_of_a_status_filter_keeps_no_dispute_pointing_nowhere() {
    let (_dir, graph) = disputed();
    let doc = Element::parse(&export::graphml(&Subgraph::whole(
        &graph,
        &[Status::Asserted],
    )));
    let ids: Vec<&str> = doc.all("node").iter().map(|n| n.attr("id")).collect();
    // Bob's suspected dispute is filtered out; what it disputes still has
    // its node, for the claims that report it.
    assert!(
        !doc.all("edge")
            .iter()
            .any(|e| e.attr("id") == "bob-disputes-dispute")
    );
    assert!(ids.contains(&"claim:carol-disputes-meeting"));
    for e in doc.all("edge") {
        assert!(ids.contains(&e.attr("source")), "{}", e.attr("id"));
        assert!(ids.contains(&e.attr("target")), "{}", e.attr("id"));
    }
}

#[test]
fn cytoscape_carries_responses_on_the_edge_they_come_down_to() {
    let (_dir, graph) = disputed();
    let sub = Subgraph::whole(&graph, &Status::ALL);
    let cy = serde_json::to_value(export::cytoscape(&sub)).expect("json");
    let nodes = cy["elements"]["nodes"].as_array().expect("nodes");
    let edges = cy["elements"]["edges"].as_array().expect("edges");
    let node_ids: Vec<&str> = nodes
        .iter()
        .map(|n| n["data"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(node_ids.len(), graph.entities().len());
    assert_eq!(edges.len(), graph.claim_count() - graph.response_count());
    for edge in edges {
        for end in ["source", "target"] {
            let id = edge["data"][end].as_str().expect("end");
            assert!(
                node_ids.contains(&id),
                "{end} {id} of {}",
                edge["data"]["id"]
            );
        }
    }
    let met = edges
        .iter()
        .find(|e| e["data"]["claim"] == "bob-met-alice")
        .expect("the edge");
    assert_eq!(met["data"]["contested"], true);
    assert_eq!(met["classes"], "asserted contested");
    assert_eq!(
        met["data"]["disputed_by"],
        serde_json::json!(["carol-disputes-meeting"])
    );
    let responses = met["data"]["responses"].as_array().expect("responses");
    let about: Vec<(&str, &str)> = responses
        .iter()
        .map(|r| (r["claim"].as_str().unwrap(), r["about"].as_str().unwrap()))
        .collect();
    assert_eq!(
        about,
        [
            ("carol-disputes-meeting", "bob-met-alice"),
            ("nora-reports-dispute", "carol-disputes-meeting"),
            ("bob-disputes-dispute", "carol-disputes-meeting"),
        ]
    );
    assert_eq!(
        responses[0]["citations"][0]["quote"],
        "According to Carol Cárdenas"
    );
    assert_eq!(responses[0]["stance"], "contests");
    assert_eq!(responses[0]["contested"], true);
    // Streamed as the command line writes it, the elements are the same.
    let mut streamed = Vec::new();
    export::write(&graph, export::ExportFormat::Cytoscape, &mut streamed).expect("write");
    let streamed: serde_json::Value = serde_json::from_slice(&streamed).expect("JSON");
    assert_eq!(streamed, cy);
}

#[test]
fn dot_draws_claims_about_claims_to_declared_claim_nodes() {
    let (_dir, graph) = disputed();
    let dot = export::dot(&Subgraph::whole(&graph, &Status::ALL));
    assert_eq!(dot.matches(" -> ").count(), graph.claim_count());
    let declared: Vec<&str> = dot
        .lines()
        .filter(|l| !l.contains(" -> ") && l.ends_with("];"))
        .filter_map(|l| l.trim().split(' ').next())
        .collect();
    for line in dot.lines().filter(|l| l.contains(" -> ")) {
        let (from, rest) = line.trim().split_once(" -> ").expect("edge");
        let to = rest.split(' ').next().expect("target");
        assert!(declared.contains(&from) && declared.contains(&to), "{line}");
    }
    assert!(dot.contains(
        "\"carol\" -> \"claim:bob-met-alice\" [id=\"carol-disputes-meeting\", label=\"disputes (contested)\", style=solid, color=red, fontcolor=red];"
    ));
    assert!(dot.contains("\"bob\" -> \"alice\" [id=\"bob-met-alice\", label=\"met (contested)\""));
    assert!(
        dot.contains("\"bob\" -> \"dave\" [id=\"bob-paid-dave\", label=\"paid\", style=dashed];")
    );
}

#[test]
fn canonical_document_names_the_claim_a_dispute_is_about() {
    let (_dir, graph) = disputed();
    let mut out = Vec::new();
    export::write_document(&graph, &mut out).expect("write");
    let doc: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    let claim = |id: &str| {
        doc["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no claim {id}"))
            .clone()
    };
    assert_eq!(claim("carol-disputes-meeting")["object"], "bob-met-alice");
    assert_eq!(claim("bob-met-alice")["contested"], true);
    assert!(claim("bob-paid-dave").get("contested").is_none());
    let disputes = doc["predicates"]
        .as_array()
        .expect("predicates")
        .iter()
        .find(|p| p["id"] == "disputes")
        .expect("disputes");
    assert_eq!(
        (&disputes["about"], &disputes["stance"]),
        (&serde_json::json!("claim"), &serde_json::json!("contests"))
    );
}

#[test]
fn jsonld_links_the_dispute_node_to_the_disputed_claim_node() {
    let (_dir, graph) = disputed();
    let doc = export::jsonld(&Subgraph::whole(&graph, &Status::ALL));
    let nodes = doc["@graph"].as_array().expect("@graph");
    let node = |id: &str| nodes.iter().find(|n| n["@id"] == id).expect("node");
    let dispute = node("claim:carol-disputes-meeting");
    assert_eq!(dispute["object"], "claim:bob-met-alice");
    assert_eq!(dispute["cg:disputes"]["@id"], "claim:bob-met-alice");
    assert_eq!(dispute["stance"], "contests");
    assert_eq!(dispute["wasAttributedTo"], "entity:carol");
    assert_eq!(node("claim:bob-met-alice")["contested"], true);
    assert!(!nodes.iter().any(|n| n["@id"] == "entity:bob-met-alice"));
}
