//! Where boxes and labelled links go: a thin wrapper over the layered
//! (Sugiyama-style) layout of the `layout-rs` crate, drawn left to right.
//!
//! The caller gives box sizes and links, each link with the size of its
//! label; it gets back box centres, label centres and each link as a chain
//! of cubic Bézier segments from its `from` box to its `to` box. Nothing here
//! knows about claims or SVG markup.
//!
//! `layout-rs` ranks the boxes into columns, orders each column to reduce
//! crossings and places them (Brandes–Köpf); a link's label is a node of its
//! own in a column between the link's ends, so labels never overlap. We take
//! its placements and draw the curves ourselves: each link leaves the right
//! side of a box, runs straight under its label and enters the left side of
//! the next box, which reads better than the library's own curves. The
//! layout is a pure function of its input (no randomness, no hash-order
//! iteration), so the same input gives the same picture.

use layout::adt::dag::NodeHandle;
use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::{Point, Position};
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;

/// Width and height, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

/// A link to lay out, between two boxes given by their positions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkSpec {
    pub from: usize,
    pub to: usize,
    /// The size of the label drawn on the link.
    pub label: Size,
}

/// A point of the drawing, the origin at its top left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Xy {
    pub x: f64,
    pub y: f64,
}

/// One cubic Bézier segment: start, two control points, end.
pub type Cubic = [Xy; 4];

/// A box placed: its centre and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub center: Xy,
    pub size: Size,
}

/// A link placed: its curve from the `from` box to the `to` box, and where
/// its label's centre goes.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLink {
    pub curve: Vec<Cubic>,
    pub label: Xy,
}

/// The whole drawing, translated so that everything starts at `margin`.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub boxes: Vec<Placed>,
    pub links: Vec<PlacedLink>,
    pub width: f64,
    pub height: f64,
}

/// Room kept around each box, in pixels, split between its two sides:
/// wide across, for the links to bend in, and narrow between rows.
const HALO: Point = Point { x: 96.0, y: 22.0 };

/// Room kept around each label.
const LABEL_HALO: Point = Point { x: 16.0, y: 10.0 };

/// Lays out `boxes` and `links` left to right, links flowing from `from` to
/// `to` where the graph allows (a link that would close a cycle, given the
/// links before it, runs right to left).
///
/// Costs about O((V + E)²) for V boxes and E links in the crossing
/// reduction; callers keep drawings to a few dozen boxes.
pub fn layout(boxes: &[Size], links: &[LinkSpec], margin: f64) -> Layout {
    if boxes.is_empty() {
        return Layout {
            boxes: Vec::new(),
            links: Vec::new(),
            width: 2.0 * margin,
            height: 2.0 * margin,
        };
    }
    let mut vg = VisualGraph::new(Orientation::LeftToRight);
    let look = StyleAttr::simple();
    let handles: Vec<NodeHandle> = boxes
        .iter()
        .map(|b| {
            let size = Point::new(b.width, b.height);
            let mut element = Element::create(
                ShapeKind::Box(String::new()),
                look.clone(),
                Orientation::LeftToRight,
                size,
            );
            element.pos = Position::new(Point::zero(), size, Point::zero(), HALO);
            vg.add_node(element)
        })
        .collect();
    // Each link becomes two arrows through a box of its own for its label,
    // so labels take part in the layout like boxes and never overlap.
    let labels: Vec<NodeHandle> = links
        .iter()
        .map(|link| {
            let size = Point::new(link.label.width, link.label.height);
            let mut element = Element::create(
                ShapeKind::Box(String::new()),
                look.clone(),
                Orientation::LeftToRight,
                size,
            );
            element.pos = Position::new(Point::zero(), size, Point::zero(), LABEL_HALO);
            vg.add_node(element)
        })
        .collect();
    let turned = turned_around(boxes.len(), links);
    for ((link, label), turned) in links.iter().zip(&labels).zip(&turned) {
        let (a, b) = if *turned {
            (link.to, link.from)
        } else {
            (link.from, link.to)
        };
        vg.add_edge(Arrow::default(), handles[a], *label);
        vg.add_edge(Arrow::default(), *label, handles[b]);
    }
    vg.do_it(false, false, false, &mut Nothing);

    let columns = column_axes(&vg);
    let squeeze = Squeeze::new(&vg);
    let middle = |h: NodeHandle| {
        let p = vg.pos(h).middle();
        Xy {
            x: columns[vg.dag.level(h)],
            y: squeeze.y(p.y),
        }
    };
    let mut placed: Vec<Placed> = handles
        .iter()
        .zip(boxes)
        .map(|(h, size)| Placed {
            center: middle(*h),
            size: *size,
        })
        .collect();
    // Each link's route: the box it leaves (on its right side), the stops
    // between, and the box it enters (on its left side).
    let mut routes: Vec<Route> = Vec::with_capacity(links.len());
    for ((link, label), reversed) in links.iter().zip(&labels).zip(turned) {
        let (start, end) = if reversed {
            (link.to, link.from)
        } else {
            (link.from, link.to)
        };
        let left = half(&vg, *label, handles[start], true);
        let right = half(&vg, *label, handles[end], false);
        let mut stops: Vec<(Xy, f64)> = left.iter().rev().map(|h| (middle(*h), 0.0)).collect();
        let label_at = stops.len();
        stops.push((middle(*label), link.label.width));
        stops.extend(right.iter().map(|h| (middle(*h), 0.0)));
        routes.push(Route {
            start,
            end,
            stops,
            label_at,
            reversed,
        });
    }
    let ports = ports(&placed, &routes);
    let mut placed_links = Vec::with_capacity(links.len());
    for (route, (out, into)) in routes.iter().zip(ports) {
        let mut stops = vec![(out, 0.0)];
        stops.extend(route.stops.iter().copied());
        stops.push((into, 0.0));
        let mut curve = through(&stops);
        if route.reversed {
            curve = curve
                .iter()
                .rev()
                .map(|c| [c[3], c[2], c[1], c[0]])
                .collect();
        }
        placed_links.push(PlacedLink {
            curve,
            label: route.stops[route.label_at].0,
        });
    }
    fit(&mut placed, &mut placed_links, links, margin)
}

