//! Readers hammer the server over TCP while the data folder is swapped
//! between two valid versions and an invalid one: every answer is a 200
//! consistent with one whole valid version.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use claimgraph::api::{self, AppState};
use claimgraph::graph::Graph;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use crate::support::Scratch;

const READERS: usize = 8;
const RUN_FOR: Duration = Duration::from_secs(3);

/// Points `link` at `target`, atomically (a rename over the old link).
fn swap_link(link: &Path, target: &Path) {
    let tmp = link.with_extension("new");
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(target, &tmp).expect("symlink");
    std::fs::rename(&tmp, link).expect("rename");
}

#[test]
fn readers_never_see_an_error_or_a_mix_while_the_data_is_swapped() {
    let (a, b, broken) = (Scratch::of_memo(), Scratch::of_memo(), Scratch::of_memo());
    b.edit("entities.json", "A city.", "The capital of France.");
    broken.edit(
        "claims.json",
        "Dave Diaz wrote for l’Écho",
        "Dave Diaz wrote for l’Echo",
    );
    // What each valid version answers.
    let description: HashMap<String, &str> = HashMap::from([
        (
            Graph::load(a.path()).expect("a").version().to_string(),
            "A city.",
        ),
        (
            Graph::load(b.path()).expect("b").version().to_string(),
            "The capital of France.",
        ),
    ]);
    let root = tempfile::tempdir().expect("tmp");
    let data = root.path().join("data");
    swap_link(&data, a.path());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let state = AppState::reloadable(Graph::load(&data).expect("loads"), data.clone());
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    runtime.spawn(axum::serve(listener, api::router(state.clone(), None)).into_future());

    let (requests, failures, reloads, rejected) = (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    let stop = Arc::new(AtomicBool::new(false));
    let description = Arc::new(description);
    let readers: Vec<_> = (0..READERS)
        .map(|_| {
            let (requests, failures, stop, description) = (
                requests.clone(),
                failures.clone(),
                stop.clone(),
                description.clone(),
            );
            runtime.spawn(async move {
                let client: Client<_, Empty<Bytes>> =
                    Client::builder(TokioExecutor::new()).build_http();
                let uri: hyper::Uri = format!("http://{addr}/api/v1/entities/paris")
                    .parse()
                    .expect("uri");
                while !stop.load(Ordering::Relaxed) {
                    requests.fetch_add(1, Ordering::Relaxed);
                    let consistent = match client.get(uri.clone()).await {
                        Ok(response) if response.status() == 200 => {
                            let body = response
                                .into_body()
                                .collect()
                                .await
                                .map(|b| b.to_bytes())
                                .unwrap_or_default();
                            let json: serde_json::Value =
                                serde_json::from_slice(&body).unwrap_or_default();
                            let version = json["version"].as_str().unwrap_or_default();
                            description
                                .get(version)
                                .is_some_and(|d| json["entity"]["description"] == *d)
                        }
                        _ => false,
                    };
                    if !consistent {
                        failures.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();

    let reloader = state.reloader.clone().expect("reloadable");
    let started = Instant::now();
    let versions = [a.path(), broken.path(), b.path()];
    let mut i = 0;
    while started.elapsed() < RUN_FOR {
        swap_link(&data, versions[i % 3]);
        match runtime.block_on(reloader.reload(&state)) {
            Ok(_) => reloads.fetch_add(1, Ordering::Relaxed),
            Err(_) => rejected.fetch_add(1, Ordering::Relaxed),
        };
        i += 1;
    }
    stop.store(true, Ordering::Relaxed);
    for reader in readers {
        runtime.block_on(reader).expect("reader");
    }
    let (requests, failures) = (
        requests.load(Ordering::Relaxed),
        failures.load(Ordering::Relaxed),
    );
    let (reloads, rejected) = (
        reloads.load(Ordering::Relaxed),
        rejected.load(Ordering::Relaxed),
    );
    println!(
        "load-and-reload: {requests} requests, {reloads} reloads, {rejected} rejected reloads, {failures} errors"
    );
    assert_eq!(
        failures, 0,
        "{failures} of {requests} answers were errors or inconsistent"
    );
    assert!(
        requests > 100 && reloads > 10 && rejected > 5,
        "{requests} requests, {reloads} reloads, {rejected} rejected"
    );
}
