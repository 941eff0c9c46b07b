//! How things look: the colours of entity types, the colours and dashes of
//! statuses, the look of a contested claim, the arrowheads, the outline of each type's box and the path
//! data of an arrow. Shared by the drawing and its legend, so kept apart
//! from both.

use std::fmt::Write;

use super::text::num;
use crate::model::{EntityType, Status};
use crate::render::layout::Cubic;

/// The colours and outline of an entity type.
pub(super) struct TypeLook {
    pub(super) fill: &'static str,
    pub(super) stroke: &'static str,
}

impl TypeLook {
    pub(super) fn of(kind: EntityType) -> TypeLook {
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
pub(super) struct StatusLook {
    pub(super) color: &'static str,
    pub(super) text: &'static str,
    pub(super) dash: Option<&'static str>,
}

impl StatusLook {
    pub(super) fn of(status: Status) -> StatusLook {
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

    pub(super) fn dash_attr(&self) -> String {
        self.dash
            .map(|d| format!(r#" stroke-dasharray="{d}""#))
            .unwrap_or_default()
    }
}

/// How a contested claim (one another claim disputes, denies or retracts)
/// draws: its line, still dashed by status, turns red over a pale red
/// band, its arrowhead red, and its label begins with [`CONTESTED_SIGN`].
pub(super) struct ContestedLook;

impl ContestedLook {
    /// The line and arrowhead.
    pub(super) const COLOR: &'static str = "#dc2626";
    /// The label.
    pub(super) const TEXT: &'static str = "#b91c1c";
    /// The band under the line, so that a contested asserted (solid) claim
    /// still stands out from an uncontested one without colour vision.
    pub(super) const BAND: &'static str = "#fecaca";
    pub(super) const BAND_WIDTH: f64 = 7.0;
    pub(super) const BAND_DASH: &'static str = "2 3";
}

/// What a contested claim's label begins with.
pub(super) const CONTESTED_SIGN: &str = "⚠";

/// One arrowhead per status, in its colour, and one for contested claims.
pub(super) fn markers() -> String {
    let mut out = String::from("<defs>");
    let heads = Status::ALL
        .into_iter()
        .map(|s| (s.as_str(), StatusLook::of(s).color))
        .chain([("contested", ContestedLook::COLOR)]);
    for (name, color) in heads {
        let _ = write!(
            out,
            r#"<marker id="cg-arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="{color}"/></marker>"#,
        );
    }
    out.push_str("</defs>");
    out
}

/// The outline of an entity's box: a pill for a person, a square-cornered
/// box for an organization, a rounded one for a place, a hexagon for an
/// event, a page with a folded corner for a work.
pub(super) fn shape(kind: EntityType, x: f64, y: f64, w: f64, h: f64) -> String {
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
pub(super) fn path_data(curve: &[Cubic], reverse: bool) -> String {
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
