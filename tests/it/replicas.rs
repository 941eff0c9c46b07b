use axum::body::Body;
use axum::http::{Request, StatusCode};
use claimgraph::graph::Graph;

use crate::support::{Answer, Scratch, bundled_dir, send};

/// Requests a load balancer may send to any replica.
const URIS: [&str; 6] = [
    "/health",
    "/api/v1/entities/earl-browder",
    "/api/v1/paths?from=earl-browder&to=leon-trotsky&limit=2",
    "/api/v1/graph?format=turtle",
    "/api/v1/graph?format=gexf",
    "/api/v1/graph?format=jsonld&status=alleged",
];

async fn ask(data: &Scratch, uri: &str, if_none_match: Option<&str>) -> Answer {
    let graph = Graph::load(data.path()).expect("the copy loads");
    let mut request = Request::get(uri);
    if let Some(etag) = if_none_match {
        request = request.header("if-none-match", etag);
    }
    send(graph, request.body(Body::empty()).expect("request")).await
}

fn etag(answer: &Answer) -> String {
    answer.headers["etag"]
        .to_str()
        .expect("ASCII ETag")
        .to_string()
}

#[tokio::test]
async fn replicas_of_the_same_data_in_different_folders_agree_on_version_etags_and_bodies() {
    let (a, b) = (
        Scratch::copy_of(&bundled_dir()),
        Scratch::copy_of(&bundled_dir()),
    );
    assert_ne!(a.path(), b.path());
    let (health_a, health_b) = (
        ask(&a, "/health", None).await.json(),
        ask(&b, "/health", None).await.json(),
    );
    assert_eq!(health_a["version"], health_b["version"]);
    for uri in URIS {
        let (from_a, from_b) = (ask(&a, uri, None).await, ask(&b, uri, None).await);
        assert_eq!(from_a.status, StatusCode::OK, "{uri}");
        assert_eq!(etag(&from_a), etag(&from_b), "{uri}");
        assert!(etag(&from_a).contains(health_a["version"].as_str().expect("version")));
        assert!(from_a.body == from_b.body, "{uri} answers differ");
        // A client that cached an answer from one replica revalidates it on the other.
        let again = ask(&b, uri, Some(&etag(&from_a))).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
    }
}

#[tokio::test]
async fn a_replica_on_changed_data_has_another_version() {
    let (a, b) = (
        Scratch::copy_of(&bundled_dir()),
        Scratch::copy_of(&bundled_dir()),
    );
    b.edit("entities.json", "Earl Browder", "Earl R. Browder");
    let (from_a, from_b) = (
        ask(&a, "/health", None).await,
        ask(&b, "/health", None).await,
    );
    assert_ne!(from_a.json()["version"], from_b.json()["version"]);
    let stale = ask(&b, "/health", Some(&etag(&from_a))).await;
    assert_eq!(stale.status, StatusCode::OK);
}
