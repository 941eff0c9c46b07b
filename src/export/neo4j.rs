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
//!   `suffixes:string[]` (element i of each is citation i).
//!
//! Array elements are separated by the first of [`ARRAY_DELIMITERS`] that
//! occurs in no array value, and `import.sh` passes it to neo4j-admin. An
//! absent value is an empty, unquoted field, which neo4j-admin leaves unset.

use std::io::{self, Write};
use std::path::Path;

use super::Subgraph;
use crate::model::EntityType;
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
pub const CLAIM_HEADER: [&str; 16] = [
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

    let relationships = "relationships-claims.csv".to_string();
    let rows = sub.claims().map(|c| {
        let cites = &c.citations;
        vec![
            c.subject.clone(),
            c.object.clone(),
            relationship_type(&c.predicate),
            c.id.clone(),
            c.predicate.clone(),
            sub.predicate_label(&c),
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
        ]
    });
    write_csv(&dir.join(&relationships), &CLAIM_HEADER, rows)?;

    let script = import_script(sub.graph.version(), delimiter, &nodes, &relationships);
    let script_path = dir.join("import.sh");
    std::fs::write(&script_path, script)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script_path, std::fs::Permissions::from_mode(0o755))?;
    }
    let mut written = nodes;
    written.push(relationships);
    written.push("import.sh".to_string());
    Ok(written)
}

/// The `neo4j-admin database import full` command line for the files, run
/// from the folder that holds them.
pub fn import_script(
    version: &str,
    delimiter: char,
    nodes: &[String],
    relationships: &str,
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
    script.push_str(&format!("  --relationships={relationships} \\\n"));
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
