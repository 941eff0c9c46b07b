//! Entities and claims as rows of named, typed columns, for the formats whose
//! attributes are flat (GraphML, GEXF).
//!
//! A claim's citations become numbered groups of columns so that none is
//! lost: `quote`, `source`, `start`, `end`, `prefix`, `suffix` hold the first
//! citation, `quote_2` … `suffix_2` the second, and so on up to the largest
//! number of citations of any claim in the subgraph. `citations` says how
//! many a claim has.
//!
//! Claims about claims (see `about.rs`) add a claim node for each claim
//! they are about: a node row of type `claim`, its `claim` column the
//! claim's id. Every claim's row says what it is about (`about`, a claim
//! id, for a claim about a claim, with its `stance`), whether it is
//! `contested`, and which claims dispute, support or relay it.

use super::Subgraph;
use super::about::{self, STANCE_COLUMNS};
use crate::graph::ClaimIx;
use crate::model::Claim;
use crate::store::EntityView;

/// The type of a column's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer,
    Boolean,
}

/// A column: its name and the type of its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
}

fn column(name: impl Into<String>, kind: Kind) -> Column {
    Column {
        name: name.into(),
        kind,
    }
}

/// The columns of a node, besides its id and name: an entity's, and the
/// id of the claim a claim node stands for.
pub fn entity_columns() -> Vec<Column> {
    ["type", "aliases", "description", "date", "note", "claim"]
        .into_iter()
        .map(|name| column(name, Kind::Text))
        .collect()
}

/// An entity's values, aligned with [`entity_columns`]; `None` when absent.
/// Aliases are joined with "; ".
pub fn entity_row(e: EntityView) -> Vec<Option<String>> {
    vec![
        Some(e.kind.as_str().to_string()),
        (!e.aliases.is_empty()).then(|| e.aliases.iter().collect::<Vec<_>>().join("; ")),
        Some(e.description.to_string()),
        e.date.map(ToString::to_string),
        e.note.map(ToString::to_string),
        None,
    ]
}

/// The label of the claim node that stands for claim `ix`: what it says.
pub fn claim_node_label(sub: &Subgraph, ix: ClaimIx) -> String {
    about::statement(sub.graph, ix)
}

/// The values of the claim node that stands for claim `ix`, aligned with
/// [`entity_columns`]: type `claim`, its status and claimant as its
/// description, its date, and its id.
pub fn claim_node_row(sub: &Subgraph, ix: ClaimIx) -> Vec<Option<String>> {
    let graph = sub.graph;
    let claimant = graph.entity_at(graph.claimant(ix)).name;
    let id = graph.claim_id(ix).to_string();
    vec![
        Some("claim".to_string()),
        None,
        Some(format!("{} claim by {claimant}", graph.status(ix).as_str())),
        graph.claim_at(ix).date,
        None,
        Some(id),
    ]
}

/// The largest number of citations of any claim of the subgraph.
pub fn max_citations(sub: &Subgraph) -> usize {
    let graph = sub.graph;
    let counts = sub.claims.iter().map(|&ix| graph.citation_count(ix));
    counts.max().unwrap_or(0)
}

/// The columns of a claim, besides its id, subject and object, for claims of
/// up to `citations` citations.
pub fn claim_columns(citations: usize) -> Vec<Column> {
    let mut columns: Vec<Column> = [
        "predicate",
        "predicate_label",
        "status",
        "claimed_by",
        "date",
        "note",
        "about",
        "stance",
    ]
    .into_iter()
    .map(|name| column(name, Kind::Text))
    .collect();
    for (_, name) in STANCE_COLUMNS {
        columns.push(column(name, Kind::Text));
    }
    columns.push(column("contested", Kind::Boolean));
    columns.push(column("citations", Kind::Integer));
    for n in 1..=citations {
        for (name, kind) in CITATION_COLUMNS {
            columns.push(column(numbered(name, n), kind));
        }
    }
    columns
}

/// A claim's values, aligned with [`claim_columns`] for the same
/// `citations`: `c` is the claim at `ix`. The ids of the claims about it
/// are joined with "; ".
pub fn claim_row(sub: &Subgraph, ix: ClaimIx, c: &Claim, citations: usize) -> Vec<Option<String>> {
    let graph = sub.graph;
    let responds = graph.is_response(ix);
    let mut row = vec![
        Some(c.predicate.clone()),
        Some(sub.predicate_label(c)),
        Some(c.status.as_str().to_string()),
        Some(c.claimed_by.clone()),
        c.date.clone(),
        c.note.clone(),
        responds.then(|| c.object.clone()),
        graph.stance(ix).map(|s| s.as_str().to_string()),
    ];
    for (stance, _) in STANCE_COLUMNS {
        let ids = about::responders(graph, ix, stance);
        row.push((!ids.is_empty()).then(|| ids.join("; ")));
    }
    row.push(Some(c.contested.to_string()));
    row.push(Some(c.citations.len().to_string()));
    for n in 0..citations {
        match c.citations.get(n) {
            Some(cite) => row.extend([
                Some(cite.quote.clone()),
                Some(cite.source.clone()),
                Some(cite.start.to_string()),
                Some(cite.end.to_string()),
                Some(cite.prefix.clone()),
                Some(cite.suffix.clone()),
            ]),
            None => row.extend([None, None, None, None, None, None]),
        }
    }
    row
}

const CITATION_COLUMNS: [(&str, Kind); 6] = [
    ("quote", Kind::Text),
    ("source", Kind::Text),
    ("start", Kind::Integer),
    ("end", Kind::Integer),
    ("prefix", Kind::Text),
    ("suffix", Kind::Text),
];

/// `quote` for the first citation, `quote_2` for the second, …
fn numbered(name: &str, n: usize) -> String {
    if n == 1 {
        name.to_string()
    } else {
        format!("{name}_{n}")
    }
}
