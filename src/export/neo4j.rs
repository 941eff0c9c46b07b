//! Neo4j: CSV files in the header format `neo4j-admin database import`
//! reads, and `import.sh` with the command line that imports them.
//!
//! - `nodes-<type>.csv`, one file per entity type that has entities: columns
//!   `id:ID(Entity)`, `:LABEL` (`Entity` and `Person`, `Organization`,
//!   `Place`, `Event` or `Work`), `name`, `aliases:string[]`, `description`,
//!   `date`, `note`.
//! - `nodes-source.csv`: the sources, label `Source`, in their own id space.
//! - `relationships-claims.csv`: one relationship per claim, its type the
//!   predicate id in upper snake case (`participated-in` → `PARTICIPATED_IN`),
//!   with `id`, `predicate`, `label`, `status`, `claimed_by`, `date`, `note`
//!   and the citations as parallel arrays: `quotes:string[]`,
//!   `sources:string[]`, `starts:int[]`, `ends:int[]`, `prefixes:string[]`,
//!   `suffixes:string[]` (element i of each is citation i), then
//!   `contested:boolean` and the ids of the claims that dispute, support or
//!   relay it: `disputed_by:string[]`, `supported_by:string[]`,
//!   `relayed_by:string[]`.
//! - When claims about claims are exported: `nodes-claim.csv`, a node
//!   labelled `Claim`, in its own id space, for each claim one of them is
//!   about (`id:ID(Claim)`, `:LABEL`, `text`, `subject`, `predicate`,
//!   `object`, `status`, `claimed_by`), and `relationships-responses.csv`:
//!   each claim about a claim as a relationship from its subject entity to
//!   that node (`:END_ID(Claim)`), typed `DISPUTES`, `CORROBORATES`, …,
//!   with the columns of the claims file and its `stance`.
//!
//! # Why a claim node
//!
//! A Neo4j relationship joins two nodes; it cannot end at another
//! relationship. A claim responded to is therefore also a `Claim` node,
//! whose `id` is the `id` of its relationship (or of its relationship in
//! the responses file, for a dispute of a dispute), so that the claim about
//! it keeps its own claimant, status and quotes as a relationship like any
//! other, and a dispute of a dispute is one more. Properties alone
//! (`disputed_by`) would have lost the dispute's evidence; they are kept
//! besides, so that `WHERE r.contested` needs no join. To go from a claim
//! to what is said of it:
//!
//! ```cypher
//! MATCH (a)-[r {id: 'browder-participated-in-plot'}]->(b)
//! MATCH (c:Claim {id: r.id})<-[d]-(who) RETURN who.name, type(d), d.quotes
//! ```
//!
//! Array elements are separated by the first of [`ARRAY_DELIMITERS`] that
//! occurs in no array value, and `import.sh` passes it to neo4j-admin. An
//! absent value is an empty, unquoted field, which neo4j-admin leaves unset.

use std::io::{self, Write};
use std::path::Path;

use super::Subgraph;
use super::about::{self, STANCE_COLUMNS};
use crate::graph::ClaimIx;
use crate::model::{Claim, EntityType};
use crate::store::EntityView;

/// The array delimiters tried, in order.
pub const ARRAY_DELIMITERS: [char; 4] = ['|', '¦', '§', '¤'];

/// The header of every entity file.
pub const ENTITY_HEADER: [&str; 7] = [
    "id:ID(Entity)",
    ":LABEL",
    "name",
    "aliases:string[]",
    "description",
    "date",
    "note",
];

/// The header of the source file.
pub const SOURCE_HEADER: [&str; 8] = [
    "id:ID(Source)",
    ":LABEL",
    "title",
    "author",
    "date",
    "published_in",
    "online_version",
    "note",
];

