//! Tools from outside the crate hold the service to its contract:
//! schemathesis against the server's own OpenAPI document, and short seeded
//! libFuzzer runs of the loader and the query parser. Both are installed by
//! `tests/setup.sh`. A test skips, saying how to install it, when its tool
//! is missing; it fails instead under the README's test command, which runs
//! that script first (see `support::tool_or_skip`).

use std::path::Path;
use std::process::Command;

use claimgraph::api::{self, AppState};

use crate::support::{bundled, bundled_dir, tool_or_skip};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// schemathesis as a missing tool is named, and how to get it.
const SCHEMATHESIS_NAME: &str = "schemathesis (target/tools/venv/bin/schemathesis)";
const SCHEMATHESIS_INSTALL: &str = "run tests/setup.sh or `python3 -m venv target/tools/venv && target/tools/venv/bin/pip install schemathesis`";
/// cargo-fuzz as a missing tool is named, and how to get it.
const CARGO_FUZZ_NAME: &str = "cargo-fuzz (`cargo fuzz`)";
const CARGO_FUZZ_INSTALL: &str = "run tests/setup.sh or `cargo install --locked cargo-fuzz`";

/// Whether `cargo fuzz` runs.
fn cargo_fuzz_found() -> bool {
    Command::new(env!("CARGO"))
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|output| output.status.success())
}

#[test]
fn schemathesis_finds_no_5xx_no_schema_violation_and_no_undocumented_status() {
    let schemathesis = manifest_dir().join("target/tools/venv/bin/schemathesis");
    if !tool_or_skip(
        SCHEMATHESIS_NAME,
        schemathesis.is_file(),
        SCHEMATHESIS_INSTALL,
    ) {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    // With an admin token, so that the admin route exists and must answer 401.
    let state = AppState::reloadable(bundled(), bundled_dir());
    runtime.spawn(
        axum::serve(
            listener,
            api::router(state, Some("conformance-token".into())),
        )
        .into_future(),
    );
    let reports = tempfile::tempdir().expect("tmp");
    let output = Command::new(schemathesis)
        .args(["run", &format!("http://{addr}/api/v1/openapi.json")])
        .args(["--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,missing_required_header,unsupported_method"])
        .args(["--max-examples", "40", "--seed", "1", "--no-color"])
        .arg("--report-dir")
        .arg(reports.path())
        .env("SCHEMATHESIS_HOOKS", "")
        .output()
        .expect("schemathesis runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "schemathesis failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("passed"), "{stdout}");
}

/// Runs one fuzz target for a few seconds from its seed corpus, unless
/// cargo-fuzz is missing.
fn fuzz(target: &str) {
    if !tool_or_skip(CARGO_FUZZ_NAME, cargo_fuzz_found(), CARGO_FUZZ_INSTALL) {
        return;
    }
    let corpus = tempfile::tempdir().expect("tmp");
    let seeds = manifest_dir().join("tests/fuzz/corpus").join(target);
    let output = Command::new(env!("CARGO"))
        .current_dir(manifest_dir())
        .args([
            "fuzz",
            "run",
            target,
            "--fuzz-dir",
            "tests/fuzz",
            "--sanitizer",
            "none",
        ])
        .arg(corpus.path())
        .arg(&seeds)
        .args(["--", "-max_total_time=8", "-seed=1", "-rss_limit_mb=4096"])
        .output()
        .expect("cargo fuzz runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "fuzz target {target} failed:\n{}",
        &stderr[stderr.len().saturating_sub(4000)..]
    );
    assert!(stderr.contains("Done "), "{stderr}");
}

#[test]
fn fuzzing_the_loader_finds_no_crash() {
    fuzz("load");
}

#[test]
fn fuzzing_query_parameters_finds_no_crash() {
    fuzz("query");
}
