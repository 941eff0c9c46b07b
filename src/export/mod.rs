//! Writing the graph out in the formats other tools read: the canonical JSON
//! document, Cytoscape.js elements, GraphML, GEXF, Graphviz DOT, JSON-LD,
//! RDF (Turtle, N-Triples, N-Quads) and Neo4j import CSVs.
//!
//! Every exporter takes a [`Subgraph`] (the whole graph, a neighborhood or a
//! set of paths) so that the HTTP API can hand any answer to any consumer.
//! Nothing here knows about HTTP; only the Neo4j export writes files, because
//! neo4j-admin reads a folder.
//!
//! Claims about claims (a claim disputing, corroborating or reporting
//! another) are written by every format; `about.rs` says in which forms.

mod about;
mod columns;
mod cytoscape;
mod dot;
mod gexf;
mod graphml;
mod json;
mod jsonld;
pub mod neo4j;
pub mod rdf;

use std::io::Write;

pub use cytoscape::{
    CyEdge, CyEdgeData, CyNode, CyNodeData, CyResponse, CytoscapeGraph, Elements, cytoscape,
};
pub use dot::dot;
pub use gexf::{Spell, gexf, spell};
pub use graphml::graphml;
pub use json::write_document;
pub use jsonld::{context, jsonld};
pub use neo4j::write_neo4j;
pub use rdf::{RdfSyntax, write_rdf};

use crate::graph::{ClaimIx, EntityIx, Graph};
use crate::model::{Claim, Status};
use crate::store::EntityView;

/// The formats the whole graph is written in by [`write`] (and named on
/// the command line, hence `clap`'s derive: the names are the contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The canonical graph document.
    Json,
    /// Cytoscape.js elements.
    Cytoscape,
    /// GraphML (XML).
    Graphml,
    /// GEXF 1.3 for Gephi, with dates as spells.
    Gexf,
    /// Graphviz DOT.
    Dot,
    /// JSON-LD with schema.org, PROV and W3C Web Annotation terms.
    Jsonld,
    /// RDF Turtle (the same triples as JSON-LD).
    Turtle,
    /// RDF N-Triples.
    Ntriples,
    /// RDF N-Quads, every triple in the graph urn:claimgraph:graph.
    Nquads,
    /// CSV files and the neo4j-admin import command, into the folder --out.
    Neo4j,
}

/// Some entities and the claims among them, in a stable order.
#[derive(Debug, Clone)]
pub struct Subgraph<'g> {
    pub graph: &'g Graph,
    pub entities: Vec<EntityIx>,
    pub claims: Vec<ClaimIx>,
}

impl<'g> Subgraph<'g> {
    /// The whole graph, keeping only claims whose status is in `statuses`.
    pub fn whole(graph: &'g Graph, statuses: &[Status]) -> Self {
        let entities = graph.entity_ixs().collect();
        let claims = graph
            .claim_ixs()
            .filter(|ix| statuses.contains(&graph.status(*ix)))
            .collect();
        Subgraph {
            graph,
            entities,
            claims,
        }
    }

    pub fn entities(&self) -> impl Iterator<Item = EntityView<'g>> + '_ {
        self.entities.iter().map(|ix| self.graph.entity_at(*ix))
    }

    /// The claims, each built as served.
    pub fn claims(&self) -> impl Iterator<Item = Claim> + '_ {
        self.claims.iter().map(|ix| self.graph.claim_at(*ix))
    }

    /// The claims, each built as served, with their positions.
    pub fn indexed_claims(&self) -> impl Iterator<Item = (ClaimIx, Claim)> + '_ {
        self.claims.iter().map(|&ix| (ix, self.graph.claim_at(ix)))
    }

    /// The label of a claim's predicate, or its id if unknown.
    pub fn predicate_label(&self, claim: &Claim) -> String {
        self.graph
            .predicate(&claim.predicate)
            .map_or_else(|| claim.predicate.clone(), |p| p.label.clone())
    }
}

/// Writes the whole graph in `format`, a claim at a time: the claims are
/// built as they are written, never all at once (a library's claims built
/// together would take many times the graph's own memory). The Neo4j
/// export is a folder, not a stream: use [`write_neo4j`] for it; here it is
/// an `InvalidInput` error.
pub fn write(graph: &Graph, format: ExportFormat, out: &mut impl Write) -> std::io::Result<()> {
    let whole = Subgraph::whole(graph, &Status::ALL);
    match format {
        ExportFormat::Json => write_document(graph, out),
        ExportFormat::Cytoscape => pretty(&cytoscape::Streamed(&whole), out),
        ExportFormat::Jsonld => pretty(&jsonld::Streamed(&whole), out),
        ExportFormat::Graphml => graphml::write_graphml(&whole, out),
        ExportFormat::Gexf => gexf::write_gexf(&whole, out),
        ExportFormat::Dot => dot::write_dot(&whole, out),
        ExportFormat::Turtle => write_rdf(&whole, RdfSyntax::Turtle, out),
        ExportFormat::Ntriples => write_rdf(&whole, RdfSyntax::NTriples, out),
        ExportFormat::Nquads => write_rdf(&whole, RdfSyntax::NQuads, out),
        ExportFormat::Neo4j => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the neo4j export is a folder of CSV files: give --out DIR",
        )),
    }
}

/// Hands what `buffer` holds to `sink` and empties it: the text formats
/// build each element in a small buffer, then pass it on.
fn flush(sink: &mut impl Write, buffer: &mut String) -> std::io::Result<()> {
    sink.write_all(buffer.as_bytes())?;
    buffer.clear();
    Ok(())
}

/// What `write` writes, as a string: for answers small enough to hold.
fn written(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut bytes = Vec::new();
    // Writing to a vector does not fail, and the writers write only text.
    let _ = write(&mut bytes);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn pretty(value: &impl serde::Serialize, out: &mut impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// The bundled graph, for the exporters' tests.
#[cfg(test)]
fn bundled() -> Graph {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/graph-data");
    Graph::load(std::path::Path::new(dir)).expect("bundled graph loads")
}

/// Fails unless `streamed`, written as pretty JSON, is byte for byte
/// `whole` built first and then written.
#[cfg(test)]
fn assert_streams_as_whole(streamed: &impl serde::Serialize, whole: &impl serde::Serialize) {
    let streamed = serde_json::to_string_pretty(streamed).expect("serializes");
    let whole = serde_json::to_string_pretty(whole).expect("serializes");
    assert!(streamed == whole, "the streamed document differs");
}
