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
use crate::graph::{Graph, SourceCounts, SourceText};
use crate::model::Source;
use crate::text;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/sources", get(list))
        .route("/api/v1/sources/{id}", get(one))
        .route("/api/v1/sources/{id}/text", get(text_of))
}

/// A page of the sources, in file order.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourceList {
    pub version: String,
    /// How many sources the graph holds.
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
    pub items: Vec<Source>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SourceBody {
    pub version: String,
    pub source: Source,
    /// How many claims cite it, and how many entities they name; list them
    /// with `/api/v1/claims?source=<id>`.
    pub counts: SourceCounts,
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

/// The sources, in file order, a page at a time: a library's catalogue runs
/// to a hundred thousand records.
#[utoipa::path(get, path = "/api/v1/sources", tag = "sources",
    params(
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 1000, description = "1 to 1000, default 100"),
        ("offset" = Option<usize>, Query, minimum = 0, maximum = 10000000, description = "0 to 10000000, default 0"),
    ),
    responses((status = 200, body = SourceList),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    axum::Extension(g): Snapshot,
    uri: Uri,
) -> Result<axum::Json<SourceList>, ApiError> {
    let params = Params::parse(&uri, &["limit", "offset"])?;
    let limit = params.int("limit", 1..=1000, 100)?;
    let offset = params.int("offset", 0..=10_000_000, 0)?;
    let sources = g.sources();
    Ok(axum::Json(SourceList {
        version: g.version().to_string(),
        total: sources.len(),
        limit,
        offset,
        items: sources
            .iter()
            .skip(offset)
            .take(limit)
            .map(|s| s.source.clone())
            .collect(),
    }))
}

fn find<'g>(g: &'g Graph, id: &str) -> Result<&'g SourceText, ApiError> {
    g.source(id).ok_or_else(|| ApiError::NotFound {
        kind: "source",
        id: id.to_string(),
        suggestions: suggest::sources(g, id),
    })
}

/// One source's record, with how many claims cite it and how many
/// entities they name.
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
    let position = g.sources().iter().position(|s| s.source.record.id == id);
    Ok(axum::Json(SourceBody {
        version: g.version().to_string(),
        source,
        counts: position.map_or_else(SourceCounts::default, |p| g.source_counts(p)),
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
