//! The HTTP error type: every failure of a request becomes an RFC 9457
//! `application/problem+json` body saying what was wrong and what is allowed.
//! Caller mistakes are 4xx; our own bugs would be a logged, generic 500.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A request that cannot be answered.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// A query parameter is malformed, out of range or unknown.
    BadParameter {
        parameter: String,
        detail: String,
        allowed: String,
    },
    /// An id names nothing in the graph.
    NotFound {
        kind: &'static str,
        id: String,
        suggestions: Vec<Suggestion>,
    },
    /// No route has this path.
    NoRoute { path: String },
    /// The route exists but not for this method.
    MethodNotAllowed { method: String, path: String },
    /// An admin route without the right bearer token.
    Unauthorized,
    /// A reload found the data invalid; the old graph is still served.
    InvalidData { problems: Vec<String> },
    /// The query string is longer than any valid query.
    UriTooLong { length: usize, max: usize },
    /// A whole-graph export of more claims than one answer may hold.
    ExportTooLarge { claims: usize, max: usize },
    /// An answer that needs the entities' mentions, asked for while the
    /// sources are still searched for them, longer than an answer waits.
    StillIndexing { waited_secs: u64 },
    /// Our own bug, e.g. an exporter that failed writing to memory. Logged;
    /// the caller sees a generic 500.
    Internal { detail: String },
}

/// A close match offered when an id is unknown.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Suggestion {
    pub id: String,
    pub name: String,
}

/// An RFC 9457 problem details body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The query parameter at fault, for invalid-parameter problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// What the parameter accepts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<String>,
    /// Close ids, for not-found problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestions: Option<Vec<Suggestion>>,
    /// Every problem in the data, for a rejected reload.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<String>>,
}

impl ApiError {
    /// Shorthand for a bad parameter.
    pub fn bad(parameter: &str, detail: impl Into<String>, allowed: impl Into<String>) -> Self {
        ApiError::BadParameter {
            parameter: parameter.to_string(),
            detail: detail.into(),
            allowed: allowed.into(),
        }
    }

    /// Shorthand for our own failure, logged with its cause.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        ApiError::Internal {
            detail: cause.to_string(),
        }
    }

    /// The problem body this error renders as.
    pub fn problem(&self) -> Problem {
        let base = |slug: &str, title: &str, status: StatusCode, detail: String| Problem {
            kind: format!("urn:claimgraph:problem:{slug}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail,
            parameter: None,
            allowed: None,
            suggestions: None,
            problems: None,
        };
        match self {
            ApiError::BadParameter {
                parameter,
                detail,
                allowed,
            } => Problem {
                parameter: Some(parameter.clone()),
                allowed: Some(allowed.clone()),
                ..base(
                    "invalid-parameter",
                    "Invalid query parameter",
                    StatusCode::BAD_REQUEST,
                    format!("{parameter}: {detail}; allowed: {allowed}"),
                )
            },
            ApiError::NotFound {
                kind,
                id,
                suggestions,
            } => {
                let hint = match suggestions.first() {
                    Some(s) => format!("; did you mean {}?", s.id),
                    None => String::new(),
                };
                Problem {
                    suggestions: Some(suggestions.clone()),
                    ..base(
                        "not-found",
                        "Not found",
                        StatusCode::NOT_FOUND,
                        format!("no {kind} with id “{id}”{hint}"),
                    )
                }
            }
            ApiError::NoRoute { path } => base(
                "no-route",
                "No such endpoint",
                StatusCode::NOT_FOUND,
                format!("no endpoint at {path}; see /api/v1/openapi.json for the endpoints"),
            ),
            ApiError::MethodNotAllowed { method, path } => base(
                "method-not-allowed",
                "Method not allowed",
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not allowed on {path}; this API is read-only: use GET"),
            ),
            ApiError::Unauthorized => base(
                "unauthorized",
                "Unauthorized",
                StatusCode::UNAUTHORIZED,
                "admin routes need the header Authorization: Bearer <CLAIMGRAPH_ADMIN_TOKEN>"
                    .to_string(),
            ),
            ApiError::InvalidData { problems } => Problem {
                problems: Some(problems.clone()),
                ..base(
                    "invalid-data",
                    "The data is invalid; the previous graph is still served",
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("{} problem(s) in the graph data", problems.len()),
                )
            },
            ApiError::UriTooLong { length, max } => base(
                "uri-too-long",
                "URI too long",
                StatusCode::URI_TOO_LONG,
                format!("the query string has {length} bytes; at most {max} are allowed"),
            ),
            ApiError::ExportTooLarge { claims, max } => Problem {
                allowed: Some(format!(
                    "at most {max} claims: a status filter that leaves no more, \
                     /api/v1/claims a page at a time, or `claimgraph export` on the command line"
                )),
                ..base(
                    "export-too-large",
                    "Export too large for one answer",
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("the export would hold {claims} claims; an answer holds at most {max}"),
                )
            },
            ApiError::StillIndexing { waited_secs } => base(
                "indexing",
                "The mentions are still being found",
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the server started a short while ago and is still searching the sources \
                     for the entities' names; this answer waited {waited_secs} s for them. \
                     Retry in a few seconds: /health says \"mentions\": \"ready\" once they are found"
                ),
            ),
            ApiError::Internal { .. } => base(
                "internal",
                "Internal error",
                StatusCode::INTERNAL_SERVER_ERROR,
                "the server failed to answer; the failure is logged".to_string(),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal { detail } = &self {
            tracing::error!(%detail, "internal error");
        }
        let mut response = problem_response(&self.problem());
        let extra = match self {
            ApiError::Unauthorized => Some((header::WWW_AUTHENTICATE, "Bearer")),
            ApiError::StillIndexing { .. } => Some((header::RETRY_AFTER, RETRY_INDEXING)),
            _ => None,
        };
        if let Some((name, value)) = extra {
            response
                .headers_mut()
                .insert(name, header::HeaderValue::from_static(value));
        }
        response
    }
}

/// The seconds a client is told to wait before asking again for an answer
/// that waited for the mentions in vain.
const RETRY_INDEXING: &str = "5";

/// Renders a problem as a response with its status and media type.
pub fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem);
    debug_assert!(
        body.is_ok(),
        "a Problem (plain strings, numbers and lists, no maps) always serializes"
    );
    let body = body.unwrap_or_default();
    (status, [(header::CONTENT_TYPE, PROBLEM_JSON)], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_that_waited_for_the_mentions_in_vain_says_so_and_when_to_retry() {
        let error = ApiError::StillIndexing { waited_secs: 8 };
        let problem = error.problem();
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::CONTENT_TYPE], PROBLEM_JSON);
        assert_eq!(response.headers()[header::RETRY_AFTER], RETRY_INDEXING);
        assert_eq!(problem.kind, "urn:claimgraph:problem:indexing");
        assert!(problem.detail.contains("waited 8 s"), "{}", problem.detail);
        assert!(problem.detail.contains("/health"), "{}", problem.detail);
    }
}
