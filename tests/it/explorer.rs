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
    assert!(html.contains(r#"<script type="module" src="/explorer.js"></script>"#));
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
    assert!(
        script
            .text()
            .contains("import { sourceView } from './explorer/source.js';")
    );
    let source = get("/explorer/source.js").await;
    assert_eq!(source.status, StatusCode::OK);
    assert_eq!(source.content_type, "text/javascript; charset=utf-8");
    assert!(source.text().contains("Array.from(passage.text)"));
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

/// The modules `/explorer.js` and the others import, by the path they are
/// served at: `./explorer/x.js` from the script, `./x.js` from a module.
fn imports(script: &str, from_module: bool) -> Vec<String> {
    script
        .lines()
        .filter_map(|line| line.trim().strip_prefix("import "))
        .filter_map(|rest| {
            rest.split_once(" from '")?
                .1
                .split_once('\'')
                .map(|(p, _)| p)
        })
        .map(|path| match from_module {
            true => format!("/explorer/{}", path.trim_start_matches("./")),
            false => format!("/{}", path.trim_start_matches("./")),
        })
        .collect()
}

#[tokio::test]
async fn every_module_the_page_preloads_or_a_script_imports_is_served() {
    let html = get("/").await.text();
    let preloaded: Vec<&str> = html
        .split(r#"<link rel="modulepreload" href=""#)
        .skip(1)
        .map(|rest| &rest[..rest.find('"').expect("href end")])
        .collect();
    let entry = get("/explorer.js").await.text();
    let mut wanted: Vec<String> = imports(&entry, false);
    assert_eq!(wanted.len(), 6, "{wanted:?}");
    for module in &wanted {
        assert!(
            preloaded.contains(&module.as_str()),
            "{module} is not preloaded"
        );
    }
    let mut seen = Vec::new();
    while let Some(module) = wanted.pop() {
        if seen.contains(&module) {
            continue;
        }
        let answer = get(&module).await;
        assert_eq!(answer.status, StatusCode::OK, "{module}");
        assert_eq!(answer.content_type, "text/javascript; charset=utf-8");
        assert_eq!(answer.headers["content-security-policy"], POLICY);
        assert_eq!(answer.headers["x-content-type-options"], "nosniff");
        let text = answer.text();
        // Each module says why it exists, and none grows past reading.
        assert!(text.starts_with("// "), "{module} does not say what it is");
        assert!(text.lines().count() < 450, "{module} is too long to read");
        wanted.extend(imports(&text, true));
        seen.push(module);
    }
    assert_eq!(seen.len(), 6, "{seen:?}");
}

#[tokio::test]
async fn a_module_is_cached_by_its_content_and_an_unknown_one_is_a_problem() {
    let first = get("/explorer/core.js").await;
    let etag = first.headers["etag"].to_str().expect("etag").to_string();
    let other = get("/explorer/views.js").await.headers["etag"].clone();
    assert_ne!(etag, other, "each module has its own ETag");
    let again = send(
        memo(),
        Request::get("/explorer/core.js")
            .header("if-none-match", etag)
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    for missing in [
        "/explorer/nope.js",
        "/explorer/..%2Fexplorer.js",
        "/explorer/",
    ] {
        let answer = get(missing).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{missing}");
        assert_eq!(answer.content_type, "application/problem+json", "{missing}");
    }
}

#[tokio::test]
async fn the_script_shows_disagreement() {
    let module = get("/explorer/disagreement.js").await.text();
    for piece in [
        "/api/v1/relations?a=",
        "responseItem",
        "`‘${first.quote}’`",
        "It ${label(claim.predicate)} the claim",
    ] {
        assert!(module.contains(piece), "disagreement.js lacks {piece}");
    }
    let pieces = get("/explorer/pieces.js").await.text();
    assert!(pieces.contains("'⚠ contested'"));
    assert!(pieces.contains("name: 'contested'"));
    let views = get("/explorer/views.js").await.text();
    assert!(views.contains("edge.disputed_by"));
    let style = get("/explorer.css").await.text();
    assert!(style.contains(".contested-badge"));
    assert!(style.contains(".relation-groups"));
}
