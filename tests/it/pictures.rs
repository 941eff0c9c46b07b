use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::support::{Answer, bundled, get, ids, send, send_to};

/// An element of a parsed SVG document.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|w| w == class))
    }

    /// Every element below this one, depth first.
    fn all(&self) -> Vec<&Node> {
        let mut found = Vec::new();
        for child in &self.children {
            found.push(child);
            found.extend(child.all());
        }
        found
    }

    /// All the text below this one.
    fn all_text(&self) -> String {
        let mut text = self.text.clone();
        for child in &self.children {
            text.push(' ');
            text.push_str(&child.all_text());
        }
        text
    }

    /// The links that carry `data-{kind}`, as (id, link).
    fn links(&self, kind: &str) -> Vec<(String, &Node)> {
        self.all()
            .into_iter()
            .filter(|n| n.name == "a")
            .filter_map(|n| Some((n.attr(&format!("data-{kind}"))?.to_string(), n)))
            .collect()
    }

    /// The visible line of the claim `id`.
    fn claim_line(&self, id: &str) -> &Node {
        let (_, link) = self
            .links("claim")
            .into_iter()
            .find(|(c, _)| c == id)
            .unwrap_or_else(|| panic!("no link for claim {id}"));
        link.all()
            .into_iter()
            .find(|n| n.has_class("cg-line"))
            .expect("a line in the claim's link")
    }
}

fn element(e: &BytesStart) -> Node {
    Node {
        name: e.name().into_inner().to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    a.key.into_inner().to_string(),
                    a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .expect("attribute value")
                        .to_string(),
                )
            })
            .collect(),
        ..Node::default()
    }
}

/// Parses an SVG document with a real XML parser; panics if it is not XML
/// or its root is not an `<svg>` in the SVG namespace.
fn parse(svg: &str) -> Node {
    let mut reader = Reader::from_str(svg);
    let mut stack = vec![Node::default()];
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => stack.push(element(&e)),
            Ok(Event::Empty(e)) => {
                let node = element(&e);
                stack.last_mut().expect("parent").children.push(node);
            }
            Ok(Event::End(_)) => {
                let node = stack.pop().expect("open element");
                stack.last_mut().expect("parent").children.push(node);
            }
            Ok(Event::Text(t)) => {
                let text = t.xml_content(quick_xml::XmlVersion::Explicit1_0);
                stack.last_mut().expect("element").text.push_str(&text);
            }
            Ok(Event::GeneralRef(r)) => {
                let resolved = match r.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unknown entity {other}"),
                };
                stack.last_mut().expect("element").text.push_str(resolved);
            }
            Ok(Event::Eof) => break,
            Err(e) => panic!("invalid XML at {}: {e}", reader.buffer_position()),
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut document = stack.pop().expect("document");
    assert_eq!(document.children.len(), 1, "one root element");
    let root = document.children.remove(0);
    assert_eq!(root.name, "svg");
    assert_eq!(root.attr("xmlns"), Some("http://www.w3.org/2000/svg"));
    root
}

/// A drawing that must be a 200 SVG answer.
#[track_caller]
fn drawing(answer: &Answer) -> Node {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.content_type, "image/svg+xml");
    parse(&answer.text())
}

fn set(items: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    items.into_iter().collect()
}

#[tokio::test]
async fn a_neighborhood_draws_one_link_per_entity_and_per_claim_of_its_json_twin() {
    let twin = get("/api/v1/entities/bob/neighborhood?depth=2")
        .await
        .json();
    let svg = drawing(&get("/api/v1/entities/bob/neighborhood.svg?depth=2").await);

    let entities = svg.links("entity");
    let claims = svg.links("claim");
    assert_eq!(
        entities.len(),
        twin["nodes"].as_array().expect("nodes").len()
    );
    assert_eq!(claims.len(), twin["edges"].as_array().expect("edges").len());
    assert_eq!(
        set(entities.iter().map(|(id, _)| id.clone())),
        set(ids(&twin["nodes"]))
    );
    assert_eq!(
        set(claims.iter().map(|(id, _)| id.clone())),
        set(ids(&twin["edges"]))
    );
    for (id, link) in &entities {
        assert_eq!(link.attr("href"), Some(format!("/#/entity/{id}").as_str()));
    }
    for (id, link) in &claims {
        assert_eq!(link.attr("href"), Some(format!("/#/claim/{id}").as_str()));
    }
}

