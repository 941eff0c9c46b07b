use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use claimgraph::graph::Graph;
use claimgraph::model::{Claim, Stance};

use crate::support::{Scratch, bundled, bundled_dir, memo, memo_dir};

/// Runs `claimgraph export --format neo4j --out <tmp>` on `data`.
fn export(data: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("tmp");
    let run = Command::new(env!("CARGO_BIN_EXE_claimgraph"))
        .args(["export", "--format", "neo4j", "--data"])
        .arg(data)
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// A CSV file read back with the csv crate: its header and its rows.
fn read(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("record").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// Whether a header field is one neo4j-admin understands: `name`,
/// `name:type`, `name:type[]`, or one of the special fields, with an
/// optional id space.
fn neo4j_field(field: &str) -> bool {
    const TYPES: [&str; 10] = [
        "int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "date",
    ];
    let (name, kind) = field.split_once(':').unwrap_or((field, "string"));
    let bare = kind.split('(').next().unwrap_or(kind);
    let special = ["ID", "LABEL", "START_ID", "END_ID", "TYPE", "IGNORE"].contains(&bare);
    let id_space_ok = match kind.split_once('(') {
        Some((_, rest)) => rest.ends_with(')') && rest.len() > 1,
        None => true,
    };
    let typed = TYPES.contains(&kind.trim_end_matches("[]"));
    (special && id_space_ok && (bare == "ID" || name.is_empty())) || (!name.is_empty() && typed)
}

/// The import script, its array delimiter and the files it imports.
struct Script {
    text: String,
    delimiter: String,
    nodes: Vec<String>,
    relationships: Vec<String>,
}

fn script(dir: &Path) -> Script {
    let text = std::fs::read_to_string(dir.join("import.sh")).expect("import.sh");
    let delimiter = text
        .split("--array-delimiter='")
        .nth(1)
        .and_then(|rest| rest.chars().next())
        .expect("an array delimiter")
        .to_string();
    let files = |flag: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| l.trim().strip_prefix(flag))
            .map(|l| l.trim_end_matches(" \\").to_string())
            .collect()
    };
    Script {
        nodes: files("--nodes="),
        relationships: files("--relationships="),
        delimiter,
        text,
    }
}

fn split(value: &str, delimiter: &str) -> Vec<String> {
    if value.is_empty() {
        Vec::new()
    } else {
        value.split(delimiter).map(String::from).collect()
    }
}

