//! The path route: how two entities are connected, hop by quoted hop.

use axum::Router;
use axum::http::Uri;
use axum::routing::get;
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use super::error::{ApiError, Problem};
use super::graph_routes::CytoscapeBody;
use super::middleware::Snapshot;
use super::params::{self, Params};
use crate::export::{self, Subgraph};
use crate::graph::{Direction, EntityIx, Graph};
use crate::model::{Claim, Entity, Status};
use crate::query::paths::{self, Path, PathParams};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/paths", get(find_paths))
}

/// One hop: the claim and which way the path walks it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PathEdge {
    #[serde(flatten)]
    pub claim: Claim,
    /// `out` when the path goes from the claim's subject to its object, `in` when against it.
    pub direction: Direction,
    /// The ids of the claims that dispute, deny or retract this hop's claim.
    pub disputed_by: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PathBody {
    /// Number of hops.
    pub length: usize,
    /// The weakest status among the hops.
    pub weakest_status: Status,
    /// Whether any hop's claim is disputed, denied or retracted.
    pub contested: bool,
    pub nodes: Vec<Entity>,
    pub edges: Vec<PathEdge>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PathsBody {
    pub version: String,
    pub from: Entity,
    pub to: Entity,
    /// Shortest first.
    pub paths: Vec<PathBody>,
    /// Whether the search's work budget cut it short (more paths may exist).
    pub truncated: bool,
}

/// Paths as JSON, or as Cytoscape elements with `format=cytoscape`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum PathsAnswer {
    Json(Box<PathsBody>),
    Cytoscape(CytoscapeBody),
}

/// The parsed parameters of a path query.
pub struct PathQuery {
    pub from: EntityIx,
    pub to: EntityIx,
    pub params: PathParams,
}

/// The parameters a path query takes, in JSON or as a picture.
pub const PATH_PARAMS: [&str; 9] = [
    "from",
    "to",
    "max_length",
    "limit",
    "status",
    "predicate",
    "source",
    "contested",
    "avoid",
];

/// Parses the path parameters shared by the JSON and picture routes.
pub fn path_query(g: &Graph, params: &Params) -> Result<PathQuery, ApiError> {
    let from = params.required("from", "an entity id, e.g. earl-browder")?;
    let to = params.required("to", "an entity id, e.g. leon-trotsky")?;
    let (from, to) = (params::entity(g, from)?, params::entity(g, to)?);
    if from == to {
        return Err(ApiError::bad(
            "to",
            "is the same entity as from",
            "an entity id other than from",
        ));
    }
    let avoid = params
        .list("avoid")
        .into_iter()
        .map(|id| params::entity(g, id))
        .collect::<Result<Vec<_>, _>>()?;
    if avoid.contains(&from) || avoid.contains(&to) {
        return Err(ApiError::bad(
            "avoid",
            "contains from or to",
            "a comma list of entity ids other than from and to",
        ));
    }
    Ok(PathQuery {
        from,
        to,
        params: PathParams {
            max_length: params.int("max_length", 1..=8, 4)?,
            limit: params.int("limit", 1..=20, 5)?,
            filter: params.claim_filter(g)?,
            avoid,
            work_budget: paths::DEFAULT_WORK_BUDGET,
        },
    })
}

/// The k shortest simple paths between two entities, walking claims either way.
///
/// Every hop carries its claim with status, claimant and citations, so the
/// answer reads as a chain of quotes. `status=asserted` walks only asserted claims.
#[utoipa::path(get, path = "/api/v1/paths", tag = "paths",
    params(
        ("from" = String, Query, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", description = "entity id where paths start"),
        ("to" = String, Query, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", description = "entity id where paths end"),
        ("max_length" = Option<usize>, Query, minimum = 1, maximum = 8, description = "most hops, 1 to 8, default 4"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 20, description = "most paths, 1 to 20, default 5"),
        ("status" = Option<String>, Query, pattern = "^((asserted|alleged|suspected)(,(asserted|alleged|suspected))*)?$", description = "comma list of asserted, alleged, suspected"),
        ("predicate" = Option<String>, Query, pattern = "^([a-z0-9]+(-[a-z0-9]+)*(,[a-z0-9]+(-[a-z0-9]+)*)*)?$", max_length = 512, description = "comma list of predicate ids"),
        ("source" = Option<String>, Query, pattern = "^([a-z0-9]+(-[a-z0-9]+)*(,[a-z0-9]+(-[a-z0-9]+)*)*)?$", max_length = 512, description = "comma list of source ids: walk only claims citing any of them"),
        ("contested" = Option<String>, Query, pattern = "^(include|exclude|only)?$", description = "include (default): walk every claim; exclude: never a claim another claim disputes, denies or retracts; only: only such claims"),
        ("avoid" = Option<String>, Query, pattern = "^([a-z0-9]+(-[a-z0-9]+)*(,[a-z0-9]+(-[a-z0-9]+)*)*)?$", max_length = 512, description = "comma list of entity ids no path may pass through"),
        ("format" = Option<String>, Query, pattern = "^(json|cytoscape)?$", description = "json (default) or cytoscape"),
    ),
    responses((status = 200, body = PathsAnswer),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown entity", body = Problem, content_type = "application/problem+json")))]
pub async fn find_paths(
    axum::Extension(g): Snapshot,
    uri: Uri,
) -> Result<axum::Json<PathsAnswer>, ApiError> {
    let params = Params::parse(&uri, &[&PATH_PARAMS[..], &["format"]].concat())?;
    let cytoscape = params.choice("format", &[("json", false), ("cytoscape", true)], false)?;
    let q = path_query(&g, &params)?;
    let found = paths::k_shortest_paths(&g, q.from, q.to, &q.params);
    if cytoscape {
        return Ok(axum::Json(PathsAnswer::Cytoscape(CytoscapeBody {
            version: g.version().to_string(),
            graph: export::cytoscape(&union(&g, &found.paths)),
            truncated: Some(found.truncated),
        })));
    }
    Ok(axum::Json(PathsAnswer::Json(Box::new(PathsBody {
        version: g.version().to_string(),
        from: g.entity_at(q.from).to_entity(),
        to: g.entity_at(q.to).to_entity(),
        paths: found.paths.iter().map(|p| body_of(&g, p)).collect(),
        truncated: found.truncated,
    }))))
}

fn body_of(g: &Graph, path: &Path) -> PathBody {
    PathBody {
        length: path.hops.len(),
        weakest_status: path.weakest,
        contested: path.hops.iter().any(|h| g.is_contested(h.claim)),
        nodes: path
            .nodes
            .iter()
            .map(|e| g.entity_at(*e).to_entity())
            .collect(),
        edges: path
            .hops
            .iter()
            .map(|h| PathEdge {
                claim: g.claim_at(h.claim),
                direction: h.direction,
                disputed_by: g
                    .contesting(h.claim)
                    .map(|c| g.claim_id(c).into())
                    .collect(),
            })
            .collect(),
    }
}

/// All nodes and hops of some paths, each once, in first-seen order.
pub fn union<'g>(g: &'g Graph, found: &[Path]) -> Subgraph<'g> {
    let mut sub = Subgraph {
        graph: g,
        entities: Vec::new(),
        claims: Vec::new(),
    };
    for path in found {
        for e in &path.nodes {
            if !sub.entities.contains(e) {
                sub.entities.push(*e);
            }
        }
        for h in &path.hops {
            if !sub.claims.contains(&h.claim) {
                sub.claims.push(h.claim);
            }
        }
    }
    sub
}
