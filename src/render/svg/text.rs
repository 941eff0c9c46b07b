//! Text for the markup: counted nouns, wrapping, an estimate of widths (no
//! font is at hand on the server), shortening, escaping and the printing of
//! coordinates, which keeps the same query's bytes the same.

use quick_xml::escape::escape;

/// "1 claim", "2 claims".
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Wraps text into lines no wider than `width` at `font_size`.
pub(super) fn wrap(text: &str, width: f64, font_size: f64) -> Vec<String> {
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

pub(super) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

pub(super) fn esc(text: &str) -> String {
    escape(text).into_owned()
}

/// A coordinate with at most one decimal, without a trailing ".0".
pub(super) fn num(v: f64) -> String {
    let v = (v * 10.0).round() / 10.0;
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}
