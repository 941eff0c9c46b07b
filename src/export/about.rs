//! Claims about claims, as every export writes them.
//!
//! A claim whose predicate is about claims (`disputes`, `corroborates`,
//! `reports`, …) has a claim, not an entity, as its object. The node–edge
//! formats cannot end an edge at an edge, so they write one of two forms:
//!
//! - where an edge's attributes are flat (GEXF, GraphML, DOT, Neo4j), a
//!   *claim node* stands for each claim that a claim of the subgraph is
//!   about ([`targets`]), with the id `claim:<id>` ([`node_id`]), and the
//!   claim about it is an edge from its subject entity to that node,
//!   carrying its own citations like any claim;
//! - where an edge's data may nest (Cytoscape.js), the claims about claims
//!   are written inside the data of the edge of the claim about entities
//!   they come down to ([`by_root`]).
//!
//! Every claim also carries what is said of it, as the API serves it and
//! whether or not the claims saying it are in the subgraph: `contested`,
//! and the ids of the claims that contest, support or relay it
//! ([`responders`]; `disputed_by` is the API's name for the first).

use std::collections::BTreeMap;

use super::Subgraph;
use crate::graph::{ClaimIx, Graph, Object};
use crate::model::{Claim, Stance};

/// The attribute naming the claims of each stance about a claim.
pub const STANCE_COLUMNS: [(Stance, &str); 3] = [
    (Stance::Contests, "disputed_by"),
    (Stance::Supports, "supported_by"),
    (Stance::Relays, "relayed_by"),
];

/// The node id that stands for a claim in the node–edge formats.
pub fn node_id(claim: &str) -> String {
    format!("claim:{claim}")
}

/// The claim a claim of the subgraph is about, or `None` for a claim about
/// entities.
pub fn target(graph: &Graph, ix: ClaimIx) -> Option<ClaimIx> {
    match graph.object(ix) {
        Object::Claim(target) => Some(target),
        Object::Entity(_) => None,
    }
}

/// The claims that the subgraph's claims about claims are about, each
/// once, in claim order: the claim nodes to write.
pub fn targets(sub: &Subgraph) -> Vec<ClaimIx> {
    if sub.graph.response_count() == 0 {
        return Vec::new();
    }
    let mut targets: Vec<ClaimIx> = sub
        .claims
        .iter()
        .filter_map(|&ix| target(sub.graph, ix))
        .collect();
    targets.sort_unstable();
    targets.dedup();
    targets
}

/// The claim about entities that a chain of claims about claims comes
/// down to (the claim itself for a claim about entities). Chains are
/// finite: the loader refuses circles.
pub fn root(graph: &Graph, mut ix: ClaimIx) -> ClaimIx {
    while let Some(target) = target(graph, ix) {
        ix = target;
    }
    ix
}

/// The subgraph's claims about claims, by the claim about entities each
/// comes down to, in subgraph order.
pub fn by_root(sub: &Subgraph) -> BTreeMap<ClaimIx, Vec<ClaimIx>> {
    let mut by_root: BTreeMap<ClaimIx, Vec<ClaimIx>> = BTreeMap::new();
    if sub.graph.response_count() == 0 {
        return by_root;
    }
    for &ix in &sub.claims {
        if sub.graph.is_response(ix) {
            by_root.entry(root(sub.graph, ix)).or_default().push(ix);
        }
    }
    by_root
}

/// The ids of every claim of the graph about `ix` whose stance is `stance`,
/// in claim order.
pub fn responders(graph: &Graph, ix: ClaimIx, stance: Stance) -> Vec<String> {
    graph
        .responses_to(ix)
        .filter(|&r| graph.stance(r) == Some(stance))
        .map(|r| graph.claim_id(r).to_string())
        .collect()
}

/// What a claim says, in words, for a claim node's label: "Earl Browder
/// participated in Plot against Trotsky", or for a claim about a claim
/// "Ruth Calder disputes claim browder-participated-in-plot".
pub fn statement(graph: &Graph, ix: ClaimIx) -> String {
    let subject = graph.entity_at(graph.subject(ix)).name;
    let label = &graph.predicates()[graph.predicate_position(ix) as usize].label;
    let object = match graph.object(ix) {
        Object::Entity(e) => graph.entity_at(e).name.to_string(),
        Object::Claim(c) => format!("claim {}", graph.claim_id(c)),
    };
    format!("{subject} {label} {object}")
}

/// The node an edge for claim `c` (at `ix`) ends at: its object entity, or
/// the claim node of the claim it is about.
pub fn edge_target(graph: &Graph, ix: ClaimIx, c: &Claim) -> String {
    match graph.is_response(ix) {
        true => node_id(&c.object),
        false => c.object.clone(),
    }
}
