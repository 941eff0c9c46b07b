use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use claimgraph::export::{self, Subgraph};
use claimgraph::graph::Graph;
use claimgraph::model::{EntityType, Status};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNodeRef, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::support::{Answer, bundled, memo, send};

const PREFIXES: &str = "\
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX cg: <urn:claimgraph:vocab:>
PREFIX entity: <urn:claimgraph:entity:>
PREFIX rel: <urn:claimgraph:predicate:>
PREFIX claim: <urn:claimgraph:claim:>
PREFIX source: <urn:claimgraph:source:>
";

/// Budenz's allegation that Browder took part in the plot, each citation with
/// its quote and offsets, as a scholar would ask a triple store for it.
const BROWDER: &str = "
SELECT ?claim ?status ?claimer ?source ?quote ?start ?end WHERE {
  ?claim a rdf:Statement ;
    rdf:subject entity:earl-browder ;
    rdf:predicate rel:participated-in ;
    rdf:object entity:plot-against-trotsky ;
    cg:status ?status ;
    prov:wasAttributedTo ?claimer ;
    oa:hasTarget ?target .
  ?target oa:hasSource ?source ; oa:hasSelector ?q , ?p .
  ?q a oa:TextQuoteSelector ; oa:exact ?quote .
  ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
} ORDER BY ?start";

/// GETs `uri` from a router over the bundled graph.
async fn get_bundled(uri: &str) -> Answer {
    send(
        bundled(),
        Request::get(uri).body(Body::empty()).expect("request"),
    )
    .await
}

fn load(body: &[u8], format: RdfFormat) -> Store {
    let store = Store::new().expect("in-memory store");
    store
        .load_from_slice(format, body)
        .unwrap_or_else(|e| panic!("does not load as {format}: {e}"));
    store
}

/// Runs a SELECT and returns each row's values in the order of `vars`: the
/// IRI of a named node, the lexical form of a literal.
fn select(store: &Store, query: &str, vars: &[&str]) -> Vec<Vec<String>> {
    let query = format!("{PREFIXES}{query}");
    let results = SparqlEvaluator::new()
        .parse_query(&query)
        .unwrap_or_else(|e| panic!("bad SPARQL ({e}): {query}"))
        .on_store(store)
        .execute()
        .expect("query runs");
    let QueryResults::Solutions(solutions) = results else {
        panic!("not a SELECT: {query}");
    };
    solutions
        .map(|row| {
            let row = row.expect("solution");
            vars.iter()
                .map(|v| match row.get(*v) {
                    Some(Term::NamedNode(n)) => n.as_str().to_string(),
                    Some(Term::Literal(l)) => l.value().to_string(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                })
                .collect()
        })
        .collect()
}

fn count(store: &Store, pattern: &str) -> usize {
    let rows = select(
        store,
        &format!("SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"),
        &["n"],
    );
    rows[0][0].parse().expect("a count")
}

fn ask(store: &Store, pattern: &str) -> bool {
    let query = format!("{PREFIXES}ASK {{ {pattern} }}");
    match SparqlEvaluator::new()
        .parse_query(&query)
        .expect("ASK parses")
        .on_store(store)
        .execute()
        .expect("query runs")
    {
        QueryResults::Boolean(b) => b,
        _ => panic!("not an ASK"),
    }
}

/// The code points `start..end` of a source's text.
fn passage(graph: &Graph, source: &str, start: usize, end: usize) -> String {
    let text = &graph.source(source).expect("source").text;
    text.chars().skip(start).take(end - start).collect()
}

/// What a store loaded from an export must answer, whatever the syntax.
#[track_caller]
fn check_store(store: &Store, graph: &Graph) {
    let rows = select(
        store,
        BROWDER,
        &[
            "claim", "status", "claimer", "source", "quote", "start", "end",
        ],
    );
    let claim = graph.claim("browder-participated-in-plot").expect("claim");
    assert_eq!(rows.len(), claim.citations.len(), "{rows:?}");
    assert!(rows[0][4].starts_with("According to Budenz, Earl Browder"));
    for (row, cite) in rows.iter().zip(&claim.citations) {
        assert_eq!(row[0], "urn:claimgraph:claim:browder-participated-in-plot");
        assert_eq!(row[1], "alleged");
        assert_eq!(row[2], "urn:claimgraph:entity:louis-budenz");
        assert_eq!(row[3], "urn:claimgraph:source:stalins-guilt");
        assert_eq!(row[4], cite.quote);
        let (start, end): (usize, usize) = (row[5].parse().unwrap(), row[6].parse().unwrap());
        assert_eq!((start, end), (cite.start, cite.end));
        assert_eq!(passage(graph, "stalins-guilt", start, end), row[4]);
    }

    let citations: usize = graph.claims().map(|c| c.citations.len()).sum();
    assert_eq!(count(store, "?e a cg:Entity"), graph.entities().len());
    assert_eq!(count(store, "?c a cg:Claim"), graph.claim_count());
    assert_eq!(count(store, "?c a rdf:Statement"), graph.claim_count());
    assert_eq!(count(store, "?c oa:hasTarget ?t"), citations);
    assert_eq!(count(store, "?q a oa:TextQuoteSelector"), citations);
    assert_eq!(count(store, "?p a oa:TextPositionSelector"), citations);
    let people = graph
        .entities()
        .iter()
        .filter(|e| e.kind == EntityType::Person)
        .count();
    assert_eq!(count(store, "?e a cg:Entity, schema:Person"), people);
    let aliases: usize = graph.entities().iter().map(|e| e.aliases.len()).sum();
    assert_eq!(count(store, "?e schema:alternateName ?a"), aliases);
    for status in Status::ALL {
        let n = graph.claims().filter(|c| c.status == status).count();
        let pattern = format!("?c cg:status \"{}\"", status.as_str());
        assert_eq!(count(store, &pattern), n, "{pattern}");
    }
    // An allegation is a claim node, never a bare fact.
    assert!(!ask(store, "entity:earl-browder rel:participated-in ?o"));
}

#[tokio::test]
async fn turtle_from_the_api_loads_into_a_triple_store_with_budenz_allegation() {
    let answer = get_bundled("/api/v1/graph?format=turtle").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type, "text/turtle; charset=utf-8");
    let store = load(&answer.body, RdfFormat::Turtle);
    check_store(&store, &bundled());
}

