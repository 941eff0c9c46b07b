use std::process::Command;

use crate::support::{Scratch, memo_dir};

fn claimgraph(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_claimgraph"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn validate_prints_counts_by_type_predicate_and_status() {
    let (code, out, _) = claimgraph(&["validate", memo_dir().to_str().expect("path")]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("ok: 1 sources, 8 entities, 6 predicates, 7 claims"),
        "{out}"
    );
    assert!(out.contains("  person                   5\n"), "{out}");
    assert!(out.contains("  alleged                  1\n"), "{out}");
    assert!(out.contains("  present-at               2\n"), "{out}");
}

#[test]
fn validate_lists_every_problem_and_exits_1() {
    let scratch = Scratch::of_memo();
    scratch.edit(
        "claims.json",
        "Dave Diaz wrote for l’Écho",
        "Dave Diaz wrote far l’Écho",
    );
    scratch.edit(
        "claims.json",
        r#""status": "alleged""#,
        r#""status": "maybe""#,
    );
    let (code, out, err) = claimgraph(&["validate", scratch.path().to_str().expect("path")]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("2 problem(s)"), "{err}");
    assert!(
        err.contains("claims.json:10: claim dave-wrote-for-echo: quote not found verbatim"),
        "{err}"
    );
    assert!(
        err.contains("closest passage at 123: “Dave Diaz wrote for l’Écho”"),
        "{err}"
    );
    assert!(
        err.contains("claims.json:8: claim bob-paid-dave: unknown variant `maybe`"),
        "{err}"
    );
}

#[test]
fn validate_on_the_bundled_graph_passes() {
    let (code, out, err) = claimgraph(&["validate", "graph-data"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("ok: 1 sources,"));
}

#[test]
fn changing_one_letter_of_a_bundled_quote_names_the_claim_and_the_passage() {
    let scratch = tempfile::tempdir().expect("tmp");
    let bundled = crate::support::bundled_dir();
    for sub in ["", "sources"] {
        std::fs::create_dir_all(scratch.path().join(sub)).expect("mkdir");
    }
    for file in [
        "sources.json",
        "entities.json",
        "predicates.json",
        "claims.json",
        "sources/stalins-guilt.txt",
    ] {
        std::fs::copy(bundled.join(file), scratch.path().join(file)).expect("copy");
    }
    let claims = std::fs::read_to_string(scratch.path().join("claims.json")).expect("claims");
    let broken = claims.replacen(
        "Earl Browder and Jack Stachel participated",
        "Earl Browder and Jack Stachel participeted",
        1,
    );
    assert_ne!(
        claims, broken,
        "the bundled graph cites Browder's participation"
    );
    std::fs::write(scratch.path().join("claims.json"), broken).expect("write");
    let (code, _, err) = claimgraph(&["validate", scratch.path().to_str().expect("path")]);
    assert_eq!(code, 1);
    assert!(err.contains("participeted"), "{err}");
    assert!(err.contains("closest passage at"), "{err}");
    assert!(
        err.contains("Earl Browder and Jack Stachel participated"),
        "{err}"
    );
}

#[test]
fn export_json_writes_the_canonical_document() {
    let (code, out, _) = claimgraph(&[
        "export",
        "--format",
        "json",
        "--data",
        memo_dir().to_str().expect("path"),
    ]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["claims"].as_array().expect("claims").len(), 7);
    assert_eq!(doc["claims"][0]["citations"][0]["start"], 17);
}

#[test]
fn export_turtle_writes_the_file_given_by_out() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("memo.ttl");
    let (code, out, err) = claimgraph(&[
        "export",
        "--format",
        "turtle",
        "--data",
        memo_dir().to_str().expect("path"),
        "--out",
        file.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "{out}");
    let ttl = std::fs::read_to_string(&file).expect("the file is written");
    assert!(
        ttl.contains("claim:bob-paid-dave a rdf:Statement , cg:Claim ;"),
        "{ttl}"
    );
    assert!(ttl.contains("prov:wasAttributedTo entity:carol ;"), "{ttl}");
}

#[test]
fn audit_lists_unnamed_spans_and_unclaimed_entities() {
    let (code, out, _) = claimgraph(&["audit", memo_dir().to_str().expect("path")]);
    assert_eq!(code, 0);
    // "Nora Note" is named; "It" opens a sentence and is a common word; nothing else is capitalized.
    assert!(
        out.starts_with("0 name-like span(s) match no entity; 0 entit(ies) appear in no claim"),
        "{out}"
    );
    let scratch = Scratch::of_memo();
    scratch.edit("entities.json", r#""name": "Paris""#, r#""name": "Lyon""#);
    let (_, out, _) = claimgraph(&["audit", scratch.path().to_str().expect("path")]);
    assert!(out.contains("memo 47..52: Paris"), "{out}");
}

#[test]
fn generate_writes_a_folder_that_validates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().to_str().expect("path");
    let (code, stdout, err) =
        claimgraph(&["generate", "--size", "tiny", "--seed", "5", "--out", out]);
    assert_eq!(code, 0, "{err}");
    assert!(
        stdout.starts_with("wrote 10 sources, 200 entities, 10 predicates, 1000 claims"),
        "{stdout}"
    );
    let (code, stdout, _) = claimgraph(&["validate", out]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("ok: 10 sources, 200 entities"),
        "{stdout}"
    );
}

#[test]
fn generate_without_a_size_or_counts_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, _, err) = claimgraph(&["generate", "--out", dir.path().to_str().expect("path")]);
    assert_eq!(code, 2);
    assert!(err.contains("--size"), "{err}");
}
