//! The legend under a drawing: the line style of each status, the mark of
//! a contested claim when one is drawn, and the shape of each entity type
//! shown, then what the filled boxes are.

use std::fmt::Write;

use super::drawing::{INK, MUTED};
use super::style::{CONTESTED_SIGN, ContestedLook, StatusLook, TypeLook, shape};
use super::text::{esc, num, text_width};
use crate::graph::{EntityIx, Graph};
use crate::model::{EntityType, Status};

/// The legend: what the line styles and the shapes mean.
pub(super) struct Legend {
    kinds: Vec<EntityType>,
    /// Whether a contested claim is drawn, so the legend says what its mark means.
    contested: bool,
    pub(super) width: f64,
    pub(super) height: f64,
}

impl Legend {
    pub(super) fn new(nodes: &[(EntityIx, bool)], g: &Graph, contested: bool) -> Legend {
        let kinds: Vec<EntityType> = EntityType::ALL
            .into_iter()
            .filter(|k| nodes.iter().any(|(e, _)| g.entity_at(*e).kind == *k))
            .collect();
        Legend {
            width: if contested { 4.0 * 130.0 } else { 3.0 * 130.0 },
            height: 84.0,
            kinds,
            contested,
        }
    }

    pub(super) fn write(&self, out: &mut String, x: f64, y: f64, highlight: &str) {
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
        if self.contested {
            let x0 = 56.0 + 3.0 * 110.0;
            let _ = write!(
                out,
                r#"<g class="cg-legend-contested"><title>Another claim disputes, denies or retracts it</title><path d="M{a} 18H{b}" stroke="{band}" stroke-width="{bw}" stroke-dasharray="{bd}" stroke-linecap="round"/><path d="M{a} 18H{b}" stroke="{c}" stroke-width="1.6" stroke-linecap="round" marker-end="url(#cg-arrow-contested)"/><text x="{t}" y="22" font-size="11" fill="{tc}">{sign} contested</text></g>"#,
                a = num(x0),
                b = num(x0 + 34.0),
                t = num(x0 + 42.0),
                band = ContestedLook::BAND,
                bw = num(ContestedLook::BAND_WIDTH),
                bd = ContestedLook::BAND_DASH,
                c = ContestedLook::COLOR,
                tc = ContestedLook::TEXT,
                sign = CONTESTED_SIGN,
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
