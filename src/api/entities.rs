//! Entity routes: search, lookup with claims and mentions, neighborhoods.

use std::sync::Arc;

use axum::Router;
use axum::extract::Path;
use axum::http::Uri;
use axum::response::Response;

use axum::routing::get;
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use super::error::{ApiError, Problem};
use super::graph_routes::CytoscapeBody;
use super::json::{CLAIM_BYTES, ENTITY_BYTES, json};
use super::middleware::{Snapshot, Stamped};
use super::params::{self, Params};
use crate::export::{self, Subgraph};
use crate::graph::{ClaimIx, ClaimView, Direction, EntityIx, Graph, Mention, MentionView};
use crate::model::{Claim, Entity, EntityType};
use crate::query::neighborhood::{self, NeighborhoodParams, Walk};
use crate::query::search;
use crate::store::EntityView;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/entities", get(search_entities))
        .route("/api/v1/entities/{id}", get(entity))
        .route("/api/v1/entities/{id}/neighborhood", get(neighborhood))
}

/// An entity found by search.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchItem {
    #[serde(flatten)]
    pub entity: Entity,
    /// 1 for an exact name or alias, lower for prefix, word, substring and typo matches.
    pub score: f64,
    /// The name or alias the query matched, as spelled in the data.
    pub matched: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage {
    pub version: String,
    /// How many entities matched in all.
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
    pub items: Vec<SearchItem>,
}

/// Search entities by name and alias, best match first.
///
/// Case-, accent- and typography-insensitive ("cardenas", "humanite") and
/// tolerant of typos word by word ("Siqeiros"): each word of the query may be
/// one edit (a letter added, dropped, changed, or two swapped) from the word
/// of the name in its place when it has 5 to 8 letters, two from 9; shorter
/// words must be spelled right. Scores: 1 equal, 0.9 a prefix, 0.8 the start
/// of a later word, 0.7 anywhere else, 0.6 × similarity for a typo. Without
/// `q`, lists every entity by name. With `ids` instead, the entities with
/// those ids, in the order given: the names a page of claims needs, in one
/// request.
#[utoipa::path(get, path = "/api/v1/entities", tag = "entities",
    params(
        ("q" = Option<String>, Query, max_length = 512, description = "name or alias to look for"),
        ("type" = Option<String>, Query, pattern = "^(person|organization|place|event|work)?$", description = "person, organization, place, event or work"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 1000, description = "1 to 1000, default 20"),
        ("offset" = Option<usize>, Query, minimum = 0, maximum = 100000, description = "0 to 100000, default 0"),
        ("ids" = Option<String>, Query, pattern = "^[a-z0-9]+(-[a-z0-9]+)*(,[a-z0-9]+(-[a-z0-9]+)*)*$", max_length = 4096, description = "comma list of up to 100 entity ids, instead of q, type, limit and offset"),
    ),
    responses((status = 200, body = SearchPage),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "An unknown id in ids, with suggestions", body = Problem, content_type = "application/problem+json")))]
pub async fn search_entities(
    axum::Extension(g): Snapshot,
    uri: Uri,
) -> Result<axum::Json<SearchPage>, ApiError> {
    let params = Params::parse(&uri, &["q", "type", "limit", "offset", "ids"])?;
    if let Some(ids) = params.get("ids") {
        return entities_by_id(&g, &params, ids).map(axum::Json);
    }
    let q = params.get("q").unwrap_or("");
    let kind = match params.get("type") {
        None => None,
        Some(t) => Some(EntityType::parse(t.trim()).ok_or_else(|| {
            ApiError::bad(
                "type",
                format!("“{t}” is not a type"),
                "person, organization, place, event or work",
            )
        })?),
    };
    let limit = params.int("limit", 1..=1000, 20)?;
    let offset = params.int("offset", 0..=100_000, 0)?;
    let (total, hits) = search::search_page(&g, q, kind, offset, limit);
    let items = hits
        .into_iter()
        .map(|hit| SearchItem {
            entity: g.entity_at(hit.entity).to_entity(),
            score: (hit.score * 1000.0).round() / 1000.0,
            matched: hit.matched,
        })
        .collect();
    Ok(axum::Json(SearchPage {
        version: g.version().to_string(),
        total,
        limit,
        offset,
        items,
    }))
}

/// The most ids one lookup of several entities may name.
pub const MAX_IDS: usize = 100;

