//! Source routes: the records and the texts the quotes come from.

use axum::Router;
use axum::extract::Path;
use axum::http::Uri;
use axum::routing::get;
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use super::error::{ApiError, Problem};
use super::middleware::Snapshot;
use super::params::Params;
use super::suggest;
use crate::graph::{Graph, SourceText};
use crate::model::Source;
use crate::text;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/sources", get(list))
        .route("/api/v1/sources/{id}", get(one))
        .route("/api/v1/sources/{id}/text", get(text_of))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SourceList {
    pub version: String,
    pub items: Vec<Source>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SourceBody {
    pub version: String,
    pub source: Source,
}

/// A passage of a source's text, by code-point offsets.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourcePassage {
    pub version: String,
    /// The source id.
    pub source: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Every source.
#[utoipa::path(get, path = "/api/v1/sources", tag = "sources",
    responses((status = 200, body = SourceList)))]
pub async fn list(axum::Extension(g): Snapshot) -> axum::Json<SourceList> {
    axum::Json(SourceList {
        version: g.version().to_string(),
        items: g.sources().iter().map(|s| s.source.clone()).collect(),
    })
}

fn find<'g>(g: &'g Graph, id: &str) -> Result<&'g SourceText, ApiError> {
    g.source(id).ok_or_else(|| ApiError::NotFound {
        kind: "source",
        id: id.to_string(),
        suggestions: suggest::sources(g, id),
    })
}

/// One source's record.
#[utoipa::path(get, path = "/api/v1/sources/{id}", tag = "sources",
    params(("id" = String, Path, description = "Source id, e.g. stalins-guilt")),
    responses((status = 200, body = SourceBody),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown source", body = Problem, content_type = "application/problem+json")))]
pub async fn one(
    axum::Extension(g): Snapshot,
    Path(id): Path<String>,
) -> Result<axum::Json<SourceBody>, ApiError> {
    let source = find(&g, &id)?.source.clone();
    Ok(axum::Json(SourceBody {
        version: g.version().to_string(),
        source,
    }))
}

/// A source's text, whole or between two code-point offsets.
#[utoipa::path(get, path = "/api/v1/sources/{id}/text", tag = "sources",
    params(("id" = String, Path, description = "Source id"),
        ("start" = Option<usize>, Query, minimum = 0, description = "first code point, 0 by default; at most the text's length"),
        ("end" = Option<usize>, Query, minimum = 0, description = "code point just past the passage, the text's length by default; not before start")),
    responses((status = 200, body = SourcePassage),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown source", body = Problem, content_type = "application/problem+json")))]
pub async fn text_of(
    axum::Extension(g): Snapshot,
    Path(id): Path<String>,
    uri: Uri,
) -> Result<axum::Json<SourcePassage>, ApiError> {
    let params = Params::parse(&uri, &["start", "end"])?;
    let source = find(&g, &id)?;
    let length = source.source.length;
    let start = params.int("start", 0..=length, 0)?;
    let end = params.int("end", 0..=length, length)?;
    if start > end {
        return Err(ApiError::bad(
            "end",
            format!("{end} is before start {start}"),
            format!("an integer from {start} to {length}"),
        ));
    }
    Ok(axum::Json(SourcePassage {
        version: g.version().to_string(),
        source: id,
        start,
        end,
        text: text::slice_chars(&source.text, start, end).to_string(),
    }))
}
