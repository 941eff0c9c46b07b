//! Whole-graph routes: health, the predicate vocabulary, and exports.

use axum::Router;
use axum::http::{Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use super::error::{ApiError, Problem};
use super::middleware::Snapshot;
use super::params::Params;
use super::reload::LoadStatus;
use crate::export::{self, RdfSyntax, Subgraph};
use crate::model::{Document, Predicate};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/api/v1/predicates", get(predicates))
        .route("/api/v1/graph", get(graph))
        .route("/api/v1/context.jsonld", get(context))
}

/// How many of each thing the graph holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct Counts {
    pub sources: usize,
    pub entities: usize,
    pub predicates: usize,
    pub claims: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always "ok" when the service answers.
    pub status: String,
    /// A hash of the loaded data.
    pub version: String,
    pub counts: Counts,
    /// Whether the sources are still being searched for the entities'
    /// names, as they are for a while after the server starts; an entity
    /// asked for meanwhile is answered once the search ends.
    pub mentions: MentionIndex,
    /// When the graph was loaded and how reloads went; absent for a fixed graph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load: Option<LoadStatus>,
}

/// Where the search for mentions stands ([`crate::graph::Graph::index_mentions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MentionIndex {
    /// The search runs; entity answers wait for it.
    Indexing,
    /// Every mention is found.
    Ready,
}

/// Liveness, counts and the graph version.
#[utoipa::path(get, path = "/health", tag = "graph",
    responses((status = 200, description = "The service is up", body = Health)))]
pub async fn health(
    axum::Extension(g): Snapshot,
    axum::extract::State(state): axum::extract::State<AppState>,
) -> axum::Json<Health> {
    axum::Json(Health {
        status: "ok".to_string(),
        version: g.version().to_string(),
        counts: Counts {
            sources: g.sources().len(),
            entities: g.entities().len(),
            predicates: g.predicates().len(),
            claims: g.claim_count(),
        },
        mentions: if g.mentions_indexed() {
            MentionIndex::Ready
        } else {
            MentionIndex::Indexing
        },
        load: state.reloader.as_ref().map(|r| r.status()),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PredicateList {
    pub version: String,
    pub items: Vec<Predicate>,
}

/// The controlled vocabulary of relations.
#[utoipa::path(get, path = "/api/v1/predicates", tag = "graph",
    responses((status = 200, body = PredicateList)))]
pub async fn predicates(axum::Extension(g): Snapshot) -> axum::Json<PredicateList> {
    axum::Json(PredicateList {
        version: g.version().to_string(),
        items: g.predicates().to_vec(),
    })
}

/// A subgraph for Cytoscape.js, with the version it was served at.
#[derive(Debug, Serialize, ToSchema)]
pub struct CytoscapeBody {
    pub version: String,
    #[serde(flatten)]
    pub graph: export::CytoscapeGraph,
    /// Whether a bound left part of the answer out (neighborhoods and paths).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
}

/// `/api/v1/graph` as JSON: the canonical document, or Cytoscape elements.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum GraphAnswer {
    Document(GraphDocument),
    Cytoscape(CytoscapeBody),
}

/// The canonical document with the version it was served at.
#[derive(Debug, Serialize, ToSchema)]
pub struct GraphDocument {
    pub version: String,
    #[serde(flatten)]
    pub document: Document,
}

/// The output formats of `/api/v1/graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Cytoscape,
    Graphml,
    Gexf,
    Dot,
    Jsonld,
    Rdf(RdfSyntax),
}

/// The most claims a whole-graph export over HTTP may hold. An export over
/// HTTP is built whole in memory, many times the size of the graph it
/// comes from, so that a few requests for a large one could exhaust a
/// machine. Larger exports are `claimgraph export`'s (which writes every
/// format a claim at a time, [`export::write`]), or are read from
/// `/api/v1/claims` a page at a time.
pub const MAX_EXPORT_CLAIMS: usize = 100_000;

