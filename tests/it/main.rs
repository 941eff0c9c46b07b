//! One integration-test binary for claimgraph; each module tests one feature
//! through the boundary a user sees.

/// Shared helpers: fixture folders, loading, requests.
mod support;

/// The HTTP API, driven in-process on the memo fixture with known answers.
mod api;
/// The curl examples of api-docs/README.md give their documented answers.
mod api_docs;
/// The explorer in headless Chromium, used as a person would.
mod browser;
/// The bundled graph of "Stalin's Guilt": the facts a scholar relies on.
mod bundled;
/// The command line: validate, export, audit.
mod cli;
/// schemathesis and fuzzing hold the service to its contract.
mod conformance;
/// Claims about claims, contested filters and relations, over one source and two.
mod disagreement;
/// The explorer page and its assets: served from the binary, strict CSP.
mod explorer;
/// Exports parse as what they claim to be, with every node and edge.
mod exports;
/// Generated graphs validate, are deterministic and skewed.
mod generate;
/// The layering of the code map: every import points down.
mod layers;
/// Readers during repeated reloads of valid and invalid data.
mod load_reload;
/// The loader: one fixture per validation rule, each asserting the exact problem.
mod loader;
/// The Neo4j export read back with the csv crate, as neo4j-admin would read it.
mod neo4j;
/// Neighborhoods and paths drawn as SVG: valid, linked, styled, capped.
mod pictures;
/// Invariants over random graphs and queries.
mod properties;
/// RDF exports (Turtle, N-Triples, N-Quads, JSON-LD) loaded into a real triple store and queried.
mod rdf;
/// Reload, admin auth, bounds, signals.
mod reliability;
/// Read-only replicas built from the same data answer alike, ETags included.
mod replicas;
/// The real server over TCP on the bundled graph.
mod server;