#[tokio::test]
async fn entities_are_labelled_by_name_and_claims_by_predicate() {
    let svg = drawing(&get("/api/v1/entities/bob/neighborhood.svg").await);
    let (_, dave) = svg
        .links("entity")
        .into_iter()
        .find(|(id, _)| id == "dave")
        .expect("dave is drawn");
    assert!(dave.all_text().contains("Dave Diaz"), "{}", dave.all_text());
    assert!(dave.all_text().contains("PERSON"));
    assert!(dave.has_class("cg-person"));
    let (_, paid) = svg
        .links("claim")
        .into_iter()
        .find(|(id, _)| id == "bob-paid-dave")
        .expect("the payment is drawn");
    assert!(paid.all_text().contains("paid"), "{}", paid.all_text());
}

#[tokio::test]
async fn the_center_is_highlighted_and_no_other_entity() {
    let svg = drawing(&get("/api/v1/entities/bob/neighborhood.svg?depth=2").await);
    let highlighted: Vec<String> = svg
        .links("entity")
        .into_iter()
        .filter(|(_, link)| link.has_class("cg-highlight"))
        .map(|(id, _)| id)
        .collect();
    assert_eq!(highlighted, ["bob"]);
}

#[tokio::test]
async fn alleged_claims_are_dashed_suspected_dotted_and_asserted_solid() {
    let svg = drawing(&get("/api/v1/entities/dave/neighborhood.svg").await);
    let alleged = svg.claim_line("bob-paid-dave").attr("stroke-dasharray");
    let suspected = svg.claim_line("alice-knew-dave").attr("stroke-dasharray");
    let asserted = svg
        .claim_line("dave-wrote-for-echo")
        .attr("stroke-dasharray");
    assert!(alleged.is_some(), "alleged is not dashed");
    assert!(suspected.is_some(), "suspected is not dotted");
    assert_ne!(alleged, suspected, "alleged and suspected look the same");
    assert_eq!(asserted, None, "asserted is not solid");
}

#[tokio::test]
async fn the_legend_shows_each_status_as_it_is_drawn() {
    let svg = drawing(&get("/api/v1/entities/dave/neighborhood.svg").await);
    let legend = svg
        .all()
        .into_iter()
        .find(|n| n.has_class("cg-legend"))
        .expect("a legend");
    for status in ["asserted", "alleged", "suspected"] {
        let sample = legend
            .all()
            .into_iter()
            .find(|n| n.has_class(&format!("cg-legend-{status}")))
            .unwrap_or_else(|| panic!("no legend entry for {status}"));
        assert!(sample.all_text().contains(status));
        let line = sample
            .children
            .iter()
            .find(|n| n.name == "path")
            .expect("a sample line");
        assert_eq!(
            line.attr("stroke-dasharray"),
            svg.claim_line(match status {
                "asserted" => "dave-wrote-for-echo",
                "alleged" => "bob-paid-dave",
                _ => "alice-knew-dave",
            })
            .attr("stroke-dasharray"),
            "the legend's {status} differs from the drawing's"
        );
    }
}

#[tokio::test]
async fn the_status_filter_leaves_out_the_claims_it_excludes() {
    let svg = drawing(&get("/api/v1/entities/dave/neighborhood.svg?status=asserted").await);
    let claims = set(svg.links("claim").into_iter().map(|(id, _)| id));
    assert_eq!(claims, set(["dave-wrote-for-echo".to_string()]));
    assert!(svg.all_text().contains("asserted only"));
}

#[tokio::test]
async fn the_same_query_draws_the_same_bytes() {
    let uri = "/api/v1/entities/leon-trotsky/neighborhood.svg?depth=2";
    let app = claimgraph::api::app(bundled());
    let request = || Request::get(uri).body(Body::empty()).expect("request");
    let first = send_to(app.clone(), request()).await;
    let second = send_to(app, request()).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(
        first.body == second.body,
        "two drawings of one query differ"
    );
    let paths = "/api/v1/paths.svg?from=alice&to=dave";
    assert!(get(paths).await.body == get(paths).await.body);
}

/// GETs `uri` from the bundled graph's router.
async fn get_bundled(uri: &str) -> Answer {
    send(
        bundled(),
        Request::get(uri).body(Body::empty()).expect("request"),
    )
    .await
}

