use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use claimgraph::api::{self, AppState};
use claimgraph::graph::Graph;
use claimgraph::query::ClaimFilter;
use claimgraph::query::paths::{PathParams, k_shortest_paths};

use crate::support::{Answer, Scratch, bundled, get, send_to};

const TOKEN: &str = "s3cret-token";

/// A router over a reloadable copy of the memo fixture, with admin routes.
fn reloadable(scratch: &Scratch) -> axum::Router {
    let graph = Graph::load(scratch.path()).expect("loads");
    api::router(
        AppState::reloadable(graph, scratch.path().to_path_buf()),
        Some(TOKEN.to_string()),
    )
}

async fn call(router: &axum::Router, method: &str, uri: &str, token: Option<&str>) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    send_to(
        router.clone(),
        request.body(Body::empty()).expect("request"),
    )
    .await
}

#[tokio::test]
async fn admin_reload_requires_the_bearer_token() {
    let scratch = Scratch::of_memo();
    let router = reloadable(&scratch);
    for token in [None, Some("wrong"), Some("")] {
        let answer = call(&router, "POST", "/api/v1/admin/reload", token).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(answer.content_type, "application/problem+json");
        assert_eq!(answer.headers["www-authenticate"], "Bearer");
    }
}

#[tokio::test]
async fn admin_routes_do_not_exist_without_a_token() {
    let answer = crate::support::send(
        crate::support::memo(),
        Request::post("/api/v1/admin/reload")
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_valid_change_is_served_after_reload() {
    let scratch = Scratch::of_memo();
    let router = reloadable(&scratch);
    let before = call(&router, "GET", "/health", None).await.json();
    scratch.edit("entities.json", "A city.", "The capital of France.");
    let answer = call(&router, "POST", "/api/v1/admin/reload", Some(TOKEN)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let reloaded = answer.json();
    assert_eq!(reloaded["changed"], true);
    assert_eq!(reloaded["previous_version"], before["version"]);
    let paris = call(&router, "GET", "/api/v1/entities/paris", None)
        .await
        .json();
    assert_eq!(paris["entity"]["description"], "The capital of France.");
    assert_eq!(paris["version"], reloaded["version"]);
    let health = call(&router, "GET", "/health", None).await.json();
    assert_eq!(health["load"]["reloads"], 1);
    assert!(health["load"]["last_reload_error"].is_null());
}

#[tokio::test]
async fn invalid_data_leaves_the_old_graph_serving_and_says_why() {
    let scratch = Scratch::of_memo();
    let router = reloadable(&scratch);
    let version = call(&router, "GET", "/health", None).await.json()["version"].clone();
    scratch.edit(
        "claims.json",
        "Dave Diaz wrote for l’Écho",
        "Dave Diaz wrote for l’Echo",
    );
    scratch.edit("entities.json", "A city.", "A town.");
    let answer = call(&router, "POST", "/api/v1/admin/reload", Some(TOKEN)).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = answer.json();
    let problems = problem["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .as_str()
            .expect("text")
            .contains("claim dave-wrote-for-echo: quote not found verbatim")
    );
    // The old graph, whole: not the new description, not a mix.
    let paris = call(&router, "GET", "/api/v1/entities/paris", None)
        .await
        .json();
    assert_eq!(paris["entity"]["description"], "A city.");
    let health = call(&router, "GET", "/health", None).await.json();
    assert_eq!(health["version"], version);
    assert_eq!(
        health["load"]["last_reload_error"]["problems"][0],
        problems[0]
    );
}

#[tokio::test]
async fn over_long_query_strings_are_414() {
    let long = "a".repeat(9000);
    let answer = get(&format!("/api/v1/entities?q={long}")).await;
    assert_eq!(answer.status, StatusCode::URI_TOO_LONG);
    assert_eq!(answer.content_type, "application/problem+json");
    let value = get(&format!("/api/v1/entities?q={}", "a".repeat(600))).await;
    assert_eq!(value.status, StatusCode::BAD_REQUEST);
    assert_eq!(value.json()["parameter"], "q");
}

/// Every operation that documents a query parameter documents a 414 and
/// answers one to a query string past the limit; the others ignore it.
#[tokio::test]
async fn every_operation_reading_a_query_documents_and_answers_its_414() {
    let doc = get("/api/v1/openapi.json").await.json();
    let long = "a".repeat(9000);
    let mut answered = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let Some(operation) = item.get("get") else {
            continue;
        };
        let parameters = operation["parameters"].as_array();
        let reads_query = parameters.is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
        let documented = operation["responses"].get("414").is_some();
        assert_eq!(documented, reads_query, "{path}");
        let id = if path.starts_with("/api/v1/claims") {
            "alice-at-meeting"
        } else if path.starts_with("/api/v1/sources") {
            "memo"
        } else {
            "alice"
        };
        let answer = get(&format!("{}?q={long}", path.replace("{id}", id))).await;
        assert_eq!(
            answer.status == StatusCode::URI_TOO_LONG,
            reads_query,
            "{path}"
        );
        if reads_query {
            assert_eq!(answer.content_type, "application/problem+json", "{path}");
            answered += 1;
        }
    }
    assert!(answered >= 10, "{answered} operations answered 414");
}

#[test]
fn path_search_stops_at_its_work_budget_and_says_so() {
    let graph = bundled();
    let (from, to) = (
        graph.entity_ix("earl-browder").expect("browder"),
        graph.entity_ix("lazaro-cardenas").expect("cardenas"),
    );
    let params = |work_budget| PathParams {
        max_length: 8,
        limit: 20,
        filter: ClaimFilter::default(),
        avoid: vec![],
        work_budget,
    };
    let ample = k_shortest_paths(&graph, from, to, &params(1_000_000));
    assert!(!ample.truncated);
    assert_eq!(ample.paths.len(), 20);
    let cut = k_shortest_paths(&graph, from, to, &params(50));
    assert!(cut.truncated);
    assert!(cut.paths.len() < ample.paths.len());
    // What it did find is still right: the same shortest paths, in the same order.
    assert_eq!(cut.paths[..], ample.paths[..cut.paths.len()]);
}

/// The real binary: SIGHUP with broken data keeps the old graph and explains
/// why; SIGTERM drains and exits 0.
#[test]
fn sighup_with_broken_data_keeps_serving_and_sigterm_exits_cleanly() {
    let scratch = Scratch::of_memo();
    let (mut child, addr) = serve(&scratch);
    let health = || crate::server::http_get(addr.parse().expect("addr"), "/health");
    let version = health().1["version"].clone();

    scratch.edit(
        "claims.json",
        r#""status": "alleged""#,
        r#""status": "maybe""#,
    );
    signal(child.id(), "HUP");
    let explained = (0..100).find_map(|_| {
        std::thread::sleep(Duration::from_millis(50));
        let body = health().1;
        (!body["load"]["last_reload_error"].is_null()).then_some(body)
    });
    let body = explained.expect("the reload error shows in /health");
    assert_eq!(body["version"], version, "the old graph is still served");
    let problem = body["load"]["last_reload_error"]["problems"][0]
        .as_str()
        .expect("problem");
    assert!(
        problem.contains("claim bob-paid-dave: unknown variant `maybe`"),
        "{problem}"
    );

    signal(child.id(), "TERM");
    let status = (0..100)
        .find_map(|_| {
            std::thread::sleep(Duration::from_millis(50));
            child.try_wait().expect("wait")
        })
        .expect("exits after SIGTERM");
    assert!(status.success(), "{status}");
}

/// The real binary: once serving, it searches the sources for the
/// entities' names by itself, without waiting for an entity to be asked for.
#[test]
fn the_server_indexes_mentions_beside_serving() {
    let scratch = Scratch::of_memo();
    let (mut child, addr) = serve(&scratch);
    let indexed = (0..100).any(|_| {
        let health = crate::server::http_get(addr.parse().expect("addr"), "/health").1;
        assert!(["indexing", "ready"].contains(&health["mentions"].as_str().expect("mentions")));
        std::thread::sleep(Duration::from_millis(50));
        health["mentions"] == "ready"
    });
    let _ = child.kill();
    let _ = child.wait();
    assert!(indexed, "/health never said the mentions were ready");
}

/// Starts the real binary serving `data` on a free port, and waits until it
/// accepts connections.
fn serve(data: &Scratch) -> (std::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port();
    let addr = format!("127.0.0.1:{port}");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_claimgraph"))
        .args([
            "serve",
            "--data",
            data.path().to_str().expect("path"),
            "--addr",
            &addr,
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starts");
    let up = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        std::net::TcpStream::connect(&addr).is_ok()
    });
    assert!(up, "the server did not start");
    (child, addr)
}

fn signal(pid: u32, name: &str) {
    let sent = std::process::Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
}
