//! GEXF 1.3, Gephi's own format: node types, and for each claim its status,
//! claimant, predicate (as the edge label and the Gephi edge kind) and every
//! citation as attributes (see `columns.rs`), and dates as spells so that
//! Gephi's timeline can filter by them.
//!
//! # Dates
//!
//! An EDTF date becomes the closed span of days it covers, in `xsd:date`
//! form: `1940-05-24` → start = end = 1940-05-24; `1927-11` → 1927-11-01 to
//! 1927-11-30; `1928` → 1928-01-01 to 1928-12-31; `1928/1929` → 1928-01-01 to
//! 1929-12-31; `193X` → the decade; `1940-21` (spring) → March to May (the
//! northern meteorological seasons; winter runs from December into the next
//! February); an open end (`1933/..`) leaves the spell open on that side.
//! An uncertain (`?`), approximate (`~`) or both (`%`) date keeps its base
//! span, and the `date_qualifier` attribute says which. The raw EDTF is
//! always kept in the `date` attribute.
//!
//! Claims are spelled over their date. An event is spelled over its date; a
//! work exists from the start of its date on (the spell has no end); other
//! entities and undated things have no spell, which Gephi shows at all times.
//!
//! # Claims about claims
//!
//! GEXF's edges join nodes, and Gephi has no edge to an edge, so each claim
//! that a claim of the subgraph is about is also a node, `claim:<id>`, of
//! type `claim` (its `claim` attribute the id, its label what it says,
//! spelled over the claim's date), and the claim about it an edge from its
//! subject entity to that node, kind `disputes`, `corroborates`, …, with
//! its own citations and `about` and `stance` attributes. Gephi's
//! partition filter on `type` hides the claim nodes for the entities'
//! metrics. Every edge also says whether it is `contested` (boolean, for
//! colouring and filtering) and which claims dispute, support or relay it
//! (`disputed_by`, `supported_by`, `relayed_by`: ids joined by "; "), so
//! the entities' graph alone still shows a dispute.

use std::fmt::Write;

use edtf::level_1::{Certainty, Date, Edtf, Precision, Season};
use quick_xml::escape::escape;

use super::Subgraph;
use super::about;
use super::columns::{self, Column, Kind};
use crate::graph::ClaimIx;
use crate::model::EntityType;

/// The span of days an EDTF date covers, as `xsd:date` strings; either end
/// may be open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spell {
    pub start: Option<String>,
    pub end: Option<String>,
    /// "uncertain", "approximate" or "uncertain and approximate"; `None`
    /// for a date given as certain.
    pub qualifier: Option<&'static str>,
}

/// The span of an EDTF date; `None` when it cannot be written as `xsd:date`
/// (years of five digits or more) or is not EDTF at all.
pub fn spell(edtf: &str) -> Option<Spell> {
    let (start, end, certainties) = match Edtf::parse(edtf).ok()? {
        Edtf::Date(d) => (Some(first_day(d)?), Some(last_day(d)?), vec![d.certainty()]),
        Edtf::DateTime(t) => {
            let d = t.date();
            let day = writable(d.year()).then(|| iso(d.year(), d.month(), d.day()))?;
            (Some(day.clone()), Some(day), vec![Certainty::Certain])
        }
        Edtf::Interval(a, b) => (
            Some(first_day(a)?),
            Some(last_day(b)?),
            vec![a.certainty(), b.certainty()],
        ),
        Edtf::IntervalFrom(a, _) => (Some(first_day(a)?), None, vec![a.certainty()]),
        Edtf::IntervalTo(_, b) => (None, Some(last_day(b)?), vec![b.certainty()]),
        Edtf::YYear(_) => return None,
    };
    let uncertain = certainties
        .iter()
        .any(|c| matches!(c, Certainty::Uncertain | Certainty::ApproximateUncertain));
    let approximate = certainties
        .iter()
        .any(|c| matches!(c, Certainty::Approximate | Certainty::ApproximateUncertain));
    let qualifier = match (uncertain, approximate) {
        (false, false) => None,
        (true, false) => Some("uncertain"),
        (false, true) => Some("approximate"),
        (true, true) => Some("uncertain and approximate"),
    };
    Some(Spell {
        start,
        end,
        qualifier,
    })
}