#[tokio::test]
async fn nquads_from_the_api_load_into_one_named_graph() {
    let answer = get_bundled("/api/v1/graph?format=nquads").await;
    assert_eq!(answer.content_type, "application/n-quads");
    let store = load(&answer.body, RdfFormat::NQuads);
    let named: Vec<String> = store
        .named_graphs()
        .map(|g| g.expect("graph name").to_string())
        .collect();
    assert_eq!(named, ["<urn:claimgraph:graph>"]);
    let graph_name = NamedNodeRef::new("urn:claimgraph:graph").expect("IRI");
    // Copy the named graph into the default graph, as `FROM` would, and ask the same questions.
    let quads: Vec<Quad> = store
        .quads_for_pattern(None, None, None, Some(graph_name.into()))
        .map(|q| q.expect("quad"))
        .collect();
    let turtle = load(
        &get_bundled("/api/v1/graph?format=turtle").await.body,
        RdfFormat::Turtle,
    );
    assert_eq!(quads.len(), turtle.len().expect("len"));
    let flat = Store::new().expect("store");
    for q in &quads {
        flat.insert(&Quad::new(
            q.subject.clone(),
            q.predicate.clone(),
            q.object.clone(),
            GraphNameRef::DefaultGraph,
        ))
        .expect("insert");
    }
    check_store(&flat, &bundled());
}

/// The triples of an export as N-Triples lines, parsed without a store so
/// that nothing (such as a store's normalization of numeric datatypes) can
/// hide a difference.
fn triples(body: &[u8], format: RdfFormat) -> BTreeSet<String> {
    RdfParser::from_format(format)
        .for_slice(body)
        .map(|q| {
            let q = q.unwrap_or_else(|e| panic!("invalid {format}: {e}"));
            format!("{} {} {} .", q.subject, q.predicate, q.object)
        })
        .collect()
}

#[tokio::test]
async fn ntriples_and_jsonld_hold_exactly_the_turtle_triples() {
    let turtle = triples(
        &get_bundled("/api/v1/graph?format=turtle").await.body,
        RdfFormat::Turtle,
    );
    let nt = get_bundled("/api/v1/graph?format=ntriples").await;
    assert_eq!(nt.content_type, "application/n-triples");
    assert_eq!(triples(&nt.body, RdfFormat::NTriples), turtle);
    let jsonld = get_bundled("/api/v1/graph?format=jsonld").await;
    assert_eq!(jsonld.content_type, "application/ld+json");
    let from_jsonld = triples(
        &jsonld.body,
        RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    );
    let only_turtle: Vec<_> = turtle.difference(&from_jsonld).take(5).collect();
    let only_jsonld: Vec<_> = from_jsonld.difference(&turtle).take(5).collect();
    assert!(
        only_turtle.is_empty() && only_jsonld.is_empty(),
        "only in Turtle: {only_turtle:#?}\nonly in JSON-LD: {only_jsonld:#?}"
    );
}

