//! Every curl example in api-docs/README.md gives the answer printed under
//! it, on the bundled graph. `UPDATE_API_DOCS=1 cargo test api_docs`
//! rewrites the answers from the live router; review the diff before
//! committing it.

use axum::body::Body;
use axum::http::Request;

use claimgraph::api::{self, AppState};

use crate::support::{bundled, send_to};

const ADMIN_TOKEN: &str = "docs-token";

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/api-docs/README.md");
const HOST: &str = "http://127.0.0.1:8080";

/// One example: the curl line's path, how much of the answer is shown, and
/// where its answer block sits in the file.
struct Example {
    method: String,
    headers: Vec<(String, String)>,
    path: String,
    head: Option<Head>,
    answer: std::ops::Range<usize>,
    json: bool,
}

#[derive(Clone)]
enum Head {
    Bytes(usize),
    Lines(usize),
    /// `grep -m 1 -A n 'pattern'`: the first line holding the pattern and
    /// the `n` lines after it.
    After(usize, String),
}

fn examples(doc: &str) -> Vec<Example> {
    let mut found = Vec::new();
    let lines: Vec<&str> = doc.split_inclusive('\n').collect();
    let starts: Vec<usize> = lines
        .iter()
        .scan(0, |at, l| {
            let start = *at;
            *at += l.len();
            Some(start)
        })
        .collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if let Some(rest) = line.strip_prefix("curl ").filter(|_| line.contains(HOST)) {
            let url_start = rest.find(HOST).expect("host") + HOST.len();
            let url_end = rest[url_start..]
                .find('\'')
                .map_or(rest.len(), |e| url_start + e);
            let path = rest[url_start..url_end].to_string();
            let head = rest.split_once("| head -").map(|(_, h)| {
                let n: usize = h[1..].trim().parse().expect("head count");
                if h.starts_with('c') {
                    Head::Bytes(n)
                } else {
                    Head::Lines(n)
                }
            });
            let head = head.or_else(|| {
                let (_, g) = rest.split_once("| grep -m 1 -A ")?;
                let (n, pattern) = g.split_once(' ')?;
                let pattern = pattern.trim().trim_matches('\'');
                Some(Head::After(
                    n.parse().expect("grep count"),
                    pattern.to_string(),
                ))
            });
            // The answer is the next fenced block after the one holding the curl line.
            let mut j = i + 1;
            while !lines[j].starts_with("```") {
                j += 1;
            }
            j += 1;
            while !lines[j].starts_with("```") {
                j += 1;
            }
            let json = lines[j].trim() == "```json";
            let body_start = j + 1;
            let mut k = body_start;
            while !lines[k].starts_with("```") {
                k += 1;
            }
            let method = rest
                .split_once("-X ")
                .map_or("GET", |(_, m)| m.split_whitespace().next().unwrap_or("GET"))
                .to_string();
            let headers = rest
                .split("-H '")
                .skip(1)
                .filter_map(|h| h.split_once('\'').and_then(|(h, _)| h.split_once(": ")))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            found.push(Example {
                method,
                headers,
                path,
                head,
                answer: starts[body_start]..starts[k],
                json,
            });
            i = k;
        }
        i += 1;
    }
    found
}

/// The answer as the docs show it.
async fn shown(example: &Example) -> String {
    let (head, json) = (example.head.clone(), example.json);
    let mut request = Request::builder()
        .method(example.method.as_str())
        .uri(&example.path);
    for (name, value) in &example.headers {
        request = request.header(name, value);
    }
    let request = request.body(Body::empty()).expect("request");
    // As served with CLAIMGRAPH_ADMIN_TOKEN set, so the admin route exists,
    // and after the first milliseconds, once the mentions are indexed.
    let graph = bundled();
    graph.index_mentions();
    let router = api::router(AppState::new(graph), Some(ADMIN_TOKEN.to_string()));
    let answer = send_to(router, request).await;
    let text = answer.text();
    let text = if json && head.is_none() {
        serde_json::to_string_pretty(&answer.json()).expect("pretty")
    } else {
        text
    };
    let cut = match head {
        None => text,
        Some(Head::Bytes(n)) => {
            String::from_utf8_lossy(&text.as_bytes()[..n.min(text.len())]).into_owned()
        }
        Some(Head::Lines(n)) => text.split_inclusive('\n').take(n).collect(),
        Some(Head::After(n, pattern)) => text
            .split_inclusive('\n')
            .skip_while(|l| !l.contains(&pattern))
            .take(n + 1)
            .collect(),
    };
    let mut cut = cut.trim_end_matches('\n').to_string();
    cut.push('\n');
    cut
}

#[tokio::test]
async fn every_curl_example_gives_its_documented_answer() {
    let doc = std::fs::read_to_string(DOCS).expect("api-docs/README.md");
    let found = examples(&doc);
    assert!(found.len() >= 13, "only {} examples", found.len());
    let update = std::env::var_os("UPDATE_API_DOCS").is_some();
    let mut rewritten = doc.clone();
    let mut stale = Vec::new();
    for example in found.iter().rev() {
        let actual = shown(example).await;
        let documented = &doc[example.answer.clone()];
        let same = if example.json && example.head.is_none() {
            serde_json::from_str::<serde_json::Value>(documented).ok()
                == serde_json::from_str::<serde_json::Value>(&actual).ok()
        } else {
            documented.trim_end() == actual.trim_end()
        };
        if !same {
            stale.push(example.path.clone());
            rewritten.replace_range(example.answer.clone(), &actual);
        }
    }
    if update {
        std::fs::write(DOCS, rewritten).expect("write api-docs/README.md");
    } else {
        assert!(
            stale.is_empty(),
            "api-docs/README.md shows stale answers for {stale:?}; regenerate with \
             `UPDATE_API_DOCS=1 cargo test api_docs` and review the diff"
        );
    }
}
