//! claimgraph: a knowledge graph of people, organizations, places, events and
//! works in which every edge is a *claim*: who says what about whom, with
//! what certainty, citing the exact words of a source.
//!
//! # Code map
//!
//! Data flows one way: files → [`load`] (into [`store`]) → [`names`] (with
//! [`typo`]) /
//! [`mentions`] / [`graph`] → [`query`] / [`export`]
//! / [`render`] → [`api`]. Each module depends only on the ones before it.
//!
//! - [`model`]: the records curators write ([`model::ClaimRecord`],
//!   [`model::SourceRecord`], …) and the objects of the canonical document
//!   ([`model::Entity`], [`model::Claim`], [`model::Citation`]): the public
//!   data contract. An entity's strings are `CompactString`s, inline up to
//!   24 bytes, and its aliases a boxed slice, served as plain strings; the
//!   graph keeps its entities as columns instead ([`store::EntityTable`]).
//! - [`text`]: folding names for comparison, code-point offsets over UTF-8,
//!   the closest passage to a mistyped quote.
//! - [`load`]: reads a graph-data folder and validates it, gathering *every*
//!   problem ([`load::Problem`]) instead of stopping at the first; returns a
//!   [`load::Dataset`] or a [`load::LoadError`], never half a graph. The
//!   small files are read whole, `entities.json` parsed and stored in
//!   columns a batch at a time on every core, so that a million entities
//!   never stand as a million [`model::Entity`]s; `claims.json` is
//!   streamed: `load/split.rs`
//!   cuts each chunk into records without parsing them (first a record a
//!   line, one newline search a record, then exactly should any record not
//!   parse whole), and `load/claims.rs`
//!   parses, checks, locates the quotes of and stores a batch of records per
//!   core, while the next chunk is read and cut and the chunk before's
//!   batches join the table on the other core. Between the phases of a load, the pages glibc holds free amid
//!   its heaps are handed back (`malloc_trim`), which the load's peak and
//!   the served graph's resident memory both measure.
//! - [`store`]: [`store::ClaimTable`], the claims as columns of positions
//!   (ids front-coded in blocks, [`store::FrontCoded`], and indexed by
//!   buckets of their hashes; interned dates and notes in 16 bits while
//!   they fit; citations as 8-byte offsets into all the texts,
//!   [`store::text_starts`]), under 50 bytes a claim; the served
//!   [`model::Claim`] is built from it only when a query hands one out.
//!   [`store::EntityTable`] keeps the entities the same way: the ids
//!   inline (read for every claim served), every other string of every
//!   entity in one arena, where each entity's first is, and a byte for its
//!   type (about 100 bytes an entity, against 240 as
//!   [`model::Entity`]s), read as [`store::EntityView`]s, which serialize
//!   as entities do.
//!   Also [`store::StrTable`], strings to positions in open addressing with
//!   short keys kept in their 24-byte slots, built on every core in slot
//!   order ([`store::StrTable::of`]) and looked up a window at a time, for
//!   the tables of millions probed at random while loading (entity ids,
//!   names in the texts).
//! - [`names`]: [`names::NameIndex`], every folded name and alias with the
//!   views search narrows its candidates by: the names and the tails of
//!   their later words, each sorted and laid out in that order (binary
//!   searches); trigram postings; a set of each name's chars; the
//!   dictionary of every distinct word (an `fst` transducer) with the names
//!   holding each. A query reads a few names rather than all of them.
//! - [`typo`]: what a typo is, word by word (a few edits per word, by its
//!   length), as one automaton that both scores a name's word and walks the
//!   dictionary of words, so that search and its candidates agree.
//! - [`graph`]: [`graph::Graph`], entities as nodes and claims as edges in
//!   compressed sparse rows of incidence (u32 positions [`graph::EntityIx`],
//!   [`graph::ClaimIx`]) and petgraph's `Csr` over distinct neighbor pairs
//!   (with a bit for where each pair's claims start), with indexes by id,
//!   by folded name and every mention of every entity in the sources (6
//!   bytes each: an offset into all the texts end to end and a length
//!   byte). The mentions alone are found after load
//!   ([`graph::Graph::index_mentions`]): at a library's size their search
//!   takes as long as the rest of the load, so the server answers
//!   meanwhile and an entity asked for waits for it. petgraph's types never leave it. An entity is handed out as a
//!   view of its columns ([`graph::Graph::entity_at`]). A claim, citation
//!   or mention is handed out owned ([`graph::Graph::claim_at`]) or as a view that
//!   borrows its strings from the graph and serializes to the same bytes
//!   ([`graph::ClaimView`]), which the API's answers use so that building
//!   one allocates little. An answer's claims and mentions are read
//!   together ([`graph::Graph::claim_views`], [`graph::Graph::mention_page`]):
//!   what each reads lies at random among gigabytes, so it is prefetched a
//!   level of indirection at a time, and the cache misses overlap.
//! - [`mentions`]: where the sources name each entity, found by first word
//!   (a look-up in a small array per word, a sieve per span that could be a
//!   name, a hash probe only past both, each in its own pass over a text so
//!   that the cache misses overlap) rather than by one automaton over
//!   millions of names; used by [`graph`] once the graph is built.
//! - [`query`]: search, neighborhoods, k shortest paths, claim listings: pure
//!   functions over `&Graph` that state their cost and bounds. Paths meet in
//!   the middle, and a search's last possible hop looks the far side up in
//!   a hub's sorted row instead of reading the row. A query's filter is
//!   resolved against the graph once ([`query::ClaimFilter::resolve`]), so
//!   that each claim is checked by numbers from its columns; a claims list
//!   is counted and paged as it is read.
//! - [`export`]: canonical JSON, Cytoscape.js, GraphML, GEXF, DOT, JSON-LD,
//!   RDF and Neo4j, each over an [`export::Subgraph`].
//!   - [`export::rdf`] owns the RDF model and the IRIs (`urn:claimgraph:…`,
//!     [`export::rdf::PREFIXES`]); JSON-LD yields exactly the triples that
//!     Turtle, N-Triples and N-Quads carry, and a test proves it.
//!   - GraphML and GEXF share one flattening of claims into columns that
//!     keeps every citation; GEXF maps EDTF dates to spells
//!     ([`export::spell`]).
//!   - [`export::neo4j`] writes the CSV files and the command line of
//!     `neo4j-admin database import`: the one exporter that writes a folder
//!     rather than a stream.
//!   - [`export::write`], the whole graph for `claimgraph export`, builds
//!     each claim as it writes it, in every format, so that a library's
//!     export takes no more memory than the graph.
//! - [`render`]: what people look at. [`render::svg`] draws a neighborhood
//!   or the paths between two entities as SVG (boxes by type, arrows by
//!   status, a legend, links to the explorer), laid out by the `layout-rs`
//!   crate, which nothing else touches; capped at 40 entities, saying what
//!   was left out. [`render::explorer`] holds the explorer page, its script
//!   and stylesheet, compiled into the binary from `src/render/explorer/`.
//! - [`audit`]: what a curator has not yet put in the graph.
//! - [`api`]: the HTTP service (axum), the only module that knows HTTP:
//!   routes grouped by feature, each with its `router()`; `params` turns query
//!   strings into checked values; [`api::error::ApiError`] renders every
//!   failure as RFC 9457 problem+json; the layers every request passes
//!   (request id, trace, concurrency limit, timeout, CORS, compression)
//!   wrap the whole router once; `middleware` takes one graph snapshot
//!   per request and sets ETags; `json` writes answers into one buffer of
//!   about their size and keeps, per graph version, whole answers asked for
//!   again (entity first pages, neighborhoods by center, parameters and
//!   format; `quick_cache`, S3-FIFO, bounded in bytes); [`api::reload`]
//!   swaps in a new graph only when it is valid (SIGHUP, or the admin route
//!   when a token is set);
//!   [`api::openapi`] generates the OpenAPI document from the handlers;
//!   `explorer` serves the page at `/` under a strict Content-Security-Policy.
//! - [`generate`]: synthetic graph-data folders of any size, deterministic
//!   for a seed ([`generate::Params`], [`generate::Size`]), for benchmarks
//!   and scale tests; knows nothing of validation.
//! - [`cli`]: the command line (`serve`, `validate`, `export`, `audit`,
//!   `openapi`, `generate`); `main.rs` only parses and calls it.
//!
//! # Invariants
//!
//! - A `Graph` is immutable once built; a reload builds a new one.
//! - Every citation satisfies `text[start..end] == quote` in code points.
//! - `query`, `export`, `render` and `load` know nothing of HTTP; `model`
//!   knows nothing of files.
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