#[tokio::test]
async fn the_published_context_expands_the_export_to_the_same_triples() {
    let served = get_bundled("/api/v1/context.jsonld").await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.content_type, "application/ld+json");
    let mut doc = get_bundled("/api/v1/graph?format=jsonld").await.json();
    assert_eq!(served.json()["@context"], doc["@context"]);

    let url = "http://replica.example/api/v1/context.jsonld";
    let inline = jsonld_triples(&serde_json::to_vec(&doc).expect("JSON"), None);
    doc["@context"] = serde_json::json!(url);
    let remote = jsonld_triples(
        &serde_json::to_vec(&doc).expect("JSON"),
        Some((url, served.body.clone())),
    );
    assert_eq!(remote, inline);
    assert!(inline.len() > 1000, "{} triples", inline.len());
}

/// Parses JSON-LD with oxjsonld, answering a remote context from `context`.
fn jsonld_triples(body: &[u8], context: Option<(&str, Vec<u8>)>) -> BTreeSet<String> {
    let mut parser = oxjsonld::JsonLdParser::new().for_slice(body);
    if let Some((url, document)) = context {
        let url = url.to_string();
        parser = parser.with_load_document_callback(move |asked, _| {
            if asked != url {
                return Err(format!("unexpected context {asked}").into());
            }
            Ok(oxjsonld::JsonLdRemoteDocument {
                document: document.clone(),
                document_url: url.clone(),
            })
        });
    }
    parser
        .map(|q| {
            let q = q.unwrap_or_else(|e| panic!("invalid JSON-LD: {e}"));
            format!("{} {} {} .", q.subject, q.predicate, q.object)
        })
        .collect()
}

#[test]
fn memo_rdf_keeps_accents_dates_notes_and_both_citations() {
    let graph = memo();
    let mut ttl = Vec::new();
    export::write_rdf(
        &Subgraph::whole(&graph, &Status::ALL),
        export::RdfSyntax::Turtle,
        &mut ttl,
    )
    .expect("write");
    let store = load(&ttl, RdfFormat::Turtle);
    let rows = select(
        &store,
        "SELECT ?name ?date WHERE { entity:meeting schema:name ?name ; cg:date ?date }",
        &["name", "date"],
    );
    assert_eq!(rows, [["the meeting in Paris", "1930-05-01"]]);
    let rows = select(
        &store,
        "SELECT ?name WHERE { entity:echo a schema:CreativeWork ; schema:name ?name }",
        &["name"],
    );
    assert_eq!(rows, [["l’Écho"]]);
    let rows = select(
        &store,
        "SELECT ?note WHERE { ?c rdf:subject entity:alice ; rdf:object entity:dave ; cg:note ?note }",
        &["note"],
    );
    assert_eq!(rows, [["The author finds it hard to believe she did not."]]);
    let rows = select(
        &store,
        "SELECT ?quote WHERE { <urn:claimgraph:claim:bob-met-alice> oa:hasTarget/oa:hasSelector/oa:exact ?quote } ORDER BY ?quote",
        &["quote"],
    );
    assert_eq!(rows, [["Brown and Archer met again"], ["Brown met Archer"]]);
}