/// The subgraph as a GEXF 1.3 document.
pub fn gexf(sub: &Subgraph) -> String {
    super::written(|out| write_gexf(sub, out))
}

/// Writes the subgraph as a GEXF 1.3 document, an element at a time.
pub fn write_gexf(sub: &Subgraph, sink: &mut impl std::io::Write) -> std::io::Result<()> {
    let citations = columns::max_citations(sub);
    let date_qualifier = Column {
        name: "date_qualifier".to_string(),
        kind: Kind::Text,
    };
    let mut node_columns = columns::entity_columns();
    node_columns.push(date_qualifier.clone());
    let mut edge_columns = columns::claim_columns(citations);
    edge_columns.push(date_qualifier);

    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n",
    );
    let _ = writeln!(
        out,
        "  <meta>\n    <creator>claimgraph</creator>\n    <description>claimgraph {}: entities and the claims among them</description>\n  </meta>",
        attr(sub.graph.version())
    );
    out.push_str(
        "  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\" timerepresentation=\"interval\">\n",
    );
    attributes(&mut out, "node", &node_columns);
    attributes(&mut out, "edge", &edge_columns);

    let targets = about::targets(sub);
    let _ = writeln!(
        out,
        "    <nodes count=\"{}\">",
        sub.entities.len() + targets.len()
    );
    for e in sub.entities() {
        super::flush(sink, &mut out)?;
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">",
            attr(e.id),
            attr(e.name)
        );
        let span = e.date.and_then(spell);
        let mut row = columns::entity_row(e);
        row.push(span.as_ref().and_then(|s| s.qualifier).map(String::from));
        attvalues(&mut out, &node_columns, &row);
        match (e.kind, span) {
            (EntityType::Event, Some(span)) => spells(&mut out, &span),
            (EntityType::Work, Some(span)) => spells(&mut out, &Spell { end: None, ..span }),
            _ => {}
        }
        out.push_str("      </node>\n");
    }
    for ix in targets {
        super::flush(sink, &mut out)?;
        claim_node(&mut out, sub, ix, &node_columns);
    }
    out.push_str("    </nodes>\n");

    let _ = writeln!(out, "    <edges count=\"{}\">", sub.claims.len());
    for (ix, c) in sub.indexed_claims() {
        let c = &c;
        super::flush(sink, &mut out)?;
        let _ = writeln!(
            out,
            "      <edge id=\"{}\" source=\"{}\" target=\"{}\" label=\"{}\" kind=\"{}\">",
            attr(c.id.as_str()),
            attr(c.subject.as_str()),
            attr(about::edge_target(sub.graph, ix, c).as_str()),
            attr(sub.predicate_label(c).as_str()),
            attr(c.predicate.as_str()),
        );
        let span = c.date.as_deref().and_then(spell);
        let mut row = columns::claim_row(sub, ix, c, citations);
        row.push(span.as_ref().and_then(|s| s.qualifier).map(String::from));
        attvalues(&mut out, &edge_columns, &row);
        if let Some(span) = span {
            spells(&mut out, &span);
        }
        out.push_str("      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    super::flush(sink, &mut out)
}

/// The node that stands for claim `ix`, spelled over the claim's date.
fn claim_node(out: &mut String, sub: &Subgraph, ix: ClaimIx, node_columns: &[Column]) {
    let id = about::node_id(&sub.graph.claim_id(ix));
    let label = columns::claim_node_label(sub, ix);
    let _ = writeln!(
        out,
        "      <node id=\"{}\" label=\"{}\">",
        attr(&id),
        attr(&label)
    );
    let mut row = columns::claim_node_row(sub, ix);
    // The date column is the fourth, as in `columns::entity_columns`.
    let span = row[3].as_deref().and_then(spell);
    row.push(span.as_ref().and_then(|s| s.qualifier).map(String::from));
    attvalues(out, node_columns, &row);
    if let Some(span) = span {
        spells(out, &span);
    }
    out.push_str("      </node>\n");
}

fn attributes(out: &mut String, class: &str, columns: &[Column]) {
    let _ = writeln!(out, "    <attributes class=\"{class}\">");
    for c in columns {
        let kind = match c.kind {
            Kind::Text => "string",
            Kind::Integer => "integer",
            Kind::Boolean => "boolean",
        };
        let _ = writeln!(
            out,
            "      <attribute id=\"{name}\" title=\"{name}\" type=\"{kind}\"/>",
            name = c.name
        );
    }
    out.push_str("    </attributes>\n");
}

fn attvalues(out: &mut String, columns: &[Column], row: &[Option<String>]) {
    out.push_str("        <attvalues>\n");
    for (column, value) in columns.iter().zip(row) {
        if let Some(value) = value {
            let _ = writeln!(
                out,
                "          <attvalue for=\"{}\" value=\"{}\"/>",
                column.name,
                attr(value.as_str())
            );
        }
    }
    out.push_str("        </attvalues>\n");
}

fn spells(out: &mut String, span: &Spell) {
    let mut spell = String::from("<spell");
    if let Some(start) = &span.start {
        let _ = write!(spell, " start=\"{start}\"");
    }
    if let Some(end) = &span.end {
        let _ = write!(spell, " end=\"{end}\"");
    }
    let _ = writeln!(out, "        <spells>{spell}/></spells>");
}

/// The first day a date covers.
fn first_day(d: Date) -> Option<String> {
    let (y, m, day) = match d.precision() {
        Precision::Century(y) | Precision::Decade(y) | Precision::Year(y) => (y, 1, 1),
        Precision::MonthOfYear(y) | Precision::DayOfYear(y) => (y, 1, 1),
        Precision::Season(y, s) => (y, season_months(s).0, 1),
        Precision::Month(y, m) | Precision::DayOfMonth(y, m) => (y, m, 1),
        Precision::Day(y, m, day) => (y, m, day),
    };
    writable(y).then(|| iso(y, m, day))
}

/// The last day a date covers.
fn last_day(d: Date) -> Option<String> {
    let (y, m) = match d.precision() {
        Precision::Century(y) => (y + 99, 12),
        Precision::Decade(y) => (y + 9, 12),
        Precision::Year(y) | Precision::MonthOfYear(y) | Precision::DayOfYear(y) => (y, 12),
        Precision::Season(y, s) => {
            let (first, last) = season_months(s);
            (if last < first { y + 1 } else { y }, last)
        }
        Precision::Month(y, m) | Precision::DayOfMonth(y, m) => (y, m),
        Precision::Day(y, m, day) => return writable(y).then(|| iso(y, m, day)),
    };
    writable(y).then(|| iso(y, m, days_in_month(y, m)))
}

/// The first and last month of a season (northern, meteorological).
fn season_months(s: Season) -> (u32, u32) {
    match s {
        Season::Spring => (3, 5),
        Season::Summer => (6, 8),
        Season::Autumn => (9, 11),
        Season::Winter => (12, 2),
    }
}

/// Whether `xsd:date` as Gephi reads it can hold the year.
fn writable(year: i32) -> bool {
    (1..=9999).contains(&year)
}

fn iso(y: i32, m: u32, d: u32) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Escapes an attribute value. Besides markup, whitespace other than spaces
/// is written as character references: a parser turns a literal newline in an
/// attribute into a space, which would change a quote's prefix or suffix.
fn attr(value: &str) -> String {
    escape(value)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}
