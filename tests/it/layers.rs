//! The layering the code map in `src/lib.rs` states, checked against the
//! code's own imports: every `crate::…` path in a module's code (tests
//! left out) names a module of a lower layer, never its own layer's
//! neighbours or one above. A new import that points up fails here, with
//! the file, the line and both layers named.

use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may use the modules of the layers
/// below its own, and nothing else of the crate.
const LAYERS: &[&[&str]] = &[
    &["base"],
    &["model", "text", "typo"],
    &["store", "mentions", "generate"],
    &["names"],
    &["load"],
    &["graph"],
    &["query", "export", "audit"],
    &["render"],
    &["api"],
    &["cli"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate modules a line of code names (`crate::graph::…`, and each
/// of `use crate::{graph, text}`), comments left out.
fn named_modules(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or_default();
    let mut names = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or_default();
            names.extend(group.split(',').map(|n| first_segment(n.trim())));
        } else {
            names.push(first_segment(rest));
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

fn first_segment(path: &str) -> String {
    path.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn every_import_points_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    let mut modules_seen = std::collections::BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let module = first_segment(&relative.to_string_lossy());
        if module == "lib" || module == "main" {
            continue;
        }
        modules_seen.insert(module.clone());
        let Some(own) = layer_of(&module) else {
            wrong.push(format!(
                "{}: module `{module}` is in no layer",
                relative.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("a source file");
        for (n, line) in text.lines().enumerate() {
            if line.starts_with("#[cfg(test)]") {
                break; // The rest of the file is its tests.
            }
            for used in named_modules(line) {
                if used == module {
                    continue;
                }
                match layer_of(&used) {
                    Some(theirs) if theirs < own => {}
                    theirs => wrong.push(format!(
                        "{}:{}: `{module}` (layer {own}) uses `{used}` (layer {theirs:?})",
                        relative.display(),
                        n + 1
                    )),
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that break the layering:\n{}",
        wrong.join("\n")
    );
    let declared: std::collections::BTreeSet<String> = LAYERS
        .iter()
        .flat_map(|l| l.iter().map(|m| m.to_string()))
        .collect();
    assert_eq!(
        modules_seen, declared,
        "the layers name exactly the crate's modules"
    );
}

#[test]
fn the_layer_check_reads_every_form_of_import() {
    assert_eq!(
        named_modules("use crate::graph::{Graph, EntityIx};"),
        ["graph"]
    );
    assert_eq!(
        named_modules("use crate::{mentions, text};"),
        ["mentions", "text"]
    );
    assert_eq!(
        named_modules("    let x = crate::base::hash::hash_str(s); // crate::api"),
        ["base"]
    );
    assert!(named_modules("//! see [`crate::api`]").is_empty());
}

#[test]
fn unsafe_code_is_written_only_in_the_low_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    assert!(
        lib.contains("#![deny(unsafe_code)]"),
        "the crate root denies unsafe code"
    );
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a source file");
        let relative = file.strip_prefix(&src).expect("under src");
        let in_base = relative.starts_with("base");
        let allows = text.contains("allow(unsafe_code)");
        assert!(
            in_base || !allows,
            "{} allows unsafe code outside base/",
            relative.display()
        );
    }
}
