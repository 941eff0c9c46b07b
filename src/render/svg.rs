//! SVG drawings of a neighborhood and of the paths between two entities.
//!
//! Boxes are entities, shaped and coloured by type; arrows are claims,
//! labelled by predicate and dashed by status (asserted solid, alleged
//! dashed, suspected dotted), with a legend. The center of a neighborhood
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

use std::fmt::Write;

use quick_xml::escape::escape;

use super::layout::{self, Cubic, LinkSpec, Size, Xy};
use crate::graph::{ClaimIx, EntityIx, Graph};
use crate::model::{EntityType, Status};
use crate::query::neighborhood::{self, NeighborhoodParams};
use crate::query::paths::{self, PathParams};

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
    let caption = format!(
        "{} · at most {} · {}",
        count(found.len(), "path", "paths"),
        count(p.max_length, "claim", "claims"),
        statuses_caption(&p.filter.statuses)
    );
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

/// "1 claim", "2 claims".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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

/// What to draw: entities (highlighted or not) and claims, each claim with
/// whether it is laid out from subject to object (`true`) or against it.
struct Drawing<'g> {
    graph: &'g Graph,
    title: String,
    /// What the filled-in boxes are, for the legend.
    highlight: String,
    caption: String,
    notes: Vec<String>,
    nodes: Vec<(EntityIx, bool)>,
    edges: Vec<(ClaimIx, bool)>,
}

const FONT: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const NAME_SIZE: f64 = 13.0;
const TYPE_SIZE: f64 = 9.5;
const LABEL_SIZE: f64 = 11.0;
const LINE_HEIGHT: f64 = 16.0;
const PAD_X: f64 = 14.0;
const PAD_Y: f64 = 8.0;
const MARGIN: f64 = 24.0;
const HEADER: f64 = 52.0;
const INK: &str = "#1f2937";
const MUTED: &str = "#4b5563";

/// A node's words, wrapped, and its box size.
struct NodeText {
    lines: Vec<String>,
    size: Size,
}

