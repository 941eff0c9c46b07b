//! Cytoscape.js elements: `{"elements": {"nodes": [...], "edges": [...]}}`,
//! ready for `cytoscape({ elements })`. Edge ids are prefixed with `claim:`
//! because Cytoscape wants node and edge ids to be distinct.

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use utoipa::ToSchema;

use super::Subgraph;
use crate::model::{Citation, Claim, EntityType, Status};
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
}

/// The subgraph as Cytoscape.js elements.
pub fn cytoscape(sub: &Subgraph) -> CytoscapeGraph {
    CytoscapeGraph {
        elements: Elements {
            nodes: sub.entities().map(node).collect(),
            edges: sub.claims().map(|c| edge(sub, &c)).collect(),
        },
    }
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

fn edge(sub: &Subgraph, c: &Claim) -> CyEdge {
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
        },
        classes: c.status.as_str().to_string(),
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
        let mut elements = serializer.serialize_struct("Elements", 2)?;
        elements.serialize_field("nodes", &Each(|| sub.entities().map(node)))?;
        elements.serialize_field("edges", &Each(|| sub.claims().map(|c| edge(sub, &c))))?;
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
