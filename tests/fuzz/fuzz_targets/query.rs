//! Any bytes as the query string of any read endpoint: the answer is never a
//! 5xx and every error is problem+json.
#![no_main]

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::Request;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

const ROUTES: [&str; 7] = [
    "/api/v1/entities",
    "/api/v1/entities/alice/neighborhood",
    "/api/v1/paths",
    "/api/v1/claims",
    "/api/v1/sources/memo/text",
    "/api/v1/graph",
    "/api/v1/entities/",
];

fn router() -> &'static axum::Router {
    static ROUTER: OnceLock<axum::Router> = OnceLock::new();
    ROUTER.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/memo");
        claimgraph::api::app(claimgraph::graph::Graph::load(&dir).expect("memo fixture"))
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&route, rest)) = data.split_first() else { return };
    let query: String = String::from_utf8_lossy(rest)
        .chars()
        .map(|c| if c.is_ascii_graphic() { c } else { '%' })
        .collect();
    let separator = if route as usize % ROUTES.len() == 6 { "" } else { "?" };
    let uri = format!("{}{separator}{query}", ROUTES[route as usize % ROUTES.len()]);
    let Ok(request) = Request::get(uri.as_str()).body(Body::empty()) else { return };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let response = runtime.block_on(router().clone().oneshot(request)).expect("infallible");
    assert!(response.status().as_u16() < 500, "{uri} gave {}", response.status());
    if !response.status().is_success() {
        let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert_eq!(content_type, "application/problem+json", "{uri}");
    }
});
