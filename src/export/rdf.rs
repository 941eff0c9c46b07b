//! RDF: the graph as Turtle, N-Triples or N-Quads, for triple stores and
//! Wikibase-minded tools. Triples are built with `oxrdf` and written by
//! `oxttl`, so escaping is never ours to get wrong.
//!
//! # The model
//!
//! Every IRI lives under [`BASE`] (`urn:claimgraph:`): `entity:<id>`,
//! `claim:<id>`, `source:<id>`, `predicate:<id>` (prefix `rel:`) and
//! `citation:<claim>:<n>` for the n-th citation of a claim (from 1), whose two
//! selectors are `…:<n>:quote` and `…:<n>:position`. The ids are the
//! graph-data ids, so an IRI is stable for as long as the id is.
//!
//! - An entity is a `cg:Entity` and a schema.org `Person`, `Organization`,
//!   `Place`, `Event` or `CreativeWork`, with `schema:name`, one
//!   `schema:alternateName` per alias, `schema:description`, and `cg:date`
//!   (EDTF, as a plain string) and `cg:note` when given.
//! - A claim is an `rdf:Statement` and a `cg:Claim`: `rdf:subject`,
//!   `rdf:predicate`, `rdf:object`, `cg:status` ("asserted", "alleged" or
//!   "suspected"), `prov:wasAttributedTo` its claimant, `prov:wasQuotedFrom`
//!   each source it cites, `cg:date` and `cg:note` when given, and
//!   `oa:hasTarget` one W3C Web Annotation `oa:SpecificResource` per citation
//!   (`oa:hasSource` and two `oa:hasSelector`: an `oa:TextQuoteSelector` with
//!   `oa:exact`, `oa:prefix`, `oa:suffix` and an `oa:TextPositionSelector`
//!   with `oa:start`, `oa:end` in code points, as `xsd:nonNegativeInteger`).
//! - A claim about a claim (`disputes`, `corroborates`, `reports`, …; see
//!   `about.rs`) is a claim node like any other, its `rdf:object` the node
//!   of the claim it is about, and it links the two claim nodes directly:
//!   `claim:<it> cg:<predicate id> claim:<the other>` (`cg:disputes`,
//!   `cg:corroborates`, `cg:reports`, `cg:denies`, `cg:retracts`), with
//!   `cg:stance` ("contests", "supports" or "relays"). That link is said of
//!   the claims, not of the world: it asserts that this claim disputes that
//!   one, which is what the claim node records. A claim some claim of the
//!   graph disputes, denies or retracts has `cg:contested true`
//!   (`xsd:boolean`), whether or not that claim is exported.
//! - The statement itself (`subject predicate object`) is **never asserted**:
//!   an alleged or suspected link must not read as a fact to a store that
//!   ignores reification. Query through the claim node instead.
//! - A predicate is an `rdf:Property` (and an `owl:SymmetricProperty` when
//!   symmetric) with `rdfs:label`, `cg:inverseLabel` and `rdfs:comment`; a
//!   source is a `cg:Source` and a `schema:CreativeWork` with `schema:name`,
//!   `schema:author` and `cg:date`.
//!
//! There are no blank nodes, so two exports of the same data are the same set
//! of triples, and the JSON-LD export (see `jsonld.rs`) yields exactly these
//! triples. N-Quads puts every triple in the named graph [`GRAPH`], so a store
//! holding other data can replace ours with one `DROP GRAPH` and one load.

use std::io::{self, Write};

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{GraphNameRef, Literal, NamedNode, QuadRef, Term, Triple};
use oxttl::{NQuadsSerializer, NTriplesSerializer, TurtleSerializer};

use super::Subgraph;
use crate::model::{Claim, EntityType, Stance};
use crate::store::EntityView;

/// The root of every IRI the graph mints.
pub const BASE: &str = "urn:claimgraph:";

/// The named graph of the N-Quads export.
pub const GRAPH: &str = "urn:claimgraph:graph";

/// The namespaces and the prefixes that both the Turtle export and the
/// JSON-LD `@context` give them.
pub const PREFIXES: [(&str, &str); 13] = [
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("schema", "https://schema.org/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("oa", "http://www.w3.org/ns/oa#"),
    ("cg", "urn:claimgraph:vocab:"),
    ("entity", "urn:claimgraph:entity:"),
    ("claim", "urn:claimgraph:claim:"),
    ("source", "urn:claimgraph:source:"),
    ("rel", "urn:claimgraph:predicate:"),
    ("citation", "urn:claimgraph:citation:"),
];

/// The three RDF syntaxes the export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdfSyntax {
    Turtle,
    NTriples,
    NQuads,
}

/// The IRI of an entity.
pub fn entity_iri(id: &str) -> String {
    format!("{BASE}entity:{id}")
}

