use std::io::{Read, Write};
use std::net::TcpStream;

use serde_json::Value;

use crate::support::bundled;

/// A GET over a real socket, HTTP/1.1 with `Connection: close`.
pub fn http_get(addr: std::net::SocketAddr, path: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("read");
    let (head, body) = raw.split_once("\r\n\r\n").expect("head and body");
    let status = head[9..12].parse().expect("status");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

#[test]
fn the_real_server_answers_the_path_from_browder_to_trotsky_with_quotes() {
    let graph = bundled();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let text = graph.source("stalins-guilt").expect("source").text.clone();
    runtime.spawn(async move { axum::serve(listener, claimgraph::api::app(graph)).await });

    let (status, health) = http_get(addr, "/health");
    assert_eq!(status, 200);
    assert_eq!(health["status"], "ok");

    let (status, body) = http_get(addr, "/api/v1/paths?from=earl-browder&to=leon-trotsky");
    assert_eq!(status, 200);
    let paths = body["paths"].as_array().expect("paths");
    assert!(!paths.is_empty(), "no path from Browder to Trotsky");
    let chars: Vec<char> = text.chars().collect();
    for path in paths {
        for hop in path["edges"].as_array().expect("edges") {
            assert!(
                ["asserted", "alleged", "suspected"]
                    .contains(&hop["status"].as_str().expect("status"))
            );
            assert!(hop["claimed_by"].is_string());
            let cite = &hop["citations"][0];
            let (start, end) = (
                cite["start"].as_u64().expect("start") as usize,
                cite["end"].as_u64().expect("end") as usize,
            );
            assert_eq!(
                chars[start..end].iter().collect::<String>(),
                cite["quote"].as_str().expect("quote")
            );
        }
    }
    let first_hop = &paths[0]["edges"][0];
    assert_eq!(
        first_hop["status"], "alleged",
        "Browder's link to the plot rests on Budenz's testimony"
    );
    assert_eq!(first_hop["claimed_by"], "louis-budenz");

    let (status, problem) = http_get(addr, "/api/v1/entities/louis-budenz/neighborhood?depth=99");
    assert_eq!(status, 400);
    assert_eq!(problem["parameter"], "depth");
}
