use std::io::Write;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use claimgraph::graph::Graph;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// The small fixture graph with known answers.
pub fn memo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/memo")
}

/// The bundled graph-data folder.
pub fn bundled_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("graph-data")
}

pub fn memo() -> Graph {
    Graph::load(&memo_dir()).expect("the memo fixture loads")
}

pub fn bundled() -> Graph {
    Graph::load(&bundled_dir()).expect("the bundled graph loads")
}

/// A graph `claimgraph generate` writes for `params`, in a temporary
/// folder, and the graph loaded from it.
pub fn generated(params: claimgraph::generate::Params) -> (tempfile::TempDir, Graph) {
    let dir = tempfile::tempdir().expect("temp dir");
    claimgraph::generate::generate(&params, dir.path()).expect("generates");
    let graph = Graph::load(dir.path()).unwrap_or_else(|e| panic!("does not validate: {e}"));
    (dir, graph)
}

/// A copy of the memo fixture in a temporary folder, to be broken on purpose.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn of_memo() -> Scratch {
        Scratch::copy_of(&memo_dir())
    }

    /// A copy of any graph-data folder.
    pub fn copy_of(folder: &Path) -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(folder, dir.path());
        Scratch { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(file)).expect("fixture file")
    }

    pub fn write(&self, file: &str, content: &str) {
        std::fs::write(self.dir.path().join(file), content).expect("write fixture file");
    }

    /// Replaces `from` by `to` in `file`, which must contain it.
    pub fn edit(&self, file: &str, from: &str, to: &str) {
        let content = self.read(file);
        assert!(content.contains(from), "{file} does not contain {from:?}");
        self.write(file, &content.replacen(from, to, 1));
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// An answer of the router.
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }
}

/// Sends one request to a fresh router over `graph`.
pub async fn send(graph: Graph, request: Request<Body>) -> Answer {
    send_to(claimgraph::api::app(graph), request).await
}

/// Sends one request to `router`.
pub async fn send_to(router: axum::Router, request: Request<Body>) -> Answer {
    let response = router.oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let content_type = headers
        .get("content-type")
        .map(|v| v.to_str().unwrap_or("").to_string())
        .unwrap_or_default();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Answer {
        status,
        content_type,
        headers,
        body,
    }
}

/// GETs `uri` from the memo fixture's router.
pub async fn get(uri: &str) -> Answer {
    send(
        memo(),
        Request::get(uri).body(Body::empty()).expect("request"),
    )
    .await
}

/// The ids of a JSON array of objects.
pub fn ids(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {items}"))
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_string())
        .collect()
}

/// Whether the external tool a test needs is there (`found`): the one check
/// of every test that runs a tool from outside the crate (Chromium,
/// schemathesis, cargo-fuzz), which begins
/// `if !tool_or_skip(name, found, install) { return; }`.
///
/// A missing tool skips the test: this prints `skipped: <name> not found;
/// <install>` and answers false. The line goes to the process's stderr
/// itself, not through `eprintln!`, which the test harness would capture
/// and hide for a test that passes. When `CLAIMGRAPH_REQUIRE_TOOLS` is set
/// (the README's test command sets it to 1, after `tests/setup.sh` has
/// installed every tool), a missing tool fails the test with the same
/// message instead.
#[track_caller]
pub fn tool_or_skip(name: &str, found: bool, install: &str) -> bool {
    if found {
        return true;
    }
    let message = format!("{name} not found; {install}");
    let required = std::env::var_os("CLAIMGRAPH_REQUIRE_TOOLS")
        .is_some_and(|value| !value.is_empty() && value != "0");
    assert!(
        !required,
        "{message} (CLAIMGRAPH_REQUIRE_TOOLS is set, so a missing tool fails)"
    );
    let _ = writeln!(std::io::stderr(), "skipped: {message}");
    false
}

/// The invented second source: a letter answering the article.
pub fn calder_letter_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/calder-letter")
}

/// A copy of the bundled graph with the invented letter added to it as a
/// second source (its text, record, entity and claims appended), for
/// disagreement across sources; and the graph loaded from it.
pub fn two_sources() -> (Scratch, Graph) {
    let scratch = Scratch::copy_of(&bundled_dir());
    let letter = calder_letter_dir();
    for file in ["sources.json", "entities.json", "claims.json"] {
        let mut records = read_array(&scratch.path().join(file));
        records.extend(read_array(&letter.join(file)));
        let lines: Vec<String> = records.iter().map(Value::to_string).collect();
        scratch.write(file, &format!("[\n{}\n]\n", lines.join(",\n")));
    }
    std::fs::copy(
        letter.join("sources/calder-letter.txt"),
        scratch.path().join("sources/calder-letter.txt"),
    )
    .expect("copy the letter");
    let graph = Graph::load(scratch.path()).unwrap_or_else(|e| panic!("two sources: {e}"));
    (scratch, graph)
}

fn read_array(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).expect("fixture file");
    match serde_json::from_str(&text).expect("fixture JSON") {
        Value::Array(records) => records,
        other => panic!("{} is not an array: {other}", path.display()),
    }
}