#[tokio::test]
async fn a_large_neighborhood_is_capped_and_says_how_many_were_left_out() {
    let twin = get_bundled("/api/v1/entities/leon-trotsky/neighborhood?limit=500")
        .await
        .json();
    let total = twin["nodes"].as_array().expect("nodes").len();
    assert!(total > 40, "Trotsky's neighborhood is small: {total}");
    let svg = drawing(&get_bundled("/api/v1/entities/leon-trotsky/neighborhood.svg").await);
    assert_eq!(svg.links("entity").len(), 40);
    let text = svg.all_text();
    assert!(
        text.contains(&format!("Showing the nearest 40 of {total} entities")),
        "{text}"
    );
    assert!(text.contains(&format!("{} entities", total - 40)), "{text}");
}

#[tokio::test]
async fn the_limit_parameter_caps_the_drawing_too() {
    let svg = drawing(&get_bundled("/api/v1/entities/leon-trotsky/neighborhood.svg?limit=5").await);
    assert_eq!(svg.links("entity").len(), 5);
    assert!(svg.all_text().contains("Showing the nearest 5 of"));
}

#[tokio::test]
async fn a_small_neighborhood_says_nothing_was_left_out() {
    let svg = drawing(&get("/api/v1/entities/bob/neighborhood.svg").await);
    assert!(!svg.all_text().contains("left out"), "{}", svg.all_text());
}

#[tokio::test]
async fn paths_draw_every_hop_of_their_json_twin_with_both_ends_highlighted() {
    let twin = get("/api/v1/paths?from=alice&to=dave").await.json();
    let svg = drawing(&get("/api/v1/paths.svg?from=alice&to=dave").await);
    let mut hops = BTreeSet::new();
    let mut nodes = BTreeSet::new();
    for path in twin["paths"].as_array().expect("paths") {
        hops.extend(ids(&path["edges"]));
        nodes.extend(ids(&path["nodes"]));
    }
    assert!(!hops.is_empty());
    assert_eq!(set(svg.links("claim").into_iter().map(|(id, _)| id)), hops);
    assert_eq!(
        set(svg.links("entity").into_iter().map(|(id, _)| id)),
        nodes
    );
    let highlighted = set(svg
        .links("entity")
        .into_iter()
        .filter(|(_, link)| link.has_class("cg-highlight"))
        .map(|(id, _)| id));
    assert_eq!(highlighted, set(["alice".to_string(), "dave".to_string()]));
}

#[tokio::test]
async fn paths_under_status_asserted_leave_out_alleged_and_suspected_hops() {
    let all = drawing(&get("/api/v1/paths.svg?from=bob&to=dave").await);
    let asserted = drawing(&get("/api/v1/paths.svg?from=bob&to=dave&status=asserted").await);
    let all_claims = set(all.links("claim").into_iter().map(|(id, _)| id));
    let asserted_claims = set(asserted.links("claim").into_iter().map(|(id, _)| id));
    assert!(all_claims.contains("bob-paid-dave"));
    assert!(!asserted_claims.contains("bob-paid-dave"));
    assert!(!asserted_claims.contains("alice-knew-dave"));
    assert!(asserted.all_text().contains("asserted only"));
}

#[tokio::test]
async fn no_path_is_drawn_as_the_two_ends_and_a_sentence() {
    let svg = drawing(&get("/api/v1/paths.svg?from=alice&to=echo&max_length=1").await);
    assert!(svg.links("claim").is_empty());
    assert_eq!(
        set(svg.links("entity").into_iter().map(|(id, _)| id)),
        set(["alice".to_string(), "echo".to_string()])
    );
    assert!(
        svg.all_text()
            .contains("No path of at most 1 claim joins Alice Archer and l’Écho"),
        "{}",
        svg.all_text()
    );
}

