//! Cytoscape.js elements: `{"elements": {"nodes": [...], "edges": [...]}}`,
//! ready for `cytoscape({ elements })`. Edge ids are prefixed with `claim:`
//! because Cytoscape wants node and edge ids to be distinct.
//!
//! # Claims about claims
//!
//! Cytoscape.js ends an edge only at a node, so a claim about a claim is no
//! edge: it is written, with its own citations, in the `responses` of the
//! edge of the claim about entities it comes down to (a dispute of a
//! dispute of a claim is in that claim's edge too, its `about` saying which
//! claim it answers). A claim about a claim whose claim about entities is
//! not in the subgraph is left out, as an edge whose ends are not in it
//! would be. Every edge also says, as the API does, whether it is
//! `contested` and which claims of the graph dispute (`disputed_by`),
//! support or relay it: those are ids, not elements, so no element
//! references a node or edge that is not there.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use utoipa::ToSchema;

use super::Subgraph;
use super::about;
use crate::graph::ClaimIx;
use crate::model::{Citation, Claim, EntityType, Stance, Status};
use crate::store::EntityView;

/// A graph as Cytoscape.js reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CytoscapeGraph {
    pub elements: Elements,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Elements {
    pub nodes: Vec<CyNode>,
    pub edges: Vec<CyEdge>,
}

/// An entity; `classes` is its type, for styling.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CyNode {
    pub data: CyNodeData,
    pub classes: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CyNodeData {
    /// The entity id.
    pub id: String,
    /// The entity's name.
    pub label: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub aliases: Vec<String>,
    pub description: String,
}

/// A claim; `classes` is its status, for styling.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CyEdge {
    pub data: CyEdgeData,
    pub classes: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CyEdgeData {
    /// `claim:` followed by the claim id.
    pub id: String,
    /// The claim id.
    pub claim: String,
    /// The subject's entity id.
    pub source: String,
    /// The object's entity id.
    pub target: String,
    /// The predicate's label.
    pub label: String,
    pub predicate: String,
    pub status: Status,
    pub claimed_by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub citations: Vec<Citation>,
    /// Whether a claim of the graph disputes, denies or retracts it; left
    /// out when none does.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub contested: bool,
    /// The ids of the claims that dispute, deny or retract it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disputed_by: Vec<String>,
    /// The ids of the claims that corroborate it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supported_by: Vec<String>,
    /// The ids of the claims that report it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relayed_by: Vec<String>,
    /// The subgraph's claims about this claim, or about claims about it,
    /// in subgraph order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<CyResponse>,
}

/// A claim about a claim, written inside the edge it comes down to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CyResponse {
    /// The claim id.
    pub claim: String,
    /// The id of the claim it is about.
    pub about: String,
    /// The subject's entity id.
    pub subject: String,
    /// The predicate's label.
    pub label: String,
    pub predicate: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stance: Option<Stance>,
    pub status: Status,
    pub claimed_by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub citations: Vec<Citation>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub contested: bool,
}

/// The subgraph's claims about claims, by the edge they come down to.
type Responses = BTreeMap<ClaimIx, Vec<ClaimIx>>;

/// The subgraph as Cytoscape.js elements.
pub fn cytoscape(sub: &Subgraph) -> CytoscapeGraph {
    let responses = about::by_root(sub);
    CytoscapeGraph {
        elements: Elements {
            nodes: sub.entities().map(node).collect(),
            edges: edges(sub, &responses).collect(),
        },
    }
}

/// The edges of the subgraph: its claims about entities.
fn edges<'a>(sub: &'a Subgraph, responses: &'a Responses) -> impl Iterator<Item = CyEdge> + 'a {
    let graph = sub.graph;
    sub.claims
        .iter()
        .filter(|&&ix| !graph.is_response(ix))
        .map(move |&ix| edge(sub, ix, &graph.claim_at(ix), responses))
}

fn node(e: EntityView) -> CyNode {
    CyNode {
        data: CyNodeData {
            id: e.id.to_string(),
            label: e.name.to_string(),
            kind: e.kind,
            aliases: e.aliases.iter().map(ToString::to_string).collect(),
            description: e.description.to_string(),
        },
        classes: e.kind.as_str().to_string(),
    }
}

fn edge(sub: &Subgraph, ix: ClaimIx, c: &Claim, responses: &Responses) -> CyEdge {
    let graph = sub.graph;
    let responders = |stance| about::responders(graph, ix, stance);
    let responses = responses.get(&ix).map_or(&[][..], Vec::as_slice);
    CyEdge {
        data: CyEdgeData {
            id: format!("claim:{}", c.id),
            claim: c.id.clone(),
            source: c.subject.clone(),
            target: c.object.clone(),
            label: sub.predicate_label(c),
            predicate: c.predicate.clone(),
            status: c.status,
            claimed_by: c.claimed_by.clone(),
            date: c.date.clone(),
            citations: c.citations.clone(),
            contested: c.contested,
            disputed_by: responders(Stance::Contests),
            supported_by: responders(Stance::Supports),
            relayed_by: responders(Stance::Relays),
            responses: responses.iter().map(|&r| response(sub, r)).collect(),
        },
        classes: classes(c),
    }
}

/// An edge's classes: its status, and `contested` when it is.
fn classes(c: &Claim) -> String {
    match c.contested {
        true => format!("{} contested", c.status.as_str()),
        false => c.status.as_str().to_string(),
    }
}

fn response(sub: &Subgraph, ix: ClaimIx) -> CyResponse {
    let c = sub.graph.claim_at(ix);
    CyResponse {
        label: sub.predicate_label(&c),
        stance: sub.graph.stance(ix),
        claim: c.id,
        about: c.object,
        subject: c.subject,
        predicate: c.predicate,
        status: c.status,
        claimed_by: c.claimed_by,
        date: c.date,
        note: c.note,
        citations: c.citations,
        contested: c.contested,
    }
}

/// [`cytoscape`] of a subgraph, serialized as it is built: each element
/// made as it is written.
pub struct Streamed<'s, 'g>(pub &'s Subgraph<'g>);

impl Serialize for Streamed<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut graph = serializer.serialize_struct("CytoscapeGraph", 1)?;
        graph.serialize_field("elements", &StreamedElements(self.0))?;
        graph.end()
    }
}

struct StreamedElements<'s, 'g>(&'s Subgraph<'g>);

impl Serialize for StreamedElements<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let sub = self.0;
        let responses = about::by_root(sub);
        let mut elements = serializer.serialize_struct("Elements", 2)?;
        elements.serialize_field("nodes", &Each(|| sub.entities().map(node)))?;
        elements.serialize_field("edges", &Each(|| edges(sub, &responses)))?;
        elements.end()
    }
}

/// A sequence serialized from the iterator its function makes.
struct Each<F>(F);

impl<F, I> Serialize for Each<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Streamed, the elements are byte for byte those serialized whole.
    #[test]
    fn streamed_elements_are_the_elements() {
        let graph = super::super::bundled();
        let sub = Subgraph::whole(&graph, &Status::ALL);
        super::super::assert_streams_as_whole(&Streamed(&sub), &cytoscape(&sub));
    }
}
