//! Behaviour shared by every route: one graph snapshot per request, ETags
//! from the graph version (304 on If-None-Match), and problem+json bodies for
//! requests no route answers.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::{ApiError, PROBLEM_JSON, Problem, problem_response};
use super::json::AnswerCache;
use crate::graph::{EntityIx, Graph};
use crate::query::neighborhood::NeighborhoodParams;

/// The snapshot of the graph a request is answered from.
pub type Snapshot = axum::Extension<Arc<Graph>>;

/// What is the same for every request to one graph version, built when the
/// version is first served instead of on every request: the ETag and
/// version headers, and the caches of whole answers.
pub struct Stamp {
    version: String,
    etag: String,
    etag_header: Option<HeaderValue>,
    version_header: Option<HeaderValue>,
    /// Entity answers' first pages, whole, by entity position.
    pub entities: AnswerCache<usize>,
    /// Neighborhoods, whole, by center, parameters and whether they are
    /// Cytoscape elements.
    pub neighborhoods: AnswerCache<(EntityIx, NeighborhoodParams, bool)>,
}

/// The request's [`Stamp`], beside its [`Snapshot`] and of the same version.
pub type Stamped = axum::Extension<Arc<Stamp>>;

impl Stamp {
    fn of(graph: &Graph) -> Self {
        let version = graph.version().to_string();
        let etag = format!("W/\"{version}\"");
        Stamp {
            etag_header: HeaderValue::from_str(&etag).ok(),
            version_header: HeaderValue::from_str(&version).ok(),
            version,
            etag,
            entities: AnswerCache::default(),
            neighborhoods: AnswerCache::default(),
        }
    }

    /// The stamp of `graph`: the cached one while the version is the same,
    /// else a new one, cached for the requests after it.
    fn current(state: &AppState, graph: &Graph) -> Arc<Stamp> {
        if let Some(stamp) = state.stamp.load_full()
            && stamp.version == graph.version()
        {
            return stamp;
        }
        let stamp = Arc::new(Stamp::of(graph));
        state.stamp.store(Some(stamp.clone()));
        stamp
    }

    fn apply(&self, response: &mut Response) {
        let headers = response.headers_mut();
        if let Some(v) = &self.etag_header {
            headers.insert(header::ETAG, v.clone());
        }
        if let Some(v) = &self.version_header {
            headers.insert(VERSION_HEADER, v.clone());
        }
    }
}

const VERSION_HEADER: HeaderName = HeaderName::from_static("x-graph-version");

/// Takes the request's snapshot, answers 304 when the caller's ETag is
/// current, and stamps successful answers with the version.
pub async fn versioned(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let graph = state.snapshot();
    let stamp = Stamp::current(&state, &graph);
    let cacheable = matches!(*request.method(), Method::GET | Method::HEAD);
    let matches = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == stamp.etag || t.trim() == "*")
        });
    if cacheable && matches {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        stamp.apply(&mut response);
        return response;
    }
    request.extensions_mut().insert(graph);
    request.extensions_mut().insert(stamp.clone());
    let mut response = next.run(request).await;
    if cacheable && response.status() == StatusCode::OK {
        stamp.apply(&mut response);
    }
    response
}

/// axum answers a wrong method with an empty 405, and its extractors reject
/// malformed input with plain text; give every such error a problem body.
pub async fn problem_for_bare_errors(method: Method, uri: Uri, response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == PROBLEM_JSON.as_bytes());
    if is_problem || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut problem = if status == StatusCode::METHOD_NOT_ALLOWED {
        ApiError::MethodNotAllowed {
            method: method.to_string(),
            path: uri.path().to_string(),
        }
        .into_response()
    } else {
        let (_, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
        let detail = String::from_utf8_lossy(&bytes).trim().to_string();
        problem_response(&Problem {
            kind: format!("urn:claimgraph:problem:http-{}", status.as_u16()),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: if detail.is_empty() {
                format!("{} {}", status, uri.path())
            } else {
                detail
            },
            parameter: None,
            allowed: None,
            suggestions: None,
            problems: None,
        })
    };
    if let Some(allow) = allow {
        problem.headers_mut().insert(header::ALLOW, allow);
    }
    problem
}

/// Any path no route matches.
pub async fn no_route(uri: Uri) -> ApiError {
    ApiError::NoRoute {
        path: uri.path().to_string(),
    }
}
