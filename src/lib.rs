//! claimgraph: a knowledge graph of people, organizations, places, events and
//! works in which every edge is a *claim*: who says what about whom, with
//! what certainty, citing the exact words of a source.
//!
//! # Code map
//!
//! Data flows one way: files → [`load`] (into [`store`]) → [`graph`] →
//! [`query`] / [`export`] / [`render`] → [`api`] → [`cli`] and `main.rs`.
//! The layers, lowest first; a module uses only the layers below its own,
//! which `tests/it/layers.rs` checks against every import:
//!
//! 1. [`base`]: the low layer, one structure or codec a file, each stating
//!    its invariants and cost, with its own tests: [`base::EntityIx`] and
//!    [`base::ClaimIx`]; one LEB128 ([`base::leb128`]); one string hash
//!    ([`base::hash`]); one compressed-sparse-rows builder ([`base::csr`]);
//!    arenas of strings ([`base::Strings`]), front-coded ids
//!    ([`base::FrontCoded`]), distinct values ([`base::Interned`]), an
//!    open-addressed table from strings to positions ([`base::StrTable`]);
//!    every text laid end to end ([`base::joined`]); set bits by count
//!    ([`base::bits`]). [`base::memory`] (prefetches, `malloc_trim`, the
//!    process's memory for the debug log) and [`base::utf8`] are the only
//!    files where `unsafe` is allowed; the crate root denies it elsewhere.
//! 2. [`model`]: the public data contract, the objects served
//!    ([`model::Entity`], [`model::Claim`], [`model::Citation`],
//!    [`model::Document`]) and the records curators write
//!    ([`model::ClaimRecord`], [`model::input::EntityRecord`], …; records
//!    that answers flatten have a read-only twin that denies unknown
//!    fields). [`text`]: folding names, code-point offsets over UTF-8, the
//!    closest passage to a mistyped quote. [`typo`]: what a typo is, as an
//!    automaton that scores a word and walks a dictionary alike.
//! 3. [`store`]: claims and entities as columns ([`store::ClaimTable`],
//!    [`store::EntityTable`], one structure a file), read as views
//!    ([`store::EntityView`]) that serialize as the served objects do.
//!    [`mentions`]: the finder of every name in a text, by first word.
//!    [`generate`]: synthetic graph-data folders for benchmarks and scale
//!    tests, deterministic for a seed; knows nothing of validation.
//! 4. [`names`]: [`names::NameIndex`], every folded name and alias with
//!    the views search narrows candidates by (sorted names and tails,
//!    trigram postings, an `fst` dictionary of words).
//! 5. [`load`]: reads a graph-data folder and validates it, gathering
//!    *every* problem ([`load::Problem`]); returns a [`load::Dataset`] or a
//!    [`load::LoadError`], never half a graph. `records.rs` reads the small
//!    files a record at a time, `check.rs` checks them against each other,
//!    `claims.rs` streams `claims.json` (cut by `split.rs`, parsed and
//!    checked a batch per core, `claims/check.rs` holding one claim's
//!    checks, `claims/about.rs` resolving claims about claims once every
//!    claim is in: their objects, circles, ids shared with entities).
//! 6. [`graph`]: [`graph::Graph`], entities as nodes and claims as edges in
//!    compressed sparse rows of incidence, petgraph's `Csr` over distinct
//!    neighbor pairs (petgraph's types never leave `graph/adjacency.rs`),
//!    and the indexes by id and name; a claim served owned or as a borrowed
//!    [`graph::ClaimView`]; every mention of every entity, found after load
//!    ([`graph::Graph::index_mentions`]) so that the server answers
//!    meanwhile. Claims about claims (disputes, corroborations, reports)
//!    stand in no entity's incidence, so no walk meets them and a graph
//!    without them pays nothing; `graph/responses.rs` finds them by the
//!    claim they answer and by their subject, and knows which claims are
//!    contested ([`graph::Object`] says what a claim's object is).
//! 7. [`query`]: search, neighborhoods, k shortest paths, claim listings,
//!    the relations of two entities grouped by predicate and claimant
//!    ([`query::relations`]): pure functions over `&Graph` that state their
//!    cost and bounds, sharing one [`query::ClaimFilter`] (status,
//!    predicate, source, contested).
//!    [`export`]: canonical JSON, Cytoscape.js, GraphML, GEXF, DOT, JSON-LD,
//!    RDF and Neo4j over an [`export::Subgraph`], and
//!    [`export::ExportFormat`], the formats of `claimgraph export`;
//!    `export/about.rs` holds the one way every format writes claims about
//!    claims (claim nodes where edges are flat, nested on the edge they
//!    answer in Cytoscape, `cg:disputes` … between claim nodes in RDF).
//!    [`audit`]: what a curator has not yet put in the graph.
//! 8. [`render`]: what people look at: SVG drawings of neighborhoods and
//!    paths (laid out by `layout-rs`, which nothing else touches), and the
//!    explorer page with its stylesheet and its script, an entry module
//!    and ES modules a concern each (`render/explorer/modules/`: search,
//!    views, disagreement, sources, …). Contested claims are marked alike
//!    in drawings and pages.
//! 9. [`api`]: the HTTP service (axum), the only module that knows HTTP:
//!    routes grouped by feature, each with its `router()`; `params` turns
//!    query strings into checked values; [`api::error::ApiError`] renders
//!    every failure as RFC 9457 problem+json; `middleware` takes one graph
//!    snapshot per request and sets ETags; `json` caches whole answers per
//!    graph version; [`api::reload`] swaps in a new graph only when it is
//!    valid; [`api::openapi`] generates the OpenAPI document.
//! 10. [`cli`]: the command line (`serve`, `validate`, `export`, `audit`,
//!     `openapi`, `generate`); `main.rs` only parses and calls it.
//!
//! Measurements live in `benches/README.md`, each with the command behind
//! it; comments here say what and why.
//!
//! # Invariants
//!
//! - A `Graph` is immutable once built; a reload builds a new one.
//! - Every citation satisfies `text[start..end] == quote` in code points.
//! - `query`, `export`, `render` and `load` know nothing of HTTP; `model`
//!   knows nothing of files; `base` knows nothing of claims.
//! - A drawing is a pure function of the graph and the query: the same
//!   query draws the same bytes.
//! - Exports never assert a claim as a bare fact: in RDF a claim is a
//!   statement node, elsewhere an edge or relationship that carries its
//!   status, claimant and every citation.

#![deny(unsafe_code)]

pub mod api;
pub mod audit;
pub mod base;
pub mod cli;
pub mod export;
pub mod generate;
pub mod graph;
pub mod load;
pub mod mentions;
pub mod model;
pub mod names;
pub mod query;
pub mod render;
pub mod store;
pub mod text;
pub mod typo;