/// The IRI of a claim.
pub fn claim_iri(id: &str) -> String {
    format!("{BASE}claim:{id}")
}

/// The IRI of a source.
pub fn source_iri(id: &str) -> String {
    format!("{BASE}source:{id}")
}

/// The IRI of a predicate of the vocabulary.
pub fn predicate_iri(id: &str) -> String {
    format!("{BASE}predicate:{id}")
}

/// The IRI of the `n`-th citation (from 1) of a claim.
pub fn citation_iri(claim: &str, n: usize) -> String {
    format!("{BASE}citation:{claim}:{n}")
}

/// The schema.org class of an entity type, as a compact IRI.
pub fn schema_class(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "schema:Person",
        EntityType::Organization => "schema:Organization",
        EntityType::Place => "schema:Place",
        EntityType::Event => "schema:Event",
        EntityType::Work => "schema:CreativeWork",
    }
}

/// Every triple of the subgraph, handed to `emit` a node at a time: the
/// vocabulary and the sources first, then each entity, then each claim. A
/// writer holds one node's triples, never a library's, which gathered
/// first would take many times the graph's own memory.
fn each_node<E>(sub: &Subgraph, mut emit: impl FnMut(&[Triple]) -> Result<(), E>) -> Result<(), E> {
    let mut t = Triples::default();
    for p in sub.graph.predicates() {
        let node = iri(&predicate_iri(&p.id));
        t.add(&node, rdf::TYPE, rdf::PROPERTY);
        if p.symmetric {
            t.add(&node, rdf::TYPE, term("owl:SymmetricProperty"));
        }
        t.add(&node, rdfs::LABEL, text(&p.label));
        t.add(&node, vocab("inverseLabel"), text(&p.inverse_label));
        if let Some(description) = &p.description {
            t.add(&node, rdfs::COMMENT, text(description));
        }
    }
    for s in sub.graph.sources() {
        let record = &s.source.record;
        let node = iri(&source_iri(&record.id));
        t.add(&node, rdf::TYPE, vocab("Source"));
        t.add(&node, rdf::TYPE, term("schema:CreativeWork"));
        t.add(&node, term("schema:name"), text(&record.title));
        t.add(
            &node,
            term("schema:author"),
            iri(&entity_iri(&record.author)),
        );
        t.add(&node, vocab("date"), text(&record.date));
    }
    emit(&t.0)?;
    for e in sub.entities() {
        t.0.clear();
        entity(&mut t, e);
        emit(&t.0)?;
    }
    for (ix, c) in sub.indexed_claims() {
        t.0.clear();
        claim(&mut t, sub.graph.is_response(ix), &c);
        if sub.graph.is_response(ix) {
            response(&mut t, &c, sub.graph.stance(ix));
        }
        emit(&t.0)?;
    }
    Ok(())
}

/// Writes the subgraph in `syntax`, after a comment naming the graph
/// version, a node's triples at a time.
pub fn write_rdf(sub: &Subgraph, syntax: RdfSyntax, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "# claimgraph {}: each claim is an rdf:Statement node; its triple is not asserted.",
        sub.graph.version()
    )?;
    match syntax {
        RdfSyntax::Turtle => {
            let mut serializer = TurtleSerializer::new();
            for (prefix, namespace) in PREFIXES {
                serializer = serializer
                    .with_prefix(prefix, namespace)
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
            }
            let mut writer = serializer.for_writer(out);
            each_node(sub, |node| {
                node.iter()
                    .try_for_each(|triple| writer.serialize_triple(triple))
            })?;
            writer.finish()?;
        }
        RdfSyntax::NTriples => {
            let mut writer = NTriplesSerializer::new().for_writer(out);
            each_node(sub, |node| {
                node.iter()
                    .try_for_each(|triple| writer.serialize_triple(triple))
            })?;
            writer.finish();
        }
        RdfSyntax::NQuads => {
            let graph = iri(GRAPH);
            let mut writer = NQuadsSerializer::new().for_writer(out);
            each_node(sub, |node| {
                node.iter().try_for_each(|triple| {
                    writer.serialize_quad(QuadRef::new(
                        &triple.subject,
                        &triple.predicate,
                        &triple.object,
                        GraphNameRef::NamedNode(graph.as_ref()),
                    ))
                })
            })?;
            writer.finish();
        }
    }
    Ok(())
}

fn entity(t: &mut Triples, e: EntityView) {
    let node = iri(&entity_iri(e.id));
    t.add(&node, rdf::TYPE, vocab("Entity"));
    t.add(&node, rdf::TYPE, term(schema_class(e.kind)));
    t.add(&node, term("schema:name"), text(e.name));
    for alias in e.aliases {
        t.add(&node, term("schema:alternateName"), text(alias));
    }
    t.add(&node, term("schema:description"), text(e.description));
    if let Some(date) = e.date {
        t.add(&node, vocab("date"), text(date));
    }
    if let Some(note) = e.note {
        t.add(&node, vocab("note"), text(note));
    }
}