/// Reads an export back and checks it holds exactly `graph`.
#[track_caller]
fn check_export(dir: &Path, graph: &Graph) {
    let script = script(dir);
    assert!(
        script
            .text
            .contains("neo4j-admin database import full \\\n"),
        "{}",
        script.text
    );
    let mut written: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    written.sort();
    let mut imported: Vec<String> = script
        .nodes
        .iter()
        .chain(&script.relationships)
        .cloned()
        .collect();
    imported.sort();
    assert_eq!(
        imported, written,
        "import.sh imports every CSV file and no other"
    );
    let d = script.delimiter.as_str();

    let mut entities: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut claim_nodes: Vec<String> = Vec::new();
    for file in &script.nodes {
        let (header, rows) = read(&dir.join(file));
        assert!(header.iter().all(|f| neo4j_field(f)), "{file}: {header:?}");
        if file == "nodes-claim.csv" {
            assert_eq!(
                header,
                [
                    "id:ID(Claim)",
                    ":LABEL",
                    "text",
                    "subject",
                    "predicate",
                    "object",
                    "status",
                    "claimed_by"
                ]
            );
            for row in rows {
                let c = graph.claim(&row[0]).expect("a claim node is a claim");
                assert_eq!(row[1], "Claim");
                assert_eq!((&row[3], &row[5]), (&c.subject, &c.object));
                claim_nodes.push(row[0].clone());
            }
            continue;
        }
        if file == "nodes-source.csv" {
            assert_eq!(
                header,
                [
                    "id:ID(Source)",
                    ":LABEL",
                    "title",
                    "author",
                    "date",
                    "published_in",
                    "online_version",
                    "note"
                ]
            );
            let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
            let expected: Vec<&str> = graph
                .sources()
                .iter()
                .map(|s| s.source.record.id.as_str())
                .collect();
            assert_eq!(ids, expected);
            continue;
        }
        assert_eq!(
            header,
            [
                "id:ID(Entity)",
                ":LABEL",
                "name",
                "aliases:string[]",
                "description",
                "date",
                "note"
            ],
            "{file}"
        );
        for row in rows {
            assert!(
                entities.insert(row[0].clone(), row).is_none(),
                "an entity twice"
            );
        }
    }
    assert_eq!(entities.len(), graph.entities().len());
    for e in graph.entities() {
        let row = &entities[e.id];
        let label = claimgraph::export::neo4j::label(e.kind);
        assert_eq!(split(&row[1], d), ["Entity", label], "{}", e.id);
        assert_eq!(row[2], e.name);
        assert_eq!(
            split(&row[3], d),
            e.aliases.iter().collect::<Vec<_>>(),
            "{}",
            e.id
        );
        assert_eq!(row[4], e.description);
        assert_eq!(row[5], e.date.unwrap_or_default());
        assert_eq!(row[6], e.note.unwrap_or_default());
    }

    let about_claims = |c: &Claim| {
        graph
            .predicate(&c.predicate)
            .expect("predicate")
            .is_about_claims()
    };
    let mut relationships = vec!["relationships-claims.csv"];
    if graph.response_count() > 0 {
        relationships.push("relationships-responses.csv");
    }
    assert_eq!(script.relationships, relationships);
    let (header, rows) = read(&dir.join("relationships-claims.csv"));
    assert!(header.iter().all(|f| neo4j_field(f)), "{header:?}");
    let mut expected_header = CLAIM_COLUMNS.to_vec();
    expected_header.insert(0, ":START_ID(Entity)");
    expected_header.insert(1, ":END_ID(Entity)");
    assert_eq!(header, expected_header);
    let claims: Vec<Claim> = graph.claims().filter(|c| !about_claims(c)).collect();
    assert_eq!(rows.len(), claims.len());
    for (row, c) in rows.iter().zip(&claims) {
        assert!(entities.contains_key(&row[0]) && entities.contains_key(&row[1]));
        check_claim_row(graph, row, c, d);
    }
    if graph.response_count() == 0 {
        return;
    }
    let (header, rows) = read(&dir.join("relationships-responses.csv"));
    assert!(header.iter().all(|f| neo4j_field(f)), "{header:?}");
    let mut expected_header = CLAIM_COLUMNS.to_vec();
    expected_header.insert(0, ":START_ID(Entity)");
    expected_header.insert(1, ":END_ID(Claim)");
    expected_header.push("stance");
    assert_eq!(header, expected_header);
    let responses: Vec<Claim> = graph.claims().filter(|c| about_claims(c)).collect();
    assert_eq!(rows.len(), responses.len());
    for (row, c) in rows.iter().zip(&responses) {
        assert!(entities.contains_key(&row[0]), "{}", c.id);
        assert!(
            claim_nodes.contains(&row[1]),
            "{} ends at no claim node",
            c.id
        );
        check_claim_row(graph, row, c, d);
        let stance = graph.predicate(&c.predicate).and_then(|p| p.stance);
        assert_eq!(row[20], stance.map_or("", |s| s.as_str()));
    }
}

/// The columns of a claim's relationship after its two ends.
const CLAIM_COLUMNS: [&str; 18] = [
    ":TYPE",
    "id",
    "predicate",
    "label",
    "status",
    "claimed_by",
    "date",
    "note",
    "quotes:string[]",
    "sources:string[]",
    "starts:int[]",
    "ends:int[]",
    "prefixes:string[]",
    "suffixes:string[]",
    "contested:boolean",
    "disputed_by:string[]",
    "supported_by:string[]",
    "relayed_by:string[]",
];

/// Checks the row of claim `c` in a relationships file.
#[track_caller]
fn check_claim_row(graph: &Graph, row: &[String], c: &Claim, d: &str) {
    assert_eq!(row[3], c.id);
    assert_eq!((&row[0], &row[1]), (&c.subject, &c.object), "{}", c.id);
    assert_eq!(row[2], c.predicate.to_uppercase().replace('-', "_"));
    assert_eq!(row[4], c.predicate);
    assert_eq!(
        row[5],
        graph.predicate(&c.predicate).expect("predicate").label
    );
    assert_eq!(row[6], c.status.as_str());
    assert_eq!(row[7], c.claimed_by);
    assert_eq!(row[8], c.date.clone().unwrap_or_default());
    assert_eq!(row[9], c.note.clone().unwrap_or_default());
    let column = |i: usize| split(&row[i], d);
    let cites = &c.citations;
    let each = |f: &dyn Fn(&claimgraph::model::Citation) -> String| -> Vec<String> {
        cites.iter().map(f).collect()
    };
    assert_eq!(column(10), each(&|x| x.quote.clone()));
    assert_eq!(column(11), each(&|x| x.source.clone()));
    assert_eq!(column(12), each(&|x| x.start.to_string()));
    assert_eq!(column(13), each(&|x| x.end.to_string()));
    assert_eq!(column(14), each(&|x| x.prefix.clone()));
    assert_eq!(column(15), each(&|x| x.suffix.clone()));
    assert_eq!(row[16], c.contested.to_string(), "{}", c.id);
    let ix = graph.claim_ix(&c.id).expect("claim");
    for (i, stance) in [Stance::Contests, Stance::Supports, Stance::Relays]
        .into_iter()
        .enumerate()
    {
        let ids: Vec<String> = graph
            .responses_to(ix)
            .filter(|&r| graph.stance(r) == Some(stance))
            .map(|r| graph.claim_id(r).to_string())
            .collect();
        assert_eq!(column(17 + i), ids, "{} {}", c.id, stance.as_str());
    }
}