impl Drawing<'_> {
    fn render(&self) -> String {
        let g = self.graph;
        let texts: Vec<NodeText> = self
            .nodes
            .iter()
            .map(|(e, _)| {
                let entity = g.entity_at(*e);
                node_text(entity.name, entity.kind)
            })
            .collect();
        let index_of = |e: EntityIx| self.nodes.iter().position(|(n, _)| *n == e);
        let mut specs = Vec::new();
        let mut drawn_edges = Vec::new();
        for (c, forward) in &self.edges {
            let (s, o) = g.ends(*c);
            let (Some(si), Some(oi)) = (index_of(s), index_of(o)) else {
                continue;
            };
            let label = self.label_of(*c);
            let (from, to) = if *forward { (si, oi) } else { (oi, si) };
            specs.push(LinkSpec {
                from,
                to,
                label: Size {
                    width: text_width(&label, LABEL_SIZE) + 8.0,
                    height: LABEL_SIZE + 6.0,
                },
            });
            drawn_edges.push((*c, *forward, label));
        }
        let sizes: Vec<Size> = texts.iter().map(|t| t.size).collect();
        let laid = layout::layout(&sizes, &specs, MARGIN);

        let legend = Legend::new(&self.nodes, g);
        let width = laid
            .width
            .max(legend.width + 2.0 * MARGIN)
            .max(text_width(&self.title, 16.0).max(text_width(&self.caption, 12.0)) + 2.0 * MARGIN);
        let notes: Vec<String> = self
            .notes
            .iter()
            .flat_map(|n| wrap(n, (width - 2.0 * MARGIN).max(320.0), 12.5))
            .collect();
        let top = HEADER + notes.len() as f64 * 17.0;
        let height = top + laid.height + legend.height;

        let mut out = String::with_capacity(16 * 1024);
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="cg-drawing" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="cg-title cg-desc" font-family="{font}">"#,
            w = num(width),
            h = num(height),
            font = FONT,
        );
        let _ = write!(
            out,
            r#"<title id="cg-title">{}</title><desc id="cg-desc">{}</desc>"#,
            esc(&self.title),
            esc(&self.description(drawn_edges.len()))
        );
        out.push_str(&markers());
        let _ = write!(
            out,
            r##"<rect class="cg-background" x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
            num(width),
            num(height)
        );
        let _ = write!(
            out,
            r#"<text class="cg-heading" x="{m}" y="{y1}" font-size="16" font-weight="600" fill="{INK}">{t}</text><text class="cg-caption" x="{m}" y="{y2}" font-size="12" fill="{MUTED}">{c}</text>"#,
            m = num(MARGIN),
            y1 = num(MARGIN + 4.0),
            y2 = num(MARGIN + 22.0),
            t = esc(&self.title),
            c = esc(&self.caption),
        );
        for (i, note) in notes.iter().enumerate() {
            let _ = write!(
                out,
                r##"<text class="cg-note" x="{}" y="{}" font-size="12" font-weight="600" fill="#92400e">{}</text>"##,
                num(MARGIN),
                num(HEADER + 10.0 + i as f64 * 17.0),
                esc(note)
            );
        }
        let _ = write!(
            out,
            r#"<g class="cg-graph" transform="translate(0 {})">"#,
            num(top)
        );
        out.push_str(r#"<g class="cg-claims">"#);
        for ((c, forward, label), placed) in drawn_edges.iter().zip(&laid.links) {
            self.edge(&mut out, *c, *forward, label, &placed.curve, placed.label);
        }
        out.push_str("</g><g class=\"cg-entities\">");
        for (((e, highlighted), text), placed) in self.nodes.iter().zip(&texts).zip(&laid.boxes) {
            self.node(&mut out, *e, *highlighted, text, placed.center);
        }
        out.push_str("</g></g>");
        legend.write(&mut out, MARGIN, top + laid.height, &self.highlight);
        out.push_str("</svg>\n");
        out
    }

    /// The label of a claim's predicate, as it reads from subject to object.
    fn label_of(&self, c: ClaimIx) -> String {
        let claim = self.graph.claim_at(c);
        self.graph
            .predicate(&claim.predicate)
            .map_or_else(|| claim.predicate.clone(), |p| p.label.clone())
    }

    fn description(&self, claims: usize) -> String {
        let names: Vec<&str> = self
            .nodes
            .iter()
            .map(|(e, _)| self.graph.entity_at(*e).name)
            .collect();
        format!(
            "{}; {} ({}) and {}.",
            self.caption,
            count(names.len(), "entity", "entities"),
            names.join(", "),
            count(claims, "claim", "claims")
        )
    }

    fn node(&self, out: &mut String, e: EntityIx, highlighted: bool, text: &NodeText, at: Xy) {
        let entity = self.graph.entity_at(e);
        let look = TypeLook::of(entity.kind);
        let (w, h) = (text.size.width, text.size.height);
        let (x, y) = (at.x - w / 2.0, at.y - h / 2.0);
        let (fill, stroke, ink, sub, stroke_width) = if highlighted {
            (look.stroke, look.stroke, "#ffffff", "#ffffff", 2.5)
        } else {
            (look.fill, look.stroke, INK, look.stroke, 1.5)
        };
        let mut tip = format!("{} ({})", entity.name, entity.kind.as_str());
        if !entity.description.is_empty() {
            tip.push_str(": ");
            tip.push_str(&shorten(entity.description, 240));
        }
        let _ = write!(
            out,
            r#"<a class="cg-entity cg-{kind}{hl}" href="/#/entity/{id}" data-entity="{id}" aria-label="{label}"><title>{tip}</title>"#,
            kind = entity.kind.as_str(),
            hl = if highlighted { " cg-highlight" } else { "" },
            id = esc(entity.id),
            label = esc(&format!("{}, {}", entity.name, entity.kind.as_str())),
            tip = esc(&tip),
        );
        let _ = write!(
            out,
            r#"<path class="cg-shape" d="{}" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"/>"#,
            shape(entity.kind, x, y, w, h)
        );
        let lines = text.lines.len() as f64;
        let first = at.y - (lines * LINE_HEIGHT + TYPE_SIZE + 2.0) / 2.0 + NAME_SIZE;
        for (i, line) in text.lines.iter().enumerate() {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" text-anchor="middle" font-size="{NAME_SIZE}" font-weight="600" fill="{ink}">{}</text>"#,
                num(at.x),
                num(first + i as f64 * LINE_HEIGHT),
                esc(line)
            );
        }
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle" font-size="{TYPE_SIZE}" letter-spacing="0.6" fill="{sub}">{}</text></a>"#,
            num(at.x),
            num(first + (lines - 1.0) * LINE_HEIGHT + TYPE_SIZE + 5.0),
            entity.kind.as_str().to_uppercase()
        );
    }

    fn edge(
        &self,
        out: &mut String,
        c: ClaimIx,
        forward: bool,
        label: &str,
        curve: &[Cubic],
        label_at: Xy,
    ) {
        let g = self.graph;
        let claim = g.claim_at(c);
        let name = |id: &str| g.entity(id).map_or(id.to_string(), |e| e.name.to_string());
        let mut tip = format!(
            "{} {} {} ({}, claimed by {})",
            name(&claim.subject),
            label,
            name(&claim.object),
            claim.status.as_str(),
            name(&claim.claimed_by)
        );
        if let Some(cite) = claim.citations.first() {
            let _ = write!(tip, ": “{}”", shorten(&cite.quote, 240));
        }
        let look = StatusLook::of(claim.status);
        // The arrow points at the claim's object whichever way it was laid out.
        let d = path_data(curve, !forward);
        let _ = write!(
            out,
            r#"<a class="cg-claim cg-{status}" href="/#/claim/{id}" data-claim="{id}" aria-label="{aria}"><title>{tip}</title>"#,
            status = claim.status.as_str(),
            id = esc(&claim.id),
            aria = esc(&format!(
                "{} {} {}, {}",
                name(&claim.subject),
                label,
                name(&claim.object),
                claim.status.as_str()
            )),
            tip = esc(&tip),
        );
        let _ = write!(
            out,
            r#"<path class="cg-hit" d="{d}" fill="none" stroke="transparent" stroke-width="12"/><path class="cg-line" d="{d}" fill="none" stroke="{color}" stroke-width="1.6"{dash} stroke-linecap="round" marker-end="url(#cg-arrow-{status})"/>"#,
            color = look.color,
            dash = look.dash_attr(),
            status = claim.status.as_str(),
        );
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" text-anchor="middle" font-size="{LABEL_SIZE}" fill="{}" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">{}</text></a>"##,
            num(label_at.x),
            num(label_at.y - 4.0),
            look.text,
            esc(label)
        );
    }
}

