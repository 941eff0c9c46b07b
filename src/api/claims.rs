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
use crate::graph::{ClaimIx, ClaimView, Graph, Object};
use crate::model::{Claim, Stance};
use crate::query::claims::{self, ClaimQuery};
use crate::query::{ClaimFilter, Contested};

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

/// A claim, what it is about when it is about a claim, and the claims
/// about it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimBody {
    pub version: String,
    pub claim: Claim,
    /// Whether a claim about it disputes, denies or retracts it.
    pub contested: bool,
    /// The claim it is about, when its predicate is about claims.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<Claim>,
    /// Every claim about it, grouped by predicate.
    pub responses: Vec<ResponseGroup>,
}

/// The claims about one claim that share a predicate.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseGroup {
    /// Predicate id, e.g. `disputes`.
    pub predicate: String,
    /// How it reads, e.g. "disputes".
    pub label: String,
    /// What these claims do to the claim: contests, supports or relays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stance: Option<Stance>,
    /// Each with its claimant, status and quotes.
    pub claims: Vec<Claim>,
}

/// Claims filtered by entity, subject, object, predicate, status, claimant,
/// source cited, the claim they are about, and whether they are contested.
#[utoipa::path(get, path = "/api/v1/claims", tag = "claims",
    params(
        ("entity" = Option<String>, Query, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", description = "entity id that is subject or object"),
        ("subject" = Option<String>, Query, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", description = "entity id"),
        ("object" = Option<String>, Query, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", description = "entity id"),
        ("predicate" = Option<String>, Query, pattern = "^([a-z0-9]+(-[a-z0-9]+)*(,[a-z0-9]+(-[a-z0-9]+)*)*)?$", max_length = 512, description = "comma list of predicate ids"),
        ("status" = Option<String>, Query, pattern = "^((asserted|alleged|suspected)(,(asserted|alleged|suspected))*)?$", description = "comma list of asserted, alleged, suspected"),
        ("claimed_by" = Option<String>, Query, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", description = "entity id of the claimant"),
        ("source" = Option<String>, Query, pattern = "^([a-z0-9]+(-[a-z0-9]+)*(,[a-z0-9]+(-[a-z0-9]+)*)*)?$", max_length = 512, description = "comma list of source ids: claims citing any of them"),
        ("about" = Option<String>, Query, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", description = "claim id: the claims about that claim (corroborating, disputing, reporting, …)"),
        ("contested" = Option<String>, Query, pattern = "^(true|false)?$", description = "true: only claims another claim disputes, denies or retracts; false: only those none does"),
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
            "source",
            "about",
            "contested",
            "limit",
            "offset",
        ],
    )?;
    let contested = params.choice(
        "contested",
        &[("true", Contested::Only), ("false", Contested::Exclude)],
        Contested::Include,
    )?;
    let mut query = ClaimQuery {
        filter: ClaimFilter {
            statuses: params.statuses()?,
            predicates: params.predicates(&g)?,
            sources: params.sources(&g)?,
            contested,
        },
        about: params
            .get("about")
            .map(|id| claim(&g, id.trim()))
            .transpose()?,
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

/// One claim with its citations, and every claim about it.
#[utoipa::path(get, path = "/api/v1/claims/{id}", tag = "claims",
    params(("id" = String, Path, description = "Claim id")),
    responses((status = 200, body = ClaimBody),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown claim, with suggestions", body = Problem, content_type = "application/problem+json")))]
pub async fn one(
    axum::Extension(g): Snapshot,
    Path(id): Path<String>,
) -> Result<axum::Json<ClaimBody>, ApiError> {
    let ix = claim(&g, &id)?;
    let about = match g.object(ix) {
        Object::Claim(target) => Some(g.claim_at(target)),
        Object::Entity(_) => None,
    };
    Ok(axum::Json(ClaimBody {
        version: g.version().to_string(),
        claim: g.claim_at(ix),
        contested: g.is_contested(ix),
        about,
        responses: responses(&g, ix),
    }))
}

/// The claims about `ix`, grouped by predicate in vocabulary order, each
/// group in claim order.
pub fn responses(g: &Graph, ix: ClaimIx) -> Vec<ResponseGroup> {
    let mut by_predicate: Vec<(u16, Vec<ClaimIx>)> = Vec::new();
    for r in g.responses_to(ix) {
        let p = g.predicate_position(r);
        match by_predicate.iter_mut().find(|(q, _)| *q == p) {
            Some((_, claims)) => claims.push(r),
            None => by_predicate.push((p, vec![r])),
        }
    }
    by_predicate.sort_by_key(|(p, _)| *p);
    by_predicate
        .into_iter()
        .map(|(p, claims)| {
            let predicate = &g.predicates()[p as usize];
            ResponseGroup {
                predicate: predicate.id.clone(),
                label: predicate.label.clone(),
                stance: predicate.stance,
                claims: claims.into_iter().map(|c| g.claim_at(c)).collect(),
            }
        })
        .collect()
}

/// The claim with this id, or a 404 with the ids closest to it.
pub fn claim(g: &Graph, id: &str) -> Result<ClaimIx, ApiError> {
    g.claim_ix(id).ok_or_else(|| ApiError::NotFound {
        kind: "claim",
        id: id.to_string(),
        suggestions: suggest::claims(g, id),
    })
}