/// The header of the claims file.
pub const CLAIM_HEADER: [&str; 20] = [
    ":START_ID(Entity)",
    ":END_ID(Entity)",
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

/// The header of the responses file: the claims file's, ending at a claim
/// node, and the stance.
pub const RESPONSE_HEADER: [&str; 21] = [
    ":START_ID(Entity)",
    ":END_ID(Claim)",
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
    "stance",
];

/// The header of the file of claim nodes.
pub const CLAIM_NODE_HEADER: [&str; 8] = [
    "id:ID(Claim)",
    ":LABEL",
    "text",
    "subject",
    "predicate",
    "object",
    "status",
    "claimed_by",
];

/// The Neo4j label of an entity type.
pub fn label(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "Person",
        EntityType::Organization => "Organization",
        EntityType::Place => "Place",
        EntityType::Event => "Event",
        EntityType::Work => "Work",
    }
}

/// The relationship type of a predicate id: `participated-in` → `PARTICIPATED_IN`.
pub fn relationship_type(predicate: &str) -> String {
    predicate.to_uppercase().replace('-', "_")
}

/// Writes the CSV files and `import.sh` into `dir` (created if missing) and
/// returns the names of the files written, `import.sh` last.
pub fn write_neo4j(sub: &Subgraph, dir: &Path) -> io::Result<Vec<String>> {
    let delimiter = array_delimiter(sub)?;
    let join = |items: Vec<String>| items.join(delimiter.encode_utf8(&mut [0; 4]));
    std::fs::create_dir_all(dir)?;
    let mut nodes = Vec::new();

    for kind in EntityType::ALL {
        let entities: Vec<EntityView> = sub.entities().filter(|e| e.kind == kind).collect();
        if entities.is_empty() {
            continue;
        }
        let name = format!("nodes-{}.csv", kind.as_str());
        let rows = entities.iter().map(|e| {
            vec![
                e.id.to_string(),
                format!("Entity{delimiter}{}", label(kind)),
                e.name.to_string(),
                join(e.aliases.iter().map(ToString::to_string).collect()),
                e.description.to_string(),
                e.date.unwrap_or_default().to_string(),
                e.note.unwrap_or_default().to_string(),
            ]
        });
        write_csv(&dir.join(&name), &ENTITY_HEADER, rows)?;
        nodes.push(name);
    }

    let name = "nodes-source.csv".to_string();
    let rows = sub.graph.sources().iter().map(|s| {
        let r = &s.source.record;
        vec![
            r.id.clone(),
            "Source".to_string(),
            r.title.clone(),
            r.author.clone(),
            r.date.clone(),
            r.published_in.clone().unwrap_or_default(),
            r.online_version.clone().unwrap_or_default(),
            r.note.clone().unwrap_or_default(),
        ]
    });
    write_csv(&dir.join(&name), &SOURCE_HEADER, rows)?;
    nodes.push(name);

    let targets = about::targets(sub);
    if !targets.is_empty() {
        let name = "nodes-claim.csv".to_string();
        let rows = targets.iter().map(|&ix| claim_node_row(sub, ix));
        write_csv(&dir.join(&name), &CLAIM_NODE_HEADER, rows)?;
        nodes.push(name);
    }

    let graph = sub.graph;
    let mut relationships = vec!["relationships-claims.csv".to_string()];
    let rows = sub
        .claims
        .iter()
        .filter(|&&ix| !graph.is_response(ix))
        .map(|&ix| claim_row(sub, ix, &graph.claim_at(ix), &join));
    write_csv(&dir.join(&relationships[0]), &CLAIM_HEADER, rows)?;
    if !targets.is_empty() {
        let name = "relationships-responses.csv".to_string();
        let rows = sub
            .claims
            .iter()
            .filter(|&&ix| graph.is_response(ix))
            .map(|&ix| {
                let mut row = claim_row(sub, ix, &graph.claim_at(ix), &join);
                row.push(graph.stance(ix).map_or("", |s| s.as_str()).to_string());
                row
            });
        write_csv(&dir.join(&name), &RESPONSE_HEADER, rows)?;
        relationships.push(name);
    }

    let script = import_script(sub.graph.version(), delimiter, &nodes, &relationships);
    let script_path = dir.join("import.sh");
    std::fs::write(&script_path, script)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script_path, std::fs::Permissions::from_mode(0o755))?;
    }
    let mut written = nodes;
    written.extend(relationships);
    written.push("import.sh".to_string());
    Ok(written)
}

