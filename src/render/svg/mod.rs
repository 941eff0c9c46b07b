//! SVG drawings of a neighborhood and of the paths between two entities.
//!
//! Boxes are entities, shaped and coloured by type; arrows are claims,
//! labelled by predicate and dashed by status (asserted solid, alleged
//! dashed, suspected dotted), with a legend. A contested claim (one that
//! another claim disputes, denies or retracts) is drawn red over a pale red
//! band, its label begins with ⚠, its tooltip names who contests it and
//! its link carries `data-disputed-by`; the legend then says so. The center of a neighborhood
//! and the two ends of a path are filled in. Every box is a link to its
//! entity and every arrow a link to its claim, in the explorer
//! (`/#/entity/{id}`, `/#/claim/{id}`), and carries `data-entity` or
//! `data-claim` for other frontends.
//!
//! The markup uses presentation attributes only (no `style`), so the
//! drawing keeps its look when inlined in a page whose Content-Security-Policy
//! forbids inline styles. Drawings are capped at [`MAX_NODES`] entities (and
//! neighborhoods at [`MAX_CLAIMS`] claims) and say what was left out. The
//! same query always gives the same bytes.
//!
//! This module holds the two public drawings, which choose what to show and
//! say what was left out; `drawing` lays out and writes the markup, `style`
//! the looks of types and statuses and the outlines of boxes and arrows,
//! `legend` the legend, and `text` the text measures and escaping.

mod drawing;
mod legend;
mod style;
mod text;

use crate::graph::{ClaimIx, EntityIx, Graph};
use crate::model::Status;
use crate::query::Contested;
use crate::query::neighborhood::{self, NeighborhoodParams};
use crate::query::paths::{self, PathParams};
use drawing::Drawing;
use text::count;
pub use text::text_width;

/// The most entities a drawing shows; more would not be legible.
pub const MAX_NODES: usize = 40;
/// The most claims a neighborhood drawing shows.
pub const MAX_CLAIMS: usize = 60;

/// The neighborhood of `center` as the JSON route finds it with `p`, drawn
/// with at most `min(p.limit, MAX_NODES)` entities, nearest first, and at
/// most [`MAX_CLAIMS`] claims, those nearest the center first.
///
/// Walks the whole neighborhood once to count what is left out, so costs
/// what [`neighborhood::neighborhood`] costs without a limit, plus the layout.
pub fn neighborhood_svg(graph: &Graph, center: EntityIx, p: &NeighborhoodParams) -> String {
    let all = neighborhood::neighborhood(
        graph,
        center,
        &NeighborhoodParams {
            limit: usize::MAX,
            ..p.clone()
        },
    );
    let shown = p.limit.min(MAX_NODES).min(all.nodes.len());
    let kept: Vec<(EntityIx, usize)> = all.nodes[..shown].to_vec();
    let distance = |e: EntityIx| kept.iter().find(|(k, _)| *k == e).map(|(_, d)| *d);
    // Claims between kept entities, nearest the center first, then in data order.
    let mut edges: Vec<(usize, ClaimIx)> = all
        .edges
        .iter()
        .filter_map(|c| {
            let (s, o) = graph.ends(*c);
            Some((distance(s)?.min(distance(o)?), *c))
        })
        .collect();
    edges.sort();
    edges.truncate(MAX_CLAIMS);
    let mut edges: Vec<ClaimIx> = edges.into_iter().map(|(_, c)| c).collect();
    edges.sort();
    let center_name = &graph.entity_at(center).name;
    let mut caption = vec![format!("depth {}", p.depth)];
    caption.push(statuses_caption(&p.filter.statuses));
    caption.extend(contested_caption(p.filter.contested).map(String::from));
    let mut notes = Vec::new();
    if kept.len() < all.nodes.len() || edges.len() < all.edges.len() {
        notes.push(format!(
            "Showing the nearest {} of {} entities and {} of {} claims: {} entities and {} claims left out. Lower the depth or filter by status or type to see the rest.",
            kept.len(),
            all.nodes.len(),
            edges.len(),
            all.edges.len(),
            all.nodes.len() - kept.len(),
            all.edges.len() - edges.len(),
        ));
    }
    if edges.is_empty() {
        notes.push(format!("No claims of {center_name} with these filters."));
    }
    let drawing = Drawing {
        graph,
        title: format!("Neighborhood of {center_name}"),
        highlight: format!("The filled box is {center_name}."),
        caption: caption.join(" · "),
        notes,
        nodes: kept.iter().map(|(e, _)| (*e, *e == center)).collect(),
        // Subjects left of their objects: what acts on the center stands to
        // its left, what it acts on to its right.
        edges: edges.iter().map(|c| (*c, true)).collect(),
    };
    drawing.render()
}

