//! Laying out a drawing and writing its markup: the header and notes, the
//! entity boxes and claim arrows (a contested claim's marked, with who
//! contests it), and the size of each box from its words.
//! What to draw is chosen by the public functions in the parent module.

use std::fmt::Write;

use super::legend::Legend;
use super::style::{
    CONTESTED_SIGN, ContestedLook, StatusLook, TypeLook, markers, path_data, shape,
};
use super::text::{count, esc, num, shorten, text_width, wrap};
use crate::graph::{ClaimIx, EntityIx, Graph};
use crate::model::EntityType;
use crate::render::layout::{self, Cubic, LinkSpec, Size, Xy};

/// What to draw: entities (highlighted or not) and claims, each claim with
/// whether it is laid out from subject to object (`true`) or against it.
pub(super) struct Drawing<'g> {
    pub(super) graph: &'g Graph,
    pub(super) title: String,
    /// What the filled-in boxes are, for the legend.
    pub(super) highlight: String,
    pub(super) caption: String,
    pub(super) notes: Vec<String>,
    pub(super) nodes: Vec<(EntityIx, bool)>,
    pub(super) edges: Vec<(ClaimIx, bool)>,
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
pub(super) const INK: &str = "#1f2937";
pub(super) const MUTED: &str = "#4b5563";

/// A node's words, wrapped, and its box size.
struct NodeText {
    lines: Vec<String>,
    size: Size,
}

impl Drawing<'_> {
    pub(super) fn render(&self) -> String {
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

        let contested = drawn_edges.iter().any(|(c, _, _)| g.is_contested(*c));
        let legend = Legend::new(&self.nodes, g, contested);
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

    /// The label of a claim's predicate, as it reads from subject to object;
    /// a contested claim's begins with the contested sign.
    fn label_of(&self, c: ClaimIx) -> String {
        let predicate = self.graph.predicate_of(c);
        let label = self
            .graph
            .predicate(predicate)
            .map_or(predicate, |p| p.label.as_str());
        if self.graph.is_contested(c) {
            format!("{CONTESTED_SIGN} {label}")
        } else {
            label.to_string()
        }
    }

    /// Who contests a claim, as its tooltip says it: "disputed by Ruth
    /// Calder (calder-disputes-…)", one per contesting claim; and their ids.
    fn contested_by(&self, c: ClaimIx) -> (Vec<String>, Vec<String>) {
        let g = self.graph;
        g.contesting(c)
            .map(|r| {
                let predicate = g.predicate_of(r);
                let by = g
                    .predicate(predicate)
                    .map_or(predicate, |p| p.inverse_label.as_str());
                let id = g.claim_id(r).to_string();
                let who = g.entity_at(g.claimant(r)).name;
                (format!("{by} {who} ({id})"), id)
            })
            .unzip()
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
        let (contesters, contesting_ids) = self.contested_by(c);
        let contested = !contesting_ids.is_empty();
        if contested {
            let _ = write!(tip, " — contested: {}", contesters.join("; "));
        }
        let look = StatusLook::of(claim.status);
        let (color, text, marker) = if contested {
            (ContestedLook::COLOR, ContestedLook::TEXT, "contested")
        } else {
            (look.color, look.text, claim.status.as_str())
        };
        // The arrow points at the claim's object whichever way it was laid out.
        let d = path_data(curve, !forward);
        let _ = write!(
            out,
            r#"<a class="cg-claim cg-{status}{contested_class}" href="/#/claim/{id}" data-claim="{id}"{disputed_by} aria-label="{aria}"><title>{tip}</title>"#,
            status = claim.status.as_str(),
            contested_class = if contested { " cg-contested" } else { "" },
            id = esc(&claim.id),
            disputed_by = if contested {
                format!(r#" data-disputed-by="{}""#, esc(&contesting_ids.join(" ")))
            } else {
                String::new()
            },
            aria = esc(&format!(
                "{} {} {}, {}{}",
                name(&claim.subject),
                label.trim_start_matches(CONTESTED_SIGN).trim_start(),
                name(&claim.object),
                claim.status.as_str(),
                if contested { ", contested" } else { "" }
            )),
            tip = esc(&tip),
        );
        if contested {
            let _ = write!(
                out,
                r#"<path class="cg-contested-band" d="{d}" fill="none" stroke="{}" stroke-width="{}" stroke-dasharray="{}" stroke-linecap="round"/>"#,
                ContestedLook::BAND,
                num(ContestedLook::BAND_WIDTH),
                ContestedLook::BAND_DASH,
            );
        }
        let _ = write!(
            out,
            r#"<path class="cg-hit" d="{d}" fill="none" stroke="transparent" stroke-width="12"/><path class="cg-line" d="{d}" fill="none" stroke="{color}" stroke-width="1.6"{dash} stroke-linecap="round" marker-end="url(#cg-arrow-{marker})"/>"#,
            dash = look.dash_attr(),
        );
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" text-anchor="middle" font-size="{LABEL_SIZE}" fill="{}" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">{}</text></a>"##,
            num(label_at.x),
            num(label_at.y - 4.0),
            text,
            esc(label)
        );
    }
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