/// Which links to lay out from `to` to `from`: those that would close a
/// cycle given the links before them, so that the layout gets a DAG and
/// turns nothing around itself.
///
/// Costs O(E · (V + E)): one reachability search per link.
fn turned_around(boxes: usize, links: &[LinkSpec]) -> Vec<bool> {
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); boxes];
    links
        .iter()
        .map(|link| {
            let turned = reaches(&next, link.to, link.from);
            let (a, b) = if turned {
                (link.to, link.from)
            } else {
                (link.from, link.to)
            };
            next[a].push(b);
            turned
        })
        .collect()
}

/// Whether `to` can be reached from `from` along `next`.
fn reaches(next: &[Vec<usize>], from: usize, to: usize) -> bool {
    let mut seen = vec![false; next.len()];
    let mut stack = vec![from];
    while let Some(at) = stack.pop() {
        if at == to {
            return true;
        }
        if !std::mem::replace(&mut seen[at], true) {
            stack.extend(&next[at]);
        }
    }
    false
}

/// The bend points between a link's label and the box `end` to its left
/// (`left`) or right, nearest the label first. Long links bend through the
/// library's invisible connectors, one per column crossed.
fn half(vg: &VisualGraph, label: NodeHandle, end: NodeHandle, left: bool) -> Vec<NodeHandle> {
    let firsts = if left {
        vg.dag.predecessors(label)
    } else {
        vg.dag.successors(label)
    };
    for first in firsts {
        let (mut chain, mut at) = (Vec::new(), *first);
        while vg.is_connector(at) {
            chain.push(at);
            let next = if left {
                vg.dag.single_pred(at)
            } else {
                vg.dag.single_succ(at)
            };
            match next {
                Some(n) => at = n,
                None => break,
            }
        }
        if at == end {
            return chain;
        }
    }
    Vec::new()
}

/// How a link runs left to right: out of the right side of box `start`,
/// through `stops` (points with the width of what runs over them), into the
/// left side of box `end`.
struct Route {
    start: usize,
    end: usize,
    stops: Vec<(Xy, f64)>,
    /// Which stop is the label.
    label_at: usize,
    /// Whether the link runs from its `to` box to its `from` box.
    reversed: bool,
}

/// Where each route leaves its first box and enters its last: spread along
/// the box's side in the order of where the routes go, so that links fan out
/// instead of leaving from one point.
fn ports(boxes: &[Placed], routes: &[Route]) -> Vec<(Xy, Xy)> {
    let mut ports: Vec<(Xy, Xy)> = routes
        .iter()
        .map(|r| {
            let (a, b) = (boxes[r.start], boxes[r.end]);
            (
                Xy {
                    x: a.center.x + a.size.width / 2.0,
                    y: a.center.y,
                },
                Xy {
                    x: b.center.x - b.size.width / 2.0,
                    y: b.center.y,
                },
            )
        })
        .collect();
    for (i, placed) in boxes.iter().enumerate() {
        for leaving in [true, false] {
            // The routes on this side, ordered by the height they head for.
            let mut side: Vec<(f64, usize)> = routes
                .iter()
                .enumerate()
                .filter(|(_, r)| if leaving { r.start == i } else { r.end == i })
                .map(|(k, r)| {
                    let toward = if leaving {
                        r.stops.first()
                    } else {
                        r.stops.last()
                    };
                    (toward.map_or(placed.center.y, |s| s.0.y), k)
                })
                .collect();
            if side.len() < 2 {
                continue;
            }
            side.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let room = (placed.size.height - 16.0).max(0.0);
            let step = (room / (side.len() - 1) as f64).min(7.0);
            let top = placed.center.y - step * (side.len() - 1) as f64 / 2.0;
            for (n, (_, k)) in side.iter().enumerate() {
                let y = top + step * n as f64;
                if leaving {
                    ports[*k].0.y = y;
                } else {
                    ports[*k].1.y = y;
                }
            }
        }
    }
    ports
}