#[tokio::test]
async fn bad_parameters_give_the_problems_of_the_json_twins() {
    for (svg, json) in [
        (
            "/api/v1/entities/bob/neighborhood.svg?depth=9",
            "/api/v1/entities/bob/neighborhood?depth=9",
        ),
        (
            "/api/v1/entities/bob/neighborhood.svg?status=maybe",
            "/api/v1/entities/bob/neighborhood?status=maybe",
        ),
        (
            "/api/v1/entities/bobb/neighborhood.svg",
            "/api/v1/entities/bobb/neighborhood",
        ),
        ("/api/v1/paths.svg?from=alice", "/api/v1/paths?from=alice"),
        (
            "/api/v1/paths.svg?from=alice&to=alice",
            "/api/v1/paths?from=alice&to=alice",
        ),
        (
            "/api/v1/paths.svg?from=alice&to=davy",
            "/api/v1/paths?from=alice&to=davy",
        ),
        (
            "/api/v1/paths.svg?from=alice&to=dave&max_length=0",
            "/api/v1/paths?from=alice&to=dave&max_length=0",
        ),
    ] {
        let (picture, twin) = (get(svg).await, get(json).await);
        assert!(
            picture.status == StatusCode::BAD_REQUEST || picture.status == StatusCode::NOT_FOUND,
            "{svg}: {}",
            picture.status
        );
        assert_eq!(picture.status, twin.status, "{svg}");
        assert_eq!(picture.content_type, "application/problem+json", "{svg}");
        assert_eq!(picture.json(), twin.json(), "{svg}");
    }
    let unknown = get("/api/v1/entities/bobb/neighborhood.svg").await.json();
    assert_eq!(unknown["suggestions"][0]["id"], "bob");
}

#[tokio::test]
async fn pictures_take_no_format_parameter() {
    let answer = get("/api/v1/entities/bob/neighborhood.svg?format=json").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["parameter"], "format");
    let answer = get("/api/v1/paths.svg?from=alice&to=dave&format=cytoscape").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["parameter"], "format");
}

#[tokio::test]
async fn pictures_may_not_run_scripts_when_opened_alone() {
    let answer = get("/api/v1/entities/bob/neighborhood.svg").await;
    assert_eq!(answer.headers["x-content-type-options"], "nosniff");
    assert_eq!(
        answer.headers["content-security-policy"],
        "default-src 'none'"
    );
    let svg = parse(&answer.text());
    assert!(svg.all().iter().all(|n| n.name != "script"));
    assert!(
        svg.all()
            .iter()
            .all(|n| n.attr("style").is_none() && n.name != "style"),
        "inline styles would be blocked by the explorer's Content-Security-Policy"
    );
}

#[test]
fn every_entity_of_the_bundled_graph_draws_at_every_depth() {
    let graph = bundled();
    let ids: Vec<String> = graph.entities().iter().map(|e| e.id.to_string()).collect();
    let app = claimgraph::api::app(graph);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    for id in ids {
        for depth in 1..=3 {
            let uri = format!("/api/v1/entities/{id}/neighborhood.svg?depth={depth}");
            let answer = runtime.block_on(send_to(
                app.clone(),
                Request::get(&uri).body(Body::empty()).expect("request"),
            ));
            let svg = drawing(&answer);
            assert!(svg.links("entity").len() <= 40, "{uri}");
        }
    }
}

/// The memo fixture with `disputes` (about claims, contesting) in its
/// vocabulary and Carol disputing that Bob met Alice: a graph with one
/// contested claim, for the marks of disagreement. Shared with the
/// explorer's tests.
pub fn memo_with_dispute() -> (crate::support::Scratch, claimgraph::graph::Graph) {
    let scratch = crate::support::Scratch::of_memo();
    scratch.edit(
        "predicates.json",
        r#"{ "id": "met","#,
        r#"{ "id": "disputes", "label": "disputes", "inverse_label": "disputed by", "symmetric": false, "about": "claim", "stance": "contests" },
  { "id": "met","#,
    );
    scratch.edit(
        "claims.json",
        "] }\n]",
        r#"] },
  { "id": "carol-disputes-bob-met-alice", "subject": "carol", "predicate": "disputes", "object": "bob-met-alice", "status": "asserted", "claimed_by": "carol",
    "citations": [{ "source": "memo", "quote": "According to Carol Cárdenas" }] }
]"#,
    );
    let graph = claimgraph::graph::Graph::load(scratch.path()).expect("the disputed memo loads");
    (scratch, graph)
}

async fn get_disputed(uri: &str) -> Answer {
    let (_data, graph) = memo_with_dispute();
    send(
        graph,
        Request::get(uri).body(Body::empty()).expect("request"),
    )
    .await
}

