//! Admin routes: present only when an admin token is configured, and
//! answering 401 to any request without `Authorization: Bearer <token>`.
//! The token is compared in constant time.

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::routing::post;
use subtle::ConstantTimeEq;

use super::AppState;
use super::error::{ApiError, Problem};
use super::reload::Reloaded;

/// The admin routes, guarded by `token`.
pub fn router(token: String) -> Router<AppState> {
    Router::new().route(
        "/api/v1/admin/reload",
        post(move |state: State<AppState>, headers: HeaderMap| {
            reload(state, headers, token.clone())
        }),
    )
}

fn authorized(headers: &HeaderMap, token: &str) -> bool {
    let given = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    bool::from(given.as_bytes().ct_eq(token.as_bytes()))
}

/// Re-reads the data folder; the new graph is served only if it is valid.
#[utoipa::path(post, path = "/api/v1/admin/reload", tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The new graph is served", body = Reloaded),
        (status = 401, description = "Missing or wrong bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The data is invalid; the old graph is still served", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn reload(
    State(state): State<AppState>,
    headers: HeaderMap,
    token: String,
) -> Result<axum::Json<Reloaded>, ApiError> {
    if !authorized(&headers, &token) {
        return Err(ApiError::Unauthorized);
    }
    let Some(reloader) = state.reloader.clone() else {
        return Err(ApiError::InvalidData {
            problems: vec!["this server was started without a data folder to reload".to_string()],
        });
    };
    match reloader.reload(&state).await {
        Ok(reloaded) => Ok(axum::Json(reloaded)),
        Err(failure) => Err(ApiError::InvalidData {
            problems: failure.problems,
        }),
    }
}