#[tokio::test]
async fn rdf_respects_the_status_filter() {
    let answer = send(
        memo(),
        Request::get("/api/v1/graph?format=ntriples&status=alleged")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    let store = load(&answer.body, RdfFormat::NTriples);
    assert_eq!(count(&store, "?c a cg:Claim"), 1);
    assert_eq!(count(&store, "?e a cg:Entity"), 8);
}

/// The disputed memo (see `exports::disputed`) written in `syntax`.
fn disputed_rdf(graph: &Graph, statuses: &[Status], syntax: export::RdfSyntax) -> Vec<u8> {
    let mut out = Vec::new();
    export::write_rdf(&Subgraph::whole(graph, statuses), syntax, &mut out).expect("write");
    out
}

#[test]
fn a_dispute_links_its_claim_node_to_the_disputed_one_with_its_own_quote() {
    let (_dir, graph) = crate::exports::disputed();
    let ttl = disputed_rdf(&graph, &Status::ALL, export::RdfSyntax::Turtle);
    let store = load(&ttl, RdfFormat::Turtle);
    let rows = select(
        &store,
        "SELECT ?dispute ?who ?quote ?start WHERE {
           ?dispute cg:disputes claim:bob-met-alice ;
             a rdf:Statement ;
             rdf:subject entity:carol ;
             rdf:predicate rel:disputes ;
             rdf:object claim:bob-met-alice ;
             cg:stance \"contests\" ;
             prov:wasAttributedTo ?who ;
             prov:wasQuotedFrom source:memo ;
             oa:hasTarget/oa:hasSelector ?q , ?p .
           ?q a oa:TextQuoteSelector ; oa:exact ?quote .
           ?p a oa:TextPositionSelector ; oa:start ?start .
         }",
        &["dispute", "who", "quote", "start"],
    );
    let cite = &graph
        .claim("carol-disputes-meeting")
        .expect("claim")
        .citations[0];
    assert_eq!(
        rows,
        [[
            "urn:claimgraph:claim:carol-disputes-meeting".to_string(),
            "urn:claimgraph:entity:carol".to_string(),
            "According to Carol Cárdenas".to_string(),
            cite.start.to_string(),
        ]]
    );
    assert!(ask(&store, "claim:bob-met-alice cg:contested true"));
    assert!(ask(
        &store,
        "claim:carol-disputes-meeting cg:contested true"
    ));
    assert!(!ask(&store, "claim:bob-paid-dave cg:contested ?any"));
    assert!(ask(
        &store,
        "claim:nora-corroborates-payment cg:corroborates claim:bob-paid-dave ; cg:stance \"supports\""
    ));
    assert!(ask(
        &store,
        "claim:nora-reports-dispute cg:reports claim:carol-disputes-meeting ; cg:stance \"relays\""
    ));
    // No claim id is ever taken for an entity.
    assert!(!ask(
        &store,
        "?c rdf:object ?o . FILTER(STRSTARTS(STR(?o), \"urn:claimgraph:entity:\") && STRENDS(STR(?o), \"-meeting\"))"
    ));
    assert_eq!(count(&store, "?c a cg:Claim"), graph.claim_count());
    assert_eq!(count(&store, "?c a cg:Claim, cg:Entity"), 0);
    assert_eq!(count(&store, "?e a cg:Entity"), graph.entities().len());
}

#[test]
fn claims_about_claims_are_the_same_triples_in_every_rdf_syntax() {
    let (_dir, graph) = crate::exports::disputed();
    let turtle = triples(
        &disputed_rdf(&graph, &Status::ALL, export::RdfSyntax::Turtle),
        RdfFormat::Turtle,
    );
    let nt = triples(
        &disputed_rdf(&graph, &Status::ALL, export::RdfSyntax::NTriples),
        RdfFormat::NTriples,
    );
    assert_eq!(nt, turtle);
    let doc = export::jsonld(&Subgraph::whole(&graph, &Status::ALL));
    let from_jsonld = jsonld_triples(&serde_json::to_vec(&doc).expect("JSON"), None);
    let only_turtle: Vec<_> = turtle.difference(&from_jsonld).take(5).collect();
    let only_jsonld: Vec<_> = from_jsonld.difference(&turtle).take(5).collect();
    assert!(
        only_turtle.is_empty() && only_jsonld.is_empty(),
        "only in Turtle: {only_turtle:#?}\nonly in JSON-LD: {only_jsonld:#?}"
    );
    let link = "<urn:claimgraph:claim:carol-disputes-meeting> <urn:claimgraph:vocab:disputes> <urn:claimgraph:claim:bob-met-alice> .";
    assert!(turtle.contains(link), "{link}");
    let contested = "<urn:claimgraph:claim:bob-met-alice> <urn:claimgraph:vocab:contested> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> .";
    assert!(turtle.contains(contested), "{contested}");
}

#[test]
fn a_filtered_export_keeps_the_link_to_a_claim_left_out_as_an_iri() {
    let (_dir, graph) = crate::exports::disputed();
    let nt = disputed_rdf(&graph, &[Status::Suspected], export::RdfSyntax::NTriples);
    let store = load(&nt, RdfFormat::NTriples);
    // Alice knew Dave, and Bob disputes Carol's dispute: the only suspected claims.
    assert_eq!(count(&store, "?c a cg:Claim"), 2);
    assert!(!ask(&store, "claim:carol-disputes-meeting a cg:Claim"));
    assert!(ask(
        &store,
        "claim:bob-disputes-dispute cg:disputes claim:carol-disputes-meeting"
    ));
}
