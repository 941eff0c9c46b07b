//! The explorer page and its assets, served from the binary: the page, its
//! stylesheet, its script and the script's modules under `/explorer/`.
//!
//! These routes sit outside the graph-version middleware: the assets change
//! with the binary, not with the graph, so each carries an ETag of its own
//! content. The page is served with a Content-Security-Policy that allows
//! only same-origin scripts, styles and fetches, so no inline script or style
//! can run in it.

use std::sync::LazyLock;

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;
use super::error::{ApiError, Problem};
use crate::render::explorer::{INDEX_HTML, MODULES, SCRIPT_JS, STYLE_CSS};

/// What the page may load: only its own origin's scripts, styles and data.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(page))
        .route("/explorer.css", get(style))
        .route("/explorer.js", get(script))
        .route("/explorer/{module}", get(module))
}

/// One asset: its media type, its bytes and their ETag.
struct Asset {
    media_type: &'static str,
    body: &'static str,
    etag: String,
}

impl Asset {
    fn new(media_type: &'static str, body: &'static str) -> Asset {
        let hash = blake3::hash(body.as_bytes()).to_hex().to_string();
        Asset {
            media_type,
            body,
            etag: format!("\"{}\"", &hash[..16]),
        }
    }

    /// The asset, or 304 when the caller already has this version.
    fn answer(&self, request: &HeaderMap) -> Response {
        let fresh = request
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|t| t.trim() == self.etag));
        let mut response = if fresh {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            ([(header::CONTENT_TYPE, self.media_type)], self.body).into_response()
        };
        let headers = response.headers_mut();
        if let Ok(etag) = HeaderValue::from_str(&self.etag) {
            headers.insert(header::ETAG, etag);
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        response
    }
}

static PAGE: LazyLock<Asset> = LazyLock::new(|| Asset::new("text/html; charset=utf-8", INDEX_HTML));
static STYLE: LazyLock<Asset> = LazyLock::new(|| Asset::new("text/css; charset=utf-8", STYLE_CSS));
static SCRIPT: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("text/javascript; charset=utf-8", SCRIPT_JS));
static SCRIPT_MODULES: LazyLock<Vec<(&str, Asset)>> = LazyLock::new(|| {
    MODULES
        .iter()
        .map(|(name, body)| (*name, Asset::new("text/javascript; charset=utf-8", body)))
        .collect()
});

/// The explorer: search, entities, neighborhoods, paths and sources.
#[utoipa::path(get, path = "/", tag = "explorer",
    responses((status = 200, description = "The explorer page", content_type = "text/html", body = String)))]
pub async fn page(headers: HeaderMap) -> Response {
    PAGE.answer(&headers)
}

/// The explorer's stylesheet.
#[utoipa::path(get, path = "/explorer.css", tag = "explorer",
    responses((status = 200, description = "The stylesheet", content_type = "text/css", body = String)))]
pub async fn style(headers: HeaderMap) -> Response {
    STYLE.answer(&headers)
}

/// The explorer's script.
#[utoipa::path(get, path = "/explorer.js", tag = "explorer",
    responses((status = 200, description = "The script", content_type = "text/javascript", body = String)))]
pub async fn script(headers: HeaderMap) -> Response {
    SCRIPT.answer(&headers)
}

/// One of the modules the script imports, e.g. `/explorer/core.js`.
#[utoipa::path(get, path = "/explorer/{module}", tag = "explorer",
    params(("module" = String, Path, description = "a module of the script: core.js, pieces.js, search.js, views.js, disagreement.js or source.js")),
    responses((status = 200, description = "The module", content_type = "text/javascript", body = String),
        (status = 404, description = "No such module", body = Problem, content_type = "application/problem+json")))]
pub async fn module(
    Path(name): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    match SCRIPT_MODULES.iter().find(|(n, _)| *n == name) {
        Some((_, asset)) => Ok(asset.answer(&headers)),
        None => Err(ApiError::NoRoute {
            path: uri.path().to_string(),
        }),
    }
}