#[test]
fn neo4j_csvs_hold_every_node_and_relationship_with_admin_import_headers() {
    let dir = export(&memo_dir());
    check_export(dir.path(), &memo());
    assert_eq!(script(dir.path()).delimiter, "|");
    let dir = export(&bundled_dir());
    check_export(dir.path(), &bundled());
}

#[test]
fn neo4j_budenz_allegation_about_browder_is_one_relationship_with_its_quotes() {
    let dir = export(&bundled_dir());
    let (_, rows) = read(&dir.path().join("relationships-claims.csv"));
    let row = rows
        .iter()
        .find(|r| r[3] == "browder-participated-in-plot")
        .expect("the claim");
    assert_eq!(
        &row[..8],
        [
            "earl-browder",
            "plot-against-trotsky",
            "PARTICIPATED_IN",
            "browder-participated-in-plot",
            "participated-in",
            "took part in",
            "alleged",
            "louis-budenz"
        ]
    );
    assert!(
        row[10].starts_with(
            "According to Budenz, Earl Browder and Jack Stachel participated in the plot against Trotsky’s life|"
        ),
        "{}",
        row[10]
    );
    assert_eq!(row[12], "1353|11385");
}

#[test]
fn neo4j_array_delimiter_avoids_characters_in_the_data() {
    let scratch = Scratch::of_memo();
    scratch.edit(
        "entities.json",
        r#""aliases": ["Archer"]"#,
        r#""aliases": ["Archer", "A|A"]"#,
    );
    let dir = export(scratch.path());
    let script = script(dir.path());
    assert_eq!(script.delimiter, "¦");
    let graph = Graph::load(scratch.path()).expect("loads");
    check_export(dir.path(), &graph);
}

#[test]
fn neo4j_without_out_says_it_needs_a_folder() {
    let run = Command::new(env!("CARGO_BIN_EXE_claimgraph"))
        .args(["export", "--format", "neo4j", "--data"])
        .arg(memo_dir())
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(2));
    assert!(run.stdout.is_empty());
    assert!(String::from_utf8_lossy(&run.stderr).contains("give --out DIR"));
}

#[test]
fn neo4j_imports_a_dispute_as_a_relationship_to_the_disputed_claim_node() {
    let (data, graph) = crate::exports::disputed();
    let dir = export(data.path());
    check_export(dir.path(), &graph);
    let (_, nodes) = read(&dir.path().join("nodes-claim.csv"));
    let ids: Vec<&str> = nodes.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        ids,
        ["bob-paid-dave", "bob-met-alice", "carol-disputes-meeting"]
    );
    assert_eq!(nodes[1][2], "Bob Brown met Alice Archer");
    let (_, rows) = read(&dir.path().join("relationships-responses.csv"));
    let dispute = rows
        .iter()
        .find(|r| r[3] == "carol-disputes-meeting")
        .expect("the dispute");
    assert_eq!(
        &dispute[..4],
        [
            "carol",
            "bob-met-alice",
            "DISPUTES",
            "carol-disputes-meeting"
        ]
    );
    assert_eq!(dispute[10], "According to Carol Cárdenas");
    assert_eq!(dispute[16], "true", "it is disputed in turn");
    assert_eq!(dispute[20], "contests");
    let (_, claims) = read(&dir.path().join("relationships-claims.csv"));
    let met = claims
        .iter()
        .find(|r| r[3] == "bob-met-alice")
        .expect("met");
    assert_eq!(
        (met[16].as_str(), met[17].as_str()),
        ("true", "carol-disputes-meeting")
    );
    let script = script(dir.path());
    assert_eq!(
        script.relationships,
        ["relationships-claims.csv", "relationships-responses.csv"]
    );
}
