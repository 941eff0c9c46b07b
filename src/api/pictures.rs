//! Picture routes: the SVG twins of the neighborhood and path routes.
//!
//! They take the same parameters as their JSON twins (less `format`), parse
//! them with the same functions, so a bad parameter gets the same
//! problem+json 400 or 404, and hand the drawing to [`crate::render::svg`].
//!
//! matchit, axum 0.8's router, takes a literal segment after a `{id}`
//! segment, so the neighborhood picture lives at
//! `/api/v1/entities/{id}/neighborhood.svg` beside its JSON twin.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;
use super::entities::{NEIGHBORHOOD_PARAMS, neighborhood_params};
use super::error::{ApiError, Problem};
use super::middleware::Snapshot;
use super::params::{self, Params};
use super::paths::{PATH_PARAMS, path_query};
use crate::render::svg;

/// The media type of the drawings.
pub const SVG: &str = "image/svg+xml";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/entities/{id}/neighborhood.svg",
            get(neighborhood_svg),
        )
        .route("/api/v1/paths.svg", get(paths_svg))
}

/// The neighborhood of an entity as an SVG drawing.
///
/// Entities are boxes shaped and coloured by type, the center filled in;
/// claims are arrows labelled by predicate, solid when asserted, dashed when
/// alleged, dotted when suspected, with a legend; a contested claim (one
/// another claim disputes, denies or retracts) is red over a pale band, its
/// label begins with ⚠ and its link carries `data-disputed-by`, the ids of
/// the claims contesting it. Each box links to its entity and each arrow to
/// its claim in the explorer (`/#/entity/{id}`, `/#/claim/{id}`) and
/// carries `data-entity` or `data-claim`. At most 40 entities are drawn,
/// nearest first; the drawing says how many were left out.
#[utoipa::path(get, path = "/api/v1/entities/{id}/neighborhood.svg", tag = "pictures",
    params(
        ("id" = String, Path, description = "Entity id"),
        ("depth" = Option<usize>, Query, minimum = 1, maximum = 3, description = "1 to 3, default 1"),
        ("direction" = Option<String>, Query, pattern = "^(out|in|both)?$", description = "out, in or both (default)"),
        ("status" = Option<String>, Query, pattern = "^((asserted|alleged|suspected)(,(asserted|alleged|suspected))*)?$", description = "comma list of asserted, alleged, suspected"),
        ("predicate" = Option<String>, Query, pattern = "^([a-z0-9]+(-[a-z0-9]+)*(,[a-z0-9]+(-[a-z0-9]+)*)*)?$", max_length = 512, description = "comma list of predicate ids"),
        ("source" = Option<String>, Query, pattern = "^([a-z0-9]+(-[a-z0-9]+)*(,[a-z0-9]+(-[a-z0-9]+)*)*)?$", max_length = 512, description = "comma list of source ids: walk only claims citing any of them"),
        ("contested" = Option<String>, Query, pattern = "^(include|exclude|only)?$", description = "include (default): walk every claim; exclude: never a claim another claim disputes, denies or retracts; only: only such claims"),
        ("type" = Option<String>, Query, pattern = "^((person|organization|place|event|work)(,(person|organization|place|event|work))*)?$", description = "comma list of entity types that may be entered"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 500, description = "most nodes, 1 to 500, default 100; at most 40 are drawn"),
    ),
    responses((status = 200, description = "The drawing", content_type = "image/svg+xml", body = String),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown entity", body = Problem, content_type = "application/problem+json")))]
pub async fn neighborhood_svg(
    axum::Extension(g): Snapshot,
    Path(id): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let params = Params::parse(&uri, &NEIGHBORHOOD_PARAMS)?;
    let center = params::entity(&g, &id)?;
    let p = neighborhood_params(&g, &params)?;
    Ok(svg_response(svg::neighborhood_svg(&g, center, &p)))
}

/// The k shortest paths between two entities as one SVG drawing.
///
/// Drawn left to right from `from` to `to`, both filled in; arrows point
/// from each claim's subject to its object and are styled by status as in
/// the neighborhood drawing, contested hops marked as there. Whole paths
/// are left out, and counted, when more than 40 entities would be drawn.
#[utoipa::path(get, path = "/api/v1/paths.svg", tag = "pictures",
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
    ),
    responses((status = 200, description = "The drawing", content_type = "image/svg+xml", body = String),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown entity", body = Problem, content_type = "application/problem+json")))]
pub async fn paths_svg(axum::Extension(g): Snapshot, uri: Uri) -> Result<Response, ApiError> {
    let params = Params::parse(&uri, &PATH_PARAMS)?;
    let q = path_query(&g, &params)?;
    Ok(svg_response(svg::paths_svg(&g, q.from, q.to, &q.params)))
}

/// An SVG answer that may not run scripts or load anything when opened on
/// its own.
fn svg_response(body: String) -> Response {
    let mut response = ([(header::CONTENT_TYPE, SVG)], body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
