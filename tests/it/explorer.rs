use axum::body::Body;
use axum::http::{Request, StatusCode};

use crate::support::{get, memo, send};

/// The Content-Security-Policy the page must be served with.
const POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

#[tokio::test]
async fn the_page_is_served_with_a_strict_content_security_policy() {
    let page = get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    assert_eq!(page.headers["content-security-policy"], POLICY);
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert_eq!(page.headers["referrer-policy"], "no-referrer");
    let html = page.text();
    assert!(html.contains(r#"<script src="/explorer.js" defer></script>"#));
    assert!(html.contains(r#"<link rel="stylesheet" href="/explorer.css">"#));
}

#[tokio::test]
async fn the_page_has_no_inline_script_or_style_the_policy_would_block() {
    let html = get("/").await.text();
    for (at, _) in html.match_indices("<script") {
        let tag = &html[at..at + html[at..].find('>').expect("tag end")];
        assert!(tag.contains("src="), "inline script: {tag}");
    }
    assert!(!html.contains("<style"), "inline <style>");
    assert!(!html.contains("style="), "inline style attribute");
    assert!(!html.contains("javascript:"), "javascript: URL");
    let handler = html.split(" on").skip(1).find(|rest| {
        let name: String = rest.chars().take_while(char::is_ascii_lowercase).collect();
        !name.is_empty() && rest[name.len()..].starts_with('=')
    });
    assert!(handler.is_none(), "inline event handler: on{handler:?}");
}

#[tokio::test]
async fn the_script_and_stylesheet_are_served_with_their_media_types() {
    let script = get("/explorer.js").await;
    assert_eq!(script.status, StatusCode::OK);
    assert_eq!(script.content_type, "text/javascript; charset=utf-8");
    assert_eq!(script.headers["x-content-type-options"], "nosniff");
    assert!(script.text().contains("Array.from(passage.text)"));
    let style = get("/explorer.css").await;
    assert_eq!(style.status, StatusCode::OK);
    assert_eq!(style.content_type, "text/css; charset=utf-8");
    assert!(style.text().contains(":focus-visible"));
}

#[tokio::test]
async fn assets_are_cached_by_their_own_content_not_the_graph_version() {
    let first = get("/explorer.js").await;
    let etag = first.headers["etag"].to_str().expect("etag").to_string();
    assert!(!etag.contains(memo().version()), "{etag}");
    let ask = |tag: String| {
        Request::get("/explorer.js")
            .header("if-none-match", tag)
            .body(Body::empty())
            .expect("request")
    };
    let again = send(memo(), ask(etag)).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    // The graph's ETag says nothing about the script: a new binary with the
    // same graph must not leave browsers with the old script.
    let graph_tag = format!("W/\"{}\"", memo().version());
    let fresh = send(memo(), ask(graph_tag)).await;
    assert_eq!(fresh.status, StatusCode::OK);
    assert!(!fresh.body.is_empty());
}

#[tokio::test]
async fn the_page_answers_only_get() {
    let request = Request::post("/").body(Body::empty()).expect("request");
    let answer = send(memo(), request).await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(answer.content_type, "application/problem+json");
}