/// The triples of a claim's node and its citations. `responds`: whether
/// its object is a claim.
fn claim(t: &mut Triples, responds: bool, c: &Claim) {
    let node = iri(&claim_iri(&c.id));
    t.add(&node, rdf::TYPE, rdf::STATEMENT);
    t.add(&node, rdf::TYPE, vocab("Claim"));
    t.add(&node, rdf::SUBJECT, iri(&entity_iri(&c.subject)));
    t.add(&node, rdf::PREDICATE, iri(&predicate_iri(&c.predicate)));
    let object = match responds {
        true => claim_iri(&c.object),
        false => entity_iri(&c.object),
    };
    t.add(&node, rdf::OBJECT, iri(&object));
    t.add(&node, vocab("status"), text(c.status.as_str()));
    if c.contested {
        t.add(&node, vocab("contested"), Literal::from(true));
    }
    t.add(
        &node,
        term("prov:wasAttributedTo"),
        iri(&entity_iri(&c.claimed_by)),
    );
    let mut sources: Vec<&str> = Vec::new();
    for cite in &c.citations {
        if !sources.contains(&cite.source.as_str()) {
            sources.push(&cite.source);
            t.add(
                &node,
                term("prov:wasQuotedFrom"),
                iri(&source_iri(&cite.source)),
            );
        }
    }
    if let Some(date) = &c.date {
        t.add(&node, vocab("date"), text(date));
    }
    if let Some(note) = &c.note {
        t.add(&node, vocab("note"), text(note));
    }
    let targets: Vec<NamedNode> = (1..=c.citations.len())
        .map(|n| iri(&citation_iri(&c.id, n)))
        .collect();
    for target in &targets {
        t.add(&node, term("oa:hasTarget"), target.clone());
    }
    for (target, cite) in targets.iter().zip(&c.citations) {
        let quote = iri(&format!("{}:quote", target.as_str()));
        let position = iri(&format!("{}:position", target.as_str()));
        t.add(target, rdf::TYPE, term("oa:SpecificResource"));
        t.add(target, term("oa:hasSource"), iri(&source_iri(&cite.source)));
        t.add(target, term("oa:hasSelector"), quote.clone());
        t.add(target, term("oa:hasSelector"), position.clone());
        t.add(&quote, rdf::TYPE, term("oa:TextQuoteSelector"));
        t.add(&quote, term("oa:exact"), text(&cite.quote));
        t.add(&quote, term("oa:prefix"), text(&cite.prefix));
        t.add(&quote, term("oa:suffix"), text(&cite.suffix));
        t.add(&position, rdf::TYPE, term("oa:TextPositionSelector"));
        t.add(&position, term("oa:start"), count(cite.start));
        t.add(&position, term("oa:end"), count(cite.end));
    }
}

/// What a claim about a claim adds to its node: the link to the node of
/// the claim it is about, under its predicate's own id, and its stance.
fn response(t: &mut Triples, c: &Claim, stance: Option<Stance>) {
    let node = iri(&claim_iri(&c.id));
    t.add(&node, vocab(&c.predicate), iri(&claim_iri(&c.object)));
    if let Some(stance) = stance {
        t.add(&node, vocab("stance"), text(stance.as_str()));
    }
}

#[derive(Default)]
struct Triples(Vec<Triple>);

impl Triples {
    fn add(&mut self, s: &NamedNode, p: impl Into<NamedNode>, o: impl Into<Term>) {
        self.0.push(Triple::new(s.clone(), p, o));
    }
}

/// A named node from an IRI this module built. Our ids are validated slugs
/// and our namespaces are constants, so no IRI check is needed.
fn iri(value: &str) -> NamedNode {
    NamedNode::new_unchecked(value)
}

/// A term of one of [`PREFIXES`], written `prefix:local`.
fn term(compact: &str) -> NamedNode {
    let (prefix, local) = compact.split_once(':').unwrap_or(("cg", compact));
    let namespace = PREFIXES
        .iter()
        .find(|(p, _)| *p == prefix)
        .map_or(BASE, |(_, ns)| ns);
    iri(&format!("{namespace}{local}"))
}

/// A term of claimgraph's own vocabulary, `urn:claimgraph:vocab:`.
fn vocab(local: &str) -> NamedNode {
    term(&format!("cg:{local}"))
}

fn text(value: &str) -> Literal {
    Literal::new_simple_literal(value)
}

fn count(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::NON_NEGATIVE_INTEGER)
}