/// The k shortest paths from `from` to `to`, as the JSON route finds them
/// with `p`, drawn together; whole paths are dropped, longest last, when
/// their union would pass [`MAX_NODES`] entities.
///
/// Costs what [`paths::k_shortest_paths`] costs plus the layout.
pub fn paths_svg(graph: &Graph, from: EntityIx, to: EntityIx, p: &PathParams) -> String {
    let paths::Found {
        paths: found,
        truncated,
    } = paths::k_shortest_paths(graph, from, to, p);
    let mut nodes: Vec<EntityIx> = Vec::new();
    let mut claims: Vec<(ClaimIx, EntityIx)> = Vec::new();
    let mut drawn = 0;
    for path in &found {
        let new: Vec<EntityIx> = path
            .nodes
            .iter()
            .copied()
            .filter(|e| !nodes.contains(e))
            .collect();
        if drawn > 0 && nodes.len() + new.len() > MAX_NODES {
            break;
        }
        nodes.extend(new);
        for (i, hop) in path.hops.iter().enumerate() {
            if !claims.iter().any(|(c, _)| *c == hop.claim) {
                claims.push((hop.claim, path.nodes[i]));
            }
        }
        drawn += 1;
    }
    if nodes.is_empty() {
        nodes = vec![from, to];
    }
    let (from_name, to_name) = (&graph.entity_at(from).name, &graph.entity_at(to).name);
    let mut notes = Vec::new();
    if found.is_empty() {
        notes.push(format!(
            "No path of at most {} joins {from_name} and {to_name} with these filters.",
            count(p.max_length, "claim", "claims")
        ));
    } else if drawn < found.len() {
        notes.push(format!(
            "Showing {drawn} of {} paths: {} left out to keep the drawing legible.",
            found.len(),
            found.len() - drawn
        ));
    }
    if truncated {
        notes.push(
            "The search stopped at its work limit: shorter or other paths may exist. Narrow it with status, predicate or avoid.".to_string(),
        );
    }
    let mut caption = format!(
        "{} · at most {} · {}",
        count(found.len(), "path", "paths"),
        count(p.max_length, "claim", "claims"),
        statuses_caption(&p.filter.statuses)
    );
    if let Some(contested) = contested_caption(p.filter.contested) {
        caption.push_str(" · ");
        caption.push_str(contested);
    }
    let drawing = Drawing {
        graph,
        title: format!("Paths from {from_name} to {to_name}"),
        highlight: "The filled boxes are the two ends.".to_string(),
        caption,
        notes,
        nodes: nodes.iter().map(|e| (*e, *e == from || *e == to)).collect(),
        edges: claims
            .iter()
            .map(|(c, walked_from)| (*c, graph.ends(*c).0 == *walked_from))
            .collect(),
    };
    drawing.render()
}

/// What the caption says of the contested filter; nothing when it is off.
fn contested_caption(contested: Contested) -> Option<&'static str> {
    match contested {
        Contested::Include => None,
        Contested::Exclude => Some("no contested claims"),
        Contested::Only => Some("contested claims only"),
    }
}

fn statuses_caption(statuses: &[Status]) -> String {
    if statuses.is_empty() || Status::ALL.iter().all(|s| statuses.contains(s)) {
        "all statuses".to_string()
    } else {
        let words: Vec<&str> = Status::ALL
            .iter()
            .filter(|s| statuses.contains(s))
            .map(|s| s.as_str())
            .collect();
        format!("{} only", words.join(", "))
    }
}