/// The x of each column's axis, from the widest element of each column, as
/// the library computes it before it places anything.
fn column_axes(vg: &VisualGraph) -> Vec<f64> {
    let mut axes = Vec::with_capacity(vg.dag.num_levels());
    let mut left = 0.0;
    for level in 0..vg.dag.num_levels() {
        let widest = vg
            .dag
            .row(level)
            .iter()
            .map(|h| vg.pos(*h).size(true).x)
            .fold(0.0, f64::max);
        axes.push(left + widest / 2.0);
        left += widest;
    }
    axes
}

/// The widest empty band left between two rows of the drawing.
const MAX_GAP: f64 = 20.0;

/// Closes up the empty horizontal bands the placement leaves: where no box,
/// label or link bend occupies a band of height across every column, the
/// band shrinks to [`MAX_GAP`]. Order within each column is kept, and so is
/// every horizontal line, since everything between two bands moves alike.
struct Squeeze {
    /// The bottom of each band to shrink and how much it shrinks, top first.
    cuts: Vec<(f64, f64)>,
}

impl Squeeze {
    fn new(vg: &VisualGraph) -> Squeeze {
        let mut spans: Vec<(f64, f64)> = vg
            .iter_nodes()
            .map(|h| {
                let pos = vg.pos(h);
                let (y, half) = (pos.middle().y, pos.size(false).y.max(2.0) / 2.0);
                (y - half, y + half)
            })
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut cuts = Vec::new();
        let mut bottom = f64::NEG_INFINITY;
        for (top, end) in spans {
            if bottom.is_finite() && top - bottom > MAX_GAP {
                cuts.push((top, top - bottom - MAX_GAP));
            }
            bottom = bottom.max(end);
        }
        Squeeze { cuts }
    }

    /// Where `y` goes once the bands above it are shrunk.
    fn y(&self, y: f64) -> f64 {
        y - self
            .cuts
            .iter()
            .filter(|(below, _)| *below <= y)
            .map(|(_, by)| by)
            .sum::<f64>()
    }
}

/// A smooth curve through stops left to right: horizontal at each stop,
/// straight across the width of each stop (a label runs over its link).
fn through(stops: &[(Xy, f64)]) -> Vec<Cubic> {
    let mut curve = Vec::new();
    let mut previous: Option<Xy> = None;
    for (at, width) in stops {
        let enter = Xy {
            x: at.x - width / 2.0,
            y: at.y,
        };
        let leave = Xy {
            x: at.x + width / 2.0,
            y: at.y,
        };
        if let Some(p) = previous {
            let bend = (enter.x - p.x).abs() / 2.0;
            curve.push([
                p,
                Xy {
                    x: p.x + bend,
                    y: p.y,
                },
                Xy {
                    x: enter.x - bend,
                    y: enter.y,
                },
                enter,
            ]);
        }
        if *width > 0.0 {
            curve.push([enter, enter, leave, leave]);
        }
        previous = Some(leave);
    }
    curve
}

/// Moves everything so the drawing starts at (`margin`, `margin`) and
/// measures it.
fn fit(boxes: &mut [Placed], links: &mut [PlacedLink], specs: &[LinkSpec], margin: f64) -> Layout {
    let (mut min_x, mut min_y) = (f64::INFINITY, f64::INFINITY);
    let (mut max_x, mut max_y) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut grow = |p: Xy, half_w: f64, half_h: f64| {
        min_x = min_x.min(p.x - half_w);
        min_y = min_y.min(p.y - half_h);
        max_x = max_x.max(p.x + half_w);
        max_y = max_y.max(p.y + half_h);
    };
    for b in boxes.iter() {
        grow(b.center, b.size.width / 2.0, b.size.height / 2.0);
    }
    for (link, spec) in links.iter().zip(specs) {
        grow(link.label, spec.label.width / 2.0, spec.label.height / 2.0);
        for c in &link.curve {
            for p in c {
                grow(*p, 0.0, 0.0);
            }
        }
    }
    let shift = |p: &mut Xy| {
        p.x = round(p.x - min_x + margin);
        p.y = round(p.y - min_y + margin);
    };
    for b in boxes.iter_mut() {
        shift(&mut b.center);
    }
    for link in links.iter_mut() {
        shift(&mut link.label);
        for c in &mut link.curve {
            for p in c.iter_mut() {
                shift(p);
            }
        }
    }
    Layout {
        boxes: boxes.to_vec(),
        links: links.to_vec(),
        width: round(max_x - min_x + 2.0 * margin),
        height: round(max_y - min_y + 2.0 * margin),
    }
}

/// Rounds to a tenth of a pixel, which keeps the SVG short.
fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// `layout-rs` renders as it lays out; we draw later, from the placements.
struct Nothing;

impl RenderBackend for Nothing {
    fn draw_rect(
        &mut self,
        _: Point,
        _: Point,
        _: &StyleAttr,
        _: Option<String>,
        _: Option<ClipHandle>,
    ) {
    }

    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_text(&mut self, _: Point, _: &str, _: &StyleAttr) {}

    fn draw_arrow(
        &mut self,
        _: &[(Point, Point)],
        _: bool,
        _: (bool, bool),
        _: &StyleAttr,
        _: Option<String>,
        _: &str,
    ) {
    }

    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}