/// The colours and outline of an entity type.
struct TypeLook {
    fill: &'static str,
    stroke: &'static str,
}

impl TypeLook {
    fn of(kind: EntityType) -> TypeLook {
        let (fill, stroke) = match kind {
            EntityType::Person => ("#eff6ff", "#1d4ed8"),
            EntityType::Organization => ("#f5f3ff", "#6d28d9"),
            EntityType::Place => ("#ecfdf5", "#047857"),
            EntityType::Event => ("#fffbeb", "#b45309"),
            EntityType::Work => ("#f8fafc", "#475569"),
        };
        TypeLook { fill, stroke }
    }
}

/// How a status draws: colour and dash pattern.
struct StatusLook {
    color: &'static str,
    text: &'static str,
    dash: Option<&'static str>,
}

impl StatusLook {
    fn of(status: Status) -> StatusLook {
        match status {
            Status::Asserted => StatusLook {
                color: "#374151",
                text: "#1f2937",
                dash: None,
            },
            Status::Alleged => StatusLook {
                color: "#b45309",
                text: "#92400e",
                dash: Some("7 5"),
            },
            Status::Suspected => StatusLook {
                color: "#be123c",
                text: "#9f1239",
                dash: Some("1.5 4"),
            },
        }
    }

    fn dash_attr(&self) -> String {
        self.dash
            .map(|d| format!(r#" stroke-dasharray="{d}""#))
            .unwrap_or_default()
    }
}

/// One arrowhead per status, in its colour.
fn markers() -> String {
    let mut out = String::from("<defs>");
    for status in Status::ALL {
        let _ = write!(
            out,
            r#"<marker id="cg-arrow-{}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="{}"/></marker>"#,
            status.as_str(),
            StatusLook::of(status).color
        );
    }
    out.push_str("</defs>");
    out
}

/// The outline of an entity's box: a pill for a person, a square-cornered
/// box for an organization, a rounded one for a place, a hexagon for an
/// event, a page with a folded corner for a work.
fn shape(kind: EntityType, x: f64, y: f64, w: f64, h: f64) -> String {
    let (r, b) = (x + w, y + h);
    match kind {
        EntityType::Person => rounded(x, y, w, h, h / 2.0),
        EntityType::Organization => rounded(x, y, w, h, 2.0),
        EntityType::Place => rounded(x, y, w, h, 9.0),
        EntityType::Event => {
            let k = (h / 2.0).min(12.0);
            format!(
                "M{} {}H{}L{} {}L{} {}H{}L{} {}Z",
                num(x + k),
                num(y),
                num(r - k),
                num(r),
                num(y + h / 2.0),
                num(r - k),
                num(b),
                num(x + k),
                num(x),
                num(y + h / 2.0)
            )
        }
        EntityType::Work => {
            let k = 10.0;
            format!(
                "M{} {}H{}L{} {}V{}H{}Z M{} {}V{}H{}",
                num(x),
                num(y),
                num(r - k),
                num(r),
                num(y + k),
                num(b),
                num(x),
                num(r - k),
                num(y),
                num(y + k),
                num(r)
            )
        }
    }
}

fn rounded(x: f64, y: f64, w: f64, h: f64, r: f64) -> String {
    let r = r.min(w / 2.0).min(h / 2.0);
    format!(
        "M{} {}H{}A{r} {r} 0 0 1 {} {}V{}A{r} {r} 0 0 1 {} {}H{}A{r} {r} 0 0 1 {} {}V{}A{r} {r} 0 0 1 {} {}Z",
        num(x + r),
        num(y),
        num(x + w - r),
        num(x + w),
        num(y + r),
        num(y + h - r),
        num(x + w - r),
        num(y + h),
        num(x + r),
        num(x),
        num(y + h - r),
        num(y + r),
        num(x + r),
        num(y),
        r = num(r),
    )
}

/// SVG path data for a chain of cubic segments, optionally walked backwards.
fn path_data(curve: &[Cubic], reverse: bool) -> String {
    let segments: Vec<Cubic> = if reverse {
        curve
            .iter()
            .rev()
            .map(|c| [c[3], c[2], c[1], c[0]])
            .collect()
    } else {
        curve.to_vec()
    };
    let mut d = String::new();
    if let Some(first) = segments.first() {
        let _ = write!(d, "M{} {}", num(first[0].x), num(first[0].y));
    }
    for c in &segments {
        let _ = write!(
            d,
            "C{} {} {} {} {} {}",
            num(c[1].x),
            num(c[1].y),
            num(c[2].x),
            num(c[2].y),
            num(c[3].x),
            num(c[3].y)
        );
    }
    d
}

/// The legend: what the line styles and the shapes mean.
struct Legend {
    kinds: Vec<EntityType>,
    width: f64,
    height: f64,
}

impl Legend {
    fn new(nodes: &[(EntityIx, bool)], g: &Graph) -> Legend {
        let kinds: Vec<EntityType> = EntityType::ALL
            .into_iter()
            .filter(|k| nodes.iter().any(|(e, _)| g.entity_at(*e).kind == *k))
            .collect();
        Legend {
            width: 3.0 * 130.0,
            height: 84.0,
            kinds,
        }
    }

    fn write(&self, out: &mut String, x: f64, y: f64, highlight: &str) {
        let _ = write!(
            out,
            r##"<g class="cg-legend" transform="translate({} {})"><line x1="0" y1="0" x2="{}" y2="0" stroke="#e5e7eb"/>"##,
            num(x),
            num(y),
            num(self.width)
        );
        let _ = write!(
            out,
            r#"<text x="0" y="22" font-size="11" font-weight="600" fill="{MUTED}">Claims</text>"#
        );
        for (i, status) in Status::ALL.into_iter().enumerate() {
            let look = StatusLook::of(status);
            let x0 = 56.0 + i as f64 * 110.0;
            let _ = write!(
                out,
                r#"<g class="cg-legend-{s}"><path d="M{} 18H{}" stroke="{c}" stroke-width="1.6"{dash} stroke-linecap="round" marker-end="url(#cg-arrow-{s})"/><text x="{}" y="22" font-size="11" fill="{INK}">{s}</text></g>"#,
                num(x0),
                num(x0 + 34.0),
                num(x0 + 42.0),
                s = status.as_str(),
                c = look.color,
                dash = look.dash_attr(),
            );
        }
        if !self.kinds.is_empty() {
            let _ = write!(
                out,
                r#"<text x="0" y="52" font-size="11" font-weight="600" fill="{MUTED}">Entities</text>"#
            );
            let mut x0 = 56.0;
            for kind in &self.kinds {
                let look = TypeLook::of(*kind);
                let _ = write!(
                    out,
                    r#"<path d="{}" fill="{}" stroke="{}" stroke-width="1.2"/><text x="{}" y="52" font-size="11" fill="{INK}">{}</text>"#,
                    shape(*kind, x0, 42.0, 26.0, 14.0),
                    look.fill,
                    look.stroke,
                    num(x0 + 32.0),
                    kind.as_str()
                );
                x0 += 40.0 + text_width(kind.as_str(), 11.0) + 14.0;
            }
            let _ = write!(
                out,
                r#"<text x="0" y="74" font-size="11" fill="{MUTED}">{} Select a box or an arrow to open it.</text>"#,
                esc(highlight)
            );
        }
        out.push_str("</g>");
    }
}

/// Wraps text into lines no wider than `width` at `font_size`.
fn wrap(text: &str, width: f64, font_size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, font_size) > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Wraps a name into lines of about 22 characters and sizes its box for
/// the shape of its type.
fn node_text(name: &str, kind: EntityType) -> NodeText {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in name.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 22 {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    if lines.len() > 3 {
        lines.truncate(3);
        lines[2].push('…');
    }
    let widest = lines
        .iter()
        .map(|l| text_width(l, NAME_SIZE) * 1.04)
        .fold(0.0, f64::max)
        .max(56.0);
    let height = lines.len() as f64 * LINE_HEIGHT + TYPE_SIZE + 2.0 + 2.0 * PAD_Y;
    // Room for the shape's pointed, rounded or folded sides.
    let extra = match kind {
        EntityType::Event => 22.0,
        EntityType::Person => 10.0,
        EntityType::Work => 8.0,
        EntityType::Organization | EntityType::Place => 0.0,
    };
    NodeText {
        size: Size {
            width: (widest + 2.0 * PAD_X + extra).ceil(),
            height: height.ceil(),
        },
        lines,
    }
}

/// An estimate of a text's width in a proportional sans-serif font, from
/// per-character classes; no font is at hand on the server.
pub fn text_width(text: &str, font_size: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | '\'' | '’' | '‘' | '|' | ':' | ';' | '!' => 0.28,
            'f' | 't' | 'r' | ' ' | '(' | ')' | '-' | '“' | '”' | '"' | 'I' => 0.36,
            'm' | 'w' | 'M' | 'W' | '—' => 0.86,
            'A'..='Z' => 0.68,
            _ => 0.56,
        })
        .sum();
    em * font_size
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

fn esc(text: &str) -> String {
    escape(text).into_owned()
}

/// A coordinate with at most one decimal, without a trailing ".0".
fn num(v: f64) -> String {
    let v = (v * 10.0).round() / 10.0;
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}