/// The entities named by `ids`, a comma list, in its order, as a page of
/// hits of score 1 on their names.
fn entities_by_id(g: &Graph, params: &Params, ids: &str) -> Result<SearchPage, ApiError> {
    if let Some(other) = ["q", "type", "limit", "offset"]
        .into_iter()
        .find(|p| params.get(p).is_some())
    {
        return Err(ApiError::bad(
            other,
            "cannot be given with ids",
            "ids alone, or q, type, limit and offset",
        ));
    }
    let ids: Vec<&str> = ids.split(',').map(str::trim).collect();
    let allowed = format!("a comma list of 1 to {MAX_IDS} entity ids");
    if ids.len() > MAX_IDS {
        return Err(ApiError::bad("ids", format!("{} ids", ids.len()), allowed));
    }
    if ids.contains(&"") {
        return Err(ApiError::bad("ids", "an empty id", allowed));
    }
    let items = ids
        .iter()
        .map(|id| {
            let entity = g.entity_at(params::entity(g, id)?);
            Ok(SearchItem {
                entity: entity.to_entity(),
                score: 1.0,
                matched: entity.name.to_string(),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(SearchPage {
        version: g.version().to_string(),
        total: items.len(),
        limit: MAX_IDS,
        offset: 0,
        items,
    })
}

/// How many of each of an entity's lists (claims out, claims in, claims
/// made, mentions) one answer holds unless `limit` says otherwise: a hub's
/// claims run to tens of thousands, megabytes of JSON no panel can show.
pub const ENTITY_PAGE: usize = 500;
/// The most of each list one answer may hold.
pub const MAX_ENTITY_PAGE: usize = 10_000;

// Borrowed from the graph snapshot, not cloned out of it: the answer is
// serialized once and the snapshot outlives it. The schema names the owned
// types. (Plain comments: doc comments would land in the OpenAPI document.)
/// An entity with everything the graph says about it, up to `limit` of each
/// list from `offset` on (500 from the first by default).
#[derive(Debug, Serialize, ToSchema)]
pub struct EntityDetail<'a> {
    #[schema(value_type = String)]
    pub version: &'a str,
    #[schema(value_type = Entity)]
    pub entity: EntityView<'a>,
    /// Claims whose subject it is.
    #[schema(value_type = Vec<Claim>)]
    pub claims_out: Vec<ClaimView<'a>>,
    /// Claims whose object it is.
    #[schema(value_type = Vec<Claim>)]
    pub claims_in: Vec<ClaimView<'a>>,
    /// Claims it makes.
    #[schema(value_type = Vec<String>)]
    pub claims_made: Vec<compact_str::CompactString>,
    /// Every place in every source where its name or an alias occurs.
    #[schema(value_type = Vec<Mention>)]
    pub mentions: Vec<MentionView<'a>>,
    /// Present only when some list is not whole in this answer: how long
    /// each is, and the query for the next page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<EntityPage>,
}

/// Which part of an entity's lists an answer holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntityPage {
    /// How many of each list were skipped.
    pub offset: usize,
    /// The most of each list the answer holds.
    pub limit: usize,
    /// How many claims and mentions each list holds in all.
    pub total: EntityTotals,
    /// The next page, while some list has more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// The whole length of each of an entity's lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntityTotals {
    pub claims_out: usize,
    pub claims_in: usize,
    pub claims_made: usize,
    pub mentions: usize,
}

/// One part of each list: `limit` items from `offset` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    offset: usize,
    limit: usize,
}

impl Window {
    const FIRST: Window = Window {
        offset: 0,
        limit: ENTITY_PAGE,
    };

    fn of<T>(self, items: impl Iterator<Item = T>) -> impl Iterator<Item = T> {
        items.skip(self.offset).take(self.limit)
    }

    /// How many of `total` items fall in the window.
    fn len(self, total: usize) -> usize {
        total.saturating_sub(self.offset).min(self.limit)
    }

    /// What the answer says of its window, unless every list is whole.
    fn page(self, id: &str, total: EntityTotals) -> Option<EntityPage> {
        let longest = [
            total.claims_out,
            total.claims_in,
            total.claims_made,
            total.mentions,
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        if self.offset == 0 && longest <= self.limit {
            return None;
        }
        let next = self.offset + self.limit;
        Some(EntityPage {
            offset: self.offset,
            limit: self.limit,
            next: (longest > next)
                .then(|| format!("/api/v1/entities/{id}?offset={next}&limit={}", self.limit)),
            total,
        })
    }
}

/// One entity, its claims in and out with citations, and its mentions, a
/// page at a time.
#[utoipa::path(get, path = "/api/v1/entities/{id}", tag = "entities",
    params(("id" = String, Path, description = "Entity id, e.g. louis-budenz"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 10000, description = "most of each list (claims out, claims in, claims made, mentions), 1 to 10000, default 500"),
        ("offset" = Option<usize>, Query, minimum = 0, maximum = 10000000, description = "how many of each list to skip, 0 to 10000000, default 0"),
    ),
    responses((status = 200, body = EntityDetail),
        (status = 400, description = "Malformed id or invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown entity, with suggestions", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Asked for in the first seconds after the server started, and the sources were still being searched for the entities' names after 8 s of waiting; retry after the Retry-After seconds", body = Problem, content_type = "application/problem+json")))]
pub async fn entity(
    axum::Extension(g): Snapshot,
    axum::Extension(stamp): Stamped,
    Path(id): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let ix = params::entity(&g, &id)?;
    let params = Params::parse(&uri, &["limit", "offset"])?;
    let window = Window {
        offset: params.int("offset", 0..=10_000_000, 0)?,
        limit: params.int("limit", 1..=MAX_ENTITY_PAGE, ENTITY_PAGE)?,
    };
    mentions_indexed(&g).await?;
    if window == Window::FIRST {
        return Ok(stamp
            .entities
            .json(ix.index(), |_| entity_detail(&g, ix, window)));
    }
    let (detail, size) = entity_detail(&g, ix, window);
    Ok(json(&detail, size))
}

/// How long an entity's answer waits for the mentions before it is a 503
/// (within the server's [`super::REQUEST_TIMEOUT`], so that the caller
/// learns why).
const MENTION_WAIT: std::time::Duration = std::time::Duration::from_secs(8);

/// Waits, off the async workers, until the graph's mentions are found:
/// just after the server starts, the search for them may still be running
/// ([`Graph::index_mentions`]), and an entity is never answered without
/// them. Past [`MENTION_WAIT`], a 503 that says so and when to retry.
async fn mentions_indexed(g: &Arc<Graph>) -> Result<(), ApiError> {
    if g.mentions_indexed() {
        return Ok(());
    }
    let g = Arc::clone(g);
    let search = tokio::task::spawn_blocking(move || g.index_mentions());
    // The search goes on when the wait ends; a search that failed is tried
    // again by the answer's own look at the mentions.
    match tokio::time::timeout(MENTION_WAIT, search).await {
        Ok(_) => Ok(()),
        Err(_) => Err(ApiError::StillIndexing {
            waited_secs: MENTION_WAIT.as_secs(),
        }),
    }
}

/// The `window` of entity `ix`'s lists, with about how many bytes it takes.
fn entity_detail(g: &Graph, ix: EntityIx, window: Window) -> (EntityDetail<'_>, usize) {
    let size = ENTITY_BYTES * (1 + window.len(g.mention_count(ix)))
        + CLAIM_BYTES * window.len(g.degree(ix))
        + 32 * window.len(g.claims_made(ix).len());
    let incident = g.incident(ix, true, true);
    let claims = |dir| {
        let page: Vec<ClaimIx> = window
            .of(incident.iter().filter(|(_, _, d)| *d == dir))
            .map(|(c, _, _)| *c)
            .collect();
        g.claim_views(&page)
    };
    let entity = g.entity_at(ix);
    let out = incident
        .iter()
        .filter(|(_, _, d)| *d == Direction::Out)
        .count();
    let total = EntityTotals {
        claims_out: out,
        claims_in: incident.len() - out,
        claims_made: g.claims_made(ix).len(),
        mentions: g.mention_count(ix),
    };
    let detail = EntityDetail {
        version: g.version(),
        entity,
        claims_out: claims(Direction::Out),
        claims_in: claims(Direction::In),
        claims_made: window
            .of(g.claims_made(ix).iter())
            .map(|c| g.claim_id(*c))
            .collect(),
        mentions: g.mention_page(ix, window.offset, window.limit),
        page: window.page(entity.id, total),
    };
    (detail, size)
}

/// An entity of a neighborhood with its distance from the center.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NeighborNode<'a> {
    #[serde(flatten)]
    #[schema(value_type = Entity)]
    pub entity: EntityView<'a>,
    /// Hops from the center; 0 for the center itself.
    pub distance: usize,
}

// Borrowed from the graph snapshot, like `EntityDetail`.
#[derive(Debug, Serialize, ToSchema)]
pub struct NeighborhoodBody<'a> {
    #[schema(value_type = String)]
    pub version: &'a str,
    #[schema(value_type = Entity)]
    pub center: EntityView<'a>,
    #[schema(value_type = Vec<NeighborNode>)]
    pub nodes: Vec<NeighborNode<'a>>,
    #[schema(value_type = Vec<Claim>)]
    pub edges: Vec<ClaimView<'a>>,
    /// Whether `limit` left nodes out.
    pub truncated: bool,
}

/// A neighborhood as JSON, or as Cytoscape elements with `format=cytoscape`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum NeighborhoodAnswer<'a> {
    Json(Box<NeighborhoodBody<'a>>),
    Cytoscape(CytoscapeBody),
}

/// The parameters a neighborhood takes, in JSON or as a picture.
pub const NEIGHBORHOOD_PARAMS: [&str; 8] = [
    "depth",
    "direction",
    "status",
    "predicate",
    "source",
    "contested",
    "type",
    "limit",
];

/// Parses the neighborhood parameters shared by the JSON and picture routes.
pub fn neighborhood_params(g: &Graph, params: &Params) -> Result<NeighborhoodParams, ApiError> {
    Ok(NeighborhoodParams {
        depth: params.int("depth", 1..=3, 1)?,
        walk: params.choice(
            "direction",
            &[("out", Walk::Out), ("in", Walk::In), ("both", Walk::Both)],
            Walk::Both,
        )?,
        filter: params.claim_filter(g)?,
        types: params.types()?,
        limit: params.int("limit", 1..=500, 100)?,
    })
}

/// The entities within `depth` hops of one entity and the claims walked.
#[utoipa::path(get, path = "/api/v1/entities/{id}/neighborhood", tag = "entities",
    params(
        ("id" = String, Path, description = "Entity id"),
        ("depth" = Option<usize>, Query, minimum = 1, maximum = 3, description = "1 to 3, default 1"),
        ("direction" = Option<String>, Query, pattern = "^(out|in|both)?$", description = "out, in or both (default)"),
        ("status" = Option<String>, Query, pattern = "^((asserted|alleged|suspected)(,(asserted|alleged|suspected))*)?$", description = "comma list of asserted, alleged, suspected"),
        ("predicate" = Option<String>, Query, pattern = "^([a-z0-9]+(-[a-z0-9]+)*(,[a-z0-9]+(-[a-z0-9]+)*)*)?$", max_length = 512, description = "comma list of predicate ids"),
        ("source" = Option<String>, Query, pattern = "^([a-z0-9]+(-[a-z0-9]+)*(,[a-z0-9]+(-[a-z0-9]+)*)*)?$", max_length = 512, description = "comma list of source ids: walk only claims citing any of them"),
        ("contested" = Option<String>, Query, pattern = "^(include|exclude|only)?$", description = "include (default): walk every claim; exclude: never a claim another claim disputes, denies or retracts; only: only such claims"),
        ("type" = Option<String>, Query, pattern = "^((person|organization|place|event|work)(,(person|organization|place|event|work))*)?$", description = "comma list of entity types that may be entered"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 500, description = "most nodes, 1 to 500, default 100"),
        ("format" = Option<String>, Query, pattern = "^(json|cytoscape)?$", description = "json (default) or cytoscape"),
    ),
    responses((status = 200, body = NeighborhoodAnswer),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown entity", body = Problem, content_type = "application/problem+json")))]
pub async fn neighborhood(
    axum::Extension(g): Snapshot,
    axum::Extension(stamp): Stamped,
    Path(id): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let params = Params::parse(&uri, &[&NEIGHBORHOOD_PARAMS[..], &["format"]].concat())?;
    let cytoscape = params.choice("format", &[("json", false), ("cytoscape", true)], false)?;
    let center = params::entity(&g, &id)?;
    let p = neighborhood_params(&g, &params)?;
    Ok(stamp
        .neighborhoods
        .json((center, p, cytoscape), |(center, p, cytoscape)| {
            neighborhood_answer(&g, *center, p, *cytoscape)
        }))
}

/// The neighborhood of `center`, as JSON or as Cytoscape elements, with
/// about how many bytes it takes.
fn neighborhood_answer<'a>(
    g: &'a Graph,
    center: EntityIx,
    p: &NeighborhoodParams,
    cytoscape: bool,
) -> (NeighborhoodAnswer<'a>, usize) {
    let hood = neighborhood::neighborhood(g, center, p);
    let size = ENTITY_BYTES * (1 + hood.nodes.len()) + CLAIM_BYTES * hood.edges.len();
    if cytoscape {
        let sub = Subgraph {
            graph: g,
            entities: hood.nodes.iter().map(|(e, _)| *e).collect(),
            claims: hood.edges,
        };
        let body = CytoscapeBody {
            version: g.version().to_string(),
            graph: export::cytoscape(&sub),
            truncated: Some(hood.truncated),
        };
        return (NeighborhoodAnswer::Cytoscape(body), size);
    }
    let body = NeighborhoodBody {
        version: g.version(),
        center: g.entity_at(center),
        nodes: hood
            .nodes
            .iter()
            .map(|&(e, distance)| NeighborNode {
                entity: g.entity_at(e),
                distance,
            })
            .collect(),
        edges: g.claim_views(&hood.edges),
        truncated: hood.truncated,
    };
    (NeighborhoodAnswer::Json(Box::new(body)), size)
}