#[tokio::test]
async fn a_contested_hop_is_drawn_red_with_who_contests_it_and_the_legend_says_so() {
    let answer = get_disputed("/api/v1/paths.svg?from=alice&to=bob").await;
    let text = answer.text();
    let svg = drawing(&answer);
    let (_, link) = svg
        .links("claim")
        .into_iter()
        .find(|(id, _)| id == "bob-met-alice")
        .expect("the direct hop is drawn");
    assert!(link.has_class("cg-contested"), "{text}");
    assert_eq!(
        link.attr("data-disputed-by"),
        Some("carol-disputes-bob-met-alice")
    );
    assert!(
        link.attr("aria-label")
            .is_some_and(|l| l.ends_with("asserted, contested"))
    );
    let tip = link
        .children
        .iter()
        .find(|n| n.name == "title")
        .expect("a tooltip");
    assert!(
        tip.text
            .contains("contested: disputed by Carol Cárdenas (carol-disputes-bob-met-alice)"),
        "{}",
        tip.text
    );
    assert!(link.all_text().contains("⚠ met"), "{}", link.all_text());
    let line = svg.claim_line("bob-met-alice");
    assert_eq!(line.attr("stroke"), Some("#dc2626"));
    assert_eq!(line.attr("marker-end"), Some("url(#cg-arrow-contested)"));
    assert_eq!(
        line.attr("stroke-dasharray"),
        None,
        "still drawn as asserted"
    );
    assert!(link.all().iter().any(|n| n.has_class("cg-contested-band")));
    // The hops through the meeting are not contested and look as before.
    for other in ["alice-at-meeting", "bob-at-meeting"] {
        let (_, link) = svg
            .links("claim")
            .into_iter()
            .find(|(id, _)| id == other)
            .unwrap_or_else(|| panic!("{other} is drawn"));
        assert!(!link.has_class("cg-contested"));
        assert_eq!(link.attr("data-disputed-by"), None);
        assert!(!link.all_text().contains('⚠'));
    }
    // The legend says what the mark means, on the SVG's own text.
    let legend = svg
        .all()
        .into_iter()
        .find(|n| n.has_class("cg-legend-contested"))
        .expect("a legend entry for contested");
    assert!(legend.all_text().contains("⚠ contested"));
    assert!(text.contains(r#"<g class="cg-legend-contested">"#));
    assert!(text.contains("⚠ contested</text>"));
    assert!(text.contains(r#"<marker id="cg-arrow-contested""#));
}

#[tokio::test]
async fn a_drawing_with_nothing_contested_has_no_contested_legend() {
    let text = get_disputed("/api/v1/paths.svg?from=bob&to=dave&max_length=1")
        .await
        .text();
    assert!(text.contains(r#"data-claim="bob-paid-dave""#), "{text}");
    assert!(!text.contains("cg-legend-contested"));
    assert!(!text.contains("cg-contested"));
    let plain = get("/api/v1/paths.svg?from=alice&to=bob").await.text();
    assert!(!plain.contains("cg-legend-contested") && !plain.contains("cg-contested"));
}

#[tokio::test]
async fn the_contested_filter_draws_only_or_no_contested_claims_and_says_so() {
    let only = drawing(&get_disputed("/api/v1/paths.svg?from=alice&to=bob&contested=only").await);
    assert_eq!(
        set(only.links("claim").into_iter().map(|(id, _)| id)),
        set(["bob-met-alice".to_string()])
    );
    assert!(only.all_text().contains("contested claims only"));
    let none =
        drawing(&get_disputed("/api/v1/paths.svg?from=alice&to=bob&contested=exclude").await);
    let drawn = set(none.links("claim").into_iter().map(|(id, _)| id));
    assert!(!drawn.contains("bob-met-alice"), "{drawn:?}");
    assert!(drawn.contains("alice-at-meeting"));
    assert!(none.all_text().contains("no contested claims"));
    // A neighborhood marks the contested claim too, and its twin filters alike.
    let around = drawing(&get_disputed("/api/v1/entities/bob/neighborhood.svg").await);
    let (_, link) = around
        .links("claim")
        .into_iter()
        .find(|(id, _)| id == "bob-met-alice")
        .expect("drawn around Bob");
    assert!(link.has_class("cg-contested"));
    assert!(
        around
            .all()
            .iter()
            .any(|n| n.has_class("cg-legend-contested"))
    );
    let without = get_disputed("/api/v1/entities/bob/neighborhood.svg?contested=exclude")
        .await
        .text();
    assert!(!without.contains(r#"data-claim="bob-met-alice""#));
    assert!(without.contains("no contested claims"));
}
