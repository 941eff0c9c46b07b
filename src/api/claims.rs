//! Claim routes: listing by who and what, and lookup by id.

use axum::Router;
use axum::extract::Path;
use axum::http::Uri;
use axum::response::Response;
use axum::routing::get;
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use super::error::{ApiError, Problem};
use super::json::{CLAIM_BYTES, json};
use super::middleware::Snapshot;
use super::params::{self, Params};
use super::suggest;
use crate::graph::ClaimView;
use crate::model::Claim;
use crate::query::ClaimFilter;
use crate::query::claims::{self, ClaimQuery};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/claims", get(list))
        .route("/api/v1/claims/{id}", get(one))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimPage<'a> {
    #[schema(value_type = String)]
    pub version: &'a str,
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
    #[schema(value_type = Vec<Claim>)]
    pub items: Vec<ClaimView<'a>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimBody {
    pub version: String,
    pub claim: Claim,
}

/// Claims filtered by entity, subject, object, predicate, status and claimant.
#[utoipa::path(get, path = "/api/v1/claims", tag = "claims",
    params(
        ("entity" = Option<String>, Query, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", description = "entity id that is subject or object"),
        ("subject" = Option<String>, Query, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", description = "entity id"),
        ("object" = Option<String>, Query, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", description = "entity id"),
        ("predicate" = Option<String>, Query, pattern = "^([a-z0-9]+(-[a-z0-9]+)*(,[a-z0-9]+(-[a-z0-9]+)*)*)?$", max_length = 512, description = "comma list of predicate ids"),
        ("status" = Option<String>, Query, pattern = "^((asserted|alleged|suspected)(,(asserted|alleged|suspected))*)?$", description = "comma list of asserted, alleged, suspected"),
        ("claimed_by" = Option<String>, Query, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", description = "entity id of the claimant"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 500, description = "1 to 500, default 100"),
        ("offset" = Option<usize>, Query, minimum = 0, maximum = 10000000, description = "0 to 10000000, default 0"),
    ),
    responses((status = 200, body = ClaimPage),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown entity", body = Problem, content_type = "application/problem+json")))]
pub async fn list(axum::Extension(g): Snapshot, uri: Uri) -> Result<Response, ApiError> {
    let params = Params::parse(
        &uri,
        &[
            "entity",
            "subject",
            "object",
            "predicate",
            "status",
            "claimed_by",
            "limit",
            "offset",
        ],
    )?;
    let mut query = ClaimQuery {
        filter: ClaimFilter {
            statuses: params.statuses()?,
            predicates: params.predicates(&g)?,
        },
        ..ClaimQuery::default()
    };
    for (name, slot) in [
        ("entity", &mut query.entity),
        ("subject", &mut query.subject),
        ("object", &mut query.object),
        ("claimed_by", &mut query.claimed_by),
    ] {
        if let Some(id) = params.get(name) {
            *slot = Some(params::entity(&g, id.trim())?);
        }
    }
    let limit = params.int("limit", 1..=500, 100)?;
    let offset = params.int("offset", 0..=10_000_000, 0)?;
    let (total, found) = claims::page(&g, &query, offset, limit);
    let page = ClaimPage {
        version: g.version(),
        total,
        limit,
        offset,
        items: g.claim_views(&found),
    };
    Ok(json(&page, CLAIM_BYTES * (1 + page.items.len())))
}

/// One claim with its citations.
#[utoipa::path(get, path = "/api/v1/claims/{id}", tag = "claims",
    params(("id" = String, Path, description = "Claim id")),
    responses((status = 200, body = ClaimBody),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown claim, with suggestions", body = Problem, content_type = "application/problem+json")))]
pub async fn one(
    axum::Extension(g): Snapshot,
    Path(id): Path<String>,
) -> Result<axum::Json<ClaimBody>, ApiError> {
    match g.claim(&id) {
        Some(claim) => Ok(axum::Json(ClaimBody {
            version: g.version().to_string(),
            claim,
        })),
        None => Err(ApiError::NotFound {
            kind: "claim",
            id: id.clone(),
            suggestions: suggest::claims(&g, &id),
        }),
    }
}
