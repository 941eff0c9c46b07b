//! The "who says what about these two" route: every claim joining two
//! entities, grouped by predicate and claimant, each group with the claims
//! about its claims — where the sources agree and where they disagree.

use axum::Router;
use axum::http::Uri;
use axum::routing::get;
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use super::claims::{ResponseGroup, responses};
use super::error::{ApiError, Problem};
use super::middleware::Snapshot;
use super::params::{self, Params};
use crate::model::{Claim, Entity};
use crate::query::relations::relations;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/relations", get(between))
}

/// The claims of one predicate by one claimant, and what other claims say
/// of them.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelationGroup {
    /// Predicate id.
    pub predicate: String,
    /// How it reads, e.g. "testified about".
    pub label: String,
    /// Entity id of who makes these claims.
    pub claimed_by: String,
    /// Whether any claim of the group is disputed, denied or retracted.
    pub contested: bool,
    pub claims: Vec<Claim>,
    /// The claims about the group's claims, grouped by predicate.
    pub responses: Vec<ResponseGroup>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RelationsBody {
    pub version: String,
    pub a: Entity,
    pub b: Entity,
    /// How many claims join them, in all groups.
    pub total: usize,
    /// In the order of each group's first claim in the data.
    pub groups: Vec<RelationGroup>,
}

/// Every claim joining two entities, grouped by predicate and claimant.
///
/// A claim joins them when they are its subject and object, when one is
/// its claimant and the other an end (an accusation and its target), or
/// when one makes a claim about a claim the other is part of (a dispute).
#[utoipa::path(get, path = "/api/v1/relations", tag = "claims",
    params(
        ("a" = String, Query, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", description = "entity id"),
        ("b" = String, Query, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", description = "entity id other than a"),
        ("status" = Option<String>, Query, pattern = "^((asserted|alleged|suspected)(,(asserted|alleged|suspected))*)?$", description = "comma list of asserted, alleged, suspected"),
        ("predicate" = Option<String>, Query, pattern = "^([a-z0-9]+(-[a-z0-9]+)*(,[a-z0-9]+(-[a-z0-9]+)*)*)?$", max_length = 512, description = "comma list of predicate ids"),
        ("source" = Option<String>, Query, pattern = "^([a-z0-9]+(-[a-z0-9]+)*(,[a-z0-9]+(-[a-z0-9]+)*)*)?$", max_length = 512, description = "comma list of source ids: claims citing any of them"),
        ("contested" = Option<String>, Query, pattern = "^(include|exclude|only)?$", description = "include (default), exclude or only claims another claim disputes, denies or retracts"),
    ),
    responses((status = 200, body = RelationsBody),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown entity", body = Problem, content_type = "application/problem+json")))]
pub async fn between(
    axum::Extension(g): Snapshot,
    uri: Uri,
) -> Result<axum::Json<RelationsBody>, ApiError> {
    let params = Params::parse(
        &uri,
        &["a", "b", "status", "predicate", "source", "contested"],
    )?;
    let a = params::entity(&g, params.required("a", "an entity id, e.g. louis-budenz")?)?;
    let b = params::entity(&g, params.required("b", "an entity id, e.g. earl-browder")?)?;
    if a == b {
        return Err(ApiError::bad(
            "b",
            "is the same entity as a",
            "an entity id other than a",
        ));
    }
    let groups: Vec<RelationGroup> = relations(&g, a, b, &params.claim_filter(&g)?)
        .into_iter()
        .map(|r| {
            let predicate = &g.predicates()[r.predicate as usize];
            let mut answers: Vec<ResponseGroup> = Vec::new();
            for c in &r.claims {
                for group in responses(&g, *c) {
                    match answers.iter_mut().find(|a| a.predicate == group.predicate) {
                        Some(into) => into.claims.extend(group.claims),
                        None => answers.push(group),
                    }
                }
            }
            RelationGroup {
                predicate: predicate.id.clone(),
                label: predicate.label.clone(),
                claimed_by: g.entity_id(r.claimed_by).to_string(),
                contested: r.claims.iter().any(|c| g.is_contested(*c)),
                claims: r.claims.iter().map(|c| g.claim_at(*c)).collect(),
                responses: answers,
            }
        })
        .collect();
    Ok(axum::Json(RelationsBody {
        version: g.version().to_string(),
        a: g.entity_at(a).to_entity(),
        b: g.entity_at(b).to_entity(),
        total: groups.iter().map(|g| g.claims.len()).sum(),
        groups,
    }))
}