/// The whole graph in one of several formats; `status` keeps only claims of
/// those statuses. At most 100,000 claims: larger graphs are exported with
/// `claimgraph export`, or read from `/api/v1/claims` a page at a time.
#[utoipa::path(get, path = "/api/v1/graph", tag = "graph",
    params(
        ("format" = Option<String>, Query, pattern = "^(json|cytoscape|graphml|gexf|dot|jsonld|turtle|ntriples|nquads)?$", description = "json (default), cytoscape, graphml, gexf, dot, jsonld, turtle, ntriples or nquads"),
        ("status" = Option<String>, Query, pattern = "^((asserted|alleged|suspected)(,(asserted|alleged|suspected))*)?$", description = "comma list of asserted, alleged, suspected"),
    ),
    responses(
        (status = 200, description = "The graph", content(
            (GraphAnswer = "application/json"),
            (Object = "application/ld+json"),
            (String = "application/graphml+xml"),
            (String = "application/gexf+xml"),
            (String = "text/vnd.graphviz"),
            (String = "text/turtle"),
            (String = "application/n-triples"),
            (String = "application/n-quads"),
        )),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "More claims than one export over HTTP may hold", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn graph(axum::Extension(g): Snapshot, uri: Uri) -> Result<Response, ApiError> {
    let params = Params::parse(&uri, &["format", "status"])?;
    let format = params.choice(
        "format",
        &[
            ("json", Format::Json),
            ("cytoscape", Format::Cytoscape),
            ("graphml", Format::Graphml),
            ("gexf", Format::Gexf),
            ("dot", Format::Dot),
            ("jsonld", Format::Jsonld),
            ("turtle", Format::Rdf(RdfSyntax::Turtle)),
            ("ntriples", Format::Rdf(RdfSyntax::NTriples)),
            ("nquads", Format::Rdf(RdfSyntax::NQuads)),
        ],
        Format::Json,
    )?;
    let mut statuses = params.statuses()?;
    if statuses.is_empty() {
        statuses = crate::model::Status::ALL.to_vec();
    }
    let claims = g
        .claim_ixs()
        .filter(|c| statuses.contains(&g.status(*c)))
        .count();
    if claims > MAX_EXPORT_CLAIMS {
        return Err(ApiError::ExportTooLarge {
            claims,
            max: MAX_EXPORT_CLAIMS,
        });
    }
    let sub = Subgraph::whole(&g, &statuses);
    let version = g.version().to_string();
    Ok(match format {
        Format::Json => {
            let mut document = g.document();
            document.claims.retain(|c| statuses.contains(&c.status));
            axum::Json(GraphAnswer::Document(GraphDocument { version, document })).into_response()
        }
        Format::Cytoscape => axum::Json(GraphAnswer::Cytoscape(CytoscapeBody {
            version,
            graph: export::cytoscape(&sub),
            truncated: None,
        }))
        .into_response(),
        Format::Jsonld => (
            [(header::CONTENT_TYPE, "application/ld+json")],
            serde_json::to_string(&export::jsonld(&sub)).map_err(ApiError::internal)?,
        )
            .into_response(),
        Format::Graphml => (
            [(
                header::CONTENT_TYPE,
                "application/graphml+xml; charset=utf-8",
            )],
            export::graphml(&sub),
        )
            .into_response(),
        Format::Gexf => (
            [(header::CONTENT_TYPE, "application/gexf+xml; charset=utf-8")],
            export::gexf(&sub),
        )
            .into_response(),
        Format::Dot => (
            [(header::CONTENT_TYPE, "text/vnd.graphviz; charset=utf-8")],
            export::dot(&sub),
        )
            .into_response(),
        Format::Rdf(syntax) => {
            let mut body = Vec::new();
            export::write_rdf(&sub, syntax, &mut body).map_err(ApiError::internal)?;
            let media_type = match syntax {
                RdfSyntax::Turtle => "text/turtle; charset=utf-8",
                RdfSyntax::NTriples => "application/n-triples",
                RdfSyntax::NQuads => "application/n-quads",
            };
            ([(header::CONTENT_TYPE, media_type)], body).into_response()
        }
    })
}

/// The JSON-LD context of `format=jsonld`, to reference from documents of
/// your own; the export itself carries the same context inline.
#[utoipa::path(get, path = "/api/v1/context.jsonld", tag = "graph",
    responses((status = 200, description = "The JSON-LD context", content_type = "application/ld+json")))]
pub async fn context() -> Response {
    let body = serde_json::to_string_pretty(&serde_json::json!({ "@context": export::context() }));
    debug_assert!(body.is_ok(), "a JSON value always serializes");
    (
        [(header::CONTENT_TYPE, "application/ld+json")],
        body.unwrap_or_default(),
    )
        .into_response()
}