/// A claim's row of the claims or responses file (without the stance):
/// `c` is the claim at `ix`; `join` joins an array's elements.
fn claim_row(
    sub: &Subgraph,
    ix: ClaimIx,
    c: &Claim,
    join: &impl Fn(Vec<String>) -> String,
) -> Vec<String> {
    let cites = &c.citations;
    let mut row = vec![
        c.subject.clone(),
        c.object.clone(),
        relationship_type(&c.predicate),
        c.id.clone(),
        c.predicate.clone(),
        sub.predicate_label(c),
        c.status.as_str().to_string(),
        c.claimed_by.clone(),
        c.date.clone().unwrap_or_default(),
        c.note.clone().unwrap_or_default(),
        join(cites.iter().map(|x| x.quote.clone()).collect()),
        join(cites.iter().map(|x| x.source.clone()).collect()),
        join(cites.iter().map(|x| x.start.to_string()).collect()),
        join(cites.iter().map(|x| x.end.to_string()).collect()),
        join(cites.iter().map(|x| x.prefix.clone()).collect()),
        join(cites.iter().map(|x| x.suffix.clone()).collect()),
        c.contested.to_string(),
    ];
    for (stance, _) in STANCE_COLUMNS {
        row.push(join(about::responders(sub.graph, ix, stance)));
    }
    row
}

/// The row of the node that stands for claim `ix`.
fn claim_node_row(sub: &Subgraph, ix: ClaimIx) -> Vec<String> {
    let c = sub.graph.claim_at(ix);
    vec![
        c.id,
        "Claim".to_string(),
        about::statement(sub.graph, ix),
        c.subject,
        c.predicate,
        c.object,
        c.status.as_str().to_string(),
        c.claimed_by,
    ]
}

/// The `neo4j-admin database import full` command line for the files, run
/// from the folder that holds them.
pub fn import_script(
    version: &str,
    delimiter: char,
    nodes: &[String],
    relationships: &[String],
) -> String {
    let mut script = format!(
        "#!/bin/sh\n\
         # Imports this folder into a new Neo4j database (default name: neo4j; give\n\
         # another as the first argument). Written by `claimgraph export --format neo4j`\n\
         # from graph version {version}. Stop the database first: `import full` refuses\n\
         # an existing one unless you add --overwrite-destination=true.\n\
         set -eu\n\
         cd \"$(dirname \"$0\")\"\n\
         neo4j-admin database import full \\\n\
         \x20 --id-type=string \\\n\
         \x20 --array-delimiter='{delimiter}' \\\n\
         \x20 --multiline-fields=true \\\n\
         \x20 --trim-strings=false \\\n"
    );
    for file in nodes {
        script.push_str(&format!("  --nodes={file} \\\n"));
    }
    for file in relationships {
        script.push_str(&format!("  --relationships={file} \\\n"));
    }
    script.push_str("  \"${1:-neo4j}\"\n");
    script
}

/// The first of [`ARRAY_DELIMITERS`] that no array value contains.
fn array_delimiter(sub: &Subgraph) -> io::Result<char> {
    let mut values = sub
        .entities()
        .flat_map(|e| e.aliases.iter().map(ToString::to_string))
        .chain(
            sub.claims()
                .flat_map(|c| c.citations)
                .flat_map(|x| [x.quote, x.source, x.prefix, x.suffix]),
        );
    let mut free = ARRAY_DELIMITERS.to_vec();
    for value in &mut values {
        free.retain(|d| !value.contains(*d));
        if free.is_empty() {
            break;
        }
    }
    free.first().copied().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "every array delimiter neo4j-admin could use ({}) occurs in an alias or citation",
                ARRAY_DELIMITERS.map(String::from).join(" ")
            ),
        )
    })
}

fn write_csv(
    path: &Path,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> io::Result<()> {
    let mut writer = csv::Writer::from_path(path)?;
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(&row)?;
    }
    writer.flush()?;
    let mut file = writer
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    file.flush()
}
